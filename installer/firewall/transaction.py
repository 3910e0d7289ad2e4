"""The change on the target, guarded by a revert timer that runs ON the target, so it works even when
our connection is gone: files go to <install_dir>/.jobfirst/firewall/{active,previous}, the timer is
started, then the rules are switched. A confirmation over a new SSH connection cancels the timer.

Confirmation and timer race for one file: the timer renames pending-<token> before it reverts, the
confirmation deletes it; the kernel lets exactly one of them succeed, so both sides know who won."""
from __future__ import annotations

import io
import shlex
import tarfile
import time

# A marker for back ends whose apply.sh replaces the whole earlier rule set at once (nftables, iptables).
REPLACES = "replaces"

UNDO = """#!/bin/sh
# Put the firewall back as it was before the last apply (run by the revert timer, or at once on failure).
S=$(cd "$(dirname "$0")" && pwd)
if [ -e "$S/previous/replaces" ] && cmp -s "$S/previous/backend" "$S/active/backend"; then
  sh "$S/previous/apply.sh"
else
  sh "$S/active/remove.sh"
  if [ -d "$S/previous" ]; then sh "$S/previous/apply.sh"; fi
fi
rc=$?
if [ ! -d "$S/previous" ]; then rm -f "$S"/*-before; fi
rm -rf "$S/active"
if [ -d "$S/previous" ]; then mv "$S/previous" "$S/active"; fi
exit $rc
"""

JOB = """#!/bin/sh
# Revert timer of firewall change {token}: unless confirmed over a new connection, undo it.
S={state}
sleep "${{1:-0}}"
mv "$S/pending-{token}" "$S/fired-{token}" 2>/dev/null || exit 0
sh "$S/undo.sh" > "$S/revert-{token}.log" 2>&1
date +%s.%N > "$S/reverted-{token}"
"""


def timer_kind(facts) -> str:
    """systemd-run survives logind killing our session's processes, but its jobs run in PID 1's network
    namespace: use it only when our shell shares that namespace."""
    if facts.systemd and not facts.own_netns and "systemd-run" in facts.tools:
        return "systemd-run"
    return "setsid"


def _start_timer(token: str, seconds: int, kind: str) -> str:
    job = f'"$S/revert-{token}.sh"'
    if kind == "systemd-run":
        return (f"systemd-run --quiet --unit=jobfirst-firewall-revert-{token} --on-active={seconds} "
                f"--timer-property=AccuracySec=100ms /bin/sh {job} 0")
    return f'setsid nohup sh {job} {seconds} </dev/null >/dev/null 2>&1 & echo $! > "$S/job-{token}.pid"'


def payload(files: dict, state: str, token: str) -> bytes:
    """A tar.gz of new/<files>, undo.sh and the timer's script, sent on the command's stdin."""
    entries = {f"new/{name}": text for name, text in files.items()}
    entries.update({"undo.sh": UNDO, f"revert-{token}.sh": JOB.format(token=token, state=shlex.quote(state))})
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in entries.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def apply_script(state: str, token: str, seconds: int, kind: str) -> str:
    return "\n".join([
        "set -e", f"S={shlex.quote(state)}", 'umask 077; mkdir -p "$S"; cd "$S"',
        "rm -rf new previous fired-* reverted-* revert-* job-*",
        "tar -xzf - --no-same-owner", "if [ -d active ]; then mv active previous; fi", "mv new active",
        f': > "pending-{token}"', _start_timer(token, seconds, kind),
        "if [ -d previous ] && ! cmp -s previous/backend active/backend; then sh previous/remove.sh; fi",
        "sh active/apply.sh"])


def confirm_script(state: str, token: str) -> str:
    return "\n".join([
        f"S={shlex.quote(state)}", 'cd "$S" || { echo reverted; exit 0; }',
        f'if ! rm "pending-{token}" 2>/dev/null; then echo reverted; exit 0; fi',
        f'if [ -f "job-{token}.pid" ]; then kill -TERM -- "-$(cat "job-{token}.pid")" 2>/dev/null; fi',
        f"if command -v systemctl >/dev/null; then systemctl stop jobfirst-firewall-revert-{token}.timer "
        "2>/dev/null; fi",
        f'rm -rf previous "revert-{token}.sh" "job-{token}.pid"', "echo confirmed"])


def undo_now_script(state: str, token: str) -> str:
    """The apply failed on the target: take the timer's place and undo at once."""
    return "\n".join([f"S={shlex.quote(state)}", 'cd "$S" || exit 0',
                      f'mv "pending-{token}" "fired-{token}" 2>/dev/null || exit 0',
                      f'if [ -f "job-{token}.pid" ]; then kill -TERM -- "-$(cat "job-{token}.pid")" 2>/dev/null; fi',
                      "sh undo.sh"])


def revert_script(state: str) -> str:
    """`firewall revert`: remove what we added, restore what we changed, forget it at boot."""
    return "\n".join([
        f"S={shlex.quote(state)}", 'cd "$S" 2>/dev/null || { echo none; exit 0; }',
        'for p in job-*.pid; do [ -f "$p" ] && kill -TERM -- "-$(cat "$p")" 2>/dev/null; done; rm -f pending-*',
        'if [ ! -d active ]; then echo none; exit 0; fi', "set -e", "sh active/unpersist.sh", "sh active/remove.sh",
        "rm -rf active previous new undo.sh revert-* fired-* reverted-* job-* *-before", "echo reverted"])


def pending_probe(state: str) -> str:
    return f"ls {shlex.quote(state)}/pending-* >/dev/null 2>&1 && echo pending=1; true"
