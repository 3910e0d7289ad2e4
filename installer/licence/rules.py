"""The rules every licence follows, checked on both sides: by the vendor's tool before it signs a
description, and by the installer on the signed body (a body that breaks them is refused, whatever
signed it). Every problem is collected, so the vendor fixes a description in one go."""
from __future__ import annotations

import difflib
import re
from datetime import date

from ..answers.schema import CLIENT_ID
from ..i18n import T, Text
from .errors import LicenceError
from .model import (EDITIONS, FEATURES, FORMAT, KINDS, NEVER, PERPETUAL_KINDS, SAAS_USERS,
                    SUPPORT_LEVELS, UNLIMITED, Licence)

LICENCE_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
DOMAIN = r"(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
KEYS = {"format", "product", "licence_id", "client", "kind", "edition", "users", "issued", "valid_from",
        "expires", "support", "features", "bindings"}
SECTION_KEYS = {"client": {"id", "name"}, "bindings": {"domain", "max_servers"}}
MAX_USERS = 10_000_000


class Fields:
    """Reads one field at a time from a licence mapping, recording a problem instead of raising."""

    def __init__(self, data: dict):
        self.data, self.problems = data, []

    def problem(self, key: str, message: Text) -> None:
        self.problems.append(T("{key}: {message}", "{key}：{message}", key=key, message=message))

    def raw(self, key: str):
        section, _, name = key.rpartition(".")
        holder = self.data.get(section) if section else self.data
        return holder.get(name) if isinstance(holder, dict) else None

    def text(self, key: str, pattern: str | None = None, hint: Text | None = None) -> str | None:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            return self._bad(key, T("must be text without leading or trailing spaces",
                                    "必须是首尾没有空格的文本"))
        if pattern and not re.fullmatch(pattern, value) or any(ord(c) < 32 for c in value):
            return self._bad(key, T("'{value}' is not valid: {hint}", "'{value}' 无效：{hint}", value=value,
                                    hint=hint or pattern))
        return value

    def choice(self, key: str, choices, value=None) -> str | None:
        value = self.raw(key) if value is None else value
        if value in choices:
            return value
        return self._bad(key, T("'{value}' is not one of: {choices}", "'{value}' 不是以下之一：{choices}",
                                value=value, choices=", ".join(choices)))

    def day(self, key: str, allow_never: bool = False) -> date | None:
        value = self.raw(key)
        if allow_never and value == NEVER:
            return None
        if type(value) is date:  # YAML's own dates; not datetimes (a licence is valid by the day)
            return value
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            extra = T(" or '{never}'", " 或 '{never}'", never=NEVER) if allow_never else ""
            return self._bad(key, T("'{value}' is not a date like 2026-12-31{extra}", "'{value}' 不是 2026-12-31 "
                                    "这样的日期{extra}", value=value, extra=extra))

    def count(self, key: str, allow_unlimited: bool = False, maximum: int = MAX_USERS) -> int | None:
        value = self.raw(key)
        if allow_unlimited and value == UNLIMITED:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= maximum:
            return value
        extra = T(" or '{u}'", " 或 '{u}'", u=UNLIMITED) if allow_unlimited else ""
        return self._bad(key, T("'{value}' is not a whole number from 1 to {max}{extra}",
                                "'{value}' 不是 1 到 {max} 之间的整数{extra}", value=value, max=maximum, extra=extra))

    def _bad(self, key: str, message: Text):
        self.problem(key, message)
        return None


def unknown_keys(fields: Fields) -> None:
    _unknown(fields, "", fields.data, KEYS)
    for section, known in SECTION_KEYS.items():
        value = fields.data.get(section)
        if value is not None and not isinstance(value, dict):
            fields.problem(section, T("must be a mapping", "必须是键值映射"))
        elif value:
            _unknown(fields, section + ".", value, known)


def _unknown(fields: Fields, prefix: str, data: dict, known: set) -> None:
    for key in sorted(set(data) - known, key=str):
        guess = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = T(" (did you mean '{g}'?)", "（是否想写 '{g}'？）", g=guess[0]) if guess else ""
        fields.problem(prefix + str(key), T("unknown key{hint}", "未知的键{hint}", hint=hint))


def read_licence_fields(data: dict) -> tuple[Licence | None, list[Text]]:
    """(the licence, []) when every rule holds, else (None, every problem found)."""
    fields = Fields(data)
    unknown_keys(fields)
    values = _plain_fields(fields)
    if fields.problems:
        return None, fields.problems
    licence = Licence(**values)
    _cross_rules(fields, licence)
    return (None if fields.problems else licence), fields.problems


def _plain_fields(fields: Fields) -> dict:
    if fields.raw("format") != FORMAT:
        fields.problem("format", T("format {value} is not understood by this version (it reads format {mine})",
                                   "此版本无法识别格式 {value}（只支持格式 {mine}）", value=fields.raw("format"), mine=FORMAT))
    kind = fields.choice("kind", KINDS)
    return {"product": fields.text("product"), "licence_id": fields.text("licence_id", LICENCE_ID, T(
                "letters, digits, '.', '_' and '-', up to 64", "字母、数字、'.'、'_' 和 '-'，最多 64 个")),
            "client_id": fields.text("client.id", CLIENT_ID, T("lower-case letters, digits and '-', up to 32",
                                                                "小写字母、数字和 '-'，最多 32 个")),
            "client_name": fields.text("client.name", r".{1,200}", T("up to 200 characters", "最多 200 个字符")),
            "kind": kind,
            "edition": fields.choice("edition", EDITIONS.get(kind, ())) if kind else None,
            "users": fields.count("users", allow_unlimited=True), "issued": fields.day("issued"),
            "valid_from": fields.day("valid_from"), "expires": fields.day("expires", allow_never=True),
            "support": fields.choice("support", SUPPORT_LEVELS), "features": _features(fields),
            "domain": _optional(fields, "bindings.domain", fields.text, DOMAIN, T("a lower-case domain name",
                                                                                "小写的域名")),
            "max_servers": _optional(fields, "bindings.max_servers", fields.count, maximum=1000)}


def _optional(fields: Fields, key: str, read, *args, **kwargs):
    return None if fields.raw(key) is None else read(key, *args, **kwargs)


def _features(fields: Fields) -> tuple:
    value = fields.raw("features")
    if not isinstance(value, list) or len(set(map(str, value))) != len(value):
        fields.problem("features", T("must be a list without repeats", "必须是没有重复项的列表"))
        return ()
    for i, item in enumerate(value):
        fields.choice(f"features[{i}]", FEATURES, item)
    return tuple(sorted(value, key=str))


def _cross_rules(fields: Fields, lic: Licence) -> None:
    if lic.kind == "saas" and lic.users != SAAS_USERS[lic.edition]:
        fields.problem("users", T("SaaS {edition} is for {n} users", "SaaS {edition} 版对应 {n} 个用户",
                                  edition=lic.edition, n=SAAS_USERS[lic.edition] or UNLIMITED))
    if lic.expires is None and lic.kind not in PERPETUAL_KINDS:
        fields.problem("expires", T("only a private deployment licence may be perpetual; {kind} needs a date",
                                    "只有私有部署授权可以永久有效；{kind} 需要到期日期", kind=lic.kind))
    if lic.expires is not None and lic.expires < lic.valid_from:
        fields.problem("expires", T("is before valid_from", "早于 valid_from"))
    if (lic.kind == "hybrid") != ("hybrid-ai" in lic.features):
        fields.problem("features", T("'hybrid-ai' goes with kind hybrid, and only with it",
                                     "'hybrid-ai' 必须且只能用于 hybrid 类型"))
    if (lic.max_servers or 1) > 1 and "multi-node" not in lic.features:
        fields.problem("bindings.max_servers", T("more than one server needs the 'multi-node' feature",
                                                 "多于一台服务器需要 'multi-node' 功能"))


def licence_from_fields(data: dict, code: str, message: Text, fix: Text) -> Licence:
    """The licence, or a LicenceError that lists every broken rule under `message`."""
    licence, problems = read_licence_fields(data)
    if licence is None:
        lines = "".join(f"\n  - {{p{i}}}" for i in range(len(problems)))
        args = {f"p{i}": p for i, p in enumerate(problems)}
        raise LicenceError(T("{message}" + lines, "{message}" + lines, message=message, **args), fix, code=code)
    return licence
