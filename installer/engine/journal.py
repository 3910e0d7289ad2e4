"""The journal on each target: which step finished in which run, so an interrupted install resumes
where it stopped and a report can say what happened. Written only after the commit point."""
from __future__ import annotations

import json
import shlex
import time


class Journal:
    def __init__(self, session, install_dir: str):
        self.session = session
        self.path = f"{install_dir.rstrip('/')}/.jobfirst/journal.jsonl"

    def entries(self) -> list[dict]:
        result = self.session.run(f"cat {shlex.quote(self.path)} 2>/dev/null || true", sudo=True, check=False)
        out = []
        for line in result.out.splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line cut by a crash; the next run writes whole lines again
        return out

    def last(self, step: str) -> dict | None:
        found = [e for e in self.entries() if e.get("step") == step]
        return found[-1] if found else None

    def record(self, run_id: str, step: str, status: str, **extra) -> None:
        line = json.dumps({"time": time.time(), "run": run_id, "step": step, "status": status, **extra},
                          ensure_ascii=False)
        directory = shlex.quote(self.path.rsplit("/", 1)[0])
        self.session.run(f"mkdir -p {directory} && chmod 0700 {directory} && "
                         f"printf '%s\\n' {shlex.quote(line)} >> {shlex.quote(self.path)}", sudo=True)
