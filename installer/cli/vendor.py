"""`jobfirst-vendor`: the vendor's side (licence keys and signing, bundle building)."""
from __future__ import annotations

import sys

from .main import run

COMMANDS: list[str] = ["vendor_licence", "vendor_bundle"]


def main(argv=None) -> int:
    return run(argv, "jobfirst-vendor", COMMANDS)


if __name__ == "__main__":
    sys.exit(main())
