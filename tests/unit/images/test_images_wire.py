"""The receiving script, run by a real `sh` here with `docker load` replaced by a file: whatever was
staged before, the tar it rebuilds is byte for byte the one `docker load` would get from a full send,
and the staging folder ends up holding every blob that crossed the wire. Both ways a blob can travel
are run: gzip-packed (small) and as it is (big)."""
import subprocess

import pytest

from installer.images import wire


@pytest.fixture(params=["packed", "raw"], autouse=True)
def blob_travel(request, monkeypatch):
    if request.param == "raw":
        monkeypatch.setattr(wire, "PACK_BELOW", 0)
    return request.param


@pytest.fixture(params=["python", "gzip"], autouse=True)
def unpacker(request):
    """Layers are unpacked by the target's Python when it has one, else by head | tee | gzip: both run."""
    UNPACKER[0] = request.param
    return request.param


UNPACKER = ["python"]


def receive_locally(bundle, ops, staging, tmp_path, check=True):
    """Run the target's side of a load; returns the tar docker load would have read."""
    out = tmp_path / "docker-load-input.tar"
    script = wire.receive_script(ops, str(staging), "unix:///nowhere", python=UNPACKER[0] == "python").replace(
        "DOCKER_HOST=unix:///nowhere docker load", f"cat > {out}")
    stream = b"".join(wire.chunks(bundle.root, ops))
    subprocess.run(["sh", "-c", script], input=stream, check=check)
    assert len(stream) == wire.wire_bytes(ops)
    return out.read_bytes()


def full_tar(bundle):
    return b"".join(bundle.stream_load_tar())


def layer_of(bundle, index=0):
    layer = bundle.images[0].layers[index]
    return layer.blob[7:], bundle.blob(layer.blob).read_bytes()


def tees(ops):
    return {op.path.rsplit("/", 1)[1]: op for op in wire.flat(ops) if isinstance(op, wire.Tee)}


def test_nothing_staged_gives_the_whole_tar_and_stages_every_blob(bundle, tmp_path, blob_travel):
    staging = tmp_path / "stage"
    ops = wire.build_ops(bundle.root, bundle.manifest, bundle.images, (), {})
    assert receive_locally(bundle, ops, staging, tmp_path) == full_tar(bundle)
    for blob in bundle.layers_missing().blobs:
        assert (staging / (blob.path.rsplit("/", 1)[1] + ".partial")).stat().st_size == blob.size
    layers = sum(bundle.manifest.file(p).size for p in {l.path for i in bundle.images for l in i.layers})
    if blob_travel == "packed":  # the layers as stored (gzip already), headers and configs packed here
        assert layers < wire.wire_bytes(ops) < layers + (len(full_tar(bundle)) - layers) / 2


def test_a_partial_blob_continues_from_its_size(bundle, tmp_path):
    staging = tmp_path / "stage"
    staging.mkdir()
    hexname, data = layer_of(bundle)
    (staging / f"{hexname}.partial").write_bytes(data[:7000])
    ops = wire.build_ops(bundle.root, bundle.manifest, bundle.images, (), {hexname: (f"{hexname}.partial", 7000)})
    assert (tees(ops)[hexname].offset, tees(ops)[hexname].length) == (7000, len(data) - 7000)
    assert receive_locally(bundle, ops, staging, tmp_path) == full_tar(bundle)
    assert (staging / f"{hexname}.partial").read_bytes() == data


def test_a_complete_staged_blob_is_not_sent_but_a_staged_config_is(bundle, tmp_path):
    staging = tmp_path / "stage"
    staging.mkdir()
    hexname, data = layer_of(bundle)
    config = bundle.images[0].id[7:]
    (staging / hexname).write_bytes(data)
    (staging / config).write_bytes(b"{}")  # configs always come over the wire: this one is never read
    ops = wire.build_ops(bundle.root, bundle.manifest, bundle.images, (),
                         {hexname: (hexname, len(data)), config: (config, 2)})
    assert hexname not in tees(ops) and config in tees(ops)
    assert receive_locally(bundle, ops, staging, tmp_path) == full_tar(bundle)


def test_layers_the_target_holds_are_left_out(bundle, tmp_path):
    plan = bundle.layers_missing(present_chains=[bundle.images[0].layers[0].digest])
    ops = wire.build_ops(bundle.root, bundle.manifest, plan.images, plan.skip_layers, {})
    assert receive_locally(bundle, ops, tmp_path / "stage", tmp_path) == b"".join(
        bundle.stream_load_tar(plan.images, plan.skip_layers))
    assert wire.staged_bytes_written(ops) == plan.bytes_to_send


def test_space_gone_since_the_plan_stops_the_load_before_it_starts(bundle, tmp_path):
    """A disk can fill between the plan and the yes: the script checks again, reads no byte, says so."""
    ops = wire.build_ops(bundle.root, bundle.manifest, bundle.images, (), {})
    script = wire.receive_script(ops, str(tmp_path / "stage"), "unix:///nowhere", [("/", 2 ** 62), (str(tmp_path), 1)])
    done = subprocess.run(["sh", "-c", script.replace("DOCKER_HOST=unix:///nowhere docker load", "cat > loaded")],
                          input=b"".join(wire.chunks(bundle.root, ops)), capture_output=True)
    assert done.returncode == wire.NO_SPACE_EXIT
    short = wire.space_shortfalls(done.stderr.decode())
    assert list(short) == ["/"] and 0 < short["/"] < 2 ** 62
    assert not (tmp_path / "stage" / "loaded").exists()


@pytest.mark.parametrize("member", [0, 1])
def test_damaged_staged_bytes_spoil_the_load_but_the_rest_is_still_staged(bundle, tmp_path, member):
    """The load fails (Docker gets a broken layer), and the staged file is complete, so the sha256 check
    after the failed load names and removes it instead of resuming from it forever. In the layer's first
    gzip member or a later one (they are unpacked side by side)."""
    staging = tmp_path / "stage"
    staging.mkdir()
    hexname, data = layer_of(bundle)
    half = len(data) // 2
    damaged = bytearray(data[:half])
    parts = bundle.images[0].layers[0].parts
    assert len(parts) > 2 and sum(parts[:2]) < half
    damaged[sum(parts[:member]) + 10] ^= 0xFF  # in that member's deflate stream: inflating fails there
    (staging / f"{hexname}.partial").write_bytes(bytes(damaged))
    ops = wire.build_ops(bundle.root, bundle.manifest, bundle.images, (), {hexname: (f"{hexname}.partial", half)})
    assert receive_locally(bundle, ops, staging, tmp_path, check=False) != full_tar(bundle)
    assert (staging / f"{hexname}.partial").read_bytes() == bytes(damaged) + data[half:]


def test_the_receiver_keeps_to_python_3_6():
    """RHEL 8's platform-python is 3.6: no syntax of a later Python in what runs on the target."""
    import ast
    ast.parse(wire.RECEIVE_PY, feature_version=(3, 6))
    with pytest.raises(SyntaxError):  # the check does catch later syntax
        ast.parse("if (n := 1): pass", feature_version=(3, 6))
