"""The images step against real targets: a fresh load, a second run that sends nothing, an upgrade
that sends only the changed layer, two targets at once (one a sudo user), and a full install dir
refused before a byte is sent."""
from __future__ import annotations

import os
import subprocess


from installer.bundle import Bundle
from installer.engine.events import Message
from installer.units import human_bytes
from tests.integration.images_kit import Run, answers_for, docker, expected_ids, staged_files, tagged_ids
from tests.targets import requires_root, target_entry, write_answers

pytestmark = [requires_root]


def test_fresh_load_second_run_and_upgrade(target, ssh_key, tmp_path, demo_bundle_1_0_0, demo_bundle_1_1_0):
    old, new = Bundle.open(demo_bundle_1_0_0), Bundle.open(demo_bundle_1_1_0)
    first = Run(answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0))()
    assert first.error is None, first.error
    assert tagged_ids(target) == expected_ids(old)
    big = old.manifest.file(old.images[0].layers[0].path).size  # the base layer as stored: gzip
    assert big < first.sent() < old.load_tar_size() / 2  # every byte once at most; layers go compressed
    progress = first.progress()
    assert progress[-1].done == progress[-1].total and all(p.unit == "bytes" for p in progress)
    assert any(p.rate and p.eta is not None for p in progress[:-1])
    assert len(progress) <= 5 * first.step.reports[target.address].seconds + 3  # throttled to ~5 a second
    assert staged_files(target) == {}  # loaded and confirmed: the staged copies are gone
    report = first.step.reports[target.address]  # the summary gives the link's rate, not bytes / whole step
    said = [e.text.render("en") for e in first.events if isinstance(e, Message) and "image(s) loaded" in e.text.render("en")]
    assert said == [f"6 image(s) loaded, 0 tagged: {human_bytes(report.bytes_sent)} sent in {report.send_seconds:.1f} s "
                    f"({human_bytes(report.bytes_sent / report.send_seconds)}/s), all loaded after {report.seconds:.1f} s."]
    assert 0 < report.send_seconds < report.seconds

    again = Run(answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0))()
    assert again.error is None and again.progress() == []
    assert "All images of bundle 1.0.0 are present" in again.plan()[0].unchanged_reason.render("en")

    upgrade = Run(answers_for(tmp_path, [target], ssh_key, demo_bundle_1_1_0))()
    assert upgrade.error is None, upgrade.error
    changed = [l for l in new.manifest.image("job").layers if l.digest not in {d for i in old.images for d in i.diff_ids}]
    assert 0 < upgrade.sent() < sum(l.size for l in changed) + 30_000  # the layer, the job config, tar headers
    assert tagged_ids(target) == {**expected_ids(old), **expected_ids(new)}


def test_two_targets_at_once_one_through_sudo(make_target, ssh_key, test_users, tmp_path, monkeypatch,
                                             demo_bundle_1_0_0):
    root_target, sudo_target = make_target(), make_target()
    monkeypatch.setenv("JF_PW", test_users["password"])
    entries = [target_entry(root_target, str(ssh_key)),
               target_entry(sudo_target, None, user=test_users["sudo"], password={"env": "JF_PW"},
                            sudo_password={"env": "JF_PW"})]
    from installer.answers import load_answers
    answers = load_answers(str(write_answers(tmp_path / "a.yaml", entries, bundle=str(demo_bundle_1_0_0))))
    run = Run(answers)()
    assert run.error is None, run.error
    bundle = Bundle.open(demo_bundle_1_0_0)
    for t in (root_target, sudo_target):
        assert tagged_ids(t) == expected_ids(bundle)
        assert bundle.manifest.file(bundle.images[0].layers[0].path).size < run.sent(t.address) \
            < bundle.load_tar_size() / 2
    hosts_in_turn = [p.target for p in run.progress()]
    first_done = max(hosts_in_turn.index(h) for h in (root_target.address, sudo_target.address))
    assert first_done < len(hosts_in_turn) - 2  # both were moving before either finished: in parallel


def test_full_install_dir_is_refused_up_front_with_the_numbers(target, ssh_key, tmp_path, demo_bundle_1_0_0):
    os.makedirs(target.install_dir)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", target.install_dir], check=True)
    run = Run(answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0))()
    assert run.error is not None and run.error.code == "images.disk_space"
    text = run.error.render("en")
    # the install dir is its own mount: the staging folder is judged alone, with its numbers
    staged = human_bytes(Bundle.open(demo_bundle_1_0_0).layers_missing().bytes_to_send)  # the blobs as stored
    assert f"{target.install_dir}/bundle/blobs/sha256 (on {target.install_dir}) needs {staged}" in text
    assert "33.6 MB free" in text and "nothing was sent" in text
    assert run.progress() == [] and tagged_ids(target) == {}
    assert os.listdir(target.install_dir) == []


def test_a_target_without_python_unpacks_with_gzip(target, ssh_key, tmp_path, monkeypatch, demo_bundle_1_0_0):
    """Servers without python3 (or RHEL's platform-python) get head | tee | gzip: the same images."""
    from installer.images import wire
    monkeypatch.setattr(wire, "FIND_PYTHON", "PY=")
    run = Run(answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0))()
    assert run.error is None, run.error
    assert tagged_ids(target) == expected_ids(Bundle.open(demo_bundle_1_0_0)) and staged_files(target) == {}


def test_an_image_kept_under_another_name_is_tagged_not_sent(target, ssh_key, tmp_path, demo_bundle_1_0_0):
    bundle = Bundle.open(demo_bundle_1_0_0)
    answers = answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0)
    assert Run(answers)().error is None
    redis = bundle.manifest.image("redis")
    docker(target, "tag", redis.name, "someone/else:kept")
    docker(target, "image", "rm", redis.name)  # the image stays, under the other name only
    run = Run(answers)()
    assert run.error is None, run.error
    assert run.progress() == [] and run.step.reports[target.address].retagged == 1
    assert tagged_ids(target) == {**expected_ids(bundle), "someone/else:kept": redis.id}
