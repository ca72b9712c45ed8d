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


def test_an_import_says_which_translation_links_it_left_out(qtbot, sample_path, tmp_path):
    import hashlib
    import json
    import zipfile

    from briefing.book.books import create_book
    from briefing.book.items import add_item
    from briefing.book.sections import add_section
    from briefing.library.documents import add_document
    from briefing.library.translations import link
    from briefing.safekeeping import bundle

    with open_store(tmp_path / "sender.sqlite") as sender:
        english = add_document(sender, {"kind": "agreement", "title": "Memorandum (en)", "language": "en",
                                        "text": "Article 1. Culture."})
        russian = add_document(sender, {"kind": "agreement", "title": "Memorandum (ru)", "language": "ru",
                                        "text": "Статья 1. Культура."})
        link(sender, english, russian)
        book = create_book(sender, "Linked texts")
        section = add_section(sender, book, "Agreements")
        for doc in (english, russian):
            add_item(sender, section, "document", document_id=doc)
        bundle.export_bundle(sender, book, tmp_path / "sent.briefing")
    _manifest, payload = bundle.read_bundle(tmp_path / "sent.briefing")
    payload["translations"].append({"document_id": english, "translation_id": 424242})  # a document it lacks
    data = json.dumps(payload).encode()
    target = tmp_path / "linked.briefing"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(bundle.MANIFEST, json.dumps({
            "format": bundle.FORMAT, "version": bundle.VERSION, "book": "Linked texts", "counts": {},
            "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}))
        zf.writestr(bundle.PAYLOAD, data)

    window = open_window(qtbot, sample_path, tmp_path)
    window.bundles.import_bundle_file(str(target))
    qtbot.waitUntil(lambda: window.editor.book is not None and window.editor.book["title"] == "Linked texts",
                    timeout=20000)
    message = window.statusBar().currentMessage()
    assert "Imported 'Linked texts'" in message
    assert "left out: Left out the translation link between \u201cMemorandum (en)\u201d and document 424242" in message
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert s.scalar("SELECT count(*) FROM document_translations") == 1  # the good link
