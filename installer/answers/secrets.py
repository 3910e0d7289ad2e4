"""Secrets are given by reference, never inline: {env: NAME} or {file: PATH}. They are resolved
when used, registered for redaction in the log, and exported as the reference again."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import logs
from ..errors import InstallerError
from ..i18n import T


@dataclass(frozen=True)
class SecretRef:
    kind: str        # "env" | "file" | "value" (the last only from the wizard, never exported)
    ref: str
    key: str = ""    # answer-file key, for messages

    def resolve(self) -> str:
        if self.kind == "env":
            value = os.environ.get(self.ref)
            if value is None:
                raise InstallerError(
                    T("{key}: environment variable {var} is not set.", "{key}：环境变量 {var} 未设置。",
                      key=self.key, var=self.ref),
                    T("export {var}=... before running the installer.", "运行安装程序前先执行 export {var}=...。",
                      var=self.ref), code="secret.missing")
        elif self.kind == "file":
            try:
                value = Path(self.ref).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as err:
                raise InstallerError(
                    T("{key}: cannot read secret file {path}: {why}.", "{key}：无法读取密钥文件 {path}：{why}。",
                      key=self.key, path=self.ref, why=err.strerror or str(err)),
                    T("Check the path and that this user may read it.", "请检查路径以及当前用户是否有读取权限。"),
                    code="secret.missing")
        else:
            value = self.ref
        logs.register_secret(value)
        return value

    def export(self) -> dict:
        """The reference as it goes back into an answer file. A typed-in secret becomes an env reference."""
        if self.kind == "value":
            name = "JF_" + self.key.upper().replace(".", "_").replace("[", "_").replace("]", "")
            return {"env": name}
        return {self.kind: self.ref}

    def __repr__(self) -> str:  # never the value
        return f"SecretRef({self.kind}:{self.ref if self.kind != 'value' else '***'})"
