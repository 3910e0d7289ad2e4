"""Read, check and convert an answer file; every problem is reported with line, column and key."""
from __future__ import annotations

import os

from ..errors import AnswerFileError, InstallerError
from ..i18n import T
from . import yamlsafe
from .fields import Context
from .problem import Problem
from .schema import SCHEMA


def check_text(text: str, base_dir: str):
    """Returns (answers, problems); answers is None when there are problems."""
    data, positions, problems = yamlsafe.parse(text)
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem((), T("An answer file is a mapping of keys (version:, targets:, ...), "
                                    "not a single value or a list.",
                                    "应答文件必须是键值映射（version:、targets: 等），不能是单个值或列表。"), 1, 1,
                              "answers.not_mapping")]
    ctx = Context(positions, base_dir)
    ctx.problems.extend(problems)  # duplicate keys: keep going, report everything at once
    answers = SCHEMA.convert(data, (), ctx)
    ctx.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return (None if ctx.problems else answers), ctx.problems


def _read(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(yamlsafe.MAX_BYTES + 1)
    except OSError as err:
        raise InstallerError(T("Cannot read answer file {path}: {why}.", "无法读取应答文件 {path}：{why}。",
                               path=path, why=err.strerror or str(err)),
                             T("Check the path.", "请检查路径。"), code="answers.unreadable") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerFileError(path, [Problem((), T("The file is not UTF-8 text; save it as UTF-8.",
                                                   "文件不是 UTF-8 文本，请以 UTF-8 编码保存。"))]) from None


def validate_file(path: str):
    """(answers or None, problems) for `validate`."""
    return check_text(_read(path), os.path.dirname(os.path.abspath(path)))


def load_answers(path: str):
    answers, problems = validate_file(path)
    if problems:
        raise AnswerFileError(path, problems)
    answers["_source"] = os.path.abspath(path)
    return answers


def load_answers_text(text: str, base_dir: str = "."):
    answers, problems = check_text(text, os.path.abspath(base_dir))
    if problems:
        raise AnswerFileError("<answers>", problems)
    return answers
