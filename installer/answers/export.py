"""Writing an answer file from the data the wizard filled (Anaconda's kickstart export): the same
YAML-shaped dict the schema validates, secrets only as references, so it replays the install headless."""
from __future__ import annotations

import os
import time

import yaml

from ..errors import InstallerError
from ..i18n import T
from .fields import ListOf, Secret, Section
from .problem import dotted
from .schema import SCHEMA


def clean(data):
    """Without empty values and private keys (_source): what a person would write by hand."""
    if isinstance(data, dict):
        out = {k: clean(v) for k, v in data.items() if not str(k).startswith("_")}
        return {k: v for k, v in out.items() if v not in (None, "", {})}
    if isinstance(data, list):
        return [clean(v) for v in data]
    return data


# libyaml's emitter when PyYAML has it (its wheels do): same text, 4x faster; the wizard dumps on every edit
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: dict) -> str:
    return yaml.dump(clean(data), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False)


def secret_values(data: dict, spec=SCHEMA, path: tuple = ()):
    """(path, value) of every place the schema calls a secret, wherever it is in the data."""
    if isinstance(spec, Secret):
        yield path, data
    elif isinstance(spec, Section) and isinstance(data, dict):
        for key, sub in spec.fields.items():
            if data.get(key) is not None:
                yield from secret_values(data[key], sub, path + (key,))
    elif isinstance(spec, ListOf) and isinstance(data, list):
        for i, item in enumerate(data):
            yield from secret_values(item, spec.item, path + (i,))


def env_names(data: dict) -> list[str]:
    """The environment variables a headless replay needs, in the order of the file."""
    names = [v["env"] for _, v in secret_values(data) if isinstance(v, dict) and "env" in v]
    return list(dict.fromkeys(names))


def refuse_secret_values(data: dict) -> None:
    for path, value in secret_values(data):
        if not (isinstance(value, dict) and len(value) == 1 and set(value) <= {"env", "file"}):
            raise InstallerError(T("{key} holds a secret value; an answer file may only refer to one.",
                                   "{key} 中是密钥的值；应答文件只能引用密钥。", key=dotted(path)),
                                 T("Give it as {{env: VARIABLE}} or {{file: /path}}.",
                                   "请写成 {{env: 变量名}} 或 {{file: /路径}}。"), code="answers.inline_secret")


def header(names: list[str]) -> str:
    lines = [T("# JobFirst answer file, saved by the installer wizard on {when}.",
               "# JobFirst 应答文件，由安装向导于 {when} 保存。", when=time.strftime("%Y-%m-%d %H:%M")).render(),
             T("# Replay the same install without the wizard:", "# 不使用向导重放同样的安装：").render()]
    lines += [f"#   export {name}=..." for name in names]
    lines.append("#   jobfirst-installer install --answers THIS_FILE --yes")
    return "\n".join(lines) + "\n"


def export_answers(data: dict, path: str) -> list[str]:
    """Writes the file (references only, never a secret value); returns the variables to set before a replay."""
    refuse_secret_values(data)
    names = env_names(data)
    text = header(names) + dump(data)
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return names
