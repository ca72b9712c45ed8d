"""Sharing from the app: File ▸ Share as bundle… writes the open book, Import bundle… merges one and opens it."""

from __future__ import annotations

from ui_support import open_window, settle

from briefing.book.books import list_books
from briefing.library.opening import open_store
from ui.maintenance import bundle_actions


def _open_sample_book(qtbot, window, sample_path) -> dict:
    with open_store(sample_path) as s:
        book = list_books(s)[0]
    window.open_book(book["id"])
    qtbot.waitUntil(lambda: window.editor.book is not None and window.editor.book["id"] == book["id"], timeout=10000)
    return book


def test_share_then_import_from_the_menus(qtbot, sample_path, tmp_path, monkeypatch):
    window = open_window(qtbot, sample_path, tmp_path)
    file_menu = window.menuBar().actions()[0].menu()
    labels = [a.text() for a in file_menu.actions()]
    assert labels.index("&Share as bundle…") == labels.index("&Export PDF…") + 1
    assert "Import &bundle…" in labels
    book = _open_sample_book(qtbot, window, sample_path)
    qtbot.waitUntil(window.share_bundle_action.isEnabled, timeout=5000)

    target = tmp_path / "shared.briefing"
    shared = []
    window.bundles.share_bundle(str(target)).on_success(shared.append)
    qtbot.waitUntil(lambda: bool(shared), timeout=20000)
    assert target.exists() and shared[0]["include_private"] is False
    assert "Shared" in window.statusBar().currentMessage()

    with open_store(sample_path) as s:
        documents = s.scalar("SELECT count(*) FROM documents")
    window.bundles.import_bundle_file(str(target))
    title = f"{book['title']} (imported)"
    qtbot.waitUntil(lambda: window.editor.book is not None and window.editor.book["title"] == title, timeout=20000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert s.scalar("SELECT count(*) FROM documents") == documents  # all reused
        assert s.scalar("SELECT count(*) FROM books WHERE title = ?", [title]) == 1


def test_a_bad_bundle_is_reported_and_changes_nothing(qtbot, sample_path, tmp_path, monkeypatch):
    window = open_window(qtbot, sample_path, tmp_path)
    warnings = []
    monkeypatch.setattr(bundle_actions.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    bad = tmp_path / "bad.briefing"
    bad.write_bytes(b"not a bundle at all")
    with open_store(sample_path) as s:
        books = s.scalar("SELECT count(*) FROM books")
    window.bundles.import_bundle_file(str(bad))
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings == [f"{bad}: not a Briefing Book bundle (not a zip file)"]
    with open_store(sample_path) as s:
        assert s.scalar("SELECT count(*) FROM books") == books
