"""Bytes, rate and time left for one target, at most ~5 events a second whatever the chunk rate."""
from __future__ import annotations

import time
from collections import deque


class ProgressMeter:
    def __init__(self, report, total: int, *, every: float = 0.2, window: float = 3.0, settle: float = 0.3,
                 clock=time.monotonic):
        """settle: no rate (nor time left) before the first this many seconds: the first chunk (tar
        headers, a few hundred bytes after the command started) would promise hours."""
        self.report, self.total, self.every, self.window, self.clock = report, total, every, window, clock
        self.settle, self._started = settle, clock()
        self.done, self._last, self.seconds = 0, float("-inf"), 0.0  # seconds: from the start to the last add
        self._samples: deque = deque([(clock(), 0)])

    def add(self, n: int) -> None:
        self.done += n
        now = self.clock()
        self.seconds = now - self._started
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.window:
            self._samples.popleft()
        if now - self._last >= self.every or self.done >= self.total:
            self._last = now
            self._emit(now)

    def rate(self, now: float) -> float | None:
        """Bytes per second over the last few seconds: a stall shows, an old burst does not linger."""
        start, done = self._samples[0]
        return (self.done - done) / (now - start) if now - self._started >= self.settle and now > start else None

    def _emit(self, now: float) -> None:
        rate = self.rate(now)
        eta = (self.total - self.done) / rate if rate else None
        self.report(self.done, self.total, rate, eta)
