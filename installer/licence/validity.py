"""Is the licence valid at a given moment. Dates are whole days in UTC: valid from the start of
valid_from through the end of the expiry day."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from ..i18n import T, Text
from .findings import Finding, error, warning
from .model import Licence
from .timespan import span, utc

EXPIRY_WARNING = timedelta(days=30)
RENEW = T("Ask JobFirst to renew the licence, then use the new licence file.",
          "请联系 JobFirst 续期授权，然后使用新的授权文件。")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.utc)


def starts_at(lic: Licence) -> datetime:
    return _midnight(lic.valid_from)


def ends_at(lic: Licence) -> datetime | None:
    """The first moment the licence is no longer valid, or None for a perpetual licence."""
    return None if lic.expires is None else _midnight(lic.expires + timedelta(days=1))


def days_left(lic: Licence, now: datetime) -> int | None:
    end = ends_at(lic)
    return None if end is None else (end - utc(now)).days


def validity_findings(lic: Licence, now: datetime, source: Text | None = None) -> list[Finding]:
    """Expired / not yet valid (errors) or expiring within 30 days (a warning), judged at `now`."""
    now, end = utc(now), ends_at(lic)
    judged = T(" (judged by {source}: {now})", "（依据{source}：{now}）", source=source,
               now=now.strftime("%Y-%m-%d %H:%M UTC")) if source else ""
    args = dict(id=lic.licence_id, judged=judged, start=lic.valid_from.isoformat(),
                end=lic.expires.isoformat() if lic.expires else "", left=span(end - now) if end else "")
    if end is not None and now >= end:
        return [error("licence.expired", T("The licence {id} expired at the end of {end}{judged}.",
                                           "授权 {id} 已于 {end} 结束时到期{judged}。", **args), RENEW)]
    if now < starts_at(lic):
        return [error("licence.not_yet_valid", T("The licence {id} is valid only from {start}{judged}.",
                                                 "授权 {id} 自 {start} 起才生效{judged}。", **args),
                      T("Install on or after {start}; if a clock is wrong, set it right.",
                        "请在 {start} 当天或之后安装；如果时钟不正确，请先校正。", **args))]
    if end is not None and end - now <= EXPIRY_WARNING:
        return [warning("licence.expiring", T("The licence {id} expires at the end of {end}, in {left}.",
                                              "授权 {id} 将于 {end} 结束时到期，剩余 {left}。", **args), RENEW)]
    return []
