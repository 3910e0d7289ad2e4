"""A small declarative schema: each field converts a YAML value or records a problem for it.
Written here rather than taken from a library so that every message is bilingual, names the key and
its line, and suggests the key the user probably meant."""
from __future__ import annotations

import difflib
import ipaddress
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..i18n import T, Text
from .problem import Problem
from .secrets import SecretRef

MISSING = object()


class Record(dict):
    """A validated section; keys readable as attributes (answers.tls.domain)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Context:
    def __init__(self, positions: dict, base_dir: str):
        self.positions, self.base_dir, self.problems = positions, base_dir, []

    def problem(self, path: tuple, message: Text, code: str = "answers.invalid") -> None:
        probe = path
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, col = self.positions.get(probe, (None, None))
        self.problems.append(Problem(path, message, line, col, code))


def _type_name(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


def _wrong_type(ctx, path, want: str, value):
    ctx.problem(path, T("Expected {want}, found {got}.", "应为 {want}，实际为 {got}。",
                        want=want, got=_type_name(value)), "answers.type")
    return MISSING


@dataclass
class Field:
    required: bool = False
    default: Any = None
    doc: str = ""

    def convert(self, value, path, ctx):
        return value


@dataclass
class Str(Field):
    pattern: str | None = None
    hint: str = ""

    def convert(self, value, path, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return _wrong_type(ctx, path, "text", value)
        if not value.strip():
            ctx.problem(path, T("Must not be empty.", "不能为空。"))
            return MISSING
        if self.pattern and not re.fullmatch(self.pattern, value):
            ctx.problem(path, T("'{value}' is not valid here: {hint}.", "'{value}' 无效：{hint}。",
                                value=value, hint=self.hint or self.pattern))
            return MISSING
        return value


@dataclass
class Int(Field):
    min: int | None = None
    max: int | None = None

    def convert(self, value, path, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            return _wrong_type(ctx, path, "a whole number", value)
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            ctx.problem(path, T("{value} is out of range; use {lo} to {hi}.", "{value} 超出范围，应在 {lo} 到 {hi} 之间。",
                                value=value, lo=self.min, hi=self.max))
            return MISSING
        return value


@dataclass
class Bool(Field):
    def convert(self, value, path, ctx):
        return value if isinstance(value, bool) else _wrong_type(ctx, path, "true or false", value)


@dataclass
class Choice(Field):
    choices: tuple = ()

    def convert(self, value, path, ctx):
        if value in self.choices:
            return value
        ctx.problem(path, T("'{value}' is not one of: {choices}.", "'{value}' 不是以下之一：{choices}。",
                            value=value, choices=", ".join(map(str, self.choices))))
        return MISSING


@dataclass
class FilePath(Field):
    must_exist: bool = True
    directory: bool = False

    def convert(self, value, path, ctx):
        if not isinstance(value, str) or not value:
            return _wrong_type(ctx, path, "a file path", value)
        full = os.path.normpath(os.path.join(ctx.base_dir, os.path.expanduser(value)))
        if self.must_exist and not os.path.exists(full):
            ctx.problem(path, T("{path} does not exist (paths are relative to the answer file's folder).",
                                "{path} 不存在（相对路径以应答文件所在目录为准）。", path=full), "answers.file")
            return MISSING
        return full


@dataclass
class RemotePath(Field):
    def convert(self, value, path, ctx):
        if not isinstance(value, str) or not value.startswith("/") or "\n" in value or "'" in value:
            ctx.problem(path, T("Must be an absolute path on the server, like /opt/jobfirst.",
                                "必须是服务器上的绝对路径，例如 /opt/jobfirst。"))
            return MISSING
        return os.path.normpath(value)


@dataclass
class Host(Field):
    def convert(self, value, path, ctx):
        if isinstance(value, str):
            try:
                return str(ipaddress.ip_address(value))
            except ValueError:
                if re.fullmatch(r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)+", value):
                    return value.rstrip(".")
        ctx.problem(path, T("'{value}' is not an IP address or host name.", "'{value}' 不是 IP 地址或主机名。",
                            value=value))
        return MISSING


@dataclass
class Network(Field):
    def convert(self, value, path, ctx):
        try:
            return str(ipaddress.ip_network(str(value), strict=False))
        except ValueError:
            ctx.problem(path, T("'{value}' is not a network; write it like 198.18.0.0/24.",
                                "'{value}' 不是网段，请写成 198.18.0.0/24 的形式。", value=value))
            return MISSING


@dataclass
class Secret(Field):
    def convert(self, value, path, ctx):
        key = ".".join(str(p) for p in path)
        if isinstance(value, dict) and len(value) == 1:
            (kind, ref), = value.items()
            if kind in ("env", "file") and isinstance(ref, str) and ref:
                if kind == "file":
                    ref = os.path.normpath(os.path.join(ctx.base_dir, os.path.expanduser(ref)))
                return SecretRef(kind, ref, key)
        ctx.problem(path, T("Secrets are given by reference, never written in the file: use {{env: VARIABLE}} "
                            "or {{file: /path/to/secret}}.",
                            "密钥只能以引用方式给出，不能直接写在文件里：请使用 {{env: 变量名}} 或 {{file: /密钥/文件路径}}。"),
                    "answers.inline_secret")
        return MISSING


@dataclass
class ListOf(Field):
    item: Field = None
    min_items: int = 0

    def convert(self, value, path, ctx):
        if not isinstance(value, list):
            return _wrong_type(ctx, path, "a list", value)
        if len(value) < self.min_items:
            ctx.problem(path, T("Needs at least {n} entry/entries.", "至少需要 {n} 项。", n=self.min_items))
        out = [self.item.convert(v, path + (i,), ctx) for i, v in enumerate(value)]
        return MISSING if any(v is MISSING for v in out) else out


@dataclass
class Section(Field):
    fields: dict = field(default_factory=dict)
    checks: list[Callable] = field(default_factory=list)  # cross-field rules: fn(record, path, ctx)

    def convert(self, value, path, ctx):
        if value is None and not self.required:
            if any(spec.required for spec in self.fields.values()):
                return None  # an optional section that was left out
            value = {}
        if not isinstance(value, dict):
            return _wrong_type(ctx, path, "a mapping (key: value lines)", value)
        for key in value:
            if key not in self.fields:
                guess = difflib.get_close_matches(key, list(self.fields), n=1)
                hint = T(" Did you mean '{g}'?", "是否想写 '{g}'？", g=guess[0]) if guess else T("", "")
                ctx.problem(path + (key,), T("Unknown key '{key}'.{hint} Known keys: {known}.",
                                             "未知的键 '{key}'。{hint}可用的键：{known}。", key=key, hint=hint,
                                             known=", ".join(self.fields)), "answers.unknown_key")
        out, ok = Record(), True
        for key, spec in self.fields.items():
            if key not in value or value[key] is None and not isinstance(spec, Section):
                if spec.required:
                    ctx.problem(path + (key,), T("Required key '{key}' is missing.", "缺少必填的键 '{key}'。", key=key),
                                "answers.missing")
                    ok = False
                out[key] = spec.convert(None, path + (key,), ctx) if isinstance(spec, Section) else spec.default
                continue
            out[key] = spec.convert(value[key], path + (key,), ctx)
            ok = ok and out[key] is not MISSING
        if ok:
            for rule in self.checks:
                rule(out, path, ctx)
        return out
