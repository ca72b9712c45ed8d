"""Helpers for the briefing-practice tests: a small book on the sample library, PDFs read back."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from briefing.book.from_json import load_book
from briefing.library.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "practice" / "small-book.json"


def load_small_book(store: Store) -> int:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["_path"] = FIXTURE
    docs = {r["slug"]: r["id"] for r in store.rows("SELECT id, slug FROM documents")}
    events = {r["slug"]: r["id"] for r in store.rows("SELECT id, slug FROM events")}
    with store.atomic():
        return load_book(store, data, docs, events)


def item_id(store: Store, book_id: int, title: str) -> int:
    """A book item by its title or its document's title."""
    return store.scalar(
        "SELECT i.id FROM book_items i JOIN book_sections s ON s.id = i.section_id "
        "LEFT JOIN documents d ON d.id = i.document_id WHERE s.book_id = ? AND coalesce(i.title, d.title) = ?",
        [book_id, title],
    )


def doc_id(store: Store, slug: str) -> int:
    return store.scalar("SELECT id FROM documents WHERE slug = ?", [slug])


def pdf_texts(path: str | Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
