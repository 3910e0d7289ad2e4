"""The docker and file commands the images step runs on a target (as root), each one round trip."""
from __future__ import annotations

import shlex

from . import facts as F
from .messages import docker_unreachable
from .outcome import tag_list


def staging_dir(install_dir: str) -> str:
    return f"{install_dir.rstrip('/')}/bundle/blobs/sha256"


def _docker(target) -> str:
    return f"DOCKER_HOST={shlex.quote(target.docker_host)} docker"


def read_facts(session, target) -> F.TargetFacts:
    result = session.run(F.script_for(target.docker_host, staging_dir(target.install_dir)), sudo=True,
                         check=False, timeout=300)
    facts = F.parse(result.out)
    if not facts.docker_ok:
        raise docker_unreachable(session.host, target.docker_host, F.split_sections(result.out).get("info", "")
                                 or result.err)
    return facts


def remove_staged(session, staging: str, files: list[str]) -> None:
    if files:
        session.run(f"cd {shlex.quote(staging)} && rm -f -- {' '.join(shlex.quote(f) for f in files)}", sudo=True)


def check_partials(session, staging: str, sizes: dict[str, int]) -> list[str]:
    """After a load that did not finish: sha256 of every staged .partial that has its full size. A match
    is renamed to its blob name (complete, verified: the next run skips it); a mismatch is deleted.
    Returns the hex names of the deleted ones."""
    checks = " ".join(f"{h}:{n}" for h, n in sizes.items())
    script = (f"cd {shlex.quote(staging)} 2>/dev/null || exit 0\nfor e in {checks}; do h=${{e%%:*}}; n=${{e#*:}}; "
              f"f=$h.partial; [ -f $f ] && [ $(stat -c %s $f) = $n ] || continue; set -- $(sha256sum $f); "
              f"if [ \"$1\" = $h ]; then mv -f $f $h; else rm -f $f; echo bad $h; fi; done")
    out = session.run(script, sudo=True, timeout=1800).out
    return [line.split()[1] for line in out.splitlines() if line.startswith("bad ")]


def finish_script(target, staging: str, retag, images) -> str:
    """After a load (or instead of one): tag the images the target had under another name, then print
    repo:tag and image ID of every tagged image (the check); when every bundle image is there under its
    tag with its ID, the staged copies go (only disk use now: Docker holds the layers)."""
    tags = "".join(f"{_docker(target)} tag {shlex.quote(i.id)} {shlex.quote(i.name)}\n" for i in retag)
    pairs = " ".join(shlex.quote(f"{i.name} {i.id}") for i in images)
    return (tags + f"finish() {{ out=$({_docker(target)} image ls --no-trunc --format "
            f"'{{{{.Repository}}}}:{{{{.Tag}}}} {{{{.ID}}}}') || return 1\nprintf '%s\\n' \"$out\"\n"
            f"for p in {pairs}; do printf '%s\\n' \"$out\" | grep -qxF \"$p\" || return 0; done\n"
            f"rm -rf -- {shlex.quote(staging)}; }}\nfinish\n")


def finish(session, target, staging: str, retag, images) -> dict[str, str]:
    """finish_script on its own (nothing to load): repo:tag -> image ID."""
    return tag_list(session.run(finish_script(target, staging, retag, images), sudo=True).out)


def tag(session, target, image_id: str, name: str) -> None:
    session.run(f"{_docker(target)} tag {shlex.quote(image_id)} {shlex.quote(name)}", sudo=True)


def untag(session, target, name: str) -> None:
    session.run(f"{_docker(target)} image rm {shlex.quote(name)} >/dev/null", sudo=True, check=False)
