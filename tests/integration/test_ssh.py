"""SSH sessions against real namespace targets: logins, sudo, host keys, faults."""
from __future__ import annotations

import pytest

from installer.answers.fields import Record
from installer.answers.secrets import SecretRef
from installer.engine.questions import HeadlessAsker
from installer.errors import CommandTimeout, ConnectError, HostKeyError, LoginRefused, SudoError
from installer.remote.hostkeys import KnownHosts
from installer.remote.ssh import Session
from tests.targets import requires_root

pytestmark = [requires_root]


def _target(t, **kw):
    base = dict(host=t.address, port=22, user="root", key=None, key_passphrase=None, password=None,
                sudo_password=None, host_key=t.host_key_fingerprint())
    base.update(kw)
    return Record(base)


def _session(record, tmp_path, trust=False):
    return Session(record, HeadlessAsker(trust_new_host_keys=trust), KnownHosts(tmp_path / "known_hosts"),
                   connect_timeout=5)


def test_key_login_runs_commands_in_the_target(target, ssh_key, tmp_path):
    with _session(_target(target, key=str(ssh_key)), tmp_path) as s:
        assert s.run("id -un").out.strip() == "root"
        assert target.address in s.run("ip -4 -o addr show").out  # really inside the target's namespace


def test_password_login_and_sudo_with_password(target, tmp_path, test_users, monkeypatch):
    monkeypatch.setenv("JF_PW", test_users["password"])
    pw = SecretRef("env", "JF_PW", "password")
    with _session(_target(target, user=test_users["sudo"], password=pw, sudo_password=pw), tmp_path) as s:
        assert s.run("id -un").out.strip() == test_users["sudo"]
        assert s.sudo_mode == "password"
        # stdin after the password line reaches the command intact
        assert s.run("id -un; cat", sudo=True, input="payload\n").out.split() == ["root", "payload"]


def test_wrong_login_password_is_refused_clearly(target, tmp_path, test_users, monkeypatch):
    monkeypatch.setenv("JF_PW", "not-the-password")
    record = _target(target, user=test_users["sudo"], password=SecretRef("env", "JF_PW", "password"))
    with pytest.raises(LoginRefused) as err:
        _session(record, tmp_path).connect()
    assert test_users["sudo"] in err.value.render() and "password" in err.value.render()


def test_wrong_sudo_password_is_named(target, tmp_path, test_users, monkeypatch):
    monkeypatch.setenv("JF_PW", test_users["password"])
    monkeypatch.setenv("JF_SUDO", "wrong")
    record = _target(target, user=test_users["sudo"], password=SecretRef("env", "JF_PW", "password"),
                     sudo_password=SecretRef("env", "JF_SUDO", "sudo_password"))
    with _session(record, tmp_path) as s:
        with pytest.raises(SudoError) as err:
            s.run("true", sudo=True)
    assert err.value.code == "ssh.sudo_password" and "sudo_password" in err.value.render()


def test_user_without_sudo_rights_is_refused(target, tmp_path, test_users, monkeypatch):
    monkeypatch.setenv("JF_PW", test_users["password"])
    pw = SecretRef("env", "JF_PW", "password")
    with _session(_target(target, user=test_users["plain"], password=pw, sudo_password=pw), tmp_path) as s:
        with pytest.raises(SudoError) as err:
            s.run("true", sudo=True)
    assert err.value.code == "ssh.sudo_refused"


def test_unknown_host_key_refused_naming_its_fingerprint(target, ssh_key, tmp_path):
    with pytest.raises(HostKeyError) as err:
        _session(_target(target, key=str(ssh_key), host_key=None), tmp_path).connect()
    assert target.host_key_fingerprint() in err.value.render()
    assert not (tmp_path / "known_hosts").exists()


def test_changed_host_key_refused(target, ssh_key, tmp_path):
    wrong = "SHA256:" + "A" * 43
    with pytest.raises(HostKeyError) as err:
        _session(_target(target, key=str(ssh_key), host_key=wrong), tmp_path).connect()
    assert err.value.code == "ssh.host_key_changed"
    assert target.host_key_fingerprint() in err.value.render() and wrong in err.value.render()


def test_trust_on_first_use_records_then_pins(target, ssh_key, tmp_path):
    record = _target(target, key=str(ssh_key), host_key=None)
    with _session(record, tmp_path, trust=True) as s:
        s.run("true")
    assert target.address in (tmp_path / "known_hosts").read_text()
    with _session(record, tmp_path, trust=False) as s:  # now known: accepted without the flag
        s.run("true")


def test_key_recorded_for_another_server_is_refused(target, ssh_key, tmp_path, make_target):
    record = _target(target, key=str(ssh_key), host_key=None)
    with _session(record, tmp_path, trust=True):
        pass
    # the address now answers with another machine's key: a different target's host key file
    other = make_target(docker=False)
    target.stop()
    with pytest.raises(HostKeyError):
        _session(_target(other, key=str(ssh_key), host_key=None, host=other.address), tmp_path).connect()
    kh = KnownHosts(tmp_path / "known_hosts")
    kh.path.write_text(kh.path.read_text().replace(target.address, other.address))
    with pytest.raises(HostKeyError) as err:
        _session(_target(other, key=str(ssh_key), host_key=None), tmp_path, trust=True).connect()
    assert err.value.code == "ssh.host_key_changed"


def test_unreachable_and_refused(make_target, ssh_key, tmp_path):
    bare = make_target(docker=False)
    bare.exec("kill", bare.dir.joinpath("sshd.pid").read_text().strip())
    import time
    time.sleep(0.5)
    with pytest.raises(ConnectError) as err:
        _session(_target(bare, key=str(ssh_key)), tmp_path).connect()
    assert "refused" in err.value.render()
    gone = _target(bare, key=str(ssh_key), host=bare.address.rsplit(".", 1)[0] + ".77")
    with pytest.raises(ConnectError) as err:
        Session(gone, HeadlessAsker(), KnownHosts(tmp_path / "kh"), connect_timeout=2).connect()
    assert "reach" in err.value.render()


def test_command_timeout(target, ssh_key, tmp_path):
    with _session(_target(target, key=str(ssh_key)), tmp_path) as s:
        with pytest.raises(CommandTimeout):
            s.run("sleep 30", timeout=1)
        assert s.run("echo still-usable").out.strip() == "still-usable"
