"""The first login to a server shows its host key fingerprint for the admin to compare; refusing it
connects nothing, accepting it pins the key in the answers (so a replay needs no question)."""
from __future__ import annotations

from installer.gui.pages.servers import ServersPage
from tests.gui.driver import Driver
from tests.gui.test_pages import go_to
from tests.targets import requires_root

pytestmark = [requires_root]


def test_host_key_is_shown_refused_then_confirmed(wizard, target, ssh_key):
    d = Driver(wizard)
    page = go_to(wizard, ServersPage)
    d.server(target.address, key=str(ssh_key), install_dir=target.install_dir, docker_host=target.docker_host)
    text = d.connect_server(trust=False)
    assert target.host_key_fingerprint() in text and "ssh-keygen -lf" in text
    d.wait(lambda: "was not accepted" in page.result.label.text(), 30, "the refusal shown")
    assert "host_key" not in wizard.shared.model.targets[0] and not page.isComplete()
    d.connect_server(trust=True)
    d.wait(page.isComplete, 30, "the login accepted")
    assert wizard.shared.model.targets[0]["host_key"] == target.host_key_fingerprint()
    assert f"Connected to {target.address} as root" in page.result.label.text()
    assert target.host_key_fingerprint() in page.form.host_key.text()
    assert wizard.shared.local_addresses[target.address] == target.gateway


def test_a_pinned_key_is_not_asked_again(wizard, target, ssh_key):
    d = Driver(wizard)
    page = go_to(wizard, ServersPage)
    d.server(target.address, key=str(ssh_key), install_dir=target.install_dir, docker_host=target.docker_host)
    d.connect_server(trust=True)
    d.wait(page.isComplete, 30, "the login accepted")
    d.type_into(page.form.user, "root")  # any edit: the login must be proved again, without a question
    d.wait(lambda: page.connect_button.isEnabled(), 10, "Connect enabled")
    page.connect_button.click()
    d.wait(page.isComplete, 30, "the second login")
    assert d.dialog("hostKeyDialog") is None
