"""The install step that puts the bundle's images on every target, all targets at once."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..bundle import Bundle
from ..engine.events import Change
from ..engine.step import Step
from ..i18n import T
from ..units import human_bytes
from .messages import no_bundle, not_enough_space
from .target import LoadReport, load_target, plan_target, read_facts


class ImagesStep(Step):
    id = "images"
    title = T("Load the container images", "加载容器镜像")

    def __init__(self):
        self.reports: dict[str, LoadReport] = {}   # per host, after apply: what was sent (tests, benchmarks)
        self._bundle, self._planned = None, {}     # host -> (facts, work) read by this run's plan

    def plan(self, ctx):
        with ThreadPoolExecutor(max_workers=min(16, len(ctx.targets)) or 1) as pool:
            facts = [pool.submit(read_facts, h) for h in ctx.targets]  # read while the bundle is checked
            bundle = self.bundle(ctx)
        # every read has finished here, so the first error leaves no target half-way; the rest is pure
        planned = [plan_target(h, bundle, f.result()) for h, f in zip(ctx.targets, facts)]
        self._planned = {h.host: p for h, p in zip(ctx.targets, planned)}
        problems = [(h.host, p) for h, (_, work) in zip(ctx.targets, planned) for p in work.space_problems]
        if problems:
            raise not_enough_space(problems)
        changes = [c for h, (_, work) in zip(ctx.targets, planned) for c in _changes(h.host, work)]
        return changes, T("All images of bundle {v} are present on every server.",
                          "所有服务器上已有安装包 {v} 的全部镜像。", v=bundle.version)

    def apply(self, ctx, undo):
        bundle = self.bundle(ctx)
        reports = _each_target(ctx, lambda h: load_target(ctx, h, bundle, undo, self._planned.get(h.host)))
        for report in reports:
            self.reports[report.host] = report
            ctx.message(_summary(report), target=report.host)

    def bundle(self, ctx) -> Bundle:
        """The bundle the verify step opened and checked; opened and checked here when run alone."""
        shared = getattr(ctx, "shared", {})
        if shared.get("bundle") is not None:
            return shared["bundle"]
        if self._bundle is None:
            if not ctx.answers.bundle:
                raise no_bundle()
            self._bundle = Bundle.open(ctx.answers.bundle)
            self._bundle.verify()
        return self._bundle


def _each_target(ctx, work) -> list:
    """work(handle) on every target in parallel; the first error is raised once all have finished, so
    no target is left half-way because another one failed."""
    with ThreadPoolExecutor(max_workers=min(16, len(ctx.targets)) or 1) as pool:
        futures = [pool.submit(work, handle) for handle in ctx.targets]
    errors = [f.exception() for f in futures if f.exception() is not None]
    if errors:
        raise errors[0]
    return [f.result() for f in futures]


def _changes(host: str, work) -> list[Change]:
    changes = []
    if work.send.images:
        resumed = T(" ({staged} already on the server from an interrupted run)", "（中断的上次运行已送达 {staged}）",
                    staged=human_bytes(work.already_staged)) if work.already_staged else ""
        changes.append(Change(host, T("send {size} and load {n} image(s): {names}{resumed}",
                                      "发送 {size} 并加载 {n} 个镜像：{names}{resumed}", size=human_bytes(work.wire_bytes),
                                      n=len(work.send.images), names=_names(work.send.images), resumed=resumed)))
    if work.send.retag:
        changes.append(Change(host, T("tag {n} image(s) already present under another name: {names}",
                                      "为已存在的 {n} 个镜像添加名称：{names}", n=len(work.send.retag),
                                      names=_names(work.send.retag))))
    return changes


def _names(images) -> str:
    return ", ".join(i.name for i in images)


def _summary(report: LoadReport):
    if not report.images_loaded and not report.retagged:
        return T("All images were already present.", "所有镜像均已存在。")
    if not report.images_loaded:
        return T("{t} image(s) present under another name tagged; nothing to send.",
                 "已为 {t} 个以其他名称存在的镜像添加名称；无需发送。", t=report.retagged)
    rate = report.bytes_sent / report.send_seconds if report.send_seconds else 0
    return T("{n} image(s) loaded, {t} tagged: {size} sent in {sent:.1f} s ({rate}/s), all loaded after {s:.1f} s.",
             "已加载 {n} 个镜像，标记 {t} 个：{sent:.1f} 秒内发送 {size}（{rate}/s），{s:.1f} 秒后全部加载完成。",
             n=report.images_loaded, t=report.retagged, size=human_bytes(report.bytes_sent), sent=report.send_seconds,
             rate=human_bytes(rate), s=report.seconds)
