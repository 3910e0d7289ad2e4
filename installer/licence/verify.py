"""Reading a licence the customer picked or pasted. The order matters: the signature is checked over
the exact bytes in the file before any field is read, and only then are the fields checked."""
from __future__ import annotations

import dataclasses

from .. import trust
from ..i18n import T
from .armor import MAX_BYTES, Armored, decode_text, unarmor
from .canonical import load_json
from .errors import ASK_VENDOR, USE_ORIGINAL, LicenceError
from .model import PRODUCT, Licence
from .rules import licence_from_fields


def read_licence_file(path: str) -> Licence:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise LicenceError(T("Cannot read the licence file {path}: {why}.", "无法读取授权文件 {path}：{why}。",
                             path=path, why=err.strerror or str(err)),
                           T("Check the path; pick the .lic file JobFirst sent you.",
                             "请检查路径，选择 JobFirst 提供的 .lic 文件。"), code="licence.unreadable") from None
    if len(raw) > MAX_BYTES:
        raise LicenceError(T("{path} is too large to be a licence (a licence is about 1 KB).",
                             "{path} 太大，不是授权文件（授权文件约 1 KB）。", path=path), USE_ORIGINAL,
                           code="licence.not_a_licence")
    try:
        return read_licence_text(decode_text(raw))
    except LicenceError as err:
        err.where = err.where or path  # say which file, as the other messages here do
        raise


def read_licence_text(text: str) -> Licence:
    armored = unarmor(text)
    _check_signature(armored)
    data = load_json(armored.body)
    if data.get("product") != PRODUCT:
        raise LicenceError(T("This licence is for another product ({product}), not JobFirst.",
                             "此授权属于其他产品（{product}），不是 JobFirst 的授权。", product=data.get("product")),
                           T("Pick the JobFirst licence file.", "请选择 JobFirst 的授权文件。"),
                           code="licence.wrong_product")
    licence = licence_from_fields(data, "licence.format", T("The licence is signed but not usable:",
                                                            "授权签名有效，但内容无法使用："), ASK_VENDOR)
    return dataclasses.replace(licence, body=armored.body, signature=armored.signature, key_id=armored.key_id)


def _check_signature(armored: Armored) -> None:
    if trust.verify_signature(armored.body, armored.signature):
        return
    if armored.key_id in trust.trusted_key_ids():
        raise LicenceError(T("The licence was changed after JobFirst signed it: its content no longer matches "
                             "its signature.", "授权在 JobFirst 签发后被修改过：内容与签名不再相符。"),
                           T("Licence details cannot be edited. Use the unmodified file; if a detail is wrong, "
                             "ask JobFirst for a new licence.", "授权内容不能修改。请使用未经修改的文件；"
                             "如有内容错误，请向 JobFirst 申请新的授权。"), code="licence.tampered")
    raise LicenceError(T("The licence is not signed by JobFirst: it was signed with a key this installer does not "
                         "trust (key {kid}), or changed after signing.",
                         "授权不是由 JobFirst 签发的：签名所用的密钥不受本安装程序信任（密钥 {kid}），或签发后被修改过。",
                         kid=armored.key_id or "?"),
                       T("Use the licence file JobFirst sent you; only JobFirst can issue licences.",
                         "请使用 JobFirst 提供的授权文件；授权只能由 JobFirst 签发。"), code="licence.untrusted")
