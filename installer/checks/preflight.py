"""Server checks on every target at once: connect, read facts, judge them."""
from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor

from ..errors import InstallerError
from ..engine.connect import session_for
from . import host_rules as H
from . import runtime_rules as R
from .facts import gather
from .result import TargetReport

log = logging.getLogger(__name__)


def path_size(path: str | None) -> int:
    if not path:
        return 0
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def needs_for(answers) -> H.Needs:
    needs = H.Needs(project=answers.deploy.project)
    bundle_bytes = path_size(answers.bundle)
    if bundle_bytes:
        needs.disk_bytes = 2 * bundle_bytes
    return needs


def judge(fx: dict, needs: H.Needs, target, session) -> list:
    results = [H.check_os(fx, needs), H.check_kernel(fx, needs), H.check_arch(fx, needs), H.check_cores(fx, needs),
               H.check_memory(fx, needs), H.check_install_disk(fx, needs, target), H.check_docker_disk(fx, needs),
               R.check_docker(fx, needs), R.check_storage(fx, needs), R.check_compose(fx, needs),
               *R.check_ports(fx, needs), R.check_clock(fx, needs), R.check_selinux(fx, needs),
               R.check_route(fx, needs), R.check_hostname(fx, needs), R.check_sudo(fx, needs, session),
               R.check_swap(fx, needs), R.check_nofile(fx, needs)]
    return [r for r in results if r is not None]


def check_target(target, answers, asker, needs) -> TargetReport:
    name = target.name or target.host
    session = session_for(target, answers, asker)
    try:
        with session:
            facts = gather(session, target)
            return TargetReport(target.host, name, judge(facts, needs, target, session))
    except InstallerError as err:
        log.info("%s: cannot check: %s", target.host, err.render("en"))
        return TargetReport(target.host, name, [], error=err)


def run_checks(answers, asker) -> list[TargetReport]:
    needs = needs_for(answers)
    with ThreadPoolExecutor(max_workers=min(16, len(answers.targets))) as pool:
        return list(pool.map(lambda t: check_target(t, answers, asker, needs), answers.targets))
