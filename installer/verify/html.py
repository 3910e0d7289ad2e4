"""The acceptance report as one self-contained HTML page (printable, no scripts, no external files)."""
from __future__ import annotations

from html import escape

from ..i18n import T

CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:60em;
color:#1d2733}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #d5dce4}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #d5dce4;padding:.3em .5em;
text-align:left;vertical-align:top;font-size:.92em}th{background:#f2f5f8}.pass{color:#17803d}.fail{color:#b42318}
.warn{color:#a15c07}pre{background:#f6f8fa;padding:.6em;overflow:auto;font-size:.85em}.sign{margin-top:3em}"""


def _row(*cells, tag="td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _status(word: str) -> str:
    css = {"pass": "pass", "ok": "pass", "fail": "fail", "warn": "warn"}.get(word, "")
    return f'<span class="{css}">{escape(word.upper())}</span>'


def _table(headers, rows) -> str:
    return "<table>" + _row(*map(escape, map(str, headers)), tag="th") + "".join(rows) + "</table>"


def _target(t: dict) -> str:
    cert = t.get("certificate") or {}
    parts = [f"<h2>{escape(t['name'])} ({escape(t['host'])})</h2>",
             f"<p>{T('Version', '版本')}: <b>{escape(str(t.get('version')))}</b> · {T('Install directory', '安装目录')}: "
             f"{escape(t['install_dir'])} · {T('Installed at', '安装时间')}: {escape(str(t.get('installed_at')))}</p>",
             _table([T("Service", "服务"), T("Image", "镜像"), T("Image ID", "镜像 ID"), T("State", "状态")],
                    [_row(escape(c["service"]), escape(c["image"]), escape(c["image_id"][:19]),
                          escape(f"{c['state']} / {c['health']}")) for c in t["containers"]])]
    v = t.get("verification")
    if v:
        parts.append(f"<h3>{T('Verification', '验证')}</h3>" + _table(
            [T("Check", "检查项"), T("Result", "结果"), T("Value", "测量值")],
            [_row(escape(c["title"]), _status("pass" if c["ok"] else "fail"), escape(c["value"])) for c in v["checks"]]))
    parts.append(f"<h3>{T('Server checks', '服务器检查')}</h3>" + _table(
        [T("Check", "检查项"), T("Result", "结果"), T("Value", "测量值"), T("Requirement", "要求")],
        [_row(escape(c["title"]), _status(c["status"]), escape(c["value"]), escape(c["requirement"]))
         for c in t["checks"]]))
    parts.append(f"<h3>{T('Certificate', '证书')}</h3>" + _table(
        [T("Field", "字段"), T("Value", "值")], [_row(escape(k), escape(str(v))) for k, v in cert.items()]))
    parts.append(f"<h3>{T('Firewall', '防火墙')}</h3><pre>{escape(t.get('firewall') or '-')}</pre>")
    return "\n".join(parts)


def _timings(install: dict | None) -> str:
    if not install:
        return ""
    rows = [_row(escape(s["title"]), escape(s["status"]), f"{s['seconds']:.1f} s") for s in install.get("steps", [])]
    return f"<h2>{T('Install', '安装')}</h2>" + _table([T("Step", "步骤"), T("Status", "状态"), T("Time", "耗时")], rows)


def render_html(body: dict) -> str:
    title = T("JobFirst acceptance report", "JobFirst 验收报告")
    overall = _status("pass" if body["ok"] else "fail")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title><style>{CSS}</style></head><body>"
            f"<h1>{title} {overall}</h1><p>{T('Domain', '域名')}: <b>{escape(body['domain'])}</b> · "
            f"{T('Mode', '模式')}: {escape(body['mode'])} · {T('Generated', '生成时间')}: {escape(body['generated_at'])} · "
            f"{T('Installer', '安装程序')} {escape(body['installer_version'])}</p>"
            + _timings(body.get("install")) + "".join(_target(t) for t in body["targets"])
            + f"<p class='sign'>{T('Accepted by (name, date, signature)', '验收人（姓名、日期、签字）')}: "
              "______________________________</p></body></html>")
