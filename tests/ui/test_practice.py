"""Briefing practice from the app: the pre-flight panel, editions, numbered copies and the pocket card."""

from __future__ import annotations

from practicebook import pdf_texts
from pypdf import PdfReader
from PySide6.QtCore import Qt
from ui_support import open_window, settle

from briefing.book.books import find_book
from briefing.book.items import update_item
from briefing.library.opening import open_store


def open_sample_book(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    with open_store(sample_path) as s:
        book_id = find_book(s, "tokayev-baku-2024")
    with qtbot.waitSignal(window.editor.preflight.checked, timeout=15000):
        window.open_book(book_id)
    return window, book_id


def test_panel_lists_the_sample_warnings_and_opens_the_item(qtbot, sample_path, tmp_path):
    window, _ = open_sample_book(qtbot, sample_path, tmp_path)
    from ui.book_editor.preflight_panel import CODE_ROLE

    panel = window.editor.preflight
    rows = [panel.tree.topLevelItem(n) for n in range(panel.tree.topLevelItemCount())]
    codes = [row.data(1, CODE_ROLE) for row in rows]
    assert codes == [p.code for p in panel.problems]
    assert "stale-figure" in codes and "conflicting-figure" in codes
    # people read labels, not codes; the code is still there, in the tooltip
    shown = {row.data(1, CODE_ROLE): row.text(1) for row in rows}
    assert shown["stale-figure"] == "Stale figure" and shown["conflicting-figure"] == "Conflicting figures"
    assert not any("-" in row.text(1) for row in rows)
    assert rows[codes.index("stale-figure")].toolTip(1).endswith("Code: stale-figure")
    assert panel.tree.headerItem().text(1) == "Problem"
    assert all(p.severity == "warning" for p in panel.problems)
    assert "no error" not in panel.heading.text() and "0 errors" in panel.heading.text()

    row = panel.tree.topLevelItem(codes.index("conflicting-figure"))
    problem = panel.problems[codes.index("conflicting-figure")]
    assert "about 120" in row.text(3)
    panel.tree.scrollToItem(row)
    rect = panel.tree.visualItemRect(row)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # begins with a press
    node = window.editor.current_node()
    assert node is not None and node.kind == "item" and node.id == problem.item_id

    # a document without its source or date is mended in the reader: it opens there
    missing = next(p for p in panel.problems if p.code == "missing-source" and p.figure_id is None)
    panel.problem_activated.emit(missing)
    qtbot.waitUntil(lambda: window.reader.doc_id == missing.document_id, timeout=5000)
    assert window.stack.currentWidget() is window.library_split
    settle(qtbot, window)


def test_book_menu_and_export_dialog_offer_the_practice(qtbot, sample_path, tmp_path):
    window, _ = open_sample_book(qtbot, sample_path, tmp_path)
    labels = [a.text().replace("&", "") for a in window.practice.menu.actions() if a.text()]
    for wanted in ("Pre-flight check", "Export PDF…", "Publish edition…", "Changes since edition…",
                   "Distribute numbered copies…", "Pocket card…"):
        assert wanted in labels
    assert all(a.isEnabled() for a in window.practice.book_actions)
    from ui.export.export_dialog import ExportDialog

    dialog = ExportDialog(window.editor.book, str(tmp_path), window)
    qtbot.addWidget(dialog)
    assert {"full", "working", "press"} <= {dialog.profile.itemData(n) for n in range(dialog.profile.count())}
    dialog.addendum.setChecked(True)
    dialog.profile.setCurrentIndex(dialog.profile.findData("working"))
    assert dialog.choices()["addendum"] is True and dialog.choices()["profile"] == "working"
    settle(qtbot, window)


def test_panel_refreshes_when_the_book_changes_and_export_refuses_an_error(qtbot, sample_path, tmp_path, monkeypatch):
    window, book_id = open_sample_book(qtbot, sample_path, tmp_path)
    item = window.editor.preflight.problems[0].item_id
    with open_store(sample_path) as s:
        update_item(s, item, marking="SECRET")
    from ui.common.operations import Changed

    with qtbot.waitSignal(window.editor.preflight.checked, timeout=15000):
        window.on_changed(Changed(books={book_id}))
    assert window.editor.preflight.problems[0].code == "marking"
    assert "(error)" in window.editor.preflight.tree.topLevelItem(0).toolTip(0)

    # the export stops at the list unless the user chooses "Export anyway"
    from ui.export.preflight_gate import PreflightRefusal

    seen = []
    monkeypatch.setattr(PreflightRefusal, "exec", lambda self: seen.append(self.tree.topLevelItemCount()) or 0)
    started = []
    monkeypatch.setattr(window.exports, "start_export", lambda choices: started.append(choices))
    target = tmp_path / "refused.pdf"
    choices = {"path": str(target), "paper": "a4", "profile": "full", "watermark": None, "addendum": False}
    window.practice.export_checked(choices)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert not started
    monkeypatch.setattr(PreflightRefusal, "exec", lambda self: PreflightRefusal.DialogCode.Accepted)
    window.practice.export_checked(choices)
    qtbot.waitUntil(lambda: bool(started), timeout=10000)
    assert started[0]["force"] is True
    settle(qtbot, window)


def test_publish_then_changes_and_an_addendum(qtbot, sample_path, tmp_path):
    window, book_id = open_sample_book(qtbot, sample_path, tmp_path)
    with qtbot.waitSignal(window.practice.published, timeout=15000) as published:
        window.practice.publish()
    assert published.args[0]["edition"] == 1
    note = next(i for s in window.editor.book["sections"] for i in s["items"] if i["kind"] == "note" and i.get("title"))
    with open_store(sample_path) as s:
        update_item(s, note["id"], body="A new line of talking points.")
    with qtbot.waitSignal(window.practice.changes_shown, timeout=15000) as shown:
        window.practice.show_changes(1)
    dialog = shown.args[0]
    assert "edition 1" in dialog.windowTitle()
    changed = dialog.group("changed")
    assert [row[0] for row in changed] == [note["title"]] and "note text" in changed[0][2]
    assert dialog.group("added") == [] and dialog.group("removed") == []

    target = tmp_path / "addendum.pdf"
    job = window.start_export({"path": str(target), "paper": "a4", "profile": "full", "watermark": None,
                               "addendum": True})
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert "Addendum to edition 1" in pdf_texts(target)[0]
    for preview in list(window.previews):
        preview.close()
    settle(qtbot, window)


def test_distribute_writes_numbered_copies(qtbot, sample_path, tmp_path):
    window, _ = open_sample_book(qtbot, sample_path, tmp_path)
    folder = tmp_path / "copies"
    with qtbot.waitSignal(window.practice.distributed, timeout=60000) as done:
        window.practice.distribute(["Minister", "Ambassador"], str(folder), profile="press")
    files = done.args[0]["files"]
    assert [(f["copy"], f["recipient"]) for f in files] == [(1, "Minister"), (2, "Ambassador")]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.split("/")[-1] for p in (f["path"] for f in files))
    for f in files:
        pages = pdf_texts(f["path"])
        assert all(f"Copy {f['copy']} of 2" in text for text in pages)
    shown = window.practice.windows[-1]
    assert shown.tree.topLevelItemCount() == 2 and shown.tree.topLevelItem(1).text(0) == "2 of 2"
    settle(qtbot, window)


def test_pocket_card_opens_in_the_preview(qtbot, sample_path, tmp_path):
    window, _ = open_sample_book(qtbot, sample_path, tmp_path)
    target = tmp_path / "card.pdf"
    with qtbot.waitSignal(window.practice.card_made, timeout=30000) as made:
        window.practice.card(str(target), size="a5")
    assert made.args[0]["size"] == "a5" and target.exists()
    width, height = (float(v) for v in PdfReader(target).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (420, 595)  # A5 in points
    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    assert window.previews[-1].path == target
    window.previews[-1].close()
    settle(qtbot, window)


def test_every_problem_code_has_a_label(qtbot):
    from briefing.book.preflight import CODES, ERROR, WARNING, Problem
    from ui.book_editor.preflight_panel import CODE_ROLE, fill_problem_list, problem_label, problem_tree

    expected = {"stale-figure": "Stale figure", "conflicting-figure": "Conflicting figures",
                "marking": "Marking above the book", "empty-section": "Empty section",
                "orphan-annotation": "Orphaned highlight", "missing-source": "Missing source",
                "unprintable": "Cannot be printed", "link-as-text": "Link printed as text",
                "no-font": "Characters without a font", "no-marking": "No marking", "figure-status": "Figure status", "future-source": "Source dated later",
                "internal-in-release": "Internal text in a release"}
    problems = [Problem(WARNING, code, "Programme", "a message") for code in CODES]
    assert {p.code: problem_label(p) for p in problems} == expected
    odd = Problem(ERROR, "marking", "Programme", "marking 'SECRETISH' is not on the scale (…)")
    assert problem_label(odd) == "Marking not on the scale"
    tree = problem_tree()
    qtbot.addWidget(tree)
    fill_problem_list(tree, problems)
    for n, problem in enumerate(problems):
        row = tree.topLevelItem(n)
        assert row.text(1) == expected[problem.code]
        assert row.data(1, CODE_ROLE) == problem.code and problem.code in row.toolTip(1)
        assert "a message" in row.toolTip(3) and row.toolTip(2) == "Programme"
    # the column is wide enough for the longest label
    longest = max(expected.values(), key=tree.fontMetrics().horizontalAdvance)
    assert tree.columnWidth(1) > tree.fontMetrics().horizontalAdvance(longest)


def test_problems_are_explained_without_a_double_click_and_where_is_not_cut(qtbot):
    from briefing.book.preflight import WARNING, Problem
    from ui.book_editor.preflight_panel import PreflightPanel

    class Runner:  # the panel is given its problems here, not checked
        pass

    panel = PreflightPanel(Runner())
    qtbot.addWidget(panel)
    panel.resize(700, 260)
    panel.show()
    where = "Objectives and talking points › Talking points on the Middle Corridor"
    panel.book_id = 1
    panel._show(1, [Problem(WARNING, "stale-figure", where, "the trade figure is 26 months old"),
                    Problem(WARNING, "empty-section", "Chronology", "the section is empty")])
    # the first problem is explained at once, the next one as soon as it is chosen
    assert panel.detail.isVisible() and "26 months old" in panel.detail.text()
    assert "Update the figure" in panel.detail.text() and where in panel.detail.toolTip()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))
    assert "the section is empty" in panel.detail.text() and "delete it" in panel.detail.text()
    tree = panel.tree
    # Where takes the width the panel has, with no scrolling sideways; the message is in the line below
    assert tree.isColumnHidden(3)
    assert tree.columnViewportPosition(2) + tree.columnWidth(2) <= tree.viewport().width()
    assert tree.columnWidth(2) >= min(tree.viewport().width() // 2, tree.fontMetrics().horizontalAdvance(where))
    assert tree.topLevelItem(0).toolTip(2) == where
