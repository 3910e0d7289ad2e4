"""Rebuild the shipped CJK font subset (run by hand when the UI gains characters; not at install time).

    python3 -m venv /tmp/fv && /tmp/fv/bin/pip install fonttools
    /tmp/fv/bin/python assets/fonts/make_subset.py [/usr/share/fonts/opentype/noto]

Source: Debian's fonts-noto-cjk (Noto Sans CJK SC, SIL OFL 1.1). Kept: ASCII, Latin-1, punctuation and
symbols the wizard uses, every GB 2312 character (the 6,763 common hanzi) and every character in the
installer's own messages, so Chinese never renders as boxes even on a machine without a CJK font."""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SC_FACE = 2  # index of "Noto Sans CJK SC" in NotoSansCJK-*.ttc
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF),
          (0x2500, 0x25FF), (0x2600, 0x27BF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def gb2312() -> set[int]:
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def used_in_sources() -> set[int]:
    found = set()
    for path in list((REPO / "installer").rglob("*.py")) + list((REPO / "assets" / "demo").glob("*")):
        found |= {ord(c) for c in path.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x2E80}
    return found


def make(src: Path, weight: str) -> Path:
    font = TTCollection(str(src / f"NotoSansCJK-{weight}.ttc")).fonts[SC_FACE]
    codepoints = gb2312() | used_in_sources() | {c for lo, hi in RANGES for c in range(lo, hi + 1)}
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]       # keep the copyright and licence records
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = HERE / f"NotoSansSC-{weight}-subset.otf"
    font.save(str(out))
    return out


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
    for w in ("Regular", "Bold"):
        path = make(source, w)
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
