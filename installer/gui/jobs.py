"""What the pages ask the engine to do, as plain functions that run on worker threads (no Qt here):
log in once to a server, run the install (or only its plan) exactly as `install` does headless."""
from __future__ import annotations

from dataclasses import dataclass

from .. import install
from ..engine.connect import session_for


@dataclass
class Login:
    host: str
    user: str
    sudo_mode: str          # root | nopasswd | password | none
    sudo_error: object      # an InstallerError when sudo will not work
    local_address: str      # this workstation's address as the server sees it (for the firewall)


def try_login(answers, asker) -> Login:
    """One login to the only target of `answers`; an unknown host key is put to the user by the asker."""
    target = answers.targets[0]
    with session_for(target, answers, asker) as session:
        local = session.client.get_transport().sock.getsockname()[0]
        return Login(target.host, target.user, session.sudo_mode, session.sudo_error, local)


def run_install(answers, emit, asker, cancel_event, dry_run: bool = False) -> list:
    """The headless install's own call: plan, confirm (asker), apply, verify, report."""
    return install.run(answers, emit, asker, cancel_event, dry_run).plans
