"""`demo`: the whole product on this machine. A local demo target (a network namespace with its own
sshd and dockerd; root and Linux only), the demo bundle built offline from the source tree and signed
with a demo key this build trusts, the demo licence, an evaluation certificate, then the install."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .. import trust
from ..licence.signing import keygen
from ..errors import InstallerError
from ..i18n import T
from . import cmd_install

DEMO_INDEX = int(os.environ.get("JOBFIRST_DEMO_INDEX", "200"))  # 198.18.200.2 unless told
DOMAIN = "jobs.demo.jobfirst.test"
SOURCE = Path(__file__).resolve().parents[2]
RECIPE = SOURCE / "bundles" / "demo" / "build.py"


def register(sub):
    p = sub.add_parser("demo", help="install JobFirst on a local demo target (needs root on Linux)")
    p.add_argument("--down", action="store_true", help="stop the demo target and remove its files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def state_dir() -> Path:
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
    if not RECIPE.exists():
        raise InstallerError(T("The demo bundle recipe is not here (bundles/demo): the demo runs from the source tree.",
                               "找不到演示安装包的配方（bundles/demo）：演示需要在源码目录中运行。"),
                             T("Run the demo from a checkout of the installer's repository.", "请在安装程序的源码仓库中运行演示。"),
                             code="demo.no_recipe")
    state = state_dir()
    state.mkdir(parents=True, exist_ok=True)
    key = _ssh_key(state, netns)
    if not Path(f"/var/run/netns/{target.netns}").exists():
        netns.NamespaceTarget.allocate(DEMO_INDEX, DEMO_INDEX).start(key.with_suffix(".pub").read_text())
    out.say(T("Demo target {addr} is up. Building the demo bundle (offline; the first time takes a minute)...",
              "演示目标 {addr} 已启动。正在离线构建演示安装包（首次约需一分钟）……", addr=target.address))
    answers = state / "answers.yaml"
    answers.write_text(demo_answers(target, key, _bundle(state)))
    out.set(answers_file=str(answers), target=target.address)
    args.answers, args.yes, args.dry_run, args.trust_new_host_keys = str(answers), True, False, False
    status = cmd_install.run(args, out)
    _say_next(out, target, state)
    return status


def _ssh_key(state: Path, netns) -> Path:
    key = state / "id_ed25519"
    if not key.exists():
        netns.sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "jobfirst-demo", "-f", key)
    return key


def _bundle(state: Path) -> str:
    """The 1.0.0 demo bundle, built (cached) and signed with a demo key that this source build trusts."""
    keys = state / "demo-vendor-keys"
    if not (keys / "vendor_signing_key.pem").exists():
        keygen(str(keys), None)
    signing = keys / "vendor_signing_key.pem"
    # a source build trusts development keys named here; a release build ignores this variable
    os.environ[trust.DEV_TRUST_ENV] = str(keys / "vendor_public_key.pem")
    built = subprocess.run([sys.executable, str(RECIPE), "--key", str(signing), "--versions", "1.0.0",
                            "--cache", str(state / "build")], capture_output=True, text=True)
    if built.returncode != 0:
        raise InstallerError(T("Building the demo bundle failed:\n{err}", "构建演示安装包失败：\n{err}",
                               err=built.stderr[-2000:]), code="demo.build")
    return json.loads(built.stdout)["bundles"]["1.0.0"]


def demo_answers(target, key: Path, bundle: str) -> str:
    licence = SOURCE / "assets" / "demo" / "licence.lic"
    return (f"# Answer file for the local demo target (written by `jobfirst-installer demo`).\n"
            f"version: 1\nmode: private\nlicence: {licence}\nbundle: {bundle}\n"
            f"client: {{id: demo, name: \"演示客户 Demo\"}}\n"
            f"targets:\n  - name: demo\n    host: {target.address}\n    user: root\n    key: {key}\n"
            f"    host_key: {target.host_key_fingerprint()}\n    install_dir: {target.install_dir}\n"
            f"    docker_host: {target.docker_host}\n"
            f"tls: {{domain: {DOMAIN}, generate_eval: true}}\n"
            f"firewall: {{management: [{target.gateway}/32]}}\n"
            f"verify: {{requests: 300, concurrency: 20}}\n")


def _say_next(out, target, state: Path) -> None:
    ca = state / "jobfirst-eval-tls" / "eval-ca.crt"
    out.say(T("Try it:  curl --cacert {ca} --resolve {d}:443:{addr} https://{d}/api/jobs -H 'X-Client-Id: demo'",
              "试一试：curl --cacert {ca} --resolve {d}:443:{addr} https://{d}/api/jobs -H 'X-Client-Id: demo'",
              ca=ca, d=DOMAIN, addr=target.address))
    out.say(T("Stop it with: jobfirst-installer demo --down", "停止演示目标：jobfirst-installer demo --down"))
