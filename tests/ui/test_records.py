"""The user's own records in the app: figures edited where pre-flight shows them, people refused and merged."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from ui_support import new_book, open_window, settle

from ui.library.figures_view import Col, parse_value
from ui.library.programme_table import Col as P
from ui.library.programme_table import ProgrammeModel, when_after


def _outcome(qtbot, op, timeout=10000) -> dict:
    outcome: dict = {}
    op.on_success(lambda result: outcome.setdefault("ok", result))
    op.on_failure(lambda message: outcome.setdefault("error", message))
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    return outcome


def test_a_stale_figure_from_pre_flight_is_mended_in_the_figures_view(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    panel = editor.preflight
    qtbot.waitUntil(lambda: any(p.code == "stale-figure" for p in panel.problems), timeout=10000)
    stale = next(p for p in panel.problems if p.code == "stale-figure")
    panel.problem_activated.emit(stale)  # as a double-click on its row does
    figures = window.figures
    assert window.stack.currentWidget() is figures
    qtbot.waitUntil(lambda: figures.figure is not None and figures.figure["id"] == stale.figure_id, timeout=5000)
    assert not figures.problem.isHidden() and "months old" in figures.problem.text()
    row = figures.model.row_of(stale.figure_id)
    assert figures.model.data(figures.model.index(row, Col.STATUS)) != ""

    # a date that is no date is refused in one line; a newer one is kept, and undone
    old_as_of = figures.figure["as_of"]
    figures.form.fields["as_of"].setText("last spring")
    assert "not a date" in _outcome(qtbot, figures.save())["error"]
    assert "not a date" in figures.message.text()
    figures.form.fields["as_of"].setText("2024-02")
    assert "ok" in _outcome(qtbot, figures.save())
    qtbot.waitUntil(lambda: figures.figure["as_of"] == "2024-02", timeout=5000)
    window.records.stack.undo()
    qtbot.waitUntil(lambda: figures.figure["as_of"] == old_as_of, timeout=5000)

    # a new figure needs a source that exists
    figures.new_figure()
    figures.form.fields["label"].setText("Flights a week between the capitals")
    figures.form.fields["value"].setText("14")
    figures.form.fields["source_document_id"].setText("999999")
    assert "no document with id 999999" in _outcome(qtbot, figures.save())["error"]
    settle(qtbot, window)


def test_a_person_a_book_prints_is_not_deleted_without_asking(qtbot, sample_path, tmp_path, monkeypatch):
    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    window.show_visit(window.editor.book["event_id"])
    visits = window.visits
    qtbot.waitUntil(lambda: visits.current_event is not None and bool(visits.current_event["people"]), timeout=5000)
    person_id = visits.current_event["people"][0]["id"]
    window.show_person(person_id)
    people = window.people
    qtbot.waitUntil(lambda: people.person is not None and people.person["id"] == person_id, timeout=5000)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.No)
    outcome = _outcome(qtbot, people.delete_person(person_id))
    assert "is printed by" in outcome["error"] and "book 'Baku briefing' (#2), section 'Counterparts'" in outcome["error"]
    qtbot.waitUntil(lambda: "printed by" in people.message.text(), timeout=5000)
    assert people.person["id"] == person_id  # still there

    # a second record of the same person is folded into the first; undo parts them again
    made = _outcome(qtbot, people.create_person({"name": "Someone Newly Recorded"}))["ok"]
    assert "ok" in _outcome(qtbot, people.merge_into(person_id, "Someone Newly Recorded"))
    qtbot.waitUntil(lambda: people.person["id"] == person_id
                    and "Someone Newly Recorded" in people.person["variants"], timeout=5000)
    window.records.stack.undo()
    qtbot.waitUntil(lambda: people.person is not None and "Someone Newly Recorded" not in people.person["variants"],
                    timeout=5000)
    people.filter.setText("Someone Newly")
    qtbot.waitUntil(lambda: people.list.count() == 1, timeout=5000)
    assert made.id
    settle(qtbot, window)


def test_programme_cells_ask_the_core_and_values_parse():
    model = ProgrammeModel()
    item = {"id": 7, "date": "2025-03-12", "time": "11:00", "starts": "2025-03-12 11:00", "ends": "2025-03-12 11:45",
            "what": "Welcome", "place": None, "who": None, "dress": None, "notes": None}
    model.set_items([item])
    asked = []
    model.edit_requested.connect(lambda ident, changes: asked.append((ident, changes)))
    assert model.data(model.index(0, P.TIME)) == "11:00-11:45"
    model.setData(model.index(0, P.WHAT), "Official welcome")
    model.setData(model.index(0, P.DATE), "2025-03-13")
    assert asked == [(7, {"what": "Official welcome"}), (7, {"when": "2025-03-13 11:00-11:45", "ends": None})]
    assert when_after(item, P.TIME, "All day") == "2025-03-12"
    assert parse_value("1,250") == {"value": 1250.0, "value_text": None}
    assert parse_value("about 120") == {"value": None, "value_text": "about 120"}
