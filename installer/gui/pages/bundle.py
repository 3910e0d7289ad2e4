"""The offline bundle: its signature first (instant), then every file's hash, off the GUI thread.
Nothing is sent anywhere here; a bundle that fails is named with the file that differs."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QProgressBar, QVBoxLayout

from ...bundle import Bundle
from ...i18n import T
from ...units import human_bytes
from ..tasks import Latest
from ..widgets import Banner, FilePicker, debounce, muted
from .base import Page


class BundlePage(Page):
    nav = T("Bundle", "安装包")
    heading = T("The offline bundle", "离线安装包")
    intro = T("Choose the bundle folder (jobfirst-<version>.bundle) you copied from JobFirst's delivery. Its "
              "signature and every file are checked before anything is sent to a server.",
              "请选择从 JobFirst 交付物中复制的安装包文件夹（jobfirst-<版本>.bundle）。发送到服务器之前，会校验其签名和每一个文件。")

    def __init__(self, shared):
        super().__init__(shared)
        self.verified_path, self.latest = None, Latest(shared.tasks)
        self.timer = debounce(self, 300, self.start)
        box = QGroupBox()
        self.texts.bind(box.setTitle, T("Bundle folder", "安装包文件夹"))
        self.picker = FilePicker(self.texts, T("Bundle folder", "安装包文件夹"), folder=True)
        self.picker.changed.connect(lambda _: self._edited())
        self.progress, self.status = QProgressBar(), muted()
        self.progress.hide()
        self.hashed = (0, 0)  # (bytes, of total), written by the hashing threads, shown by the timer
        self.ticker = QTimer(self, interval=100, timeout=self._show_progress)
        layout = QVBoxLayout(box)
        for widget in (self.picker, self.progress, self.status):
            layout.addWidget(widget)
        self.result = Banner()
        self.body.addWidget(box)
        self.body.addWidget(self.result)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        if not self.picker.path() and self.model.data.get("bundle"):
            self.picker.set_path(self.model.data["bundle"])

    def _edited(self) -> None:
        self.verified_path = None
        self.model.data.pop("bundle", None)
        self.changed()
        self.timer.start()

    def start(self) -> None:
        path = self.picker.path()
        self.result.clear()
        self.status.say(None)
        if not path:
            return self.latest.forget()
        self.progress.setRange(0, 0)  # the signature: a moment, busy
        self.progress.show()
        self.latest.run(lambda: Bundle.open(path), lambda b: self._opened(path, b), self._failed)

    def _opened(self, path: str, bundle) -> None:
        files = bundle.manifest.files
        size = human_bytes(sum(f.size for f in files))
        self.status.say(T("Signature is JobFirst's. Checking {n} files ({size})…",
                          "签名属于 JobFirst。正在校验 {n} 个文件（{size}）…", n=len(files), size=size))
        self.hashed = (0, sum(f.size for f in files))
        self.progress.setRange(0, 1000)
        self._show_progress()
        self.ticker.start()
        self.latest.run(lambda: bundle.verify(self._hashed), lambda report: self._verified(path, bundle, report),
                        self._failed)

    def _hashed(self, done: int, total: int) -> None:
        self.hashed = (done, total)  # a worker thread: one tuple assignment, read by the GUI's timer

    def _show_progress(self) -> None:
        done, total = self.hashed
        self.progress.setValue(int(1000 * done / total) if total else 0)
        self.progress.setFormat(f"{human_bytes(done)} / {human_bytes(total)}")

    def _verified(self, path: str, bundle, report) -> None:
        self.ticker.stop()
        self.progress.hide()
        self.status.say(None)
        self.verified_path = path
        self.model.data["bundle"] = path
        images = ", ".join(image.service for image in bundle.images)
        self.result.show_items("ok", T("Bundle {v} is intact and signed by JobFirst.", "安装包 {v} 完整，且由 JobFirst 签名。",
                                       v=bundle.version),
                               [T("{n} files, {size}, checked at {rate:.0f} MB/s. Services: {images}.",
                                  "{n} 个文件，共 {size}，校验速度 {rate:.0f} MB/s。服务：{images}。", n=report.files,
                                  size=human_bytes(report.bytes), rate=report.mb_per_s, images=images)])
        self.changed()

    def _failed(self, err) -> None:
        self.ticker.stop()
        self.progress.hide()
        self.status.say(None)
        self.result.show_items("fail", T("This bundle cannot be used.", "此安装包无法使用。"), [err])

    def isComplete(self) -> bool:
        return self.verified_path is not None and self.verified_path == self.picker.path()
