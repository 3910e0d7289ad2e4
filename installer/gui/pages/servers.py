"""The servers: address and login of each, and one real login to prove it works (with the host key
shown for the user to confirm the first time, and sudo tried). Next needs every server logged in."""
from __future__ import annotations

import os

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QVBoxLayout

from ...i18n import T
from ..jobs import try_login
from ..widgets import Banner, Line, debounce
from .base import Page
from .server_form import ServerForm, problem_lines

SUDO_WORDS = {"nopasswd": T("sudo works without a password.", "sudo 无需密码即可使用。"),
              "password": T("sudo works with the given password.", "sudo 可使用所填密码。")}


def signature(entry: dict) -> str:
    """What a login proved is only valid for these values (secrets included, the pinned key excluded)."""
    values = {k: (os.environ.get(v["env"]) if isinstance(v, dict) and "env" in v else v) for k, v in entry.items()
              if k != "host_key"}
    return str(hash(repr(sorted(values.items(), key=lambda kv: kv[0]))))


class ServersPage(Page):
    nav = T("Servers", "服务器")
    heading = T("Your servers", "您的服务器")
    intro = T("Add every server JobFirst will run on. The installer logs in over SSH as root, or as a user who may "
              "use sudo, and changes nothing until you confirm on the Review page.",
              "请添加 JobFirst 将运行的每一台服务器。安装程序通过 SSH 以 root 或可使用 sudo 的用户登录；在“检查并确认”页确认之前不会做任何改动。")

    def __init__(self, shared):
        super().__init__(shared)
        self.logins: dict = {}   # index -> (signature, Login or None, error or None)
        self.testing: set = set()
        self.form = ServerForm(self)
        self.form.edited.connect(self._edited)
        self.settle = debounce(self, 150, self._settled)  # judge the form when typing pauses, not per key
        row = QHBoxLayout()
        row.addLayout(self._list_column())
        row.addLayout(self._form_column(), 1)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def _list_column(self) -> QVBoxLayout:
        column, self.list = QVBoxLayout(), QListWidget()
        self.list.setFixedWidth(170)
        self.list.currentRowChanged.connect(self._select)
        add, remove = QPushButton(), QPushButton()
        self.texts.bind(add.setText, T("Add a server", "添加服务器"))
        self.texts.bind(remove.setText, T("Remove", "删除"))
        add.clicked.connect(self.add_server)
        remove.clicked.connect(self.remove_server)
        self.list.setMaximumHeight(220)
        for widget in (self.list, add, remove):
            column.addWidget(widget)
        column.addStretch(1)
        return column

    def _form_column(self) -> QVBoxLayout:
        column, actions = QVBoxLayout(), QHBoxLayout()
        self.connect_button, self.status = QPushButton(), Line()
        self.connect_button.setProperty("primary", True)
        self.texts.bind(self.connect_button.setText, T("Connect and check", "连接并检查"))
        self.connect_button.clicked.connect(lambda: self.connect(self.list.currentRow()))
        actions.addWidget(self.connect_button)
        actions.addWidget(self.status)
        actions.addStretch(1)
        self.result = Banner()
        column.addWidget(self.form)
        self.form.layout().insertLayout(1, actions)  # the action and its verdict right under the login
        self.form.layout().insertWidget(2, self.result)
        return column

    # -- the list ----------------------------------------------------------------------------
    def initializePage(self) -> None:
        if not self.model.targets:
            self.model.add_target()
        self._fill_list(0)
        for i in range(len(self.model.targets)):
            if i not in self.logins and not self.model.check_part(("ssh",), [self.model.targets[i]])[1]:
                self.connect(i)  # pre-filled from an answer file: prove each login right away

    def _fill_list(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i in range(len(self.model.targets)):
            self.list.addItem(self._item_text(i))
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(current, self.list.count() - 1))
        self._select(self.list.currentRow())

    def _item_text(self, i: int) -> str:
        mark = "…" if i in self.testing else {True: "✔", False: "✖", None: " "}[self._state(i)]
        host = self.model.targets[i].get("host") or T("new server", "新服务器").render()
        return f"{mark}  {i + 1}. {host}"

    def _select(self, i: int) -> None:
        if i < 0:
            return
        self.form.load(i)
        self._show_state(i)

    def add_server(self) -> None:
        self._fill_list(self.model.add_target())
        self.changed()

    def remove_server(self) -> None:
        i = self.list.currentRow()
        if i < 0 or len(self.model.targets) == 1:
            return
        self.model.remove_target(i)
        self.logins = {j - (j > i): v for j, v in self.logins.items() if j != i}
        self._fill_list(i)
        self.changed()

    def _edited(self) -> None:
        i = self.list.currentRow()
        self.list.item(i).setText(self._item_text(i))
        self.connect_button.setEnabled(False)
        self.changed()  # cheap unless Next flips, and it must never stay enabled for stale values
        self.settle.start()

    def _settled(self) -> None:
        if self.list.currentRow() >= 0:
            self._show_state(self.list.currentRow())

    # -- logging in --------------------------------------------------------------------------
    def connect(self, i: int) -> None:
        entry = self.model.targets[i]
        answers, problems = self.model.check_part(("ssh",), [entry])
        if problems:
            return self._show_state(i)
        sig = signature(entry)
        self.testing.add(i)
        self._refresh_row(i)
        self.shared.tasks.start(lambda: try_login(answers, self.shared.asker),
                                lambda login: self._done(i, sig, login, None), lambda err: self._done(i, sig, None, err))

    def _done(self, i: int, sig: str, login, err) -> None:
        self.testing.discard(i)
        if i >= len(self.model.targets):
            return  # removed meanwhile
        self.logins[i] = (sig, login, err)
        if login is not None:
            self.shared.local_addresses[login.host] = login.local_address
        self._refresh_row(i)
        self.changed()

    def _refresh_row(self, i: int) -> None:
        self.list.item(i).setText(self._item_text(i))
        if i == self.list.currentRow():
            self.form.refresh_host_key()
            self._show_state(i)

    def _state(self, i: int):
        """True: logged in with these values; False: tried and failed; None: not tried for these values."""
        sig, login, err = self.logins.get(i, (None, None, None))
        if sig != signature(self.model.targets[i]):
            return None
        return login is not None and login.sudo_error is None

    def _show_state(self, i: int) -> None:
        problems = self.model.check_part(("ssh",), [self.model.targets[i]])[1]
        sig, login, err = self.logins.get(i, (None, None, None))
        self.connect_button.setEnabled(not problems and i not in self.testing)
        self.status.say(T("Connecting…", "正在连接…") if i in self.testing else None)
        if problems:
            return self.result.show_items("warn", T("Not complete yet:", "尚未填写完整："), problem_lines(problems))
        if self._state(i) is None:
            return self.result.clear()
        if login is None or login.sudo_error is not None:
            return self.result.show_items("fail", T("Cannot use this server yet.", "暂时无法使用此服务器。"),
                                          [err or login.sudo_error])
        self.result.show_items("ok", T("Connected to {host} as {user}.", "已以 {user} 身份连接 {host}。",
                                       host=login.host, user=login.user), [SUDO_WORDS[login.sudo_mode]]
                                if login.sudo_mode in SUDO_WORDS else [])

    def isComplete(self) -> bool:
        targets = self.model.targets
        return bool(targets) and all(self._state(i) is True for i in range(len(targets)))

    def retranslate(self) -> None:
        super().retranslate()
        self.form.retranslate()
        for i in range(self.list.count()):
            self.list.item(i).setText(self._item_text(i))
