"""The licence's own error type and the fixes its messages share."""
from __future__ import annotations

from ..errors import InstallerError
from ..i18n import T


class LicenceError(InstallerError):
    code = "licence.invalid"


USE_ORIGINAL = T("Use the licence file exactly as JobFirst sent it (pick the .lic file, or paste all of its text). "
                 "If it is damaged, ask JobFirst for a new copy.",
                 "请原样使用 JobFirst 提供的授权文件（选择 .lic 文件，或粘贴其全部文本）。如文件已损坏，请向 JobFirst 索取新的副本。")
ASK_VENDOR = T("Ask JobFirst (your account manager or support) for a corrected licence.",
               "请联系 JobFirst（您的客户经理或技术支持）获取更正后的授权。")
