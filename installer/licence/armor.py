"""The licence as text: the signed body (canonical JSON bytes, base64) and the Ed25519 signature over
exactly those bytes, each between marker lines. Base64 keeps the file ASCII, so Chinese client
names survive e-mail, chat and Windows editors that would re-encode them.

Reading tolerates what copying and pasting does (CRLF, indentation, blank lines, text around the
block, a BOM, dashes turned into long dashes), never a change to the encoded content."""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from ..i18n import T
from .errors import USE_ORIGINAL, LicenceError

BODY, SIGNATURE = "JOBFIRST LICENCE", "JOBFIRST LICENCE SIGNATURE"
KEY_ID_HEADER = "Key-Id"
MAX_BYTES = 64 * 1024
WIDTH = 64
SIGNATURE_BYTES = 64


@dataclass(frozen=True)
class Armored:
    body: bytes
    signature: bytes
    key_id: str | None  # a hint for messages; the signature itself decides


def armor(body: bytes, signature: bytes, key_id: str) -> str:
    return "\n".join(_block(BODY, [], body) + _block(SIGNATURE, [f"{KEY_ID_HEADER}: {key_id}"], signature)) + "\n"


def _block(label: str, headers: list[str], data: bytes) -> list[str]:
    encoded = base64.b64encode(data).decode("ascii")
    lines = [encoded[i:i + WIDTH] for i in range(0, len(encoded), WIDTH)]
    return [f"-----BEGIN {label}-----", *headers, *lines, f"-----END {label}-----"]


def decode_text(raw: bytes) -> str:
    """Bytes of a licence file as text: UTF-8 (with or without BOM) or UTF-16 as Windows Notepad saves it."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", "replace")
    return raw.decode("utf-8-sig", "replace")


def unarmor(text: str) -> Armored:
    lines = [line.strip() for line in text.splitlines()]
    if not any(lines):
        raise LicenceError(T("The licence is empty.", "授权内容为空。"), USE_ORIGINAL, code="licence.empty")
    body_lines = _between(lines, BODY)
    sig_lines = _between(lines, SIGNATURE)
    headers = dict(_header(line) for line in sig_lines if ":" in line)
    sig = _base64([line for line in sig_lines if ":" not in line], T("signature", "签名"))
    if len(sig) != SIGNATURE_BYTES:
        raise _damaged(T("the signature has the wrong length", "签名长度不正确"))
    return Armored(_base64(body_lines, T("licence body", "授权正文")), sig, headers.get(KEY_ID_HEADER))


def _marker(line: str) -> str | None:
    """'BEGIN JOBFIRST LICENCE' for '-----BEGIN JOBFIRST LICENCE-----', also with long dashes or spaces."""
    match = re.fullmatch(r"[-\u2013\u2014\u2012\s]{3,}((?:BEGIN|END) [A-Z ]+?)[-\u2013\u2014\u2012\s]{3,}", line)
    return " ".join(match.group(1).split()) if match else None


def _between(lines: list[str], label: str) -> list[str]:
    markers = [_marker(line) for line in lines]
    begins = [i for i, m in enumerate(markers) if m == f"BEGIN {label}"]
    if not begins:
        raise _missing_begin(label)
    if len(begins) > 1:
        raise LicenceError(T("The text holds more than one licence.", "文本中包含不止一份授权。"),
                           T("Pick or paste one licence only.", "请只选择或粘贴一份授权。"), code="licence.several")
    ends = [i for i, m in enumerate(markers) if m == f"END {label}" and i > begins[0]]
    if not ends:
        raise _truncated(f"-----END {label}-----")
    return [line for line in lines[begins[0] + 1:ends[0]] if line]


def _missing_begin(label: str) -> LicenceError:
    if label == SIGNATURE:  # the body was there: the end of the text was cut off
        return _truncated(f"-----BEGIN {SIGNATURE}-----")
    return LicenceError(T("This is not a JobFirst licence: the line -----BEGIN {label}----- is missing.",
                          "这不是 JobFirst 授权：缺少 -----BEGIN {label}----- 这一行。", label=BODY),
                        USE_ORIGINAL, code="licence.not_a_licence")


def _truncated(missing: str) -> LicenceError:
    return LicenceError(T("The licence is incomplete: the line {missing} is missing; it was probably cut off when "
                          "it was copied.", "授权不完整：缺少 {missing} 这一行，可能是复制时被截断了。", missing=missing),
                        T("Copy the whole licence again, down to its last line -----END {label}-----.",
                          "请重新复制完整的授权，直到最后一行 -----END {label}-----。", label=SIGNATURE),
                        code="licence.truncated")


def _header(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip(), value.strip()


def _base64(lines: list[str], what) -> bytes:
    try:
        data = base64.b64decode("".join(lines), validate=True)
    except (binascii.Error, ValueError):
        raise _damaged(T("the {what} is not valid base64 text", "{what}不是有效的 base64 文本", what=what)) from None
    if not data:
        raise _damaged(T("the {what} is empty", "{what}为空", what=what))
    return data


def _damaged(why) -> LicenceError:
    return LicenceError(T("The licence text is damaged: {why}.", "授权文本已损坏：{why}。", why=why),
                        USE_ORIGINAL, code="licence.damaged")
