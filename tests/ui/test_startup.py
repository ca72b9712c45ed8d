"""The first window opens on what it shows: the library, with the other pages made on their first visit.

The start's speed is measured by ``bench/startup.py``; these tests hold what
makes it quick: the first window loads neither the PDF pipeline (ReportLab)
nor the importers, and builds no page but the library's, while the
navigation, the menus and Edit ▸ Undo stay as they were.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget
from ui_support import open_window, settle

ROOT = Path(__file__).resolve().parents[2]

FIRST_WINDOW = r"""
import sys
from PySide6.QtCore import QSettings
from ui.app import make_application, prepare_store
app = make_application()
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
empty = prepare_store(sys.argv[1])
from ui.main_window import MainWindow
window = MainWindow(sys.argv[1])
window.show()
window.start(load_sample_library=empty)
window.runner.wait()
app.processEvents()
print(" ".join(sorted(sys.modules)))
window.close()
"""

NOT_AT_START = [
    "reportlab",
    "briefing.pdf",
    "briefing.importing.importer",
    "briefing.safekeeping.bundle",
    "frontmatter",
    "ui.book_editor.editor",
    "ui.library.visits_view",
    "ui.library.people_view",
    "ui.library.figures_view",
]


def test_the_first_window_loads_no_pdf_pipeline_importer_or_other_page(sample_path, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW, str(sample_path), str(tmp_path / "settings")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    loaded = set(out.split())
    assert "ui.main_window" in loaded and "briefing.search.listing" in loaded  # the probe saw the window's start
    assert [name for name in NOT_AT_START if name in loaded] == []


def test_pages_are_made_on_their_first_visit_in_their_places(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == [
        "Library", "Visits", "People", "Book", "Figures"]
    assert window.stack.count() == 5
    assert all(window.pages.made(name) is None for name in ("visits", "people", "book", "figures"))
    window.page_actions[2].trigger()  # View ▸ People
    people = window.pages.made("people")
    assert people is not None and window.stack.currentWidget() is people and window.stack.indexOf(people) == 2
    qtbot.waitUntil(lambda: people.list.count() > 0, timeout=5000)  # a page made after the start fills itself
    assert window.pages.made("visits") is None
    window.nav.setCurrentRow(3)
    assert window.stack.currentWidget() is window.editor and window.stack.indexOf(window.editor) == 3
    assert window.undo_group.activeStack() is window.editor.undo_stack  # Edit ▸ Undo follows the book page
    window.show_page("library")
    assert window.undo_group.activeStack() is window.library.corrections.stack
    assert window.stack.count() == 5
    assert not any(type(window.stack.widget(n)) is QWidget for n in (2, 3))  # no placeholder left where made
    settle(qtbot, window)


def test_a_change_reaches_only_pages_made_and_a_page_made_later_reads_the_library(qtbot, sample_path, tmp_path):
    from ui.common.operations import Changed

    window = open_window(qtbot, sample_path, tmp_path)
    window.on_changed(Changed(documents=True, events=True, external=True))  # nothing made: nothing made now
    assert all(window.pages.made(name) is None for name in ("visits", "people", "book", "figures"))
    window.show_page("visits")
    qtbot.waitUntil(lambda: window.visits.list.count() > 0, timeout=5000)
    settle(qtbot, window)
