"""The manifest reads back exactly what was written and refuses any other shape."""
import json

import pytest

from installer.bundle import BundleError, Manifest
from installer.bundle.build import internal_ports, published_ports
from installer.bundle.manifest import MANIFEST_NAME
from tests.unit.bundle.bundle_testkit import COMPOSE


def manifest_doc(bundle_dir):
    return json.loads((bundle_dir / MANIFEST_NAME).read_bytes())


def test_round_trip_is_byte_exact(bundle_dir):
    data = (bundle_dir / MANIFEST_NAME).read_bytes()
    assert Manifest.from_bytes(data).to_bytes() == data


def test_it_names_product_images_layers_requirements_and_ports(bundle_dir):
    m = Manifest.from_bytes((bundle_dir / MANIFEST_NAME).read_bytes())
    assert (m.product, m.version, m.architecture) == ("jobfirst", "1.0.0", "amd64")
    assert [i.name for i in m.images] == ["demo/web:1", "demo/db:1"]
    assert m.images[0].layers[0] == m.images[1].layers[0]  # the shared base layer ...
    assert sum(f.path == m.images[0].layers[0].path for f in m.files) == 1  # ... stored once
    assert all(l.blob != l.digest for i in m.images for l in i.layers)  # ... gzip-compressed
    assert len(m.images[0].layers[0].parts) > 1  # ... in parts
    assert m.requirements == {"cores": 2, "memory_mib": 4096, "disk_gib": 20}
    assert m.compose["variables"] == {"JOBFIRST_DOMAIN": "the domain"}


@pytest.mark.parametrize("edit, why", [
    (lambda d: d["files"].append({"path": "blobs/sha256/../../etc/passwd", "sha256": "0" * 64, "size": 1}),
     "outside"),
    (lambda d: d.update(format="jobfirst-bundle/9"), "format"),
    (lambda d: d["files"].pop(), "not pinned"),
    (lambda d: d["images"][0].update(id="sha256:xyz"), "not a sha256"),
    (lambda d: d["requirements"].update(cores=-1), "whole number"),
    (lambda d: d["images"][0]["layers"][0]["parts"].append(1), "do not add up"),
    (lambda d: d["images"][0]["layers"][0].update(parts=[0]), "parts must be"),
    (lambda d: d["images"][0]["layers"][0].pop("parts"), "belong to a gzip'd layer"),
])
def test_a_malformed_manifest_is_refused_with_the_reason(bundle_dir, edit, why):
    doc = manifest_doc(bundle_dir)
    edit(doc)
    with pytest.raises(BundleError) as caught:
        Manifest.from_bytes(json.dumps(doc).encode())
    assert caught.value.code == "bundle.manifest" and why in caught.value.render("en")


def test_not_json_is_refused_without_a_traceback():
    with pytest.raises(BundleError) as caught:
        Manifest.from_bytes(b"\xff\xfe not json")
    assert caught.value.code == "bundle.manifest"


def test_ports_are_read_from_the_compose_template():
    assert published_ports(COMPOSE) == [{"port": 80, "protocol": "tcp", "service": "web", "public": True},
                                        {"port": 443, "protocol": "tcp", "service": "web", "public": True}]
    assert internal_ports(COMPOSE) == [{"port": 5432, "protocol": "tcp", "service": "db", "public": False}]
