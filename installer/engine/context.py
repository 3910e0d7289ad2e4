"""What a step works with: the answers, a session and journal per target, the event sink, cancel."""
from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass

from ..errors import Cancelled
from ..i18n import T, Text
from .events import Message, Progress


@dataclass
class TargetHandle:
    target: object      # the answer file's target record
    session: object     # remote.ssh.Session, connected
    journal: object     # engine.journal.Journal

    @property
    def host(self) -> str:
        return self.target.host


class Context:
    def __init__(self, answers, targets: list[TargetHandle], emit, asker):
        self.answers, self.targets, self.emit, self.asker = answers, targets, emit, asker
        self.run_id = time.strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
        self.cancel_event = threading.Event()
        self.step = ""
        self.shared: dict = {}  # what one step learned for later ones (the verified licence, the open bundle)

    def message(self, text: Text, level: str = "info", target: str | None = None) -> None:
        self.emit(Message(self.step, level, text, target))

    def progress(self, done: int, total: int | None, unit: str = "bytes", rate=None, eta=None, target=None) -> None:
        self.emit(Progress(self.step, done, total, unit, rate, eta, target))

    def check_cancelled(self) -> None:
        """Long steps call this between units of work; a cancel leaves the target resumable."""
        if self.cancel_event.is_set():
            raise Cancelled(T("Cancelled by the user. Run the same install again to continue where it stopped.",
                              "已被用户取消。再次运行同样的安装即可从中断处继续。"))
