"""A complete install driven through the wizard against a real namespace target, as a newcomer would:
licence, bundle, a password login with sudo, the host key confirmed, checks, an evaluation certificate,
the firewall, the plan, Install. The event loop is watched the whole time; the answers are exported
and validated by the command line, and they hold no secret value."""
from __future__ import annotations

import os
import time

from PySide6.QtCore import QTimer

from installer.demo import netns
from installer.install import VERIFY_TITLE
from installer.gui.pages.finish import FinishPage
from installer.gui.pages.install import InstallPage
from installer.gui.pages.results import ResultsPage
from installer.gui.pages.review import ReviewPage
from tests.gui.driver import Driver
from tests.targets import requires_root, run_json

pytestmark = [requires_root]
DOMAIN = "jobs.demo.jobfirst.test"  # the demo licence's binding


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the longest freeze."""

    def __init__(self, where, interval_ms: int = 5):
        self.timer, self.last, self.longest, self.slow, self.where = QTimer(), None, 0.0, 0, where
        self.worst_at = ""
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            if now - self.last > self.longest:
                self.longest, self.worst_at = now - self.last, self.where()
            self.slow += now - self.last > 0.05
        self.last = now

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000


def walk_to_review(d: Driver, target, licence: str, bundle) -> str:
    """Fills every page up to the review page; returns the host-key dialog's text."""
    d.next()
    d.licence(licence)
    d.next()
    d.bundle(bundle)
    d.next()
    d.server(target.address, user=netns.SUDO_USER, password=netns.TEST_PASSWORD, sudo=netns.TEST_PASSWORD,
             install_dir=target.install_dir, docker_host=target.docker_host)
    dialog = d.connect_server(trust=True)
    d.next(timeout=60)
    d.next(timeout=180)  # the server checks must pass
    d.tls_eval(DOMAIN)
    d.next()
    d.firewall(confirm=True)
    d.next()
    return dialog


def test_complete_install_through_the_wizard(make_wizard, target, test_users, demo_bundle_1_0_0, demo_licence,
                                             tmp_path, capsys):
    wizard = make_wizard()
    d, heartbeat = Driver(wizard), Heartbeat(lambda: type(wizard.currentPage()).__name__)
    heartbeat.start()
    dialog = walk_to_review(d, target, demo_licence, demo_bundle_1_0_0)
    assert target.host_key_fingerprint() in dialog
    assert isinstance(wizard.currentPage(), ReviewPage)
    assert not os.path.exists(os.path.join(target.install_dir, "config"))  # nothing before the commit point
    d.next(timeout=600)  # Install: the commit
    page = wizard.page_of(InstallPage)
    d.wait(lambda: page.state != "running", 1200, "the install to end")
    longest = heartbeat.stop()
    assert page.state == "done", page.result.label.text()
    assert os.path.isdir(os.path.join(target.install_dir, "config"))
    d.next()
    results = wizard.currentPage()
    assert isinstance(results, ResultsPage)
    groups = [results.tree.topLevelItem(i) for i in range(results.tree.topLevelItemCount())]
    verify = next(g for g in groups if any("HTTPS" in g.child(j).text(0) for j in range(g.childCount())))
    assert verify.childCount() == 6  # services, HTTPS, redirect, exposure, data, load: as measured
    assert verify.text(0) == VERIFY_TITLE.render()  # a title in words, not the engine's "verify"
    reports = [results.files_layout.itemAt(i).widget().title() for i in range(results.files_layout.count())]
    assert any("Acceptance report" in title for title in reports)
    d.next()
    exported = tmp_path / "answers.yaml"
    wizard.page_of(FinishPage).save(str(exported))
    with capsys.disabled():
        print(f"\nlongest event-loop pause during the whole wizard and install: {longest:.1f} ms "
              f"(on {heartbeat.worst_at}); pauses over 50 ms: {heartbeat.slow}")
    # The target shares this 2-core machine: its dockerd and containers compete with the window for the CPU.
    # The aim is < 50 ms (measured 29-31 ms here); the margin is for a CI machine busier than that.
    assert longest < 100, f"the window froze for {longest:.0f} ms"
    check_export(exported, wizard)


def check_export(path, wizard) -> None:
    text = path.read_text()
    assert netns.TEST_PASSWORD not in text
    assert "JF_TARGET_1_PASSWORD" in text and "JF_TARGET_1_SUDO_PASSWORD" in text
    rc, body, _ = run_json("validate", path)
    assert rc == 0 and body["ok"] is True, body
    assert "export JF_TARGET_1_PASSWORD" in wizard.page_of(FinishPage).saved.label.text()
