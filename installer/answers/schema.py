"""What an answer file may say: every step of the product, even those filled in by later work."""
from __future__ import annotations

from ..i18n import T
from .fields import (Bool, Choice, FilePath, Host, Int, ListOf, Network, RemotePath, Secret, Section, Str)

FINGERPRINT = r"SHA256:[A-Za-z0-9+/]{43}=?"
CLIENT_ID = r"[a-z0-9][a-z0-9-]{0,31}"


def _login_given(target, path, ctx):
    if target.key is None and target.password is None:
        ctx.problem(path, T("Give key: (an SSH private key file) or password: {{env: VAR}} to log in.",
                            "请给出 key:（SSH 私钥文件）或 password: {{env: 变量名}} 用于登录。"), "answers.missing")


def _unique_targets(answers, path, ctx):
    seen = {}
    for i, t in enumerate(answers.targets):
        ident = (t.host, t.port)
        if ident in seen:
            ctx.problem(path + ("targets", i, "host"), T("Server {host}:{port} is listed twice (also entry {j}).",
                        "服务器 {host}:{port} 重复出现（另见第 {j} 项）。", host=t.host, port=t.port, j=seen[ident]))
        seen[ident] = i


def _mode_needs(answers, path, ctx):
    if answers.mode == "hybrid" and answers.hybrid is None:
        ctx.problem(path + ("hybrid",), T("mode: hybrid needs a hybrid: section with ai_url and ai_token.",
                                          "mode: hybrid 需要 hybrid: 段，并给出 ai_url 与 ai_token。"), "answers.missing")


def _tls_source(tls, path, ctx):
    sources = [k for k in ("cert", "pkcs12") if tls.get(k)] + (["generate_eval"] if tls.generate_eval else [])
    if len(sources) != 1:
        ctx.problem(path, T("Give exactly one of cert: (PEM/DER), pkcs12: (PFX) or generate_eval: true.",
                            "请只给出以下之一：cert:（PEM/DER）、pkcs12:（PFX）或 generate_eval: true。"))


TARGET = Section(fields={
    "name": Str(doc="label shown in reports"),
    "host": Host(required=True),
    "port": Int(default=22, min=1, max=65535),
    "user": Str(default="root", pattern=r"[a-z_][a-z0-9_.-]{0,31}", hint="a Linux user name"),
    "key": FilePath(doc="SSH private key"),
    "key_passphrase": Secret(),
    "password": Secret(),
    "sudo_password": Secret(),
    "host_key": Str(pattern=FINGERPRINT, hint="an SSH fingerprint like SHA256:abc... (43 characters)"),
    "install_dir": RemotePath(default="/opt/jobfirst"),
    "docker_host": Str(default="unix:///var/run/docker.sock", pattern=r"unix:///[^\s']+",
                       hint="a Docker socket like unix:///var/run/docker.sock"),
    "role": Choice(default="all", choices=("all", "manager", "worker")),
}, checks=[_login_given])

SCHEMA = Section(required=True, fields={
    "version": Int(required=True, min=1, max=1),
    "mode": Choice(default="private", choices=("private", "hybrid", "saas")),
    "language": Choice(choices=("en", "zh")),
    "licence": FilePath(doc="the licence file from JobFirst"),
    "bundle": FilePath(doc="the signed offline bundle"),
    "targets": ListOf(required=True, item=TARGET, min_items=1),
    "ssh": Section(fields={
        "connect_timeout": Int(default=10, min=1, max=300),
        "command_timeout": Int(default=900, min=5, max=86400),
        "trust_new_host_keys": Bool(default=False),
        "known_hosts": FilePath(must_exist=False),
    }),
    "client": Section(fields={
        "id": Str(required=True, pattern=CLIENT_ID, hint="lower-case letters, digits and '-', up to 32"),
        "name": Str(required=True),
    }),
    "tls": Section(fields={
        "domain": Str(required=True, pattern=r"[A-Za-z0-9*.:-]+", hint="a DNS name or IP address"),
        "cert": FilePath(), "key": FilePath(), "chain": FilePath(), "ca": FilePath(),
        "pkcs12": FilePath(), "password": Secret(),
        "generate_eval": Bool(default=False),
    }, checks=[_tls_source]),
    "firewall": Section(fields={
        "enabled": Bool(default=True),
        "backend": Choice(default="auto", choices=("auto", "nftables", "firewalld", "ufw", "iptables")),
        "public_ports": ListOf(default=[80, 443], item=Int(min=1, max=65535)),
        "management": ListOf(default=[], item=Network()),
        "confirm_timeout": Int(default=60, min=10, max=600),
    }),
    "deploy": Section(fields={
        "project": Str(default="jobfirst", pattern=r"[a-z0-9][a-z0-9_-]{0,30}", hint="lower-case name"),
        "health_timeout": Int(default=300, min=10, max=3600),
    }),
    "verify": Section(fields={
        "p95_ms": Int(default=200, min=1, max=60000),
        "concurrency": Int(default=50, min=1, max=1000),
        "requests": Int(default=500, min=1, max=100000),
    }),
    "hybrid": Section(fields={
        "ai_url": Str(required=True, pattern=r"https://\S+", hint="an https:// URL"),
        "ai_token": Secret(required=True),
    }),
    "report": Section(fields={"dir": FilePath(must_exist=False)}),
}, checks=[_unique_targets, _mode_needs])
