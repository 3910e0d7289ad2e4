"""The folder a customer copies onto the workstation: small enough to hand over, holding everything the
program opens at run time, and none of the Qt it never uses (the cause of 500 MB installers)."""
from __future__ import annotations

from tests.frozen.binary import REPO, folder_bytes, shipped_assets

LIMIT = 150 * 10**6
UNUSED_QT = ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt6OpenGL", "Qt63D", "Qt6Multimedia",
             "Qt6Pdf", "Qt6Sql", "Qt6Wayland", "QtNetwork", "QtQml", "QtQuick", "QtWebEngine")


def test_folder_is_under_150_mb(shipped):
    assert folder_bytes(shipped.parent) < LIMIT


def test_folder_holds_every_asset_byte_for_byte(shipped):
    internal = shipped.parent / "_internal"
    differ = [str(a) for a in shipped_assets() if not (internal / a).is_file()
              or (internal / a).read_bytes() != (REPO / a).read_bytes()]
    assert shipped_assets() and differ == []


def test_folder_holds_the_public_roots_and_the_svg_and_x11_plugins(shipped):
    internal = shipped.parent / "_internal"
    for path in ("certifi/cacert.pem", "PySide6/Qt/plugins/platforms/libqxcb.so",
                 "PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6/Qt/plugins/imageformats/libqsvg.so"):
        assert (internal / path).is_file(), path


def test_folder_has_no_qt_module_the_wizard_does_not_use(shipped):
    names = [p.name for p in shipped.parent.rglob("*")]
    assert [n for n in names if any(unused in n for unused in UNUSED_QT)] == []


def test_folder_has_no_broken_links(shipped):
    assert [p for p in shipped.parent.rglob("*") if p.is_symlink() and not p.exists()] == []
