"""A brief for a visit the library has never seen, prepared in the app as a user would: a new counterpart
with a portrait, a new visit with a programme of five items, three documents imported and dragged onto
it, a book from the "State visit" template for it, pre-flight, export; the pack prints the new records."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from ui_support import isolate_settings, settle

from briefing.library.opening import open_store
from tests.conftest import FIXTURES
from ui.library.document_model import mime_for_documents

FILES = FIXTURES / "new_visit"
VISIT = "Official visit of the President to Azerbaijan"


def _png(path, size=(300, 400)):
    image = Image.new("RGB", size, (200, 190, 170))
    for x in range(100, 200):
        for y in range(100, 250):
            image.putpixel((x, y), (120, 90, 70))
    out = io.BytesIO()
    image.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _empty_window(qtbot, tmp_path):
    from ui.main_window import MainWindow

    path = tmp_path / "library.sqlite"
    with open_store(path):
        pass
    window = MainWindow(str(path), settings=isolate_settings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    settle(qtbot, window)
    return window, path


def _done(qtbot, op, timeout=10000):
    """Wait for an operation; its result, or the test fails with its one line."""
    outcome: dict = {}
    op.on_success(lambda result: outcome.setdefault("ok", result))
    op.on_failure(lambda message: outcome.setdefault("error", message))
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    assert "error" not in outcome, outcome.get("error")
    return outcome["ok"]


def _refused(qtbot, op, timeout=10000) -> str:
    outcome: dict = {}
    op.on_success(lambda result: outcome.setdefault("ok", result))
    op.on_failure(lambda message: outcome.setdefault("error", message))
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    assert "error" in outcome, "the edit was accepted"
    return outcome["error"]


def _text(pdf) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


def test_a_brief_for_a_new_visit_made_in_the_app(qtbot, tmp_path):
    window, _ = _empty_window(qtbot, tmp_path)
    people, visits = window.people, window.visits

    # ----- the counterpart, with a portrait dropped on the page, then his particulars typed and saved
    window.show_page("people")
    change = _done(qtbot, people.create_person({
        "name": "Jeyhun Bayramov", "role": "Minister of Foreign Affairs",
        "organisation": "Ministry of Foreign Affairs of Azerbaijan", "role_from": "2020-07-16", "country": "AZ"}))
    qtbot.waitUntil(lambda: people.person is not None and people.person["id"] == change.id, timeout=5000)
    # a photo that is not an image is one clear line; a PNG is kept, scaled
    not_photo = tmp_path / "notes.png"
    not_photo.write_text("not a picture")
    assert "not a JPEG or PNG image" in _refused(qtbot, people.set_portrait(str(not_photo)))
    assert people.message.isVisible() and "not a JPEG or PNG image" in people.message.text()
    _done(qtbot, people.set_portrait(str(_png(tmp_path / "bayramov.png"))))
    qtbot.waitUntil(lambda: people.person.get("portrait_data") is not None, timeout=5000)
    assert not people.portrait.pixmap().isNull()
    form = people.form
    form.fields["address_form"].setText("Mr Minister")
    form.fields["pronunciation"].setText("jay-HOON bai-RAH-mov")
    form.variants.setPlainText("Джейхун Байрамов\nCeyhun Bayramov")
    people.biography.set_text("Azerbaijani diplomat and lawyer, born in Baku in 1975.")
    _done(qtbot, people.save())
    qtbot.waitUntil(lambda: people.person.get("address_form") == "Mr Minister", timeout=5000)
    assert people.person["variants"] == ["Джейхун Байрамов", "Ceyhun Bayramov"]
    # the same name again offers a merge rather than a second record
    assert "may already be in the library" in _refused(qtbot, people.create_person({"name": "Ceyhun Bayramov"}))
    # the filter finds him in Cyrillic
    people.filter.setText("Байрамов")
    qtbot.waitUntil(lambda: people.list.count() == 1, timeout=5000)
    people.filter.clear()

    # ----- an earlier meeting with him, and the new visit
    window.show_page("visits")
    meeting = _done(qtbot, visits.create_visit({"title": "Meeting of the foreign ministers in Astana",
                                                "start_date": "2024-11-05", "kind": "meeting", "place": "Astana"}))
    qtbot.waitUntil(lambda: visits.current_event is not None and visits.current_event["id"] == meeting.id, timeout=5000)
    _done(qtbot, visits.editor.add_participant("Байрамов"))
    # an end before the start is refused, in one line
    message = _refused(qtbot, visits.create_visit({"title": VISIT, "start_date": "2025-03-13", "end_date": "2025-03-12"}))
    assert "ends" in message and "before it starts" in message
    visit = _done(qtbot, visits.create_visit({"title": VISIT, "start_date": "2025-03-12", "end_date": "2025-03-13",
                                              "place": "Baku", "time_zone": "Asia/Baku"}))
    qtbot.waitUntil(lambda: visits.current_event is not None and visits.current_event["id"] == visit.id, timeout=5000)
    editor = visits.editor
    # an unknown participant names the people spelt most like it
    message = _refused(qtbot, editor.add_participant("Jeyhun Bayramovski"))
    assert "did you mean Jeyhun Bayramov" in message and "did you mean" in editor.people_message.text()
    editor.picker.setText("Jeyhun Bayramov")
    editor.picker.returnPressed.emit()
    qtbot.waitUntil(lambda: [p["name"] for p in visits.current_event["people"]] == ["Jeyhun Bayramov"], timeout=5000)

    # ----- five programme items: added, then edited in the table
    items = [
        {"when": "2025-03-12 09:30", "what": "Arrival at Heydar Aliyev International Airport", "where": "Baku airport"},
        {"when": "2025-03-12 11:00-11:45", "what": "Official welcome ceremony", "where": "Zagulba Palace",
         "who": "The Presidents", "dress": "Dark suit"},
        {"when": "2025-03-12 12:00-13:30", "what": "Talks in restricted format", "where": "Zagulba Palace"},
        {"when": "2025-03-12 14:00-15:30", "what": "Signing of the memorandum on digital transit",
         "where": "Zagulba Palace", "who": "Ministers"},
    ]
    for item in items:
        editor.add_item(item)
    editor.add_item()  # a blank row, typed in below
    settle(qtbot, window)
    qtbot.waitUntil(lambda: len(visits.current_event["programme"]) == 5, timeout=5000)
    table = editor.programme.programme
    row = next(r for r in range(5) if table.items[r]["what"] == "New item")
    for column, text in ((2, "Visit to the port of Alat"), (0, "2025-03-13"), (1, "10:00"), (3, "Alat"),
                         (5, "Casual"), (6, "Hard hats provided")):
        table.setData(table.index(row, column), text)
        settle(qtbot, window)
        qtbot.waitUntil(lambda: any(i["what"] == "Visit to the port of Alat" for i in table.items), timeout=5000)
        row = next(r for r in range(5) if table.items[r]["what"] == "Visit to the port of Alat")
    alat = table.items[row]
    assert (alat["starts"], alat["place"], alat["dress"], alat["notes"]) == (
        "2025-03-13 10:00", "Alat", "Casual", "Hard hats provided")
    # a time outside the visit is refused where it was typed; the row stays as it was
    table.setData(table.index(row, 0), "2025-04-01")
    qtbot.waitUntil(lambda: bool(editor.programme_message.text()), timeout=5000)
    assert "outside the visit" in editor.programme_message.text()
    # undo and redo: the last cell typed comes and goes
    window.records.stack.undo()
    qtbot.waitUntil(lambda: not any(i.get("notes") for i in visits.current_event["programme"]), timeout=5000)
    window.records.stack.redo()
    qtbot.waitUntil(lambda: any(i.get("notes") == "Hard hats provided" for i in visits.current_event["programme"]),
                    timeout=5000)

    # ----- three documents imported, then dragged onto the visit
    job = window.import_paths([str(FILES / "draft_memorandum_digital_transit.txt"),
                               str(FILES / "ministry_statement_caspian_route.html"),
                               str(FILES / "background_note_trade.md")])
    qtbot.waitUntil(lambda: job.report is not None, timeout=20000)
    ids = [d["id"] for d in job.report.imported]
    assert len(ids) == 3
    if job.summary_dialog is not None:
        job.summary_dialog.close()
    mime = mime_for_documents(ids, ["a", "b", "c"])  # kept alive: the event does not own it
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    editor.documents.dropEvent(drop)
    qtbot.waitUntil(lambda: len(visits.current_event["documents"]) == 3, timeout=5000)
    assert editor.documents.count() == 3

    # ----- the book for the visit, pre-flight, export
    window.create_book("Brief for the visit to Baku", "state-visit", visit.id, "OFFICIAL USE ONLY")
    qtbot.waitUntil(lambda: window.editor.book is not None, timeout=10000)
    panel = window.editor.preflight
    qtbot.waitUntil(lambda: "checking" not in panel.heading.text() and panel.heading.text() != "Pre-flight check",
                    timeout=10000)
    assert not [p for p in panel.problems if p.severity == "error"]
    assert not [p for p in panel.problems if "Programme" in p.where or "Counterparts" in p.where]
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    export = window.start_export({"path": str(target), "paper": "a4", "profile": "full", "watermark": None})
    with qtbot.waitSignal(export.finished, timeout=60000):
        pass
    pages = _text(target)
    cover = pages[0]
    assert "Brief for the visit to Baku" in cover and VISIT in cover and "12–13 March 2025" in cover
    programme = next(p for p in pages[2:] if "Programme of the visit" in p)
    for what in ("Arrival at Heydar Aliyev International Airport", "Official welcome ceremony",
                 "Talks in restricted format", "Signing of the memorandum on digital transit", "Visit to the port of Alat"):
        assert what in programme, what
    assert "Asia/Baku" in programme and "11:00–11:45" in programme and "Hard hats provided" in programme
    # a section's first page: its title follows the running head
    counterparts_page = next(i for i, p in enumerate(pages) if "Brief for the visit to Baku Counterparts" in p)
    counterparts = pages[counterparts_page]
    assert "Jeyhun Bayramov" in counterparts and "Address as: Mr Minister" in counterparts
    assert "Meeting of the foreign ministers in Astana" in counterparts
    assert len(list(PdfReader(target).pages[counterparts_page].images)) == 1  # the portrait
    chronology = next(p for p in pages[2:] if "Brief for the visit to Baku Chronology" in p)
    assert "Meeting of the foreign ministers in Astana" in chronology
    for preview in window.previews:
        preview.close()
    settle(qtbot, window)

