"""`demo`: a local demo target (a network namespace with its own sshd and dockerd on this machine,
root and Linux only), an answer file for it, and the main job run against it."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import InstallerError
from ..i18n import T
from . import cmd_check

DEMO_INDEX = int(os.environ.get("JOBFIRST_DEMO_INDEX", "200"))  # 198.18.200.2 unless told


def register(sub):
    p = sub.add_parser("demo", help="run against a local demo target (needs root on Linux)")
    p.add_argument("--down", action="store_true", help="stop the demo target and remove its files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _state_dir() -> Path:
    return Path(os.environ.get("JOBFIRST_DEMO_DIR", "/var/tmp/jobfirst-demo"))


def run(args, out) -> int:
    if os.geteuid() != 0:
        raise InstallerError(T("The demo target needs root (it creates a network namespace).",
                               "演示目标需要 root 权限（需要创建网络命名空间）。"),
                             T("Run it as root, e.g. sudo .venv/bin/jobfirst-installer demo.",
                               "请以 root 运行，例如 sudo .venv/bin/jobfirst-installer demo。"), code="demo.root")
    from ..demo import netns
    target = netns.NamespaceTarget(DEMO_INDEX)
    if args.down:
        target.stop()
        out.say(T("Demo target stopped.", "演示目标已停止。"))
        return 0
    answers = _bring_up(target, netns)
    out.say(T("Demo target {addr} is up; answer file: {file}", "演示目标 {addr} 已启动；应答文件：{file}",
              addr=target.address, file=answers))
    out.set(answers_file=str(answers), target=target.address)
    args.answers, args.trust_new_host_keys = str(answers), False
    status = cmd_check.run(args, out)
    out.say(T("Stop it with: jobfirst-installer demo --down", "停止演示目标：jobfirst-installer demo --down"))
    return status


def _bring_up(target, netns) -> Path:
    state = _state_dir()
    state.mkdir(parents=True, exist_ok=True)
    key = state / "id_ed25519"
    if not key.exists():
        netns.sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "jobfirst-demo", "-f", key)
    if not Path(f"/var/run/netns/{target.netns}").exists():
        netns.NamespaceTarget.allocate(DEMO_INDEX, DEMO_INDEX).start((state / "id_ed25519.pub").read_text())
    answers = state / "answers.yaml"
    answers.write_text(demo_answers(target, key))
    return answers


def demo_answers(target, key: Path) -> str:
    return (f"# Answer file for the local demo target (written by `jobfirst-installer demo`).\n"
            f"version: 1\nmode: private\nclient: {{id: demo, name: \"演示客户 Demo\"}}\n"
            f"targets:\n  - name: demo\n    host: {target.address}\n    user: root\n    key: {key}\n"
            f"    host_key: {target.host_key_fingerprint()}\n    install_dir: {target.install_dir}\n"
            f"    docker_host: {target.docker_host}\n"
            f"firewall: {{management: [{target.gateway}/32]}}\n")
