"""Judging the runtime side: Docker, compose, ports, clock, SELinux, network, sudo, limits."""
from __future__ import annotations

import re

from ..i18n import T
from . import facts as F
from .host_rules import judged
from .result import FAIL, PASS, WARN

NO_DOCKER = T("Docker is not installed or not running.", "Docker 未安装或未运行。")


def check_docker(fx, needs):
    info = F.docker_info(fx.get("docker_info", ""))
    title, req = T("Docker Engine", "Docker 引擎"), T("20.10 or newer, running", "20.10 或更新，且正在运行")
    if not fx.get("_privileged"):
        return judged("docker", title, FAIL, "not checked", req, T("Needs sudo (see the sudo check).", "需要 sudo 权限（见 sudo 检查项）。"))
    if info is None:
        why = (fx.get("docker_info") or "").splitlines()[-1:] or [""]
        return judged("docker", title, FAIL, why[0][:120] or "not found", req,
                  T("Install Docker Engine 20.10+ (from your distribution or the offline packages JobFirst supplies) "
                    "and start it: systemctl enable --now docker.",
                    "请安装 Docker Engine 20.10+（来自发行版或 JobFirst 提供的离线包）并启动：systemctl enable --now docker。"))
    version = info["ServerVersion"]
    m = re.match(r"(\d+)\.(\d+)", version)
    if not m or (int(m[1]), int(m[2])) < (20, 10):
        return judged("docker", title, FAIL, version, req, T("Upgrade Docker Engine to 20.10 or newer.", "请将 Docker Engine 升级到 20.10 或更新。"))
    return judged("docker", title, PASS, version, req)


def check_storage(fx, needs):
    info = F.docker_info(fx.get("docker_info", ""))
    if info is None:
        return None
    driver, store = info.get("Driver", "?"), F.image_store(info)
    value = f"{driver}, {store} image store"
    title, req = T("Docker storage", "Docker 存储驱动"), T("overlay2", "overlay2")
    if driver in ("vfs",):
        return judged("storage", title, FAIL, value, req, T("vfs copies every layer in full; configure overlay2 in "
                  "/etc/docker/daemon.json (\"storage-driver\": \"overlay2\").",
                  "vfs 会完整复制每一层；请在 /etc/docker/daemon.json 中配置 \"storage-driver\": \"overlay2\"。"))
    if driver != "overlay2" and "overlayfs" not in driver:
        return judged("storage", title, WARN, value, req, T("{d} is deprecated or untested; overlay2 is recommended.",
                  "{d} 已弃用或未经测试，建议使用 overlay2。", d=driver))
    return judged("storage", title, PASS, value, req)


def check_compose(fx, needs):
    v2, v1 = fx.get("compose_v2", "").strip(), fx.get("compose_v1", "").strip()
    title, req = T("Docker Compose", "Docker Compose"), T("v2 plugin or v1 (docker-compose)", "v2 插件或 v1（docker-compose）")
    if v2:
        return judged("compose", title, PASS, f"v2 plugin {v2}", req)
    if v1:
        return judged("compose", title, PASS, f"docker-compose {v1}", req)
    if not fx.get("_privileged"):
        return judged("compose", title, FAIL, "not checked", req, T("Needs sudo (see the sudo check).", "需要 sudo 权限（见 sudo 检查项）。"))
    return judged("compose", title, FAIL, "not found", req, T("Install the docker-compose-plugin package (or docker-compose).",
              "请安装 docker-compose-plugin 软件包（或 docker-compose）。"))


def check_ports(fx, needs):
    listening = F.listening_ports(fx.get("tcp", ""), include_loopback=True)
    ours = F.published_ports(fx.get("our_ports", ""))
    results = []
    for port in needs.ports:
        title = T("Port {port} free", "端口 {port} 空闲", port=port)
        req = T("free, or used by JobFirst itself", "空闲，或由 JobFirst 自身占用")
        if port not in listening:
            results.append(judged(f"port_{port}", title, PASS, "free", req))
        elif port in ours:
            results.append(judged(f"port_{port}", title, PASS, "JobFirst gateway", req))
        else:
            prog = F.process_on_port(fx.get("listeners", ""), port) or "?"
            results.append(judged(f"port_{port}", title, FAIL, f"in use by {prog}", req, T(
                "Stop and disable {prog} (e.g. systemctl disable --now {prog}) or move it to another port: the JobFirst "
                "gateway must own port {port}.", "请停止并禁用 {prog}（例如 systemctl disable --now {prog}）或将其改用其他端口："
                "JobFirst 网关必须使用端口 {port}。", prog=prog, port=port)))
    return results


def check_clock(fx, needs):
    skew = fx.get("clock_skew")
    title, req = T("Clock", "时钟"), T("within 5 s of this workstation", "与本机相差不超过 5 秒")
    if skew is None:
        return judged("clock", title, FAIL, "unknown", req, T("Could not read the server's clock.", "无法读取服务器时钟。"))
    value = f"{skew:+.1f} s"
    fix = T("Synchronise the clocks (chrony or ntpd against your internal time server); certificates and licences "
            "are judged by time.", "请同步时钟（chrony 或 ntpd 指向内部时间服务器）；证书和许可证的有效性依赖时间。")
    if abs(skew) > 300:
        return judged("clock", title, FAIL, value, req, fix)
    return judged("clock", title, WARN if abs(skew) > 5 else PASS, value, req, fix if abs(skew) > 5 else None)


def check_selinux(fx, needs):
    mode = (fx.get("selinux") or "").strip()
    mode = {"1": "Enforcing", "0": "Permissive"}.get(mode, mode) or "not present"
    title, req = T("SELinux", "SELinux"), T("permissive, disabled, or container policy installed",
                                           "宽容模式、已禁用或已安装容器策略")
    if mode.lower() == "enforcing":
        return judged("selinux", title, WARN, mode, req, T(
            "Enforcing mode blocks container volume mounts unless the container-selinux policy is installed; install "
            "it, or set SELINUX=permissive in /etc/selinux/config and run setenforce 0.",
            "强制模式下，除非安装了 container-selinux 策略，否则会阻止容器挂载卷；请安装该策略，或在 /etc/selinux/config "
            "中设置 SELINUX=permissive 并执行 setenforce 0。"))
    return judged("selinux", title, PASS, mode, req)


def check_route(fx, needs):
    title, req = T("Default route", "默认路由"), T("present (or intentionally air-gapped)", "存在（或有意隔离网络）")
    if F.has_default_route(fx.get("route", "")):
        return judged("route", title, PASS, "present", req)
    return judged("route", title, WARN, "none", req, T(
        "Normal on an air-gapped server, and JobFirst runs without it; containers just reach no other network. "
        "A multi-node Swarm will need its address given with --advertise-addr.",
        "在隔离网络中属正常情况，JobFirst 无需默认路由即可运行，只是容器无法访问其他网络。多节点 Swarm 需要用 --advertise-addr 指定地址。"))


def check_hostname(fx, needs):
    name = (fx.get("hostname") or "?").strip()
    title, req = T("Host name resolves", "主机名可解析"), T("the server's own name resolves", "服务器自己的主机名可解析")
    if (fx.get("resolve") or "").strip():
        return judged("hostname", title, PASS, name, req)
    return judged("hostname", title, WARN, f"{name} does not resolve", req, T(
        "Add a line `127.0.1.1 {name}` to /etc/hosts; otherwise sudo and some services wait for DNS time-outs.",
        "请在 /etc/hosts 中加入一行 `127.0.1.1 {name}`，否则 sudo 和部分服务会等待 DNS 超时。", name=name))


def check_sudo(fx, needs, session):
    title, req = T("Administrator rights", "管理员权限"), T("root, or sudo for this user", "root，或该用户可使用 sudo")
    value = {"root": "root", "nopasswd": "sudo (no password)", "password": "sudo (password)"}.get(session.sudo_mode, "none")
    if session.sudo_error is None:
        return judged("sudo", title, PASS, value, req)
    return judged("sudo", title, FAIL, value, req, session.sudo_error.fix or session.sudo_error.text)


def check_swap(fx, needs):
    swap = F.swap_kib(fx.get("swaps", "")) * 1024
    mem = (F.meminfo_kib(fx.get("meminfo", "")) or 0) * 1024
    title, req = T("Swap", "交换分区"), T("some swap when memory is under 8 GiB", "内存低于 8 GiB 时应有交换空间")
    value = f"{swap / 1024 ** 3:.1f} GiB"
    if swap == 0 and mem < 8 * 1024 ** 3:
        return judged("swap", title, WARN, value, req, T("With little memory and no swap, a load peak can kill the database; "
                  "add a swap file of 2-4 GiB.", "内存较小且没有交换空间时，负载高峰可能导致数据库被杀掉；请添加 2-4 GiB 的交换文件。"))
    return judged("swap", title, PASS, value, req)


def check_nofile(fx, needs):
    raw = (fx.get("nofile") or "").strip()
    limit = 10 ** 9 if raw == "unlimited" else int(raw) if raw.isdigit() else 0
    title, req = T("Open-files limit", "打开文件数上限"), T("65536 or more", "65536 或更多")
    if limit >= 65536:
        return judged("nofile", title, PASS, raw, req)
    return judged("nofile", title, WARN, raw or "unknown", req, T(
        "Raise it: `* - nofile 65536` in /etc/security/limits.conf (and LimitNOFILE for docker.service).",
        "请调高：在 /etc/security/limits.conf 中加入 `* - nofile 65536`（并为 docker.service 设置 LimitNOFILE）。"))
