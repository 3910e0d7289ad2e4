"""Clock tampering, as pure decisions over times the caller gathered (workstation clock, each
target's clock, the last-install time recorded on each target).

Validity is judged against the latest of all these times: turning one clock back (or all of them,
once an install has been recorded) cannot make an expired licence valid again. Clocks that disagree
or run backwards are reported as warnings with the fix; the licence's dates are the errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..i18n import T, Text
from .findings import Finding, warning
from .timespan import span, stamp, utc

TOLERANCE = timedelta(minutes=10)  # ordinary drift on servers without NTP
FIX_CLOCK = T("Set the correct time on that machine (date -s, or an NTP server on your network); wrong clocks also "
              "break certificates and logs.", "请在该机器上设置正确的时间（date -s，或使用内网 NTP 服务器）；"
              "错误的时钟还会导致证书和日志出错。")


@dataclass(frozen=True)
class Clocks:
    workstation: datetime
    targets: dict = field(default_factory=dict)        # host -> that server's clock
    last_installs: dict = field(default_factory=dict)  # host -> last install time recorded on it


def known_times(clocks: Clocks) -> list[tuple[datetime, Text]]:
    """Every time we know, with where it comes from (for messages)."""
    times = [(utc(clocks.workstation), T("this workstation's clock", "本机时钟"))]
    times += [(utc(t), T("the clock of server {host}", "服务器 {host} 的时钟", host=h)) for h, t in clocks.targets.items()]
    times += [(utc(t), T("the last install recorded on {host}", "{host} 上记录的上次安装时间", host=h))
              for h, t in clocks.last_installs.items()]
    return times


def latest_time(clocks: Clocks) -> tuple[datetime, Text]:
    return max(known_times(clocks), key=lambda pair: pair[0])


def clock_findings(clocks: Clocks) -> list[Finding]:
    found = [f for host, t in clocks.targets.items() if (f := _target_vs_workstation(host, utc(t), clocks))]
    for host, last in clocks.last_installs.items():
        found += _turned_back(host, utc(last), clocks)
    return found


def _target_vs_workstation(host: str, target: datetime, clocks: Clocks) -> Finding | None:
    gap = target - utc(clocks.workstation)
    if abs(gap) <= TOLERANCE:
        return None
    args = dict(host=host, span=span(gap), t=stamp(target), w=stamp(clocks.workstation))
    if gap < timedelta(0):
        return warning("clock.target_behind", T("The clock of server {host} ({t}) is {span} behind this "
                       "workstation's ({w}).", "服务器 {host} 的时钟（{t}）比本机（{w}）慢 {span}。", **args), FIX_CLOCK, host)
    return warning("clock.target_ahead", T("The clock of server {host} ({t}) is {span} ahead of this workstation's "
                   "({w}).", "服务器 {host} 的时钟（{t}）比本机（{w}）快 {span}。", **args), FIX_CLOCK, host)


def _turned_back(host: str, last: datetime, clocks: Clocks) -> list[Finding]:
    found = []
    for clock, name in ((clocks.targets.get(host), T("server {host}", "服务器 {host}", host=host)),
                        (clocks.workstation, T("this workstation", "本机"))):
        if clock is not None and utc(clock) < last - TOLERANCE:
            found.append(warning("clock.turned_back", T(
                "The clock of {name} ({t}) is earlier than the last JobFirst install on {host} ({last}): the clock "
                "was turned back or is wrong. Licence dates are judged by the latest time known.",
                "{name} 的时钟（{t}）早于 {host} 上次安装 JobFirst 的时间（{last}）：时钟被调回或不正确。"
                "授权日期以已知的最晚时间为准。", name=name, t=stamp(clock), host=host, last=stamp(last)),
                FIX_CLOCK, host))
    return found
