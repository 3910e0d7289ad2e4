"""Reading a `docker save` stream into blobs: every layer once, links resolved, compressed layers refused."""
import gzip
import hashlib
import io
import json
import tarfile

import pytest

from installer.bundle.export import images_from_save, store_save_tar
from installer.errors import InstallerError
from tests.unit.bundle.bundle_testkit import BASE, layer_tar


def save_tar(members: dict, links: dict = None) -> list[bytes]:
    """A docker save tar as 1 KB chunks (the engine streams it the same way)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    data = buffer.getvalue()
    return [data[i:i + 1024] for i in range(0, len(data), 1024)]


def config_for(*layers) -> bytes:
    return json.dumps({"rootfs": {"diff_ids": ["sha256:" + hashlib.sha256(l).hexdigest() for l in layers]}}).encode()


def test_shared_layers_are_stored_once_and_links_resolved(tmp_path):
    top = layer_tar({"app": "1"})
    index = [{"Config": "c.json", "RepoTags": ["demo/a:1"], "Layers": ["base/layer.tar", "top/layer.tar"]},
             {"Config": "c.json", "RepoTags": ["demo/b:1"], "Layers": ["again/layer.tar"]}]
    stream = save_tar({"base/layer.tar": BASE, "top/layer.tar": top, "c.json": config_for(BASE, top),
                       "manifest.json": json.dumps(index).encode()}, links={"again/layer.tar": "../base/layer.tar"})
    blobs = tmp_path / "blobs"
    saved = store_save_tar(stream, blobs)
    assert saved.stored["again/layer.tar"] == saved.stored["base/layer.tar"]
    images = images_from_save(saved, blobs, {"a": "demo/a:1"})
    assert [l.size for l in images[0].layers] == [len(BASE), len(top)]
    assert len(list(blobs.iterdir())) == 3  # base, top, config


def test_compressed_layers_are_refused_with_the_fix(tmp_path):
    packed = gzip.compress(BASE)
    index = [{"Config": "c.json", "RepoTags": ["demo/a:1"], "Layers": ["l.tar.gz"]}]
    saved = store_save_tar(save_tar({"l.tar.gz": packed, "c.json": config_for(BASE),
                                     "manifest.json": json.dumps(index).encode()}), tmp_path)
    with pytest.raises(InstallerError) as caught:
        images_from_save(saved, tmp_path, {"a": "demo/a:1"})
    assert "classic overlay2" in caught.value.render("en")


def test_an_image_missing_from_the_export_is_named(tmp_path):
    saved = store_save_tar(save_tar({"manifest.json": b"[]"}), tmp_path)
    with pytest.raises(InstallerError) as caught:
        images_from_save(saved, tmp_path, {"a": "demo/missing:1"})
    assert "demo/missing:1" in caught.value.render("en")


def test_a_layer_is_stored_as_the_same_gzip_members_on_any_number_of_cores(tmp_path, monkeypatch):
    """Members are compressed side by side but written in order: the blob (and so the bundle) does not
    depend on the build machine, and it unpacks whole with any gzip."""
    from installer.bundle import export
    hexname, stored = hashlib.sha256(BASE).hexdigest(), {}
    for cores in (1, 3):
        folder = tmp_path / str(cores)
        folder.mkdir()
        (folder / hexname).write_bytes(BASE)
        monkeypatch.setattr(export.os, "cpu_count", lambda: cores)
        name, parts = export.compress_layer(folder, hexname, part=4096)
        blob = (folder / name).read_bytes()
        assert len(parts) == -(-len(BASE) // 4096) > 3 and sum(parts) == len(blob)
        assert gzip.decompress(blob) == BASE and not (folder / hexname).exists()
        stored[cores] = (name, parts)
    assert stored[1] == stored[3]
