"""What the images step tells the admin: each error says where, what and how to go on."""
from __future__ import annotations

from ..errors import InstallerError
from ..i18n import T
from ..units import human_bytes

RUN_AGAIN = T("Run the same install again: what already arrived is not sent again.",
              "再次运行同样的安装即可：已送达的部分不会重复发送。")


class ImagesError(InstallerError):
    code = "images.failed"


def no_bundle() -> ImagesError:
    return ImagesError(T("The answer file has no bundle: key, so there are no images to load.",
                         "应答文件中缺少 bundle: 键，没有可加载的镜像。"),
                       T("Add bundle: ./jobfirst-<version>.bundle (the folder JobFirst sent you).",
                         "请加上 bundle: ./jobfirst-<版本>.bundle（JobFirst 提供的文件夹）。"), code="bundle.missing")


def docker_unreachable(host: str, docker_host: str, said: str) -> ImagesError:
    return ImagesError(T("Docker does not answer at {sock}: {said}", "Docker 在 {sock} 上没有响应：{said}",
                         sock=docker_host, said=said.strip()[-300:] or "no output"),
                       T("Start Docker on the server (systemctl start docker) or correct docker_host in the answer "
                         "file, then run again.", "请在服务器上启动 Docker（systemctl start docker）或修正应答文件中的 "
                         "docker_host，然后重新运行。"), code="images.docker", where=host)


def not_enough_space(problems: list[tuple[str, object]]) -> ImagesError:
    lines = "\n".join(T("  {host}: {where} (on {mount}) needs {need}, {free} free",
                        "  {host}：{where}（位于 {mount}）需要 {need}，可用 {free}", host=host, where=p.where,
                        mount=p.mount, need=human_bytes(p.need), free=human_bytes(p.free)).render()
                      for host, p in problems)
    return ImagesError(T("Not enough disk space to load the images; nothing was sent:\n{lines}",
                         "磁盘空间不足，无法加载镜像；未发送任何数据：\n{lines}", lines=lines),
                       T("Free space there (or enlarge the file system), then run again. Docker needs room for a "
                         "temporary copy of the images and for the unpacked layers.",
                         "请在上述位置腾出空间（或扩容文件系统）后重新运行。Docker 需要存放镜像临时副本和解压后层的空间。"),
                       code="images.disk_space")


def damaged_blobs(host: str, staging: str, digests: list[str]) -> ImagesError:
    names = ", ".join(f"sha256:{d}" for d in digests)
    return ImagesError(T("Staged image data on the server is damaged: blob {names} in {dir} does not match its sha256 "
                         "(changed on the server's disk after it arrived). It was removed.",
                         "服务器上暂存的镜像数据已损坏：{dir} 中的数据块 {names} 与其 sha256 不符（送达后在服务器磁盘上被改动），"
                         "已删除。", names=names, dir=staging), RUN_AGAIN, code="images.damaged", where=host)


def load_failed(host: str, summary: str, no_space: bool, root: str | None) -> ImagesError:
    if no_space:
        return ImagesError(T("Docker ran out of disk space while loading the images (Docker root {root}): {said}",
                             "Docker 在加载镜像时磁盘空间耗尽（Docker 数据目录 {root}）：{said}", root=root, said=summary),
                           T("Free space at the Docker root, then run again; staged data is kept.",
                             "请在 Docker 数据目录腾出空间后重新运行；已暂存的数据会保留。"), code="images.disk_full",
                           where=host)
    return ImagesError(T("docker load failed: {said}", "docker load 失败：{said}", said=summary), RUN_AGAIN,
                       code="images.load", where=host)


def wrong_images(host: str, wrong: dict) -> ImagesError:
    lines = ", ".join(f"{name} ({found or 'missing'}, expected {want[:19]}…)" for name, (want, found) in wrong.items())
    return ImagesError(T("After loading, these images are not on the server as the bundle says: {lines}",
                         "加载后，服务器上的这些镜像与安装包不符：{lines}", lines=lines), RUN_AGAIN,
                       code="images.verify", where=host)

