"""Long work off the GUI thread. Each job runs on its own QThread; the thread and the job object stay
referenced here until the thread has finished (a collected QThread crashes the process), results come
back to the GUI thread through queued signals, and every job is cancelled and waited for on quit."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class _Job(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as err:  # noqa: BLE001 - every error goes back to the page that started the job
            self.failed.emit(err)
        else:
            self.done.emit(result)
        finally:
            QThread.currentThread().quit()  # thread-safe; ends this job's event loop


class _Relay(QObject):
    """Lives in the GUI thread, so the job's signals reach the callbacks there (queued)."""

    def __init__(self, on_done, on_error):
        super().__init__()
        self.on_done, self.on_error = on_done, on_error

    @Slot(object)
    def deliver(self, result) -> None:
        self.on_done(result)

    @Slot(object)
    def fail(self, err) -> None:
        self.on_error(err)


class Tasks(QObject):
    idle = Signal()  # the last running job has finished

    def __init__(self, parent=None):
        super().__init__(parent)
        self._running: dict = {}  # QThread -> (job, relay, cancel)

    def start(self, fn, on_done, on_error, cancel=None) -> QThread:
        thread, job, relay = QThread(), _Job(fn), _Relay(on_done, on_error)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(relay.deliver)
        job.failed.connect(relay.fail)
        thread.finished.connect(self._forget)
        self._running[thread] = (job, relay, cancel)
        thread.start()
        return thread

    def busy(self) -> bool:
        return bool(self._running)

    @Slot()
    def _forget(self) -> None:
        thread = self.sender()
        job, relay, _ = self._running.pop(thread, (None, None, None))
        if job is not None:
            job.deleteLater()
            thread.deleteLater()
        if not self._running:
            self.idle.emit()

    def stop_all(self, wait_ms: int = 20000) -> None:
        """On quit: ask every job to stop (the engine leaves targets resumable), then wait for it."""
        for thread, (_, _, cancel) in list(self._running.items()):
            if cancel is not None:
                cancel()
        for thread in list(self._running):
            if not thread.wait(wait_ms):
                log.warning("a background job did not stop within %d ms", wait_ms)


class Latest:
    """Runs a job whose result only counts while it is the newest one (live validation, re-runs)."""

    def __init__(self, tasks: Tasks):
        self.tasks, self.generation = tasks, 0

    def run(self, fn, on_done, on_error, cancel=None) -> None:
        self.generation += 1
        mine = self.generation
        self.tasks.start(fn, lambda r: mine == self.generation and on_done(r),
                         lambda e: mine == self.generation and on_error(e), cancel)

    def forget(self) -> None:
        self.generation += 1
