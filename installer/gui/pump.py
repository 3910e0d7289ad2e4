"""Engine events to the GUI thread. The engine emits from worker threads, sometimes thousands of
progress events a second; they wait in a thread-safe queue and the GUI takes them in batches from a
timer, keeping only the newest progress of each step and target, so the window never falls behind."""
from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, QTimer, Slot

from ..engine.events import Progress


class EventPump(QObject):
    def __init__(self, handler, interval_ms: int = 40, parent=None):
        super().__init__(parent)
        self.handler = handler
        self._queue: deque = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.drain)

    def emit(self, event) -> None:
        """Called on any thread (the engine's emit callback)."""
        self._queue.append(event)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.drain()

    @Slot()
    def drain(self) -> None:
        for event in coalesce(self._take()):
            self.handler(event)

    def _take(self) -> list:
        taken = []
        while self._queue:
            taken.append(self._queue.popleft())
        return taken


def coalesce(events: list) -> list:
    """In order, except that runs of progress keep only the newest per (step, target)."""
    out, pending = [], {}
    for event in events:
        if isinstance(event, Progress):
            pending.pop((event.step, event.target), None)
            pending[(event.step, event.target)] = event
            continue
        out.extend(pending.values())
        pending.clear()
        out.append(event)
    return out + list(pending.values())
