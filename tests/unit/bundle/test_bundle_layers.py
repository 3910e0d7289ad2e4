"""What to send to a target: only what it lacks, judged the way Docker judges it (by chain ID)."""
import hashlib

from installer.bundle import Bundle, chain_ids, plan_send, present_chain_ids, present_from_inspect
from installer.bundle.manifest import blob_path
from tests.unit.bundle.bundle_testkit import make_bundle

A, B, C = ("sha256:" + c * 64 for c in "abc")


def test_chain_ids_follow_dockers_definition():
    second = "sha256:" + hashlib.sha256(f"{A} {B}".encode()).hexdigest()
    third = "sha256:" + hashlib.sha256(f"{second} {C}".encode()).hexdigest()
    assert chain_ids([A, B, C]) == [A, second, third]


def test_an_empty_target_gets_every_config_and_each_shared_layer_once(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    plan = bundle.layers_missing()
    layers = {d for i in bundle.images for d in i.diff_ids}
    assert [b.path for b in plan.blobs] == [blob_path(i.id) for i in bundle.images] + \
        list(dict.fromkeys(l.path for i in bundle.images for l in i.layers))
    assert len(plan.blobs) == len(bundle.images) + len(layers) and not plan.skip_layers


def test_an_upgrade_sends_only_the_changed_image(tmp_path):
    old = Bundle.open(make_bundle(tmp_path / "old", "1.0.0", web_text="v1"))
    new = Bundle.open(make_bundle(tmp_path / "new", "1.1.0", web_text="v2"))
    present = present_chain_ids(i.diff_ids for i in old.images)
    plan = new.layers_missing(present, {(i.name, i.id) for i in old.images})
    web = new.manifest.image("web")
    assert [i.name for i in plan.images] == ["demo/web:1"]
    assert [b.path for b in plan.blobs] == [blob_path(web.id), web.layers[1].path]
    assert plan.skip_layers == {web.diff_ids[0]}
    assert plan.bytes_to_send == sum(new.manifest.file(p).size for p in (web.config_path, web.layers[1].path))


def test_a_known_layer_on_another_parent_is_still_sent(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    web = bundle.manifest.image("web")
    present = present_chain_ids([[web.diff_ids[1]]])  # same DiffID, but as a bottom layer elsewhere
    plan = plan_send(bundle.manifest, present)
    assert web.layers[1].path in [b.path for b in plan.blobs]


def test_a_target_with_every_image_gets_nothing(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    plan = bundle.layers_missing(present_chain_ids(i.diff_ids for i in bundle.images),
                                 {(i.name, i.id) for i in bundle.images})
    assert plan.images == () and plan.blobs == () and plan.bytes_to_send == 0


def test_an_image_present_under_another_tag_is_only_retagged(bundle_dir):
    bundle = Bundle.open(bundle_dir)
    inspect = [{"Id": i.id, "RepoTags": ["demo/old:0"] if i.service == "web" else None,
                "RootFS": {"Layers": list(i.diff_ids)}} for i in bundle.images]
    plan = bundle.layers_missing(*present_from_inspect(inspect))
    assert plan.images == () and plan.blobs == () and plan.retag == bundle.images
