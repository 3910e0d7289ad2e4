"""`jobfirst-vendor bundle build`: a signed bundle from a compose template and a Docker engine's images."""
from pathlib import Path

from ..bundle import MANIFEST_NAME, Manifest
from ..bundle.build import build_bundle
from ..i18n import T


def register(sub):
    p = sub.add_parser("bundle", help="make the offline bundle")
    actions = p.add_subparsers(dest="action", required=True)
    build = actions.add_parser("build", help="export images and the compose template into a signed bundle")
    build.add_argument("--compose", required=True, type=Path, help="compose template; its services' images go in")
    build.add_argument("--version", required=True, help="release, e.g. 1.0.0")
    build.add_argument("--key", required=True, type=Path, help="the vendor's Ed25519 private key (PEM)")
    build.add_argument("--out", required=True, type=Path, help="folder to write jobfirst-<version>.bundle into")
    build.add_argument("--engine", default="unix:///var/run/docker.sock", help="Docker engine holding the images")
    build.add_argument("--json", action="store_true")
    build.set_defaults(func=run)


def run(args, out) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    path = build_bundle(args.compose, args.version, args.key, args.out, args.engine)
    manifest = Manifest.from_bytes((path / MANIFEST_NAME).read_bytes())
    size = sum(f.size for f in manifest.files)
    out.set(path=str(path), version=manifest.version, bytes=size, signed_by=manifest.signed_by,
            images=[{"name": i.name, "id": i.id, "layers": [{"size": l.size, "stored": manifest.file(l.path).size}
                                                             for l in i.layers]} for i in manifest.images])
    out.say(T("Wrote {path}: {n} images, {mb:.0f} MB, signed by key {key}.",
              "已生成 {path}：{n} 个镜像，{mb:.0f} MB，签名密钥 {key}。", path=str(path), n=len(manifest.images),
              mb=size / 1e6, key=manifest.signed_by))
    return 0
