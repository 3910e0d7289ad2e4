"""Judging facts: each rule gives pass / warn / fail with the value, the requirement and the fix."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import T
from . import facts as F
from .result import FAIL, PASS, WARN, CheckResult

GIB = 1024 ** 3

# Distributions our customers run: ID from /etc/os-release -> (name, versions we support).
DISTROS = {
    "rhel": ("Red Hat Enterprise Linux", ("8", "9")),
    "centos": ("CentOS", ("9",)),
    "rocky": ("Rocky Linux", ("8", "9")),
    "almalinux": ("AlmaLinux", ("8", "9")),
    "openEuler": ("openEuler", ("20.03", "22.03", "24.03")),
    "kylin": ("Kylin", ("V10", "V11")),
    "uos": ("UOS", ("20",)),
    "ubuntu": ("Ubuntu", ("20.04", "22.04", "24.04")),
    "debian": ("Debian", ("11", "12", "13")),
}
END_OF_LIFE = {("centos", "7"), ("centos", "8"), ("rhel", "7"), ("ubuntu", "18.04"), ("debian", "10")}


@dataclass
class Needs:
    """What the bundle asks of a server (from its manifest; defaults when no bundle is given)."""
    cores: int = 2
    cores_recommended: int = 4
    memory_gib: float = 4
    memory_recommended_gib: float = 8
    disk_bytes: int = GIB
    arch: tuple = ("x86_64",)
    ports: tuple = (80, 443)
    project: str = "jobfirst"


def judged(id, title, status, value, requirement, fix=None):
    return CheckResult(id, title, status, str(value), requirement, fix)


def check_os(fx, needs):
    rel = F.os_release(fx.get("os_release", ""))
    os_id, version = rel.get("ID", ""), rel.get("VERSION_ID", "")
    pretty = rel.get("PRETTY_NAME") or f"{os_id} {version}".strip() or "unknown"
    title, req = T("Operating system", "操作系统"), T("a supported distribution", "受支持的发行版")
    known = DISTROS.get(os_id) or DISTROS.get(os_id.lower())
    major = version if os_id in ("openEuler", "kylin") or os_id == "ubuntu" else version.split(".")[0]
    if (os_id, major) in END_OF_LIFE:
        return judged("os", title, WARN, pretty, req, T("This release no longer gets security updates; plan an upgrade.",
                                                   "该版本已不再提供安全更新，请计划升级。"))
    if known and any(major.upper().startswith(v.upper()) for v in known[1]):
        return judged("os", title, PASS, pretty, req)
    if known:
        return judged("os", title, WARN, pretty, req, T("{name} {version} is not a tested release ({ok}).",
                  "{name} {version} 不是经过测试的版本（{ok}）。", name=known[0], version=version, ok=", ".join(known[1])))
    return judged("os", title, WARN, pretty, req, T("This distribution is not tested; CentOS/RHEL, Rocky, openEuler, Kylin, "
              "UOS, Ubuntu and Debian are.", "该发行版未经测试；已测试的有 CentOS/RHEL、Rocky、openEuler、麒麟、统信 UOS、Ubuntu 和 Debian。"))


def check_kernel(fx, needs):
    value = fx.get("kernel", "")
    m = re.match(r"(\d+)\.(\d+)", value)
    title = T("Kernel", "内核")
    req = T("3.10 or newer (4.x or newer recommended)", "3.10 或更新（建议 4.x 及以上）")
    if not m:
        return judged("kernel", title, FAIL, value or "unknown", req, T("Could not read the kernel version.", "无法读取内核版本。"))
    version = (int(m[1]), int(m[2]))
    if version < (3, 10):
        return judged("kernel", title, FAIL, value, req, T("Docker needs kernel 3.10+; upgrade the OS.", "Docker 需要 3.10 以上内核，请升级系统。"))
    if version < (4, 0):
        return judged("kernel", title, WARN, value, req, T("Old kernel: overlay2 and cgroup features are limited; upgrade "
                  "the kernel when you can.", "内核较旧：overlay2 与 cgroup 功能受限，建议升级内核。"))
    return judged("kernel", title, PASS, value, req)


def check_arch(fx, needs):
    value = fx.get("arch", "unknown")
    req = T("{arch} (the bundle's architecture)", "{arch}（安装包的架构）", arch="/".join(needs.arch))
    if value in needs.arch:
        return judged("arch", T("Architecture", "CPU 架构"), PASS, value, req)
    return judged("arch", T("Architecture", "CPU 架构"), FAIL, value, req,
              T("Use a bundle built for {arch}; ask JobFirst for one.", "请使用为 {arch} 构建的安装包，可向 JobFirst 索取。", arch=value))


def check_cores(fx, needs):
    cores = int(fx.get("cores") or 0)
    title = T("CPU cores", "CPU 核数")
    req = T("at least {n} ({rec} recommended)", "至少 {n} 个（建议 {rec} 个）", n=needs.cores, rec=needs.cores_recommended)
    if cores < needs.cores:
        return judged("cores", title, FAIL, cores, req, T("Give the server at least {n} cores.", "请为服务器分配至少 {n} 个核。", n=needs.cores))
    if cores < needs.cores_recommended:
        return judged("cores", title, WARN, cores, req, T("It will run; for 1000+ concurrent users give it {n} cores.",
                  "可以运行；若要支持 1000+ 并发用户，请分配 {n} 个核。", n=needs.cores_recommended))
    return judged("cores", title, PASS, cores, req)


def check_memory(fx, needs):
    kib = F.meminfo_kib(fx.get("meminfo", "")) or 0
    gib = kib * 1024 / GIB
    title = T("Memory", "内存")
    req = T("at least {n} GiB ({rec} GiB recommended)", "至少 {n} GiB（建议 {rec} GiB）", n=needs.memory_gib,
            rec=needs.memory_recommended_gib)
    value = f"{gib:.1f} GiB"
    if gib < needs.memory_gib * 0.95:  # firmware reserves a little of the nominal size
        return judged("memory", title, FAIL, value, req, T("Add memory to reach {n} GiB.", "请将内存增加到 {n} GiB。", n=needs.memory_gib))
    if gib < needs.memory_recommended_gib * 0.95:
        return judged("memory", title, WARN, value, req, T("It will run; {n} GiB is recommended for production load.",
                  "可以运行；生产负载建议 {n} GiB。", n=needs.memory_recommended_gib))
    return judged("memory", title, PASS, value, req)


def _disk(id, title, df_line, needs, where):
    parsed = F.df_free_kib(df_line or "")
    req = T("{need} free (about 2x the bundle)", "可用 {need}（约为安装包的 2 倍）", need=_size(needs.disk_bytes))
    if parsed is None:
        return judged(id, title, FAIL, "unknown", req, T("Could not measure free space at {where}.", "无法测量 {where} 的可用空间。", where=where))
    free, mount = parsed[0] * 1024, parsed[1]
    value = f"{_size(free)} free on {mount}"
    if free < needs.disk_bytes:
        return judged(id, title, FAIL, value, req, T("Free at least {short} on {mount} (or give more disk) before installing.",
                  "安装前请在 {mount} 上至少再腾出 {short}（或扩容磁盘）。", short=_size(needs.disk_bytes - free), mount=mount))
    return judged(id, title, PASS, value, req)


def check_install_disk(fx, needs, target):
    return _disk("disk_install", T("Free disk at the install directory", "安装目录可用空间"), fx.get("install_df"),
                 needs, target.install_dir)


def check_docker_disk(fx, needs):
    if not F.docker_info(fx.get("docker_info", "")):
        return None
    return _disk("disk_docker", T("Free disk at the Docker root", "Docker 数据目录可用空间"), fx.get("docker_root_df"),
                 needs, "Docker root")


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
