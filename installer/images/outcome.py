"""Reading what `docker load` said. Its exit status is not enough: a full disk can end a load with
messages and no error code, and a layer that fails its DiffID check names itself only in the text.
Whatever the text says, the images are then confirmed with `docker image inspect` (see step.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass

BAD_LAYER = re.compile(r'(?:invalid diffID for layer \d+: expected|layer) "?(sha256:[0-9a-f]{64})"?')
LOADED = re.compile(r"^Loaded image(?: ID)?: (\S+)$", re.M)
NO_SPACE = "no space left on device"
ERROR_WORDS = ("error", "invalid", "unexpected eof", "failed", "denied", "cannot", "no such")


@dataclass(frozen=True)
class LoadOutcome:
    rc: int
    loaded: tuple[str, ...]      # names (or IDs) docker said it loaded
    errors: tuple[str, ...]      # lines that say something went wrong
    no_space: bool
    bad_layer: str | None        # sha256:... of a layer whose content did not match its DiffID

    @property
    def ok(self) -> bool:
        return self.rc == 0 and not self.errors and not self.no_space

    @property
    def summary(self) -> str:
        return "; ".join(self.errors)[-600:] or f"exit status {self.rc}"


def read_load_output(rc: int, out: str, err: str) -> LoadOutcome:
    text = f"{out}\n{err}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = tuple(line for line in lines if not LOADED.match(line) and any(w in line.lower() for w in ERROR_WORDS))
    bad = next((m[1] for line in errors if "diffid" in line.lower() or "digest" in line.lower()
                for m in [BAD_LAYER.search(line)] if m), None)
    return LoadOutcome(rc, tuple(LOADED.findall(text)), errors, NO_SPACE in text.lower(), bad)


def tag_list(output: str) -> dict[str, str]:
    """repo:tag -> image ID from `docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}'` lines."""
    pairs = (line.split() for line in output.splitlines())
    return {p[0]: p[1] for p in pairs if len(p) == 2 and p[1].startswith("sha256:") and not p[0].endswith("<none>")}
