"""`gui [--answers F]`: the wizard, pre-filled from an answer file. Qt is imported only here, in run()."""


def register(sub):
    p = sub.add_parser("gui", help="the installation wizard (the default without a command)")
    p.add_argument("--answers", metavar="FILE", help="start with the answers of this file filled in")
    p.set_defaults(func=run)


def run(args, out) -> int:
    from ..gui.app import main
    return main(answers=args.answers)
