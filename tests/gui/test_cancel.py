"""Cancel stops the install cleanly and Resume continues where it stopped; closing the window while
it runs asks first. The wizard starts from an answer file (the `gui --answers` route), and the install
runs a step that writes to the target in small resumable pieces, so there is time to cancel."""
from __future__ import annotations

import json
import os
import time

from PySide6.QtWidgets import QMessageBox

from installer import install
from installer.deploy.layout import InstallDirStep
from installer.engine.events import Change
from installer.engine.step import Step
from installer.gui.pages.install import InstallPage
from installer.i18n import T
from tests.gui.driver import Driver
from tests.targets import requires_root, target_entry, write_answers

pytestmark = [requires_root]
PIECES, PIECE = 30, 64 * 1024


class Pieces(Step):
    """Appends PIECES pieces to a file on the target, one unit of work each; a rerun sends only the rest."""
    id, title = "pieces", T("Write the test pieces", "写入测试数据")

    def _have(self, h) -> int:
        out = h.session.run(f"stat -c %s {self.path(h)} 2>/dev/null || echo 0", sudo=True).out
        return int(out.strip()) // PIECE

    @staticmethod
    def path(h) -> str:
        return f"{h.target.install_dir}/data/pieces"

    def plan(self, ctx):
        h = ctx.targets[0]
        left = PIECES - self._have(h)
        return ([Change(h.host, T("write {n} pieces", "写入 {n} 块", n=left))] if left > 0 else []), T("written", "已写入")

    def apply(self, ctx, undo):
        h = ctx.targets[0]
        for i in range(self._have(h), PIECES):
            ctx.check_cancelled()
            h.session.run(f"head -c {PIECE} /dev/zero >> {self.path(h)}", sudo=True)
            time.sleep(0.1)
            ctx.progress((i + 1) * PIECE, PIECES * PIECE, target=h.host)


def start_install(make_wizard, target, ssh_key, bundle, licence, tmp_path, monkeypatch):
    monkeypatch.setattr(install, "steps_for", lambda answers: [InstallDirStep(), Pieces()])
    # these steps deploy nothing, so there is nothing to verify from outside afterwards
    monkeypatch.setattr(install, "_verify_and_report", lambda *args: None)
    entry = target_entry(target, str(ssh_key))
    answers = write_answers(tmp_path / "answers.yaml", [entry], licence=licence, bundle=str(bundle),
                            tls={"domain": "jobs.demo.jobfirst.test", "generate_eval": True},
                            firewall={"management": [f"{target.gateway}/32"]})
    wizard = make_wizard(str(answers))
    d = Driver(wizard)
    while type(wizard.currentPage()).__name__ != "ReviewPage":  # every page pre-filled, checked as if typed in
        if type(wizard.currentPage()).__name__ == "FirewallPage":
            d.firewall(confirm=True)
        d.next(timeout=180)
    d.next(timeout=300)  # Install
    page = wizard.page_of(InstallPage)
    d.wait(lambda: written(target) >= 3, 120, "a few pieces written")
    return wizard, d, page


def written(target) -> int:
    path = os.path.join(target.install_dir, "data", "pieces")
    return os.path.getsize(path) // PIECE if os.path.exists(path) else 0


def journal(target) -> list:
    with open(os.path.join(target.install_dir, ".jobfirst", "journal.jsonl")) as fh:
        return [json.loads(line) for line in fh]


def test_cancel_then_resume_continues_where_it_stopped(make_wizard, target, ssh_key, demo_bundle_1_0_0,
                                                       demo_licence, tmp_path, monkeypatch):
    wizard, d, page = start_install(make_wizard, target, ssh_key, demo_bundle_1_0_0, demo_licence, tmp_path,
                                    monkeypatch)
    page.cancel_button.click()
    d.wait(lambda: page.state == "cancelled", 60, "the cancel")
    stopped_at = written(target)
    assert 3 <= stopped_at < PIECES
    assert journal(target)[-1]["status"] == "cancelled"
    assert "continues where it stopped" in page.result.label.text() and page.resume_button.isVisible()
    assert not d.can_go_on()
    page.resume_button.click()
    d.wait(lambda: page.state != "running", 120, "the resumed install")
    assert page.state == "done" and written(target) == PIECES
    assert "stopped during step 'pieces'" in page.log.toPlainText()
    assert d.can_go_on()


def test_closing_mid_install_asks_and_stops_cleanly(make_wizard, target, ssh_key, demo_bundle_1_0_0, demo_licence,
                                                    tmp_path, monkeypatch):
    wizard, d, page = start_install(make_wizard, target, ssh_key, demo_bundle_1_0_0, demo_licence, tmp_path,
                                    monkeypatch)
    wizard.close()
    text = d.answer("stopDialog", QMessageBox.RejectRole)  # Keep installing
    assert "continues where it stopped" in text
    assert wizard.isVisible() and page.state == "running"
    wizard.close()
    d.answer("stopDialog", QMessageBox.DestructiveRole)  # Stop and quit
    d.wait(lambda: not wizard.isVisible(), 60, "the window to close after the cancel")
    assert page.state == "cancelled" and journal(target)[-1]["status"] == "cancelled"
    assert written(target) < PIECES
