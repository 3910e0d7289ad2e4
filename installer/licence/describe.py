"""What a licence grants, in plain words for the customer's IT team (English and Chinese)."""
from __future__ import annotations

from ..i18n import T, Text, language, plain
from .model import Licence

KIND_NAMES = {"saas": T("SaaS subscription", "SaaS 订阅"), "private": T("private deployment", "私有部署"),
              "hybrid": T("hybrid deployment (AI service from JobFirst)", "混合部署（AI 服务由 JobFirst 提供）")}
EDITION_NAMES = {"basic": T("Basic", "基础版"), "professional": T("Professional", "专业版"),
                 "enterprise": T("Enterprise", "企业版"), "standard": T("Standard", "标准版"),
                 "custom": T("Custom", "定制版")}
SUPPORT_NAMES = {"basic": T("basic support (included)", "基础支持（已包含）"),
                 "professional": T("professional support", "专业支持"),
                 "dedicated": T("dedicated support", "专属支持")}
FEATURE_NAMES = {"hybrid-ai": T("AI service from JobFirst (hybrid)", "JobFirst 提供的 AI 服务（混合模式）"),
                 "multi-node": T("several servers (cluster)", "多台服务器（集群）")}


def _name(names: dict, key: str) -> Text:
    return names.get(key) or plain(key)


def edition_text(lic: Licence) -> Text:
    return T("{kind}, {edition} edition", "{kind}，{edition}", kind=_name(KIND_NAMES, lic.kind),
             edition=_name(EDITION_NAMES, lic.edition))


def users_text(lic: Licence) -> Text:
    if lic.users is None:
        return T("unlimited", "不限")
    return T("up to {n}", "最多 {n} 个", n=lic.users)


def validity_text(lic: Licence) -> Text:
    if lic.expires is None:
        return T("from {start}, perpetual (no expiry)", "自 {start} 起永久有效", start=lic.valid_from.isoformat())
    return T("from {start} to the end of {end}", "自 {start} 起至 {end} 结束",
             start=lic.valid_from.isoformat(), end=lic.expires.isoformat())


def features_text(lic: Licence) -> Text:
    if not lic.features:
        return T("none beyond the edition", "无（仅版本包含的功能）")
    names = [_name(FEATURE_NAMES, f) for f in lic.features]
    return T("{list}", "{list}", list=Text("; ".join(n.en for n in names), "；".join(n.zh for n in names)))


def bindings_text(lic: Licence) -> Text:
    domain = lic.domain or T("any domain", "任意域名")
    servers = T("at most {n} server(s)", "最多 {n} 台服务器", n=lic.max_servers) if lic.max_servers else \
        (T("any number of servers", "服务器数量不限") if "multi-node" in lic.features else T("one server", "一台服务器"))
    return T("{domain}; {servers}", "{domain}；{servers}", domain=domain, servers=servers)


def describe(lic: Licence) -> list[tuple[Text, Text]]:
    """(label, value) pairs, in the order a person reads a licence."""
    return [(T("Licence", "授权编号"), plain(lic.licence_id)),
            (T("Client", "客户"), T("{name} (id {id})", "{name}（编号 {id}）", name=lic.client_name, id=lic.client_id)),
            (T("Deployment", "部署方式"), edition_text(lic)),
            (T("Users", "用户数"), users_text(lic)),
            (T("Valid", "有效期"), validity_text(lic)),
            (T("Support", "技术支持"), _name(SUPPORT_NAMES, lic.support)),
            (T("Features", "附加功能"), features_text(lic)),
            (T("Bound to", "绑定"), bindings_text(lic)),
            (T("Issued", "签发日期"), plain(lic.issued.isoformat()))]


def describe_lines(lic: Licence, lang: str | None = None) -> list[str]:
    colon = "：" if (lang or language()) == "zh" else ": "
    return [f"{label.render(lang)}{colon}{value.render(lang)}" for label, value in describe(lic)]
