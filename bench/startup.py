"""Start-up of the built installer against the same code run from source, measured in the same run: the size
of the folder a customer copies, and the time from start to the wizard's first window (offscreen),
alternating the two, median of several rounds after one warm-up each.

    .venv/bin/python bench/startup.py [--rounds 7] [--program PATH]

The program is the development build from tests/frozen/binary.py (built when its inputs changed) unless
--program names another (e.g. a --onefile build). Needs no root. The wizard reports its first window and
closes through JOBFIRST_GUI_QUIT_WHEN_SHOWN=1 (installer/gui/app.py)."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.frozen.binary import folder_bytes, program  # noqa: E402

SOURCE = [sys.executable, "-m", "installer.cli.main"]  # run in REPO: this source tree, whatever the venv points to
SIZE_TARGET_MB = 150


def time_to_window(command: list[str], log_dir: str) -> float:
    """Seconds from starting the command until the wizard says its window is shown."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JOBFIRST_LOG_DIR": log_dir,
           "JOBFIRST_GUI_QUIT_WHEN_SHOWN": "1"}
    started = time.monotonic()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                          cwd=REPO) as proc:
        watchdog = threading.Timer(60, proc.kill)  # a wizard that never closes (no hook) is not waited for
        watchdog.start()
        shown = next((time.monotonic() for line in proc.stdout if "window shown" in line), None)
        proc.wait()
        watchdog.cancel()
    if shown is None:
        raise SystemExit(f"{command[0]} exited ({proc.returncode}) without showing its window")
    return shown - started


def medians(built: list[str], rounds: int) -> tuple[float, float]:
    """Median start-up of the built program and of the source, interleaved so that load hits both alike."""
    times: dict[str, list[float]] = {"built": [], "source": []}
    with tempfile.TemporaryDirectory(prefix="jobfirst-startup-") as logs:
        for name, command in (("built", built), ("source", SOURCE)):
            time_to_window(command, logs)  # warm-up: page cache, .pyc files
        for _ in range(rounds):
            for name, command in (("built", built), ("source", SOURCE)):
                times[name].append(time_to_window(command, logs))
    return statistics.median(times["built"]), statistics.median(times["source"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--program", type=Path, help="a built program (default: the cached development build)")
    args = parser.parse_args()
    built = (args.program or program("dev")).resolve()
    shipped = built.parent if (built.parent / "_internal").is_dir() else built
    size_mb = folder_bytes(shipped) / 1e6 if shipped.is_dir() else built.stat().st_size / 1e6
    print(f"size of {shipped}: {size_mb:.1f} MB (target < {SIZE_TARGET_MB} MB)")
    ours, source = medians([str(built)], args.rounds)
    print(f"start-up to first window (offscreen), median of {args.rounds}: built {ours:.2f} s vs source "
          f"{source:.2f} s -> ratio {ours / source:.2f} (target <= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
