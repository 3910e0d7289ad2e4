"""Bundle verification as the install's gate: signature and every hash, before anything is sent."""
from __future__ import annotations

from ..engine.step import Step
from ..errors import InstallerError
from ..i18n import T
from .bundle import Bundle


class BundleVerifyStep(Step):
    id = "bundle"
    title = T("Verify the offline bundle", "校验离线安装包")

    def plan(self, ctx):
        if not ctx.answers.bundle:
            raise InstallerError(T("The answer file has no bundle: key.", "应答文件中缺少 bundle: 键。"),
                                 T("Add bundle: ./jobfirst-<version>.bundle (the folder JobFirst sent you).",
                                   "请加上 bundle: ./jobfirst-<版本>.bundle（JobFirst 提供的文件夹）。"),
                                 code="bundle.missing")
        bundle = Bundle.open(ctx.answers.bundle)
        report = bundle.verify()
        ctx.shared["bundle"] = bundle
        ctx.message(T("Bundle {v} verified: signature and {n} files ({mb:.0f} MB/s).",
                      "安装包 {v} 校验通过：签名及 {n} 个文件（{mb:.0f} MB/s）。",
                      v=bundle.version, n=report.files, mb=report.mb_per_s))
        return [], T("Bundle {v} is intact and signed by JobFirst.", "安装包 {v} 完整且由 JobFirst 签名。", v=bundle.version)

    def apply(self, ctx, undo):
        """Read-only: nothing to apply."""
