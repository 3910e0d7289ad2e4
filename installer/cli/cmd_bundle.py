"""`bundle verify PATH`: signature, then exactly the signed files, then every sha256, at disk speed."""
from ..bundle import Bundle
from ..i18n import T


def register(sub):
    p = sub.add_parser("bundle", help="offline bundle: verify integrity and signature")
    actions = p.add_subparsers(dest="action", required=True)
    verify = actions.add_parser("verify", help="check the signature and every file of a bundle")
    verify.add_argument("path", help="the jobfirst-<version>.bundle folder")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run)


def run(args, out) -> int:
    bundle = Bundle.open(args.path)
    report = bundle.verify()
    m = bundle.manifest
    out.set(path=str(bundle.root), product=m.product, version=m.version, architecture=m.architecture,
            images=[{"name": i.name, "id": i.id} for i in m.images], files=report.files, bytes=report.bytes,
            seconds=round(report.seconds, 3), mb_per_s=round(report.mb_per_s, 1), signed_by=m.signed_by)
    out.say(T("{path}: JobFirst {version} ({arch}), signature valid, {files} files ({mb:.0f} MB) intact; "
              "hashed at {rate:.0f} MB/s.",
              "{path}：JobFirst {version}（{arch}），签名有效，{files} 个文件（{mb:.0f} MB）完好；"
              "校验速度 {rate:.0f} MB/s。", path=str(bundle.root), version=m.version, arch=m.architecture,
              files=report.files, mb=report.bytes / 1e6, rate=report.mb_per_s))
    for image in m.images:
        out.say(f"  {image.name}  {image.id[:19]}")
    return 0
