"""`jobfirst-installer`: the headless front end. One top-level handler: expected errors print their
message, unexpected ones point to the log file; never a traceback on the terminal."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from .. import __version__, logs
from ..errors import InstallerError
from ..i18n import T, set_front_end, set_language
from .output import Output

# Each name is a module installer.cli.cmd_<name> with register(subparsers) that sets func=run(args, out).
COMMANDS = ["validate", "check", "demo", "install", "verify", "client", "licence", "ssl", "bundle", "firewall", "gui"]

log = logging.getLogger(__name__)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        if "--json" in sys.argv:
            body = {"ok": False, "errors": [{"code": "usage", "message": message}]}
            import json
            print(json.dumps(body, ensure_ascii=False))
            sys.exit(2)
        super().error(message)


FLAG_COMMANDS = ("ssl",)  # their TLS values come as flags; every other command reads an answer file


def build_parser(prog: str, commands: list[str], package: str) -> Parser:
    parser = Parser(prog=prog, description="JobFirst private-deployment installer")
    parser.add_argument("--version", action="version", version=f"{prog} {__version__}")
    parser.add_argument("--lang", choices=["en", "zh"], help="language of messages (default: from the locale)")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for name in commands:
        importlib.import_module(f"{package}.cmd_{name}").register(sub)
    return parser


def run(argv, prog: str, commands: list[str], default=None) -> int:
    parser = build_parser(prog, commands, __package__)
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    set_front_end("flags" if args.command in FLAG_COMMANDS else "answers")
    log_path = logs.setup(prog)
    log.info("%s %s: %s", prog, __version__, logs.redact(" ".join(sys.argv)))
    if getattr(args, "func", None) is None:
        if default is None:
            parser.print_help()
            return 2
        return default(args)
    out = Output(json_mode=getattr(args, "json", False))
    try:
        status = args.func(args, out)
    except InstallerError as err:
        log.info("stopped: %s", err.render("en"))
        out.error(err)
        status = 1
    except KeyboardInterrupt:
        out.error(InstallerError(T("Interrupted.", "已中断。"), code="interrupted"))
        status = 130
    except Exception:  # the one place an unexpected error is caught: log it, point to the log
        log.exception("unexpected error")
        out.error(InstallerError(
            T("Unexpected internal error. Details are in {log}.", "发生内部错误，详细信息见 {log}。", log=str(log_path)),
            T("Send that log file to JobFirst support.", "请将该日志文件发送给 JobFirst 技术支持。"),
            code="internal"))
        status = 70
    return out.finish(status)


def _gui(args) -> int:
    from ..gui.app import main as gui_main  # Qt is imported only when the wizard is wanted
    return gui_main(answers=getattr(args, "answers", None))


def main(argv=None) -> int:
    return run(argv, "jobfirst-installer", COMMANDS, default=_gui)


if __name__ == "__main__":
    sys.exit(main())
