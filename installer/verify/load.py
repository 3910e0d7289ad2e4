"""A short load probe through the gateway: a bounded number of requests at a stated concurrency,
reporting latency percentiles and the error rate (the strategy's target: p95 < 200 ms)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from .http import GatewayClient


@dataclass
class LoadResult:
    requests: int
    concurrency: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 1.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict:
        return {"requests": self.requests, "concurrency": self.concurrency, "errors": self.errors,
                "error_rate": round(self.error_rate, 4), "seconds": round(self.seconds, 2),
                "requests_per_second": round(self.per_second, 1), "p50_ms": round(self.p50_ms, 1),
                "p95_ms": round(self.p95_ms, 1), "p99_ms": round(self.p99_ms, 1)}


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def probe(make_client, path: str, requests: int, concurrency: int, headers: dict | None = None,
          max_seconds: float = 120) -> LoadResult:
    """`requests` GETs of `path` over `concurrency` keep-alive connections, each opened with one
    untimed request first (as a browser keeps its connection); stops at max_seconds."""
    latencies, errors, lock = [], [0], threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + max_seconds

    def worker():
        client: GatewayClient = make_client()
        try:
            client.request("GET", path, headers=headers)  # warm-up: the TLS handshake is not a request's latency
        except OSError:
            pass
        try:
            while time.monotonic() < deadline:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                started = time.perf_counter()
                try:
                    status, _ = client.request("GET", path, headers=headers)
                    ok = status == 200
                except OSError:
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors[0] += 0 if ok else 1
        finally:
            client.close()
    start = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(concurrency, requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = sorted(latencies)
    return LoadResult(len(done), concurrency, errors[0] + (requests - len(done)), time.perf_counter() - start,
                      percentile(done, 50), percentile(done, 95), percentile(done, 99))
