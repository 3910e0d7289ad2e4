"""The firewall: the rules in words (the firewall package's own description), the management networks
SSH stays open to, and the admin's confirmation. The installer never locks itself out: this
workstation's address must be in a management network, and the engine applies with automatic revert."""
from __future__ import annotations

import html
import ipaddress

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLineEdit, QListWidget, QPushButton, QVBoxLayout

from ...firewall.policy import Policy
from ...i18n import T
from ..widgets import Banner, Line
from .base import Page


def covered(address: str, networks: list[str]) -> bool:
    try:
        return any(ipaddress.ip_address(address) in ipaddress.ip_network(n, strict=False) for n in networks)
    except ValueError:
        return False


class FirewallPage(Page):
    nav = T("Firewall", "防火墙")
    heading = T("Firewall", "防火墙")
    intro = T("From outside, users reach JobFirst on the web ports only; SSH stays open to your management networks. "
              "Docker's published ports are closed too, which ordinary firewall tools miss.",
              "从外部，用户只能通过 Web 端口访问 JobFirst；SSH 只对您的管理网段开放。Docker 发布的端口也会被关闭，这是普通防火墙工具容易遗漏的。")

    def __init__(self, shared):
        super().__init__(shared)
        self.enabled, self.confirmed = QCheckBox(), QCheckBox()
        self.texts.bind(self.enabled.setText, T("Set up the firewall on the servers (recommended)",
                                                "在服务器上设置防火墙（推荐）"))
        self.texts.bind(self.confirmed.setText, T("I have checked the networks: after the install, SSH to these servers "
                                                  "works only from them.", "我已核对网段：安装后只能从这些网段通过 SSH 访问服务器。"))
        self.enabled.toggled.connect(self._edited)
        self.confirmed.toggled.connect(self.changed)
        self.rules = Line(rich=True)
        self.result = Banner()
        self.body.addWidget(self.enabled)
        self.body.addWidget(self._networks_box())
        self.body.addWidget(self._rules_box())
        self.body.addWidget(self.result)
        self.body.addWidget(self.confirmed)
        self.body.addStretch(1)

    def _networks_box(self) -> QGroupBox:
        self.networks_box, self.networks, self.entry = QGroupBox(), QListWidget(), QLineEdit()
        self.texts.bind(self.networks_box.setTitle, T("Management networks (SSH allowed from)", "管理网段（允许 SSH 的来源）"))
        self.networks.setMaximumHeight(96)
        self.entry.setPlaceholderText("198.51.100.0/24")
        add, remove, row = QPushButton(), QPushButton(), QHBoxLayout()
        self.texts.bind(add.setText, T("Add", "添加"))
        self.texts.bind(remove.setText, T("Remove", "删除"))
        add.clicked.connect(self.add_network)
        self.entry.returnPressed.connect(self.add_network)
        remove.clicked.connect(self.remove_network)
        for widget in (self.entry, add, remove):
            row.addWidget(widget)
        layout = QVBoxLayout(self.networks_box)
        layout.addWidget(self.networks)
        layout.addLayout(row)
        return self.networks_box

    def _rules_box(self) -> QGroupBox:
        self.rules_box = QGroupBox()
        self.texts.bind(self.rules_box.setTitle, T("What the firewall will do on each server", "防火墙在每台服务器上的规则"))
        QVBoxLayout(self.rules_box).addWidget(self.rules)
        return self.rules_box

    # -- model -------------------------------------------------------------------------------
    @property
    def section(self) -> dict:
        return self.model.section("firewall")

    def initializePage(self) -> None:
        fw = self.section
        if not fw.get("management"):
            fw["management"] = [f"{a}/32" for a in dict.fromkeys(self.shared.local_addresses.values())]
        self.enabled.setChecked(fw.get("enabled", True))
        self._fill()

    def add_network(self) -> None:
        text = self.entry.text().strip()
        if text:
            self.section.setdefault("management", []).append(text)
            self.entry.clear()
            self._fill()

    def remove_network(self) -> None:
        row = self.networks.currentRow()
        if row >= 0:
            del self.section["management"][row]
            self._fill()

    def _edited(self) -> None:
        self.section["enabled"] = self.enabled.isChecked()
        self._fill()

    def _fill(self) -> None:
        self.networks.clear()
        self.networks.addItems([str(n) for n in self.section.get("management", [])])
        on = self.enabled.isChecked()
        for widget in (self.networks_box, self.rules_box, self.confirmed):
            widget.setVisible(on)
        self._judge()
        self.changed()

    # -- judging -----------------------------------------------------------------------------
    def blockers(self) -> list:
        problems = self.model.problems("firewall")
        if problems:
            return [p.message for p in problems]
        nets = self.section.get("management", [])
        if not nets:
            return [T("Add at least one management network.", "请至少添加一个管理网段。")]
        return [T("This workstation reaches {host} from {addr}, which is in none of these networks: the firewall would "
                  "lock the installer out. Add {addr}/32 or its network.",
                  "本机以 {addr} 访问 {host}，该地址不在上述任何网段内：防火墙会把安装程序挡在外面。请添加 {addr}/32 或其所在网段。",
                  host=host, addr=addr) for host, addr in self.shared.local_addresses.items() if not covered(addr, nets)]

    def _judge(self) -> None:
        blockers = self.blockers() if self.enabled.isChecked() else []
        if blockers:
            self.result.show_items("fail", T("Not right yet:", "尚未正确："), blockers)
        elif not self.enabled.isChecked():
            self.result.show_items("warn", T("Without the firewall, every port Docker publishes is reachable from the "
                                             "network.", "不设置防火墙时，Docker 发布的每个端口都可从网络访问。"))
        else:
            self.result.clear()
        self.rules.say(self._describe if not blockers else None)

    def _describe(self) -> str:
        fw = self.section
        policy = Policy(tuple(fw.get("public_ports") or (80, 443)), self._ssh_port(), tuple(fw.get("management", [])))
        lines = policy.describe() + [T("A change reverts by itself after {n} s unless the installer can still log in over "
                                       "a new SSH connection.", "若安装程序在 {n} 秒内无法通过新的 SSH 连接登录，更改会自动还原。",
                                       n=fw.get("confirm_timeout", 60))]
        items = "".join(f"<li style='margin-bottom:4px'>{html.escape(line.render())}</li>" for line in lines)
        return f"<ul style='margin-left:-22px'>{items}</ul>"

    def _ssh_port(self) -> int:
        ports = {int(t.get("port") or 22) for t in self.model.targets}
        return ports.pop() if len(ports) == 1 else 22

    def isComplete(self) -> bool:
        return not self.enabled.isChecked() or (not self.blockers() and self.confirmed.isChecked())
