"""Times in words, for clock and expiry messages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ..i18n import T, Text


def utc(moment: datetime) -> datetime:
    """Times without a zone are taken as UTC (what the servers' `date -u` reports)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def span(delta: timedelta) -> Text:
    seconds = abs(int(delta.total_seconds()))
    days, hours, minutes = seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60
    if days:
        return T("{d} day(s) {h} hour(s)", "{d} 天 {h} 小时", d=days, h=hours)
    if hours:
        return T("{h} hour(s) {m} minute(s)", "{h} 小时 {m} 分钟", h=hours, m=minutes)
    return T("{m} minute(s)", "{m} 分钟", m=max(minutes, 1))


def stamp(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%d %H:%M UTC")
