"""The service images of one release: FROM the shared runtime (base + service library), one COPY each.
A release's sources are services/<name> with the release's overlays (versions.json) copied on top."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import docker

HERE = Path(__file__).resolve().parent
SERVICES = ("gateway", "user", "job", "ai", "postgres", "redis")
RUNTIME_TAG = "jobfirst/runtime:build"


def releases() -> dict:
    table = json.loads((HERE / "versions.json").read_text())
    return {version: overlays for version, overlays in table.items() if not version.startswith("_")}


def build_image(client, context: Path, tag: str, buildargs: dict) -> None:
    try:
        client.images.build(path=str(context), tag=tag, buildargs=buildargs, rm=True, forcerm=True, pull=False)
    except docker.errors.BuildError as err:
        output = "".join(str(line.get("stream", line.get("error", ""))) for line in err.build_log)
        raise RuntimeError(f"building {tag} failed:\n{output[-3000:]}") from None


def build_runtime(client, base_tag: str) -> str:
    build_image(client, HERE / "runtime", RUNTIME_TAG, {"BASE": base_tag})
    return RUNTIME_TAG


def service_context(service: str, overlays: list[str], into: Path) -> Path:
    """services/<name>, its Dockerfile (the shared Python one when it has none), then the overlays."""
    context = into / service
    shutil.copytree(HERE / "services" / service, context)
    if not (context / "Dockerfile").exists():
        shutil.copyfile(HERE / "services" / "python-service.Dockerfile", context / "Dockerfile")
    for overlay in overlays:
        extra = HERE / "versions" / overlay / service
        if extra.is_dir():
            shutil.copytree(extra, context, dirs_exist_ok=True)
    return context


def build_release(client, version: str, runtime_tag: str) -> dict:
    """Build and tag jobfirst/<service>:<version> for every service; returns service -> tag."""
    overlays, tags = releases()[version], {}
    with tempfile.TemporaryDirectory() as work:
        for service in SERVICES:
            tags[service] = f"jobfirst/{service}:{version}"
            build_image(client, service_context(service, overlays, Path(work)), tags[service],
                        {"RUNTIME": runtime_tag, "SERVICE": service})
    return tags


def render_compose(version: str, out: Path) -> Path:
    text = (HERE / "docker-compose.yml.in").read_text().replace("@VERSION@", version)
    out.write_text(text)
    return out
