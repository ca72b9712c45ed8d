"""Library list on a large store: first page and each lazily fetched page, as the list scrolls.

Uses the store built by ``bench/search.py`` (100,000 documents by default).
Drives the real LibraryView offscreen: the view is scrolled to its end again
and again, each time making the model fetch the next page on a reader thread;
reports how long each page took to arrive and the longest the UI thread was
busy in one go (a stall is a long UI-thread stretch, not a slow page).

    .venv/bin/python bench/library_scroll.py [STORE] [--pages 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QAbstractEventDispatcher, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class Busy(QObject):
    """The longest stretch between two event-loop wake-ups: how long the UI could not answer."""

    def __init__(self) -> None:
        super().__init__()
        self.longest = 0.0
        self._last = time.perf_counter()
        dispatcher = QAbstractEventDispatcher.instance()
        dispatcher.awake.connect(self._tick)
        dispatcher.aboutToBlock.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?", default=str(ROOT / "bench" / "out" / "search-100000.sqlite"))
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    app = QApplication([])
    from ui.common.operations import OpRunner
    from ui.library.library_view import LibraryView

    runner = OpRunner(args.store)
    view = LibraryView(runner)
    view.resize(1000, 800)
    view.show()
    for label, query, order in (("all, newest first", "", None), ("all, by title", "", "title"),
                                ("search 'trade'", "trade", None)):
        model = view.model
        started = time.perf_counter()
        if order:
            model.set_query(query, order=order, descending=False)
        else:
            model.set_query(query, order="relevance" if query else "date", descending=True)
        while model.is_loading():
            app.processEvents()
            time.sleep(0.001)
        first = time.perf_counter() - started
        busy = Busy()
        pages = []
        for _ in range(args.pages):
            rows = model.rowCount()
            if rows >= model.total:
                break
            t = time.perf_counter()
            view.view.scrollToBottom()  # the view asks for more itself, as a user's scrolling does
            model.fetchMore()  # (a no-op when the view already asked)
            while model.rowCount() == rows:
                app.processEvents()
                time.sleep(0.001)
            pages.append(time.perf_counter() - t)
            view.view.viewport().repaint()
        pages = pages or [0.0]
        print(f"{label:<20} total {model.total:>7,}  first page {first * 1000:6.0f} ms  "
              f"next pages median {statistics.median(pages) * 1000:5.0f} ms, max {max(pages) * 1000:5.0f} ms  "
              f"({model.rowCount():,} rows loaded); longest UI-thread stretch {busy.longest * 1000:4.0f} ms")
    runner.shutdown()
    view.close()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects: nothing is left to save


if __name__ == "__main__":
    main()
