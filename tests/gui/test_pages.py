"""Each page keeps Next disabled until it is right, and says what is wrong where it is wrong."""
from __future__ import annotations

import os

from installer.gui.pages.bundle import BundlePage
from installer.gui.pages.firewall import FirewallPage
from installer.gui.pages.licence import LicencePage
from installer.gui.pages.servers import ServersPage
from installer.gui.pages.tls import TlsPage
from installer.tls import generate_eval
from tests.gui.driver import Driver


def go_to(wizard, cls):
    """Straight to a page, past the earlier ones (programmatic next() does not ask isComplete); the page
    initialises as when a person reaches it."""
    while not isinstance(wizard.currentPage(), cls):
        wizard.next()
    return wizard.currentPage()


def test_licence_page_refuses_garbage_and_explains_a_valid_licence(wizard, demo_licence, tmp_path):
    d = Driver(wizard)
    d.next()
    page = wizard.currentPage()
    assert isinstance(page, LicencePage) and not d.can_go_on()
    broken = tmp_path / "broken.lic"
    broken.write_text(open(demo_licence).read().replace("A", "B", 3))
    page.picker.edit.setText(str(broken))
    d.wait(lambda: page.result.isVisible(), 5, "the verdict")
    assert not d.can_go_on()
    assert "cannot be used" in page.result.label.text() and "Fix:" in page.result.label.text()
    d.licence(demo_licence)
    assert d.can_go_on()
    shown = page.details.findChildren(type(page.result.label))
    assert any("演示客户 Demo" in label.text() for label in shown)
    assert wizard.shared.model.data["client"] == {"id": "demo", "name": "演示客户 Demo"}
    assert wizard.shared.model.data["tls"]["domain"] == "jobs.demo.jobfirst.test"


def test_pasted_licence_is_kept_in_a_file_the_answers_refer_to(wizard, demo_licence):
    d = Driver(wizard)
    d.next()
    page = wizard.currentPage()
    page.paste.setPlainText("Hello,\nhere is your licence:\n\n" + open(demo_licence).read() + "\nRegards")
    d.wait(page.isComplete, 5, "the pasted licence accepted")
    saved = wizard.shared.model.data["licence"]
    assert os.path.isfile(saved) and saved != demo_licence


def test_bundle_page_names_what_is_wrong(wizard, tmp_path):
    d = Driver(wizard)
    page = go_to(wizard, BundlePage)
    page.picker.edit.setText(str(tmp_path / "missing.bundle"))
    d.wait(lambda: page.result.isVisible(), 10, "the verdict")
    assert "no such folder" in page.result.label.text()
    assert not page.isComplete()


def test_servers_page_shows_field_problems_and_needs_a_login(wizard):
    d = Driver(wizard)
    page = go_to(wizard, ServersPage)
    d.type_into(page.form.host, "not a host!")
    d.wait(lambda: "not an IP address or host name" in page.result.label.text(), 5, "the field's problem")
    assert "Address" in page.result.label.text()
    assert not page.connect_button.isEnabled() and not page.isComplete()
    d.type_into(page.form.host, "198.18.250.2")
    page.form.key.edit.setText("/nonexistent/id_ed25519")
    d.wait(lambda: "does not exist" in page.result.label.text(), 5, "the key file's problem")
    assert not page.isComplete()  # valid fields are not enough: the login must have worked


def test_password_is_kept_out_of_the_answers(wizard):
    d = Driver(wizard)
    page = go_to(wizard, ServersPage)
    d.server("198.18.250.2", user="jfadmin", password="s3cret-Passw0rd", sudo="sudo-Passw0rd")
    entry = wizard.shared.model.targets[0]
    assert entry["password"] == {"env": "JF_TARGET_1_PASSWORD"}
    assert entry["sudo_password"] == {"env": "JF_TARGET_1_SUDO_PASSWORD"}
    assert os.environ["JF_TARGET_1_PASSWORD"] == "s3cret-Passw0rd"
    d.wait(page.connect_button.isEnabled, 5, "Connect enabled")


def test_tls_page_lists_every_problem_and_accepts_a_fitting_certificate(wizard, tmp_path):
    d = Driver(wizard)
    page = go_to(wizard, TlsPage)
    made = generate_eval("jobs.example.test", tmp_path)
    d.type_into(page.domain, "other.example.test")
    page.pickers["cert"].edit.setText(str(made.cert))
    page.pickers["key"].edit.setText(str(made.key))
    page.pickers["ca"].edit.setText(str(made.ca))
    d.wait(lambda: "Not fit to install" in page.result.label.text(), 20, "the refusal")
    assert "other.example.test" in page.result.label.text() and not page.isComplete()
    d.type_into(page.domain, "jobs.example.test")
    d.wait(page.isComplete, 20, "the certificate accepted")
    assert "Fit to install" in page.result.label.text()


def test_tls_evaluation_needs_only_the_domain(wizard):
    d = Driver(wizard)
    page = go_to(wizard, TlsPage)
    d.tls_eval("")
    assert not page.isComplete()
    d.type_into(page.domain, "jobs.example.test")
    assert page.isComplete()
    assert wizard.shared.model.data["tls"] == {"domain": "jobs.example.test", "generate_eval": True}


def test_firewall_page_refuses_to_lock_the_installer_out(wizard):
    d = Driver(wizard)
    wizard.shared.local_addresses["198.18.250.2"] = "198.18.250.1"
    page = go_to(wizard, FirewallPage)
    assert page.networks.item(0).text() == "198.18.250.1/32"  # suggested: where this workstation connects from
    assert not page.isComplete()  # not confirmed yet
    d.firewall(confirm=True)
    assert page.isComplete()
    assert "Accept TCP 80, 443 from anywhere" in page.rules.text()
    page.networks.setCurrentRow(0)
    page.remove_network()
    page.entry.setText("198.19.0.0/16")
    page.add_network()
    assert not page.isComplete() and "lock the installer out" in page.result.label.text()
    page.entry.setText("not-a-network")
    page.add_network()
    assert "is not a network" in page.result.label.text()
