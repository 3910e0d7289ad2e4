"""Applying a target's plan: switch the rules under the on-target revert timer, then prove over a NEW
SSH connection that the admin can still get in; only that confirmation cancels the timer and keeps
the rules for the next boot. `revert` removes what we added and restores what we changed."""
from __future__ import annotations

import shlex
import time
import uuid
from dataclasses import dataclass

from ..engine.connect import session_for
from ..errors import CommandTimeout, ConnectError, InstallerError, RemoteError
from ..i18n import T
from . import transaction

MARGIN = 2.0          # seconds kept between our last confirmation attempt and the timer
REVERT_WAIT = 20.0    # after a missed confirmation, how long we watch for the server to come back


@dataclass
class Outcome:
    host: str
    status: str           # applied | unchanged | unconfirmed (confirm=False: the timer still runs)
    token: str = ""
    seconds: float = 0.0  # how long the apply and the confirmation took


def apply_target(handle, plan, answers, asker, timeout: int | None = None, confirm: bool = True) -> Outcome:
    """timeout overrides firewall.confirm_timeout (tests); confirm=False leaves the timer to fire, as when
    the installer dies right after the switch."""
    if plan.up_to_date:
        return Outcome(plan.host, "unchanged")
    seconds = timeout or answers.firewall.confirm_timeout
    token, started = uuid.uuid4().hex[:12], time.monotonic()
    _switch(handle.session, plan, token, seconds)
    if not confirm:
        return Outcome(plan.host, "unconfirmed", token, time.monotonic() - started)
    _confirm(handle.target, answers, asker, plan, token, started + seconds - MARGIN)
    return Outcome(plan.host, "applied", token, time.monotonic() - started)


def _switch(session, plan, token: str, seconds: int) -> None:
    script = transaction.apply_script(plan.state, token, seconds, transaction.timer_kind(plan.facts))
    try:
        result = session.run(script, sudo=True, check=False, timeout=seconds,
                             input=transaction.payload(plan.files(), plan.state, token))
    except (ConnectError, CommandTimeout):
        return  # the switch may have cut this connection: the new connection decides, the timer backs it up
    if result.ok:
        return
    session.run(transaction.undo_now_script(plan.state, token), sudo=True, check=False)
    raise InstallerError(T("The firewall rules could not be loaded on {host}; the earlier rules are back:\n{err}",
                           "无法在 {host} 上加载防火墙规则；已恢复之前的规则：\n{err}", host=plan.host,
                           err=(result.err or result.out).strip()[-800:]),
                         T("Send this message to JobFirst support; the server is unchanged.",
                           "请将此消息发送给 JobFirst 技术支持；服务器未被更改。"), code="firewall.load_failed", where=plan.host)


def _new_session(target, answers, asker, deadline: float):
    """A fresh SSH connection (not the one that made the change), or None when none got through in time."""
    while time.monotonic() < deadline:
        session = session_for(target, answers, asker)
        session.connect_timeout = max(1, min(answers.ssh.connect_timeout, int(deadline - time.monotonic())))
        try:
            return session.connect()
        except RemoteError:
            session.close()
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
    return None


def _confirm(target, answers, asker, plan, token: str, deadline: float) -> None:
    session = _new_session(target, answers, asker, deadline)
    if session is None:
        raise _locked_out(target, answers, asker, plan, token, deadline)
    with session:
        if session.run(transaction.confirm_script(plan.state, token), sudo=True).out.strip() != "confirmed":
            raise InstallerError(T("{host} reverted the firewall change before the confirmation arrived.",
                                   "确认到达之前，{host} 已还原了防火墙更改。", host=plan.host),
                                 T("Raise firewall.confirm_timeout and apply again.",
                                   "请调大 firewall.confirm_timeout 后重新应用。"), code="firewall.reverted", where=plan.host)
        session.run(f"sh {shlex.quote(plan.state)}/active/persist.sh", sudo=True)


def _locked_out(target, answers, asker, plan, token: str, deadline: float) -> InstallerError:
    back = _new_session(target, answers, asker, deadline + MARGIN + REVERT_WAIT)
    state = T("but it is still unreachable from here", "但目前仍无法从本机连接")
    if back is not None:
        with back:
            state = (T("and it is reachable again", "现已可以再次连接") if _wait_reverted(back, plan.state, token) else
                     T("it is reachable, but the revert had not finished; see {log}", "可以连接，但还原尚未完成；见 {log}",
                       log=f"{plan.state}/revert-{token}.log"))
    return InstallerError(
        T("After the firewall change, a new SSH connection from {addr} to {host} did not get through, so {host} "
          "restored its earlier firewall by itself, {state}.",
          "防火墙更改后，从 {addr} 到 {host} 的新 SSH 连接无法建立，因此 {host} 已自行恢复之前的防火墙，{state}。",
          addr=plan.facts.client, host=plan.host, state=state),
        T("Check firewall.management and any firewall between this workstation and the server, then plan again.",
          "请检查 firewall.management 以及本机与服务器之间的防火墙，然后重新生成计划。"),
        code="firewall.not_confirmed", where=plan.host)


def _wait_reverted(session, state: str, token: str) -> bool:
    """SSH may answer before the timer's undo has finished (ufw and firewalld go rule by rule)."""
    deadline = time.monotonic() + REVERT_WAIT
    while time.monotonic() < deadline:
        if session.run(f"test -e {shlex.quote(state)}/reverted-{token}", sudo=True, check=False).ok:
            return True
        time.sleep(0.3)
    return False


def revert_target(session, state: str) -> bool:
    """True when JobFirst rules were there and are now gone (and forgotten at boot)."""
    return session.run(transaction.revert_script(state), sudo=True).out.strip().endswith("reverted")
