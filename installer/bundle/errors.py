"""Why a bundle is refused, in words an IT admin can act on. Each names the file at fault."""
from __future__ import annotations

from ..errors import InstallerError
from ..i18n import T

GET_AGAIN = T("Copy the bundle again from the original JobFirst delivery (USB stick or download), "
              "then run `jobfirst-installer bundle verify` on the copy.",
              "请从 JobFirst 原始交付介质（U 盘或下载）重新复制安装包，再对副本运行 "
              "`jobfirst-installer bundle verify`。")


class BundleError(InstallerError):
    code = "bundle.invalid"


def not_a_bundle(path: str, why: str) -> BundleError:
    return BundleError(T("{path} is not a JobFirst bundle: {why}.", "{path} 不是 JobFirst 安装包：{why}。",
                         path=path, why=why),
                       T("Give the folder named jobfirst-<version>.bundle from the JobFirst delivery.",
                         "请指定 JobFirst 交付的 jobfirst-<版本>.bundle 文件夹。"), code="bundle.not_found")


def bad_signature(path: str) -> BundleError:
    return BundleError(T("{path} was changed after JobFirst signed it: its signature does not match.",
                         "{path} 在 JobFirst 签名后被修改过：签名不符。", path=path), GET_AGAIN, code="bundle.signature")


def untrusted_signer(path: str, key_id: str) -> BundleError:
    return BundleError(T("{path} is signed by key {key}, which this installer does not trust: it is not a bundle "
                         "from JobFirst, or it was made for another installer build.",
                         "{path} 由密钥 {key} 签名，本安装程序不信任该密钥：它不是 JobFirst 的安装包，或是为其他版本的"
                         "安装程序制作的。", path=path, key=key_id),
                       T("Use the bundle delivered together with this installer, or ask JobFirst support for one "
                         "signed with the current vendor key.",
                         "请使用与本安装程序一同交付的安装包，或向 JobFirst 技术支持索取用当前厂商密钥签名的安装包。"),
                       code="bundle.untrusted")


def bad_manifest(path: str, why: str) -> BundleError:
    return BundleError(T("{path}: the manifest cannot be read: {why}.", "{path}：无法读取清单：{why}。",
                         path=path, why=why), GET_AGAIN, code="bundle.manifest")


def missing_file(name: str) -> BundleError:
    return BundleError(T("{name} is missing from the bundle.", "安装包缺少文件 {name}。", name=name),
                       GET_AGAIN, code="bundle.missing_file")


def extra_file(name: str) -> BundleError:
    return BundleError(T("{name} is in the bundle but not in its signed manifest: refusing a bundle that "
                         "has been added to.", "{name} 不在已签名的清单中：安装包被添加过文件，拒绝使用。",
                         name=name),
                       T("Remove {name} or copy the bundle again from the original delivery.",
                         "请删除 {name}，或从原始交付介质重新复制安装包。", name=name), code="bundle.extra_file")


def corrupt_file(name: str, why: str) -> BundleError:
    return BundleError(T("{name} is damaged: {why}.", "{name} 已损坏：{why}。", name=name, why=why),
                       GET_AGAIN, code="bundle.corrupt")
