"""Pure decisions of the images step: reading a target's answers, what fits on its disks, what
docker load said, and how often progress is reported."""
import json

from installer.images import facts as F
from installer.images.outcome import read_load_output, tag_list
from installer.images.plan import HEADROOM, work_for
from installer.images.progress import ProgressMeter

HEX_A, HEX_B = "a" * 64, "b" * 64


def facts_output(inspect=(), root_df="/dev/vda 100 50 900000 6% /", stage_df="/dev/vda 100 50 900000 6% /",
                 staged="", info="/var/lib/docker|[[\"Backing Filesystem\",\"extfs\"]]"):
    return (f"\n@@info\n{info}\n@@inspect\n{json.dumps(list(inspect))}\n@@root_df\n{root_df}\n"
            f"@@stage_df\n{stage_df}\n@@staged\n{staged}\n")


def test_target_answers_are_read_from_one_round_trip():
    facts = F.parse(facts_output(staged=f"100 {HEX_A}.partial\n5 {HEX_B}\n3 notes.txt\n0 .lock"))
    assert facts.docker_root == "/var/lib/docker" and not facts.containerd_store
    assert facts.root_disk == F.Disk(900000 * 1024, "/")
    assert facts.staged == {HEX_A: (f"{HEX_A}.partial", 100), HEX_B: (HEX_B, 5)}


def test_docker_that_does_not_answer_is_noticed():
    facts = F.parse(facts_output(info="Cannot connect to the Docker daemon at unix:///x. Is the docker daemon running?"))
    assert not facts.docker_ok


def test_containerd_store_is_detected():
    assert F.parse(facts_output(info='/var/lib/docker|[["driver-type","io.containerd.snapshotter.v1"]]')).containerd_store


def test_staged_files_longer_than_their_blob_are_dropped_and_complete_ones_must_be_exact():
    staged = {HEX_A: (f"{HEX_A}.partial", 120), HEX_B: (HEX_B, 40), "c" * 64: ("c" * 64 + ".partial", 5)}
    usable, bad = F.usable_staged(staged, {HEX_A: 100, HEX_B: 50, "c" * 64: 10})
    assert usable == {"c" * 64: ("c" * 64 + ".partial", 5)} and sorted(bad) == sorted([f"{HEX_A}.partial", HEX_B])


def test_fresh_target_needs_room_for_docker_copy_and_layers_and_staging_on_one_disk(bundle):
    facts = F.parse(facts_output(root_df="/dev/vda 100 50 1 6% /", stage_df="/dev/vda 100 50 1 6% /"))
    work = work_for(bundle, facts, "/opt/jobfirst/bundle/blobs/sha256")
    layers = sum({l.digest: l.size for i in bundle.images for l in i.layers}.values())  # unpacked, each once
    tar = bundle.load_tar_size()
    assert [(s.mount, s.need) for s in work.space] == [("/", tar + layers + HEADROOM + work.send.bytes_to_send)]
    assert work.space_problems and 0 < work.wire_bytes < tar  # small members go gzip-packed


def test_separate_disks_are_judged_separately(bundle):
    facts = F.parse(facts_output(root_df="/dev/vdb 1 1 99999999 1% /var/lib/docker",
                                 stage_df="tmpfs 1 1 1 1% /opt/jobfirst"))
    work = work_for(bundle, facts, "/opt/jobfirst/bundle/blobs/sha256")
    assert [p.where for p in work.space_problems] == ["/opt/jobfirst/bundle/blobs/sha256"]
    assert work.space_problems[0].need == work.send.bytes_to_send


def test_images_present_under_their_tags_mean_nothing_to_do(bundle):
    docs = [{"Id": i.id, "RepoTags": [i.name], "RootFS": {"Layers": i.diff_ids}} for i in bundle.images]
    work = work_for(bundle, F.parse(facts_output(inspect=docs)), "/s")
    assert work.nothing_to_do and work.wire_bytes == 0


def test_containerd_store_gets_whole_images(bundle):
    docs = [{"Id": "sha256:" + "e" * 64, "RepoTags": ["other:1"], "RootFS": {"Layers": bundle.images[0].diff_ids}}]
    classic = work_for(bundle, F.parse(facts_output(inspect=docs)), "/s")
    containerd = work_for(bundle, F.parse(facts_output(inspect=docs, info="/d|io.containerd.snapshotter")), "/s")
    assert classic.send.skip_layers and not containerd.send.skip_layers


def test_a_full_disk_without_an_error_code_is_a_failed_load():
    said = read_load_output(0, "Loaded image: a:1\n", "write /var/lib/docker/tmp/x: no space left on device\n")
    assert not said.ok and said.no_space and said.loaded == ("a:1",)


def test_a_layer_that_fails_its_checksum_is_named():
    digest = "sha256:" + HEX_A
    said = read_load_output(1, "", f'invalid diffID for layer 0: expected "{digest}", got "sha256:{HEX_B}"\n')
    assert not said.ok and said.bad_layer == digest


def test_a_clean_load_is_ok():
    said = read_load_output(0, "Loaded image: a:1\nLoaded image: b:2\n", "")
    assert said.ok and said.loaded == ("a:1", "b:2") and not said.errors


def test_tag_list_ignores_untagged_images():
    out = f"a:1 sha256:{HEX_A}\n<none>:<none> sha256:{HEX_B}\n"
    assert tag_list(out) == {"a:1": f"sha256:{HEX_A}"}


def test_progress_is_throttled_and_gives_rate_and_time_left():
    now, events = [0.0], []
    meter = ProgressMeter(lambda *e: events.append(e), total=2_000_000, clock=lambda: now[0])
    for _ in range(1000):  # 1000 chunks of 1000 bytes over 2 s: 500 kB/s
        now[0] += 0.002
        meter.add(1000)
    assert 9 <= len(events) <= 11
    done, total, rate, eta = events[-1]
    assert done >= 900_000 and abs(rate - 500_000) < 5_000 and abs(eta - (total - done) / rate) < 1e-9
    meter.add(1_000_000)
    assert events[-1][0] == total  # the last event is always sent


def test_no_rate_or_time_left_is_guessed_from_the_first_moments():
    """The first chunk (a few hundred bytes of tar headers) must not promise '1h17m left'."""
    now, events = [0.0], []
    meter = ProgressMeter(lambda *e: events.append(e), total=2_000_000, clock=lambda: now[0])
    now[0] += 0.05
    meter.add(873)
    assert events == [(873, 2_000_000, None, None)]
    now[0] += 0.3
    meter.add(500_000)
    assert events[-1][2] is not None and events[-1][3] is not None
