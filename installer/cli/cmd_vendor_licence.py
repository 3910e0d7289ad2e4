"""`jobfirst-vendor licence keygen|sign`: the vendor's signing key pair, and signing a licence
description (YAML or JSON) into the file the customer receives."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from .. import trust
from ..errors import InstallerError
from ..i18n import T
from ..licence import describe_lines
from ..licence.description import load_description
from ..licence.signing import keygen, load_private_key, sign


def register(sub):
    p = sub.add_parser("licence", help="licence signing keys and licences")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    gen = actions.add_parser("keygen", help="make a new Ed25519 signing key pair")
    gen.add_argument("--out", required=True, help="folder for vendor_signing_key.pem and vendor_public_key.pem")
    _common(gen, run_keygen)
    signer = actions.add_parser("sign", help="sign a licence description (YAML or JSON)")
    signer.add_argument("--key", required=True, help="the private signing key (PEM)")
    signer.add_argument("--in", dest="input", required=True, help="the licence description, .yaml or .json")
    signer.add_argument("--out", required=True, help="the licence file to write, e.g. client001.lic")
    _common(signer, run_sign)


def _common(parser, func):
    parser.add_argument("--passphrase-env", metavar="VAR", help="environment variable holding the key's passphrase")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=func)


def _passphrase(args) -> bytes | None:
    if not args.passphrase_env:
        return None
    value = os.environ.get(args.passphrase_env)
    if not value:
        raise InstallerError(T("Environment variable {var} is not set.", "环境变量 {var} 未设置。",
                               var=args.passphrase_env), T("export {var}=... first.", "请先执行 export {var}=...。",
                                                           var=args.passphrase_env), code="licence.passphrase")
    return value.encode("utf-8")


def run_keygen(args, out) -> int:
    private, public = keygen(args.out, _passphrase(args))
    out.set(private_key=str(private), public_key=str(public))
    out.say(T("Signing key: {private} (keep it secret, on the signing host only)\nPublic key:  {public} "
              "(ships with the installer as assets/vendor_public_key.pem)",
              "签名私钥：{private}（务必保密，只存放在签发主机上）\n公钥：{public}（随安装程序发布，即 assets/vendor_public_key.pem）",
              private=str(private), public=str(public)))
    return 0


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="ascii")
    except OSError as err:
        raise InstallerError(T("Cannot write {path}: {why}.", "无法写入 {path}：{why}。", path=path,
                               why=err.strerror or str(err)), T("Check that the folder exists and is writable.",
                                                                "请检查目录是否存在且可写。"),
                             code="licence.write") from None


def run_sign(args, out) -> int:
    key = load_private_key(args.key, _passphrase(args))
    lic = load_description(args.input, date.today())
    _write(args.out, sign(lic, key))
    kid = trust.key_id(key.public_key())
    out.set(file=args.out, key_id=kid, licence=lic.to_json())
    for line in describe_lines(lic):
        out.say("  " + line)
    out.say(T("Signed {file} with key {kid}.", "已用密钥 {kid} 签发 {file}。", file=args.out, kid=kid))
    if kid != trust.key_id(trust.product_key()):
        out.warn(T("Warning: key {kid} is not the product's key; only development builds that trust it through "
                   "{var} accept this licence.", "警告：密钥 {kid} 不是产品密钥；只有通过 {var} 信任它的开发版本才接受此授权。",
                   kid=kid, var=trust.DEV_TRUST_ENV))
    return 0
