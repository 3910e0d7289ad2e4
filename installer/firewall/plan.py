"""The firewall plan of one target, read-only: which back end, the rules in words and as exact text,
whether they are in force already, and the refusals that protect our own SSH access."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InstallerError
from ..i18n import T, Text, plain
from .backend import choose
from .facts import Facts, read_facts, read_live, state_dir
from .persist import Persistence, files as persist_files, persistence_for
from .policy import Policy, Rendered, policy_for
from .transaction import REPLACES


@dataclass
class TargetPlan:
    host: str
    state: str                  # our directory on the target
    backend: object
    policy: Policy
    facts: Facts
    persistence: Persistence
    rendered: Rendered
    warnings: list = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Rules ufw or firewalld still lack (empty for nftables and iptables)."""
        return self.backend.missing(self.policy, self.facts)

    @property
    def up_to_date(self) -> bool:
        kept = self.persistence.unavailable is not None or self.facts.persisted == self.rendered.tag
        return self.facts.live == self.rendered.tag and kept and not self.missing

    def files(self) -> dict[str, str]:
        """Everything that goes to <state>/active on the target."""
        out = dict(self.rendered.files, backend=self.backend.name + "\n", digest=self.rendered.tag + "\n")
        out.update(persist_files(self.persistence))
        if hasattr(self.backend, "persist_scripts"):
            persist, unpersist = self.backend.persist_scripts(self.facts)
            out.update({"persist.sh": out["persist.sh"] + persist, "unpersist.sh": out["unpersist.sh"] + unpersist})
        else:
            out[REPLACES] = "apply.sh replaces the whole rule set at once\n"
        return out

    def changes(self, seconds: int) -> list[Text]:
        if self.up_to_date:
            return []
        lines = [T("Back end {summary}.", "后端：{summary}。", summary=self.backend.summary), *self.policy.describe(),
                 T("Revert by itself after {n} s unless the installer confirms over a new SSH connection.",
                   "除非安装程序在 {n} 秒内通过新的 SSH 连接确认，否则自动还原。", n=seconds)]
        if self.missing:
            lines.append(T("Add to {name}: {rules}.", "在 {name} 中添加：{rules}。", name=self.backend.name,
                           rules="; ".join(self.backend.manager.command(r, self.facts) for r in self.missing)))
        if self.facts.live and self.facts.live != self.rendered.tag:
            lines.append(T("Replace the JobFirst rules applied earlier.", "替换之前应用的 JobFirst 规则。"))
        if not self.persistence.unavailable:
            lines.append(T("Keep the rules for the next boot: {dir} and systemd unit jobfirst-firewall.service.",
                           "开机保持这些规则：{dir} 与 systemd 单元 jobfirst-firewall.service。",
                           dir=self.persistence.boot_dir))
        return lines + [plain(self.rendered.text)]

    def unchanged_reason(self) -> Text:
        return T("The firewall of {host} already has these rules ({backend}).", "{host} 的防火墙已是这些规则（{backend}）。",
                 host=self.host, backend=self.backend.name)

    def to_json(self, seconds: int) -> dict:
        return {"host": self.host, "backend": self.backend.name, "client": self.facts.client,
                "ssh_port": self.policy.ssh_port, "up_to_date": self.up_to_date,
                "rules": [t.render() for t in self.policy.describe()], "ruleset": self.rendered.text,
                "changes": [t.render() for t in self.changes(seconds)[:-1]],
                "warnings": [w.render() for w in self.warnings]}


def plan_target(session, target, answers, system_root: str | None = None) -> TargetPlan:
    """Reads the target (read-only) and refuses a rule set that would lock out the installer."""
    facts = read_facts(session, target)
    backend = choose(answers.firewall.backend, facts, target.host)
    policy = policy_for(answers, target.host, facts.ssh_port)
    _refuse_lockout(policy, facts, target.host)
    _refuse_pending(facts, target.host)
    persistence = persistence_for(facts, system_root)
    facts = read_live(session, backend, policy, facts, persistence.digest_path)
    plan = TargetPlan(target.host, state_dir(target), backend, policy, facts, persistence,
                      backend.render(policy, facts))
    plan.warnings = _warnings(plan)
    return plan


def _refuse_lockout(policy: Policy, facts: Facts, host: str) -> None:
    if policy.admits_ssh_from(facts.client):
        return
    nets = ", ".join(policy.management) or T("none", "无").render()
    raise InstallerError(
        T("The firewall would lock the installer out of {host}: it connects from {addr} (as {host} sees it), which is "
          "not in the management networks ({nets}). Nothing was changed.",
          "该防火墙会把安装程序挡在 {host} 之外：安装程序的连接地址为 {addr}（{host} 所见），不在管理网段（{nets}）内。"
          "未做任何更改。", host=host, addr=facts.client, nets=nets),
        T("Add {addr}/32 (or the management network it belongs to) to firewall.management in the answer file.",
          "请在应答文件的 firewall.management 中加入 {addr}/32（或它所属的管理网段）。", addr=facts.client),
        code="firewall.lockout", where=host)


def _refuse_pending(facts: Facts, host: str) -> None:
    if facts.pending:
        raise InstallerError(
            T("An earlier firewall change on {host} is still waiting for its confirmation or its automatic revert.",
              "{host} 上之前的防火墙更改仍在等待确认或自动还原。", host=host),
            T("Wait until its confirm_timeout has passed (at most 10 minutes), then plan again.",
              "请等待其 confirm_timeout 过去（最多 10 分钟）后重新生成计划。"), code="firewall.pending", where=host)


def _warnings(plan: TargetPlan) -> list[Text]:
    found = []
    if plan.policy.ssh_port in plan.policy.public_ports:
        found.append(T("SSH (port {port}) is open to everyone because firewall.public_ports lists it.",
                       "由于 firewall.public_ports 包含 SSH 端口 {port}，SSH 对所有人开放。", port=plan.policy.ssh_port))
    if plan.persistence.unavailable:
        found.append(T("The rules will not be kept for the next boot: {why}.", "这些规则重启后不会保留：{why}。",
                       why=plan.persistence.unavailable))
    return found
