#!/usr/bin/env python3
"""Every page of the wizard, in English and Chinese, as PNG files in docs/screenshots/.

    sudo .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Root and Linux: it installs the demo stack for real on a local namespace target (the demo bundle is
built once and cached), driving the wizard as a person would and photographing each page on the way
(with the state it really has then: checks run, plan read, install in progress and finished)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["JOBFIRST_DEV_TRUST"] = str(REPO / "tests" / "keys" / "TEST-ONLY_vendor_public_key.pem")

LANGS = ("en", "zh")


class Camera:
    def __init__(self, wizard, out: Path):
        self.wizard, self.out, self.count = wizard, out, 0

    def page(self, name: str) -> None:
        """One picture per language of the window as it is now; the language is switched back after."""
        from tests.gui.driver import pump
        self.count += 1
        for lang in LANGS:
            self.wizard.switch_language(lang)
            pump(120)
            self.wizard.grab().save(str(self.out / f"{self.count:02d}-{name}-{lang}.png"))
        self.wizard.switch_language("en")

    def dialog(self, box, name: str, lang: str) -> None:
        box.grab().save(str(self.out / f"{self.count + 1:02d}a-{name}-{lang}.png"))


def demo_bundle() -> Path:
    key = REPO / "tests" / "keys" / "TEST-ONLY_vendor_signing_key.pem"
    out = subprocess.run([sys.executable, str(REPO / "bundles" / "demo" / "build.py"), "--key", str(key),
                          "--versions", "1.0.0"], check=True, capture_output=True, text=True).stdout
    return Path(json.loads(out)["bundles"]["1.0.0"])


def host_key_pictures(d, cam, page) -> None:
    """The first-login question, shown in each language: refused in Chinese, accepted in English."""
    from PySide6.QtWidgets import QMessageBox
    for lang, role in (("zh", QMessageBox.NoRole), ("en", QMessageBox.YesRole)):
        d.w.switch_language(lang)
        d.wait(page.connect_button.isEnabled, 30, "Connect enabled")
        page.connect_button.click()
        d.wait(lambda: d.dialog("hostKeyDialog") is not None, 30, "the host key question")
        box = d.dialog("hostKeyDialog")
        cam.dialog(box, "host-key", lang)
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        d.wait(lambda: page.status.text() == "", 30, "the login to end")


def walk(d, cam, target, key: Path, bundle: Path) -> None:
    from installer.gui.pages.install import InstallPage
    from installer.gui.pages.servers import ServersPage
    licence = str(REPO / "assets" / "demo" / "licence.lic")
    cam.page("welcome")
    d.next()
    d.licence(licence)
    cam.page("licence")
    d.next()
    d.bundle(bundle)
    cam.page("bundle")
    d.next()
    d.server(target.address, key=str(key), install_dir=target.install_dir, docker_host=target.docker_host)
    host_key_pictures(d, cam, d.page(ServersPage))
    d.wait(d.can_go_on, 60, "the login")
    cam.page("servers")
    d.next()
    d.wait(d.can_go_on, 180, "the checks")
    cam.page("checks")
    d.next()
    d.tls_eval("jobs.demo.jobfirst.test")
    cam.page("certificate")
    d.next()
    d.firewall(confirm=True)
    cam.page("firewall")
    d.next()
    d.wait(d.can_go_on, 300, "the plan")
    cam.page("review")
    d.next()
    install = d.page(InstallPage)
    d.wait(lambda: any(bar.isVisible() and bar.value() > 250 for *_, bar in install.rows.rows.values())
           or install.state != "running", 600, "progress under way")
    cam.page("install-running")
    d.wait(lambda: install.state != "running", 1200, "the install to end")
    cam.page("install-done")
    finish(d, cam)


def finish(d, cam) -> None:
    d.next()
    cam.page("results")
    d.next()
    page = d.w.currentPage()
    page.save(str(Path(tempfile.mkdtemp()) / "jobfirst-answers.yaml"))
    cam.page("finish")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="jf-screens-"))
    os.environ.update(XDG_CONFIG_HOME=str(work / "config"), JOBFIRST_LOG_DIR=str(work / "logs"))
    from installer import logs
    from installer.demo import netns
    from installer.gui.app import make_wizard
    from tests.gui.driver import Driver
    key = work / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    bundle = demo_bundle()
    target = netns.NamespaceTarget.allocate().start(key.with_suffix(".pub").read_text())
    try:
        logs.setup("screenshots")
        _, wizard = make_wizard()
        wizard.show()
        walk(Driver(wizard), Camera(wizard, out), target, key, bundle)
        wizard.shared.tasks.stop_all()
    finally:
        target.stop()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
