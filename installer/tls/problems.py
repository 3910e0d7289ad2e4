"""A refused certificate is a list of TlsProblem: what is wrong and what to ask the certificate
authority for. They are collected, not raised one by one, so that a run reports everything at once."""
from __future__ import annotations

from ..errors import InstallerError
from ..i18n import T
from .inputs import CERT, CHAIN


class TlsProblem(InstallerError):
    code = "tls.invalid"


class CertificateRefused(InstallerError):
    """Every problem of one check as a single error, for steps that must stop (the import)."""
    code = "tls.refused"

    def __init__(self, domain: str, problems: list[TlsProblem]):
        self.problems = problems
        lines = "\n".join("  - " + p.render("en").replace("\n", "\n    ") for p in problems)
        lines_zh = "\n".join("  - " + p.render("zh").replace("\n", "\n    ") for p in problems)
        super().__init__(T("The certificate for {domain} cannot be installed ({n} problem(s)):\n{lines}",
                           "{domain} 的证书不能安装（{n} 个问题）：\n{lines_zh}",
                           domain=domain, n=len(problems), lines=lines, lines_zh=lines_zh),
                         T("Fix each problem above, then run the check again.", "逐一解决上述问题后重新检查。"))

    def to_json(self) -> dict:
        return {**super().to_json(), "problems": [p.to_json() for p in self.problems]}


# The fixes most refusals share.
ASK_REISSUE = T("Create a new private key (RSA 2048 bits or more, or EC P-256) and a CSR, and ask the "
                "certificate authority to issue the certificate again.",
                "请新建私钥（RSA 2048 位及以上，或 EC P-256）和证书签名请求（CSR），并请证书颁发机构重新签发证书。")
ASK_FULL_CHAIN = T("Ask the certificate authority for the full chain (your certificate with every intermediate "
                   "certificate, often called 'fullchain' or 'CA bundle') and give it as the certificate ({cert}) "
                   "or the intermediates apart ({chain}).",
                   "请向证书颁发机构索取完整证书链（您的证书加上全部中间证书，通常称为 fullchain 或 CA bundle），"
                   "作为证书提供（{cert}），或单独提供中间证书（{chain}）。", cert=CERT, chain=CHAIN)
ASK_CURRENT_INTERMEDIATE = T("Ask the certificate authority for its current intermediate certificate and a "
                             "certificate issued under it.",
                             "请向证书颁发机构索取其当前的中间证书，以及由该中间证书签发的证书。")
