"""Fixtures: real target hosts in network namespaces (own address, sshd, dockerd, firewall tables),
torn down even when a test fails. See tests/README.md."""
from __future__ import annotations

import subprocess

import pytest

from installer import i18n
from installer.demo import netns

pytest_plugins = ["tests.fixtures_bundle"]  # demo bundles, built once per machine



@pytest.fixture(autouse=True)
def _isolated_state(tmp_path, monkeypatch):
    """The installer's known-hosts and logs go to the test's own folder, never the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("JOBFIRST_LOG_DIR", str(tmp_path / "logs"))
    i18n.set_language("en")  # a test that switches to Chinese must not change the next test's messages
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def ssh_key(tmp_path_factory):
    """An SSH key pair the targets accept for root and the test users."""
    directory = tmp_path_factory.mktemp("sshkey")
    key = directory / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


@pytest.fixture(scope="session")
def test_users():
    netns.ensure_test_users()
    return {"sudo": netns.SUDO_USER, "plain": netns.PLAIN_USER, "password": netns.TEST_PASSWORD}


@pytest.fixture
def make_target(ssh_key):
    """Factory: make_target(docker=True) -> a started NamespaceTarget; all are stopped at the end."""
    started = []

    def make(docker: bool = True):
        target = netns.NamespaceTarget.allocate()
        started.append(target)
        return target.start((ssh_key.with_suffix(".pub")).read_text(), docker=docker)

    yield make
    for target in started:
        target.stop()


@pytest.fixture
def target(make_target):
    return make_target()
