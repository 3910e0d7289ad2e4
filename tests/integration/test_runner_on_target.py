"""The engine against a real target: plan changes nothing, apply after the commit point, the journal
on the target, undo of a failed step, and a second run that changes nothing."""
from __future__ import annotations

import os
import stat

import pytest

from installer.answers import load_answers
from installer.deploy.layout import SUBDIRS, InstallDirStep
from installer.engine.connect import close_all, connect_all
from installer.engine.context import Context
from installer.engine.events import StepFinished
from installer.engine.questions import HeadlessAsker
from installer.engine.runner import Runner
from installer.engine.step import Step
from installer.errors import InstallerError, NeedsAnswer
from installer.i18n import T
from tests.targets import requires_root, target_entry, write_answers

pytestmark = [requires_root]


class TouchThenFail(Step):
    """Makes a real change on the target, registers its undo, then fails."""
    id, title = "touch_then_fail", T("touch then fail", "创建后失败")

    def plan(self, ctx):
        return [object()], None

    def apply(self, ctx, undo):
        h = ctx.targets[0]
        marker = f"{h.target.install_dir}/config/marker"
        undo.register(T("remove marker", "删除标记"), lambda: h.session.run(f"rm -f {marker}", sudo=True))
        h.session.run(f"touch {marker}", sudo=True)
        raise InstallerError("the disk said no")


@pytest.fixture
def answers(target, ssh_key, tmp_path):
    return load_answers(str(write_answers(tmp_path / "a.yaml", [target_entry(target, str(ssh_key))])))


def _run(answers, steps, yes=True, dry_run=False):
    events = []
    handles = connect_all(answers, HeadlessAsker(assume_yes=yes))
    try:
        Runner(steps, Context(answers, handles, events.append, HeadlessAsker(assume_yes=yes))).run(dry_run=dry_run)
    finally:
        close_all(handles)
    return [(e.step, e.status) for e in events if isinstance(e, StepFinished)]


def test_dry_run_and_unconfirmed_run_change_nothing_on_the_target(answers, target):
    _run(answers, [InstallDirStep()], dry_run=True)
    with pytest.raises(NeedsAnswer):
        _run(answers, [InstallDirStep()], yes=False)
    assert not os.path.exists(target.install_dir)


def test_apply_journal_and_second_run(answers, target):
    assert _run(answers, [InstallDirStep()]) == [("install_dir", "done")]
    for sub in ("",) + SUBDIRS:
        st = os.stat(os.path.join(target.install_dir, sub))
        assert stat.S_IMODE(st.st_mode) == 0o750 and st.st_uid == 0
    journal = open(os.path.join(target.install_dir, ".jobfirst", "journal.jsonl")).read()
    assert '"step": "install_dir", "status": "done"' in journal
    assert _run(answers, [InstallDirStep()], yes=False) == [("install_dir", "unchanged")]


def test_failed_step_undoes_its_change_and_the_next_run_says_where_it_stopped(answers, target):
    with pytest.raises(InstallerError):
        _run(answers, [InstallDirStep(), TouchThenFail()])
    assert os.path.isdir(os.path.join(target.install_dir, "config"))
    assert not os.path.exists(os.path.join(target.install_dir, "config", "marker"))
    handles = connect_all(answers, HeadlessAsker())
    events = []
    try:
        Runner([InstallDirStep()], Context(answers, handles, events.append, HeadlessAsker())).plan()
    finally:
        close_all(handles)
    notes = [e.text.render("en") for e in events if getattr(e, "level", "") == "warn"]
    assert any("stopped during step 'touch_then_fail'" in n for n in notes)


def test_mode_drift_is_repaired_and_undo_restores_it(answers, target):
    _run(answers, [InstallDirStep()])
    os.chmod(os.path.join(target.install_dir, "tls"), 0o777)
    with pytest.raises(InstallerError):
        _run(answers, [InstallDirStep(), TouchThenFail()])  # the repair itself succeeded ...
    assert stat.S_IMODE(os.stat(os.path.join(target.install_dir, "tls")).st_mode) == 0o750
