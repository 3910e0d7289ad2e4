"""The demo bundles, built offline, verify and really load into an empty namespaced dockerd; the
upgrade to 1.1.0 sends only the job image's config and layer."""
import json

import pytest

from installer.bundle import Bundle
from tests.integration.bundle_stack_kit import load_bundle, target_facts

pytestmark = pytest.mark.targets


def test_every_demo_bundle_verifies(demo_bundles):  # noqa: F811
    for version, path in demo_bundles.items():
        bundle = Bundle.open(path)
        report = bundle.verify()
        assert bundle.version == version and report.bytes > 50_000_000  # layers gzip-compressed: ~89 MB
        print(f"{version}: {report.bytes / 1e6:.0f} MB verified at {report.mb_per_s:.0f} MB/s")


def test_fresh_load_then_upgrade_sends_only_the_changed_layer(fresh_engine, demo_bundle_1_0_0,  # noqa: F811
                                                             demo_bundle_1_1_0):  # noqa: F811
    client = fresh_engine.client()
    old, new = Bundle.open(demo_bundle_1_0_0), Bundle.open(demo_bundle_1_1_0)
    first = load_bundle(client, old)
    assert {i.id for i in old.images} <= {img.id for img in client.images.list()}
    assert first["bytes"] == old.load_tar_size(first["plan"].images, first["plan"].skip_layers)
    upgrade = load_bundle(client, new)
    job = new.manifest.image("job")
    changed = [l for l in job.layers if l.digest not in {d for i in old.images for d in i.diff_ids}]
    assert [b.path.rsplit("/", 1)[1] for b in upgrade["plan"].blobs if b.size > 0][-1] == changed[0].blob[7:]
    assert [i.service for i in upgrade["plan"].images] == ["job"] and len(upgrade["plan"].retag) == 5
    assert upgrade["bytes"] < 2 * job.layers[-1].size + 10_000  # the layer, its config, tar headers
    chains, tagged = target_facts(client)
    assert {(i.name, i.id) for i in new.images} <= tagged
    print(f"fresh 1.0.0: {first['bytes'] / 1e6:.1f} MB in {first['seconds']:.1f} s; upgrade 1.1.0: "
          f"{upgrade['bytes']} bytes sent for changed layers of {sum(l.size for l in changed)} bytes")


def test_an_image_removed_from_the_engine_comes_back_from_its_config_and_top_layer(fresh_engine,  # noqa: F811
                                                                                   demo_bundle_1_0_0):  # noqa: F811
    client, bundle = fresh_engine.client(), Bundle.open(demo_bundle_1_0_0)
    load_bundle(client, bundle)
    redis = bundle.manifest.image("redis")
    client.images.remove(redis.id, force=True)  # every tag: the image itself is gone
    again = load_bundle(client, bundle)
    assert [i.name for i in again["plan"].images] == [redis.name]
    assert again["bytes"] < 100_000  # base and runtime layers are still held by the other images
    assert client.images.get(redis.name).id == redis.id


def test_vendor_build_from_the_loaded_images_gives_the_same_images(fresh_engine, demo_bundle_1_0_0,  # noqa: F811
                                                                   tmp_path, capsys):
    from installer.cli.vendor import main as vendor
    from tests.fixtures_bundle import TEST_SIGNING_KEY
    original = Bundle.open(demo_bundle_1_0_0)
    load_bundle(fresh_engine.client(), original)
    status = vendor(["bundle", "build", "--compose", str(original.compose_path), "--version", "1.0.0", "--key",
                     str(TEST_SIGNING_KEY), "--out", str(tmp_path), "--engine", fresh_engine.url, "--json"])
    body = json.loads(capsys.readouterr().out)
    assert status == 0 and body["ok"], body
    rebuilt = Bundle.open(body["path"])
    rebuilt.verify()
    assert rebuilt.images == original.images  # same IDs, same layers in the same order, same sizes
    assert {f.path: f.sha256 for f in rebuilt.manifest.files} == {f.path: f.sha256 for f in original.manifest.files}


def test_vendor_build_names_an_image_the_engine_lacks(fresh_engine, tmp_path, capsys):  # noqa: F811
    from installer.cli.vendor import main as vendor
    from tests.fixtures_bundle import TEST_SIGNING_KEY
    compose = tmp_path / "compose.yml"
    compose.write_text('version: "2.4"\nservices:\n  web: {image: "jobfirst/nothing:9.9"}\n')
    status = vendor(["bundle", "build", "--compose", str(compose), "--version", "9.9", "--key",
                     str(TEST_SIGNING_KEY), "--out", str(tmp_path / "out"), "--engine", fresh_engine.url, "--json"])
    body = json.loads(capsys.readouterr().out)
    assert status == 1 and "jobfirst/nothing:9.9" in body["errors"][0]["message"]
    assert not list((tmp_path / "out").iterdir())  # no bundle, not even half of one
