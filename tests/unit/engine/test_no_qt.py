"""The engine and everything headless import no Qt: the CLI works on a server without a display."""
import subprocess
import sys
from pathlib import Path

HEADLESS = ["installer.engine.runner", "installer.engine.journal", "installer.checks.preflight",
            "installer.remote.ssh", "installer.answers", "installer.cli.main", "installer.deploy.layout",
            "installer.licence", "installer.tls", "installer.bundle"]


def test_headless_modules_import_no_qt():
    code = ("import importlib, sys\n"
            f"for m in {HEADLESS!r}: importlib.import_module(m)\n"
            "import installer.cli.main as m; m.build_parser('x', m.COMMANDS, 'installer.cli')\n"
            "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6')))\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_engine_source_never_mentions_qt():
    root = Path(__file__).resolve().parents[3] / "installer"
    offenders = [str(p) for p in root.rglob("*.py") if "gui" not in p.parts and "PySide6" in p.read_text()]
    assert offenders == []
