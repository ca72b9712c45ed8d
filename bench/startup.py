"""Startup: time from process start to the first window usable, on the sample library.

"Usable" means the main window is shown and the library list holds the first
page of documents (the search ran and was drawn). Each run is a fresh Python
process, as a user starting the app. Two cases: a library that already holds
the sample (every later start) and an empty one (the very first start, when
the sample is loaded in the background).

    python bench/startup.py [--runs 5] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, time
t0 = float(sys.argv[2])
from PySide6.QtCore import QSettings, QTimer
from ui.app import make_application, prepare_store, while_showing_progress
app = make_application()
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
empty = while_showing_progress(lambda: prepare_store(sys.argv[1]))  # as ui.app.run opens it
from ui.main_window import MainWindow
window = MainWindow(sys.argv[1])
window.show()
window.start(load_sample_library=empty)
shown = time.time()
def check():
    if window.library.model.rowCount() > 0:
        app.processEvents()  # the rows are painted
        print(f"{shown - t0:.3f} {time.time() - t0:.3f}", flush=True)
        window.close()
        app.quit()
    else:
        QTimer.singleShot(5, check)
QTimer.singleShot(0, check)
app.exec()
"""


def one_run(store: Path, settings: Path, platform: str) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform}
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(store), repr(start), str(settings)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from briefing.library.opening import open_store
    from briefing.sample import load_sample

    work = Path(tempfile.mkdtemp(prefix="startup-"))
    try:
        sample = work / "sample.sqlite"
        with open_store(sample) as s:
            load_sample(s)
        one_run(sample, work / "settings", args.platform)  # warm the disk cache once, as a second start would
        print(f"platform: {args.platform}; {args.runs} runs each; seconds from process start")
        print(f"{'case':<34}{'window shown':>14}{'list usable':>14}   (median; min–max of usable)")
        for case in ("sample library", "empty library (first start)"):
            shown, usable = [], []
            for n in range(args.runs):
                store = work / f"run{n}.sqlite"
                if case == "sample library":
                    shutil.copyfile(sample, store)
                else:
                    store.unlink(missing_ok=True)
                s, u = one_run(store, work / "settings", args.platform)
                shown.append(s)
                usable.append(u)
            print(f"{case:<34}{statistics.median(shown):>14.3f}{statistics.median(usable):>14.3f}"
                  f"   ({min(usable):.3f}–{max(usable):.3f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
