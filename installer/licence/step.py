"""The licence in the install: verified before the commit point (nothing starts without a valid
one), judged against every clock we know, installed on each target after it."""
from __future__ import annotations

from datetime import datetime, timezone

from ..engine.events import Change
from ..engine.step import Step
from ..errors import InstallerError
from ..i18n import T
from ..remote import files
from .findings import errors_in
from .install import check_for_install
from .verify import read_licence_file


def licence_path(target) -> str:
    return f"{target.install_dir}/config/licence.lic"


def target_clock(handle) -> datetime:
    return datetime.fromtimestamp(int(handle.session.run("date -u +%s").out.strip()), timezone.utc)


def last_install(handle) -> datetime | None:
    from ..deploy.stack import read_state  # the deployed state records when the last install finished
    state = read_state(handle) or {}
    return datetime.fromtimestamp(state["time"], timezone.utc) if state.get("time") else None


def load_for_install(ctx):
    if not ctx.answers.licence:
        raise InstallerError(T("No licence: the answer file has no licence: key.", "没有授权：应答文件中缺少 licence: 键。"),
                             T("Add licence: ./your-licence.lic (the file JobFirst sent you).",
                               "请加上 licence: ./your-licence.lic（JobFirst 发给您的文件）。"), code="licence.missing")
    lic = read_licence_file(ctx.answers.licence)
    findings = check_for_install(lic, ctx.answers, datetime.now(timezone.utc),
                                 {h.host: target_clock(h) for h in ctx.targets},
                                 {h.host: t for h in ctx.targets if (t := last_install(h))})
    errors = errors_in(findings)
    if errors:
        first = errors[0].as_error()
        if len(errors) > 1:
            first.text = T("The licence does not allow this install:\n{all}", "该授权不允许本次安装：\n{all}",
                           all="\n".join(f"- {e.render()}" for e in errors))
        raise first
    for finding in findings:
        ctx.message(finding.message, "warn", finding.where)
    return lic


class LicenceStep(Step):
    id = "licence"
    title = T("Check and install the licence", "检查并安装授权")

    def plan(self, ctx):
        lic = ctx.shared["licence"] = load_for_install(ctx)
        data = lic.armored().encode()
        changes = [Change(h.host, T("install licence {id} for {client} in {path}", "将授权 {id}（{client}）安装到 {path}",
                                    id=lic.licence_id, client=lic.client_name, path=licence_path(h.target)))
                   for h in ctx.targets if not files.same(h.session, licence_path(h.target), data)]
        return changes, T("Licence {id} is valid and installed.", "授权 {id} 有效且已安装。", id=lic.licence_id)

    def apply(self, ctx, undo):
        data = ctx.shared["licence"].armored().encode()
        for h in ctx.targets:
            files.replace(h.session, licence_path(h.target), data, "0644", undo)
