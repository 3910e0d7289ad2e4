"""The docker-load stream: a valid tar in docker save layout, assembled while read, without the layers
the target has. (That Docker really loads it: tests/integration/test_bundle_load.py.)"""
import gzip
import hashlib
import io
import json
import tarfile

import pytest

from installer.bundle import Bundle, BundleError, present_chain_ids
from installer.bundle.loadtar import CHUNK


def read_tar(chunks) -> dict:
    with tarfile.open(fileobj=io.BytesIO(b"".join(chunks)), mode="r:") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def test_the_stream_is_docker_save_layout_with_each_blob_once(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    members = read_tar(bundle.stream_load_tar())
    index = json.loads(members.pop("manifest.json"))
    assert [e["RepoTags"] for e in index] == [["demo/web:1"], ["demo/db:1"]]
    assert index[0]["Layers"][0] == index[1]["Layers"][0]
    stored = {l.digest: l for i in bundle.images for l in i.layers}
    for name, data in members.items():  # configs as stored, layers unpacked and named by their DiffID
        layer = stored.get("sha256:" + name.rsplit("/", 1)[1])
        expected = (bundle_dir / name).read_bytes() if layer is None else \
            gzip.decompress(bundle.blob(layer.blob).read_bytes())
        assert data == expected and (layer is None or hashlib.sha256(data).hexdigest() == layer.digest[7:])
    assert len(members) == len(bundle.manifest.files) - 1  # every blob; the compose file is not an image


def test_skipped_layers_are_left_out_but_still_named_in_the_index(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    base = bundle.images[0].layers[0]
    members = read_tar(bundle.stream_load_tar(skip_layers={base.digest}))
    name = "blobs/sha256/" + base.digest[7:]
    assert name not in members
    assert name in json.loads(members["manifest.json"])[0]["Layers"]


def test_the_announced_size_is_exact_and_chunks_stay_small(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    plan = bundle.layers_missing(present_chain_ids([bundle.images[0].diff_ids[:1]]))
    chunks = list(bundle.stream_load_tar(plan.images, plan.skip_layers))
    assert sum(map(len, chunks)) == bundle.load_tar_size(plan.images, plan.skip_layers)
    assert max(map(len, chunks)) <= CHUNK + 512


def test_a_blob_shortened_after_verification_stops_the_stream(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    bundle.verify()
    path = bundle.blob(bundle.images[0].layers[0].blob)
    with open(path, "r+b") as f:
        f.truncate(100)
    with pytest.raises(BundleError) as caught:
        b"".join(bundle.stream_load_tar())
    assert caught.value.code == "bundle.corrupt"
