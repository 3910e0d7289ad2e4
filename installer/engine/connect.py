"""Opening a session and journal on every target at once, and closing them again."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..remote.hostkeys import KnownHosts
from ..remote.ssh import Session
from .context import TargetHandle
from .journal import Journal


def session_for(target, answers, asker) -> Session:
    known = KnownHosts(answers.ssh.known_hosts) if answers.ssh.known_hosts else KnownHosts()
    return Session(target, asker, known, connect_timeout=answers.ssh.connect_timeout,
                   command_timeout=answers.ssh.command_timeout)


def connect_all(answers, asker) -> list[TargetHandle]:
    """All targets or none: when one cannot be reached, the others are closed and its error raised."""
    sessions = [session_for(t, answers, asker) for t in answers.targets]

    def connect(session):
        try:
            session.connect()
            return None
        except Exception as err:  # noqa: BLE001 - raised below, after every attempt finished
            return err
    with ThreadPoolExecutor(max_workers=min(16, len(sessions))) as pool:
        errors = [e for e in pool.map(connect, sessions) if e is not None]
    if errors:
        for s in sessions:
            s.close()
        raise errors[0]
    return [TargetHandle(t, s, Journal(s, t.install_dir)) for t, s in zip(answers.targets, sessions)]


def close_all(handles) -> None:
    for h in handles:
        h.session.close()
