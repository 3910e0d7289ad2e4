"""The licence body's bytes: canonical JSON (sorted keys, no spaces, UTF-8). The vendor signs these
bytes and the installer verifies these same bytes before it reads a single field from them."""
from __future__ import annotations

import json

from ..i18n import T
from .errors import ASK_VENDOR, LicenceError


def canonical_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise _Duplicate(f"a key appears twice in {sorted(keys)}")
    return dict(pairs)


def _no_constants(name):
    raise ValueError(f"{name} is not allowed")


def load_json(raw: bytes, what="licence", fix=ASK_VENDOR) -> dict:
    """Strict JSON: one object, UTF-8, no repeated keys (two readers could disagree on which counts)."""
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError) as err:
        raise _unreadable(what, str(err), fix) from None
    if not isinstance(data, dict):
        raise _unreadable(what, "not a JSON object", fix)
    return data


def _unreadable(what: str, why: str, fix) -> LicenceError:
    return LicenceError(T("The {what} is not readable JSON: {why}.", "{what} 不是可读取的 JSON：{why}。",
                          what=what, why=why), fix, code="licence.format")
