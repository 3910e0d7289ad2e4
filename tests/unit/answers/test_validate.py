"""Answer-file validation: every kind of bad input is reported with line, column and key."""
from __future__ import annotations

import json
import textwrap

import pytest

from installer.answers import load_answers, load_answers_text, validate_file
from installer.answers.secrets import SecretRef
from installer.cli.main import main
from installer.errors import AnswerFileError

GOOD = """\
version: 1
targets:
  - host: 198.18.0.2
    password: {env: JF_PW}
"""


def problems(text: str):
    return validate_file_text(text)[1]


def validate_file_text(text):
    from installer.answers.loader import check_text
    return check_text(textwrap.dedent(text), "/")


def where(text):
    return [(p.line, p.column, str(p).split(" ", 1)[1].split(":")[0]) for p in problems(text)]


def test_minimal_file_gets_defaults():
    a = load_answers_text(GOOD)
    t = a.targets[0]
    assert (t.port, t.user, t.install_dir, a.mode, a.firewall.public_ports) == (22, "root", "/opt/jobfirst",
                                                                                 "private", [80, 443])
    assert t.password == SecretRef("env", "JF_PW", "targets.0.password")


def test_unknown_key_is_named_with_a_suggestion_and_position():
    text = GOOD + "firewall:\n  pubilc_ports: [80]\n"
    (p,) = problems(text)
    assert (p.line, p.column) == (6, 3) and "public_ports" in p.message.render("en")


def test_wrong_types_and_ranges():
    text = "version: 1\nmode: privat\ntargets:\n  - host: 198.18.0.2\n    port: '22x'\n    key: 5\n"
    found = {str(p).split(" ")[1].rstrip(":"): p for p in problems(text)}
    assert set(found) >= {"mode", "targets[0].port", "targets[0].key"}
    assert found["mode"].line == 2
    assert "a whole number" in found["targets[0].port"].message.render("en")


def test_duplicate_key_reported_with_both_lines_and_the_rest_still_checked():
    text = GOOD + "mode: private\nmode: saas\nverify: {p95_ms: -1}\n"
    msgs = [(p.line, p.message.render("en")) for p in problems(text)]
    assert any(line == 6 and "twice" in m and "line 5" in m for line, m in msgs)
    assert any(line == 7 and "out of range" in m for line, m in msgs)


@pytest.mark.parametrize("bomb", [
    'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n',
    "version: 1\ntargets: &t []\nother: *t\n",
])
def test_aliases_and_anchors_refused_before_expansion(bomb):
    (p,) = problems(bomb)
    assert p.code == "answers.alias" and p.line is not None


@pytest.mark.parametrize("text,code", [("", "answers.empty"), ("- a\n- b\n", "answers.not_mapping"),
                                       ("just words", "answers.not_mapping"), ("a: [1,\n", "answers.yaml"),
                                       ("version: 1\n\tmode: x\n", "answers.yaml")])
def test_not_an_answer_file(text, code):
    (p,) = problems(text)
    assert p.code == code


def test_inline_secret_refused():
    (p,) = problems("version: 1\ntargets:\n  - host: h\n    password: hunter2\n")
    assert p.code == "answers.inline_secret" and (p.line, p.column) == (4, 5)
    assert "hunter2" not in p.message.render("en")


def test_missing_required_and_cross_field_rules():
    text = "version: 1\nmode: hybrid\ntargets:\n  - host: 198.18.0.2\n  - host: 198.18.0.2\n    password: {env: X}\n"
    msgs = " | ".join(p.message.render("en") for p in problems(text))
    assert "key: (an SSH private key file) or password:" in msgs


def test_every_problem_at_once_via_cli(tmp_path, capsys):
    f = tmp_path / "a.yaml"
    f.write_text("version: 2\ntargets:\n  - host: 'not a host!'\n    usr: root\n")
    assert main(["validate", str(f), "--json"]) == 1
    body = json.loads(capsys.readouterr().out)
    keys = {p["key"] for p in body["problems"]}
    assert {"version", "targets[0].host", "targets[0].usr"} <= keys
    assert all(p["line"] and p["column"] for p in body["problems"])


def test_chinese_messages(tmp_path, capsys):
    f = tmp_path / "a.yaml"
    f.write_text("version: 1\ntargets: []\n")
    assert main(["--lang", "zh", "validate", str(f)]) == 1
    assert "至少需要 1 项" in capsys.readouterr().out


def test_missing_file_and_binary_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "Cannot read answer file" in capsys.readouterr().err
    bad = tmp_path / "bin.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00")
    assert main(["validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "UTF-8" in captured.out + captured.err


def test_paths_are_relative_to_the_answer_file(tmp_path):
    (tmp_path / "id_key").write_text("x")
    (tmp_path / "a.yaml").write_text("version: 1\ntargets:\n  - host: h\n    key: ./id_key\n")
    assert load_answers(str(tmp_path / "a.yaml")).targets[0].key == str(tmp_path / "id_key")


def test_load_answers_raises_one_error_with_all_problems(tmp_path):
    (tmp_path / "a.yaml").write_text("version: 1\nmode: x\ntargets: 5\n")
    with pytest.raises(AnswerFileError) as err:
        load_answers(str(tmp_path / "a.yaml"))
    assert len(err.value.problems) == 2


def test_shipped_example_has_only_missing_file_problems():
    from pathlib import Path
    example = Path(__file__).resolve().parents[3] / "examples" / "answers.example.yaml"
    _, found = validate_file(str(example))
    assert found and all(p.code == "answers.file" for p in found)


def test_tab_indentation_gets_a_plain_explanation():
    (p,) = problems("version: 1\ntargets:\n\t- host: h\n")
    assert "tab" in p.message.render("en").lower() and p.line == 3
