"""Loading the bundle's images onto one target: send what it lacks, load, confirm, tidy up.

What is verified where:
- on the wire: SSH's AES-GCM authenticates every packet;
- by Docker: it computes the sha256 of every layer it reads and refuses one that is not its DiffID
  (the blob's name); an image's ID is the sha256 of the config it read;
- by us, after the load: `docker image inspect` must show every bundle image's ID under its tag, so
  every blob that went in had the sha256 its name says;
- staged blobs left by a load that did not finish: `sha256sum` on the target; a match is renamed to
  its name (complete, skipped next time), a mismatch removed and named in the error."""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ..i18n import T
from ..remote import transfer
from . import remote as R
from .messages import damaged_blobs, load_failed, not_enough_space, wrong_images
from .outcome import read_load_output, tag_list
from .plan import TargetWork, work_for
from .progress import ProgressMeter
from .wire import FINISHED, NO_SPACE_EXIT, Staged, Tee, chunks, flat, receive_script, space_shortfalls


@dataclass
class LoadReport:
    host: str
    bytes_sent: int = 0
    send_seconds: float = 0.0   # until the last byte was out: the rate the link gave
    images_loaded: int = 0
    retagged: int = 0
    seconds: float = 0.0
    cipher: str = ""


def read_facts(handle):
    return R.read_facts(handle.session, handle.target)


def plan_target(handle, bundle, facts=None):
    """(facts, work) for one target; read-only. facts: read already (else read here)."""
    facts = facts or read_facts(handle)
    return facts, work_for(bundle, facts, R.staging_dir(handle.target.install_dir))


def load_target(ctx, handle, bundle, undo, planned=None) -> LoadReport:
    """planned: (facts, work) from this run's plan, so the target is not read twice; the receiving
    script checks again, at the last moment, that the free space the plan counted on is there."""
    started, session, target = time.monotonic(), handle.session, handle.target
    staging = R.staging_dir(target.install_dir)
    facts, work = planned or plan_target(handle, bundle)
    if work.space_problems:
        raise not_enough_space([(handle.host, p) for p in work.space_problems])
    report = LoadReport(handle.host)
    if work.nothing_to_do:
        return report
    _register_undo(undo, handle, facts, list(work.send.images) + list(work.send.retag))
    if work.send.images:
        report.cipher = transfer.cipher(session)
        report.bytes_sent, report.send_seconds, found = _send_and_load(ctx, handle, bundle, work, staging,
                                                                      facts.docker_root)
    else:
        R.remove_staged(session, staging, work.discard)
        found = R.finish(session, target, staging, work.send.retag, bundle.images)
    _confirm(handle, bundle, found)
    report.images_loaded, report.retagged = len(work.send.images), len(work.send.retag)
    report.seconds = time.monotonic() - started
    return report


def _send_and_load(ctx, handle, bundle, work: TargetWork, staging: str, docker_root) -> tuple[int, float, dict]:
    """Bytes sent, seconds until the last one was out, and repo:tag -> image ID as the target lists
    them after the load and the tags."""
    meter = ProgressMeter(lambda done, total, rate, eta: ctx.progress(done, total, "bytes", rate, eta,
                                                                      target=handle.host), work.wire_bytes)

    def on_sent(n: int) -> None:
        meter.add(n)
        ctx.check_cancelled()
    space = [(need.mount, need.need) for need in work.space]
    then = R.finish_script(handle.target, staging, work.send.retag, bundle.images)
    script = receive_script(work.ops, staging, handle.target.docker_host, space, discard=work.discard, then=then)
    result = transfer.stream(handle.session, script, chunks(bundle.root, work.ops), on_sent=on_sent)
    loaded, _, listed = result.out.partition(FINISHED)
    short = space_shortfalls(result.err) if result.rc == NO_SPACE_EXIT else {}
    if short:
        raise not_enough_space([(handle.host, replace(need, free=short[need.mount])) for need in work.space
                                if need.mount in short])
    outcome = read_load_output(result.rc, loaded, result.err)
    if not outcome.ok:
        damaged = _sort_out_staged(handle.session, staging, work, outcome.bad_layer)
        if damaged:
            raise damaged_blobs(handle.host, staging, damaged)
        raise load_failed(handle.host, outcome.summary, outcome.no_space, docker_root)
    return meter.done, meter.seconds, tag_list(listed)


def _sort_out_staged(session, staging: str, work: TargetWork, bad_layer: str | None) -> list[str]:
    """Keep what is good for the next run, remove what is damaged; returns the damaged blobs."""
    sizes = {b.path.rsplit("/", 1)[1]: b.size for b in work.send.blobs}
    damaged = R.check_partials(session, staging, {h: n for h, n in sizes.items() if _staged_here(work, h)})
    blob = _blob_of(work, bad_layer) if bad_layer else None
    if blob and blob not in damaged:
        R.remove_staged(session, staging, [blob, blob + ".partial"])
        damaged.append(blob)
    return damaged


def _blob_of(work: TargetWork, diff_id: str) -> str:
    """The staged file's name (the stored blob's hex) of the layer Docker refused, named by its DiffID."""
    layers = {l.digest: l for i in work.send.images for l in i.layers}
    return layers[diff_id].blob[7:] if diff_id in layers else diff_id[7:]


def _staged_here(work: TargetWork, hexname: str) -> bool:
    return any(isinstance(op, (Tee, Staged)) and op.file.startswith(hexname) for op in flat(work.ops))


def _confirm(handle, bundle, found: dict) -> None:
    wrong = {i.name: (i.id, found.get(i.name)) for i in bundle.images if found.get(i.name) != i.id}
    if wrong:
        raise wrong_images(handle.host, wrong)


def _register_undo(undo, handle, facts, images) -> None:
    """Before anything is loaded or tagged: put every tag this run sets back as it was."""
    before = {tag: doc["Id"] for doc in facts.images for tag in doc.get("RepoTags") or []}

    def restore():
        for image in images:
            if before.get(image.name):
                R.tag(handle.session, handle.target, before[image.name], image.name)
            else:
                R.untag(handle.session, handle.target, image.name)
    undo.register(T("remove the images this run loaded or tagged on {host}", "删除本次在 {host} 上加载或标记的镜像",
                    host=handle.host), restore)
