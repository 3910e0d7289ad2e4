"""One exception root. Every message is written for the person running the installer: what is
wrong and how to fix it. Library errors are translated into these where they enter."""
from __future__ import annotations

from .i18n import T, Text, plain


class InstallerError(Exception):
    code = "error"

    def __init__(self, message: Text | str, fix: Text | str | None = None, *, code: str | None = None,
                 where: str | None = None):
        self.text = message if isinstance(message, Text) else plain(message)
        self.fix = fix if (fix is None or isinstance(fix, Text)) else plain(fix)
        self.where = where  # e.g. a target host, a file:line
        if code:
            self.code = code
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None) -> str:
        text = self.text.render(lang)
        if self.where:
            text = f"{self.where}: {text}"
        if self.fix is not None:
            text += "\n  " + T("Fix: {fix}", "解决办法：{fix}", fix=self.fix).render(lang)
        return text

    def to_json(self) -> dict:
        out = {"code": self.code, "message": self.render(), "message_en": self.render("en"),
               "message_zh": self.render("zh")}
        if self.where:
            out["where"] = self.where
        return out


class AnswerFileError(InstallerError):
    """An answer file that cannot be used; carries every problem found, not just the first."""
    code = "answers.invalid"

    def __init__(self, path: str, problems: list):
        self.path, self.problems = path, problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(T("{path}: {n} problem(s):\n{lines}", "{path}：发现 {n} 个问题：\n{lines}",
                           path=path, n=len(problems), lines=lines))

    def to_json(self) -> dict:
        out = super().to_json()
        out["problems"] = [p.to_json() for p in self.problems]
        return out


class RemoteError(InstallerError):
    code = "remote"


class ConnectError(RemoteError):
    code = "ssh.unreachable"


class LoginRefused(RemoteError):
    code = "ssh.login_refused"


class HostKeyError(RemoteError):
    code = "ssh.host_key"


class SudoError(RemoteError):
    code = "ssh.sudo"


class CommandFailed(RemoteError):
    code = "remote.command_failed"


class CommandTimeout(RemoteError):
    code = "remote.timeout"


class NeedsAnswer(InstallerError):
    """Headless run met a question the answer file does not answer."""
    code = "answers.missing"


class Cancelled(InstallerError):
    code = "cancelled"


class StepFailed(InstallerError):
    code = "step.failed"
