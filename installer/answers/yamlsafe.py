"""YAML reading that keeps every node's position and refuses what an answer file must never hold:
duplicate keys, anchors and aliases (the billion-laughs bomb is an alias bomb), non-string keys."""
from __future__ import annotations

import yaml

from ..i18n import T
from .problem import Problem

MAX_BYTES = 1024 * 1024


class _Composer(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, T(
                "YAML aliases (*{name}) are not allowed in answer files; write the value out in full.",
                "应答文件中不允许使用 YAML 别名（*{name}），请直接写出完整的值。", name=event.anchor))
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, T(
                "YAML anchors (&{name}) are not allowed in answer files; write the value out in full.",
                "应答文件中不允许使用 YAML 锚点（&{name}），请直接写出完整的值。", name=event.anchor))
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, mark, message):
        self.mark, self.message = mark, message


def _pos(mark):
    return mark.line + 1, mark.column + 1


def parse(text: str):
    """Returns (data, positions, problems). positions maps a key path (tuple) to (line, column)."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        return None, {}, [Problem((), T("The file is larger than 1 MiB; an answer file is a few KB.",
                                        "文件超过 1 MiB；应答文件通常只有几 KB。"))]
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except _Refused as err:
        return None, {}, [Problem((), err.message, *_pos(err.mark), code="answers.alias")]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = _pos(mark) if mark else (None, None)
        if "'\\t'" in (err.problem or ""):
            message = T("A tab character is used for indentation; YAML needs spaces.",
                        "使用了 Tab 字符缩进；YAML 只能用空格缩进。")
        else:
            message = T("Not valid YAML: {why}.", "不是有效的 YAML：{why}。", why=err.problem or str(err))
        return None, {}, [Problem((), message, line, col, code="answers.yaml")]
    except yaml.YAMLError as err:
        return None, {}, [Problem((), T("Not valid YAML: {why}.", "不是有效的 YAML：{why}。", why=str(err)),
                                  code="answers.yaml")]
    if node is None:
        return None, {}, [Problem((), T("The file is empty.", "文件是空的。"), code="answers.empty")]
    positions, problems = {}, []
    data = _build(loader, node, (), positions, problems)
    loader.dispose()
    return data, positions, problems


def _build(loader, node, path, positions, problems):
    positions[path] = _pos(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(path, T("A key must be a plain word.", "键必须是普通的名称。"),
                                        *_pos(key_node.start_mark)))
                continue
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                problems.append(Problem(path + (key,), T(
                    "Key '{key}' appears twice (first on line {first}); keep one.",
                    "键 '{key}' 出现了两次（第一次在第 {first} 行），请只保留一个。",
                    key=key, first=positions[path + (key,)][0]), *_pos(key_node.start_mark),
                    code="answers.duplicate_key"))
                continue
            out[key] = _build(loader, value_node, path + (key,), positions, problems)
            positions[path + (key,)] = _pos(key_node.start_mark)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), positions, problems) for i, item in enumerate(node.value)]
    return loader.construct_object(node)
