"""`validate FILE`: every problem in an answer file, each with line:column and key."""
from ..answers import validate_file
from ..i18n import T


def register(sub):
    p = sub.add_parser("validate", help="check an answer file and report every problem")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, out) -> int:
    answers, problems = validate_file(args.file)
    out.set(file=args.file, problems=[p.to_json() for p in problems])
    if problems:
        out.say(T("{file}: {n} problem(s)", "{file}：发现 {n} 个问题", file=args.file, n=len(problems)))
        for p in problems:
            out.say(f"  {args.file}:{p}")
        out.errors.extend(p.to_json() for p in problems)
        return 1
    out.say(T("{file}: valid ({n} server(s)).", "{file}：有效（{n} 台服务器）。", file=args.file,
              n=len(answers.targets)))
    return 0
