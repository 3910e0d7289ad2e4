"""The vendor's description of a licence (YAML or JSON), filled with defaults and checked against
every rule before anything is signed."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..answers import yamlsafe
from ..i18n import T, plain
from .canonical import load_json
from .errors import LicenceError
from .model import FORMAT, PRODUCT, SAAS_USERS, UNLIMITED, Licence
from .rules import licence_from_fields

FIX_DESCRIPTION = T("Correct the description file and sign again; docs/licence.md lists every field.",
                    "请修改描述文件后重新签发；docs/licence.md 列出了所有字段。")


def load_description(path: str, today: date) -> Licence:
    data = _read(path)
    with_defaults(data, today)
    return licence_from_fields(data, "licence.description",
                               T("{path} does not describe a valid licence:", "{path} 不是有效的授权描述：", path=path),
                               FIX_DESCRIPTION)


def with_defaults(data: dict, today: date) -> None:
    """What a description may leave out. The expiry date is never defaulted: perpetual is said explicitly."""
    data.setdefault("format", FORMAT)
    data.setdefault("product", PRODUCT)
    data.setdefault("issued", today)
    data.setdefault("valid_from", data["issued"])
    data.setdefault("support", "basic")
    data.setdefault("features", [])
    if data.get("kind") == "hybrid" and isinstance(data["features"], list) and "hybrid-ai" not in data["features"]:
        data["features"] = data["features"] + ["hybrid-ai"]
    if data.get("kind") == "saas" and data.get("edition") in SAAS_USERS:
        data.setdefault("users", SAAS_USERS[data["edition"]] or UNLIMITED)
    bindings = data.get("bindings")
    if isinstance(bindings, dict) and isinstance(bindings.get("domain"), str):
        bindings["domain"] = bindings["domain"].lower()


def _read(path: str) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise LicenceError(T("Cannot read {path}: {why}.", "无法读取 {path}：{why}。", path=path,
                             why=err.strerror or str(err)), T("Check the path.", "请检查路径。"),
                           code="licence.unreadable") from None
    if path.lower().endswith(".json"):
        return load_json(raw, what=path, fix=FIX_DESCRIPTION)
    return _yaml(raw.decode("utf-8-sig", "replace"), path)


def _yaml(text: str, path: str) -> dict:
    data, _, problems = yamlsafe.parse(text)
    if not problems and not isinstance(data, dict):
        problems = [plain("the file must be a mapping of keys (licence_id:, client:, kind:, ...)")]
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise LicenceError(T("{path} cannot be read:\n{lines}", "无法读取 {path}：\n{lines}", path=path, lines=lines),
                           FIX_DESCRIPTION, code="licence.description")
    return data
