import gc, time
from installer.gui import pump as pumpmod
from tests.gui.test_install import *  # noqa

def test_probe(make_wizard, target, test_users, demo_bundle_1_0_0, demo_licence, tmp_path, capsys, monkeypatch):
    drains, gcs = [], []
    orig = pumpmod.EventPump.drain
    def drain(self):
        t = time.perf_counter(); n = len(self._queue); orig(self); drains.append((time.perf_counter() - t, n))
    monkeypatch.setattr(pumpmod.EventPump, "drain", drain)
    start = {}
    def cb(phase, info):
        if phase == "start": start["t"] = time.perf_counter()
        else: gcs.append((time.perf_counter() - start["t"], info["generation"]))
    gc.callbacks.append(cb)
    try:
        wizard = make_wizard()
        d = Driver(wizard)
        hb = Heartbeat(where=lambda: type(wizard.currentPage()).__name__)
        hb.start()
        walk_to_review(d, target, demo_licence, demo_bundle_1_0_0)
        d.next(timeout=600)
        page = wizard.page_of(InstallPage)
        d.wait(lambda: page.state != "running", 1200, "end")
        longest = hb.stop()
    finally:
        gc.callbacks.remove(cb)
    with capsys.disabled():
        print("\nlongest", longest, "slow", hb.slow[:40])
        print("drain max", sorted(drains)[-5:])
        print("gc max", sorted(gcs)[-5:], "count", len(gcs))
