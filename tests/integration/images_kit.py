"""Running the images step against real targets, the way `install` does: connect, plan, apply."""
from __future__ import annotations

import os
import subprocess

from installer.answers import load_answers
from installer.engine.connect import close_all, connect_all
from installer.engine.context import Context
from installer.engine.events import Progress
from installer.engine.questions import HeadlessAsker
from installer.engine.runner import Runner
from installer.images import ImagesStep
from tests.targets import target_entry, write_answers


def answers_for(tmp_path, targets, ssh_key, bundle, name="answers.yaml", **overrides):
    entries = [target_entry(t, str(ssh_key) if ssh_key else None, **overrides) for t in targets]
    return load_answers(str(write_answers(tmp_path / name, entries, bundle=str(bundle))))


class Run:
    """One install run of the images step: its events, its step (reports), its error if any."""

    def __init__(self, answers, on_event=None):
        self.answers, self.on_event = answers, on_event or (lambda run, event: None)
        self.events, self.step, self.error, self.ctx = [], ImagesStep(), None, None

    def __call__(self, dry_run=False):
        handles = connect_all(self.answers, HeadlessAsker(assume_yes=True))
        self.ctx = Context(self.answers, handles, self._emit, HeadlessAsker(assume_yes=True))
        try:
            Runner([self.step], self.ctx).run(dry_run=dry_run)
        except Exception as err:  # noqa: BLE001 - the test looks at it
            self.error = err
        finally:
            close_all(handles)
        return self

    def _emit(self, event):
        self.events.append(event)
        self.on_event(self, event)

    def sent(self, host=None) -> int:
        """Bytes on the wire, from the progress events (the last one of each target)."""
        last = {}
        for e in self.events:
            if isinstance(e, Progress) and (host is None or e.target == host):
                last[e.target] = e.done
        return sum(last.values())

    def progress(self):
        return [e for e in self.events if isinstance(e, Progress)]

    def plan(self):
        from installer.engine.events import PlanReady
        return next(e.plan for e in self.events if isinstance(e, PlanReady))


def docker(target, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], env={**os.environ, "DOCKER_HOST": target.docker_host},
                          capture_output=True, text=True, check=check)


def tagged_ids(target) -> dict[str, str]:
    out = docker(target, "image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout
    return dict(line.split() for line in out.splitlines() if line.strip())


def expected_ids(bundle) -> dict[str, str]:
    return {i.name: i.id for i in bundle.images}


def staging(target) -> str:
    return os.path.join(target.install_dir, "bundle", "blobs", "sha256")


def staged_files(target) -> dict[str, int]:
    path = staging(target)
    return {f: os.path.getsize(os.path.join(path, f)) for f in os.listdir(path)} if os.path.isdir(path) else {}

