"""The wizard's data model: the answer file as a plain dict that the pages fill and the schema checks,
exactly as headless (Anaconda/kickstart). A secret typed in goes into this process's environment under a
generated name and the dict refers to it, so the dict never holds a secret value. No Qt here."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .. import logs
from ..answers import yamlsafe
from ..answers.export import dump, export_answers
from ..answers.loader import check_text, load_answers

DEFAULT_TARGET = {"host": "", "port": 22, "user": "root"}
TARGET_SECRETS = ("password", "sudo_password", "key_passphrase")


def env_name(path: tuple) -> str:
    """('targets', 0, 'sudo_password') -> JF_TARGET_1_SUDO_PASSWORD (1-based, as an admin counts)."""
    parts = [str(p + 1) if isinstance(p, int) else p for p in path]
    if parts and parts[0] == "targets":
        parts[0] = "target"
    return "JF_" + re.sub(r"[^A-Za-z0-9]+", "_", "_".join(parts)).upper()


def wizard_dir() -> Path:
    """Where the wizard keeps what it made (a pasted licence, the answers of the running install)."""
    return logs.log_dir().parent / "wizard"


class WizardModel:
    def __init__(self, data: dict | None = None, base_dir: str | None = None):
        self.data = data if data is not None else {"version": 1, "targets": []}
        self.base_dir = base_dir or os.getcwd()

    @classmethod
    def from_file(cls, path: str) -> "WizardModel":
        """Pre-fills from an answer file; problems in it are shown by the pages, not refused here."""
        with open(path, encoding="utf-8-sig") as fh:
            data, _, problems = yamlsafe.parse(fh.read())
        if not isinstance(data, dict):
            raise ValueError(str(problems[0]) if problems else "not a mapping")
        data.setdefault("targets", [])
        return cls(data, os.path.dirname(os.path.abspath(path)))

    # -- checking ----------------------------------------------------------------------------
    def check(self):
        """(answers or None, problems) through the same schema as `validate`."""
        return check_text(dump(self.data), self.base_dir)

    def problems(self, *prefix) -> list:
        return [p for p in self.check()[1] if tuple(p.path[:len(prefix)]) == prefix]

    def check_part(self, keys=(), targets=None):
        """(answers, problems) for only some keys, e.g. one server before the rest is filled in."""
        part = {"version": 1, "targets": self.targets if targets is None else targets}
        part.update({k: self.data[k] for k in keys if k in self.data})
        return check_text(dump(part), self.base_dir)

    def save_for_run(self, data: dict | None = None) -> dict:
        """Writes the answers the install runs with and loads them as headless does (paths, _source).
        data: a copy of self.data taken on the GUI thread, when this runs on a worker."""
        folder = wizard_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "answers.yaml"
        export_answers(self.data if data is None else data, str(path))
        return load_answers(str(path))

    # -- editing -----------------------------------------------------------------------------
    def section(self, name: str) -> dict:
        if not isinstance(self.data.get(name), dict):
            self.data[name] = {}
        return self.data[name]

    def set(self, section: dict, key: str, value) -> None:
        """Empty means 'not given' (the schema's default applies), as in a hand-written file."""
        if value in (None, "", []):
            section.pop(key, None)
        else:
            section[key] = value

    @property
    def targets(self) -> list:
        return self.data.setdefault("targets", [])

    def add_target(self) -> int:
        self.targets.append(dict(DEFAULT_TARGET))
        return len(self.targets) - 1

    def remove_target(self, index: int) -> None:
        """Later targets move up; their generated variables follow, so a new entry never reuses a name."""
        del self.targets[index]
        for j, target in enumerate(self.targets[index:], start=index):
            for key in TARGET_SECRETS:
                ref, old = target.get(key), env_name(("targets", j + 1, key))
                if isinstance(ref, dict) and ref.get("env") == old:
                    self.put_secret(target, ("targets", j, key), os.environ.pop(old, ""))

    def put_secret(self, section: dict, path: tuple, value: str) -> None:
        """Typed-in secret -> this process's environment; the model keeps {env: NAME}."""
        key = path[-1]
        if not value:
            section.pop(key, None)
            return
        name = env_name(path)
        os.environ[name] = value
        logs.register_secret(value)
        section[key] = {"env": name}

    def pin_host_key(self, host: str, port: int, fingerprint: str) -> None:
        for target in self.targets:
            if target.get("host") == host and int(target.get("port") or 22) == int(port):
                target["host_key"] = fingerprint
