"""The install directory on each target: where configuration, certificates, data and backups live."""
from __future__ import annotations

import shlex

from ..engine.events import Change
from ..engine.step import Step
from ..i18n import T

SUBDIRS = ("config", "tls", "data", "bundle", "backups", "logs")
WANT = ("750", "root", "root")


def wanted(install_dir: str) -> list[str]:
    return [install_dir] + [f"{install_dir}/{d}" for d in SUBDIRS]


def layout_state(session, install_dir: str) -> dict:
    """path -> (mode, user, group), or None where the directory does not exist."""
    paths = wanted(install_dir)
    script = "; ".join(f"stat -c '%a %U %G' {shlex.quote(p)} 2>/dev/null || echo missing" for p in paths)
    lines = session.run(script, sudo=True).out.splitlines()
    return {p: (None if line == "missing" else tuple(line.split())) for p, line in zip(paths, lines)}


def to_fix(session, install_dir: str) -> dict:
    return {p: s for p, s in layout_state(session, install_dir).items() if s != WANT}


class InstallDirStep(Step):
    id = "install_dir"
    title = T("Prepare the install directory", "准备安装目录")

    def plan(self, ctx):
        changes = [Change(h.host, T("create or fix {path} (mode 0750, owner root)", "创建或修正 {path}（权限 0750，属主 root）",
                                    path=p))
                   for h in ctx.targets for p in to_fix(h.session, h.target.install_dir)]
        return changes, T("The install directory is in place.", "安装目录已就绪。")

    def apply(self, ctx, undo):
        for h in ctx.targets:
            for path, state in to_fix(h.session, h.target.install_dir).items():
                q = shlex.quote(path)
                if state is None:
                    undo.register(T("remove {path}", "删除 {path}", path=path),
                                  lambda s=h.session, q=q: s.run(f"rmdir {q}", sudo=True))
                else:
                    mode, user, group = state
                    undo.register(T("restore owner and mode of {path}", "恢复 {path} 的属主和权限", path=path),
                                  lambda s=h.session, q=q, st=state: s.run(
                                      f"chown {st[1]}:{st[2]} {q} && chmod {st[0]} {q}", sudo=True))
                h.session.run(f"mkdir -p {q} && chown root:root {q} && chmod 0750 {q}", sudo=True)
