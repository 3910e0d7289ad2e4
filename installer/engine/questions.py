"""Every question the engine may ask goes through one interface (certbot's way). Headless, a
question the answer file does not answer is an error that names the key or flag to set."""
from __future__ import annotations

from ..errors import HostKeyError, NeedsAnswer
from ..i18n import T, Text


class Asker:
    def confirm(self, key: str, question: Text, detail: Text | None = None) -> bool:
        raise NotImplementedError

    def trust_host_key(self, host: str, port: int, fingerprint: str) -> bool:
        raise NotImplementedError


class HeadlessAsker(Asker):
    def __init__(self, assume_yes: bool = False, trust_new_host_keys: bool = False, notify=None):
        self.assume_yes, self.trust_new = assume_yes, trust_new_host_keys
        self.notify = notify or (lambda text: None)

    def confirm(self, key, question, detail=None):
        if self.assume_yes:
            return True
        raise NeedsAnswer(T("{question} (not confirmed)", "{question}（未确认）", question=question),
                          T("Review the plan above, then run again with --yes to go ahead.",
                            "请检查上面的计划，然后加上 --yes 重新运行以继续。"))

    def trust_host_key(self, host, port, fingerprint):
        if not self.trust_new:
            raise HostKeyError(
                T("Unknown SSH host key for {host}:{port}: {fp}.", "{host}:{port} 的 SSH 主机密钥未知：{fp}。",
                  host=host, port=port, fp=fingerprint),
                T("Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the server console, then "
                  "add `host_key: {fp}` to this target in the answer file (or run once with --trust-new-host-keys).",
                  "请在服务器控制台上用 `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` 核对，然后在应答文件中为该服务器"
                  "加上 `host_key: {fp}`（或加 --trust-new-host-keys 运行一次）。", fp=fingerprint),
                code="ssh.host_key_unknown", where=host)
        self.notify(T("Trusting new host key of {host}:{port}: {fp} (recorded).",
                      "信任 {host}:{port} 的新主机密钥：{fp}（已记录）。", host=host, port=port, fp=fingerprint))
        return True
