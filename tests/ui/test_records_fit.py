"""Visits and People at 1280×720: a programme, a visit's documents and a person's roles in sight, none cut off."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget
from ui_support import open_window, settle

from briefing.library.events import get_event, list_events
from briefing.library.opening import open_store
from briefing.library.programme import add_programme_items, parse_programme_line

LINES = (
    "2024-03-12 09:30-10:15 | Official welcome ceremony | Presidential Palace, Baku | Both Presidents, delegations "
    "| Lounge suit | Guard of honour; anthems",
    "2024-03-12 13:00-14:00 | First meeting of the Supreme Interstate Council and signing of documents "
    "| Presidential Palace, Hall of Ceremonies | Presidents, ministers | Lounge suit | 14 documents to be signed",
)


def tab(tabs, name: str) -> int:
    return next(i for i in range(tabs.count()) if tabs.tabText(i) == name)


def test_a_visit_s_programme_and_documents_are_whole_at_1280x720(qtbot, sample_path, tmp_path):
    with open_store(sample_path) as s:
        event = get_event(s, list_events(s)[0]["id"])
        add_programme_items(s, event["id"], [parse_programme_line(line, event) for line in LINES])
    window = open_window(qtbot, sample_path, tmp_path)
    window.resize(1280, 720)
    window.show_page("visits")
    visits = window.visits
    visits.select(event["id"])
    editor = visits.editor
    qtbot.waitUntil(lambda: editor.visit is not None and editor.visit["id"] == event["id"]
                    and editor.programme.programme.rowCount() == 2, timeout=5000)

    # the programme: every column in sight, the long texts wrapped rather than cut
    editor.setCurrentIndex(tab(editor, "Programme"))
    table = editor.programme
    qtbot.waitUntil(lambda: table.isVisible() and table.horizontalScrollBar().maximum() == 0, timeout=2000)
    qtbot.waitUntil(lambda: table.rowHeight(1) > table.rowHeight(0) >= table.fontMetrics().lineSpacing() * 2,
                    timeout=2000)

    # the documents: the linked ones whole over more lines, the library beside listed before anything is typed
    assert editor.library.model.rowCount() == 0  # not read until the tab is seen
    editor.setCurrentIndex(tab(editor, "Documents"))
    qtbot.waitUntil(lambda: editor.library.model.rowCount() > 0, timeout=5000)
    assert editor.library.search_field.text() == ""
    linked = editor.documents
    assert linked.count() == len(event["documents"]) and linked.horizontalScrollBar().maximum() == 0
    settle(qtbot, window)


def test_a_person_s_role_and_its_dates_are_in_sight_at_1280x720(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    window.resize(1280, 720)
    window.show_page("people")
    people = window.people
    qtbot.waitUntil(lambda: people.person is not None, timeout=5000)
    roles = people.form.roles_table
    tabs = roles.parentWidget()
    while not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    tabs.setCurrentIndex(tab(tabs, "Particulars and roles"))
    qtbot.waitUntil(roles.isVisible, timeout=2000)
    people.form.add_role_row({"role": "Minister of Foreign Affairs", "organisation": "Government",
                              "start_date": "2020-07-16", "end_date": "2024-02-06"})
    metrics = roles.fontMetrics()
    for column in (2, 3):
        assert roles.columnWidth(column) >= metrics.horizontalAdvance("2020-07-16")
    # the role and its organisation take what the dates leave
    qtbot.waitUntil(lambda: roles.columnWidth(0) > 2 * roles.columnWidth(2) < roles.columnWidth(1), timeout=2000)
    settle(qtbot, window)
