"""Run every benchmark: `.venv/bin/python bench/run.py [--rounds N] [--no-shaped]` (root; not part of pytest).
Each line ends with a ratio against a baseline measured in this same run."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import images  # noqa: E402
from bench.common import Bench, demo_bundles  # noqa: E402
from installer.bundle import Bundle  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the timed comparisons (median)")
    parser.add_argument("--no-shaped", action="store_true", help="skip the fresh install over a 1 Gbit/s link")
    args = parser.parse_args()
    paths = demo_bundles()
    old, new = Bundle.open(paths["1.0.0"]), Bundle.open(paths["1.1.0"])
    with Bench() as bench:
        images.throughput(bench, old, args.rounds)
        images.fresh_install(bench, old, args.rounds)
        images.stream_alone(bench, old, args.rounds)
        images.upgrade(bench, old, new)
        images.memory(bench, old)
        if not args.no_shaped:
            images.shaped_fresh_install(bench, old, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
