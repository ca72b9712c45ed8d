"""Build a BookContent by hand from the JSON fixture in tests/fixtures/pdf (no store needed)."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.book.content import BookContent, DocumentMeta, Endnote, ItemContent, SectionContent, Series, SeriesPoint

FIXTURE = Path(__file__).parent / "fixtures" / "pdf" / "book.json"


def _item(d: dict) -> ItemContent:
    d = dict(d)
    if d.get("meta"):
        d["meta"] = DocumentMeta(**d["meta"])
    d["notes"] = [Endnote(**n) for n in d.get("notes", [])]
    d["series"] = [Series(**{**s, "points": [SeriesPoint(**p) for p in s["points"]]}) for s in d.get("series", [])]
    return ItemContent(**d)


def _section(d: dict) -> SectionContent:
    return SectionContent(title=d["title"], items=[_item(i) for i in d.get("items", [])],
                          children=[_section(c) for c in d.get("children", [])])


def load_book(path: Path = FIXTURE, **changes) -> BookContent:
    d = json.loads(path.read_text(encoding="utf-8"))
    d["sections"] = [_section(s) for s in d["sections"]]
    d.update(changes)
    return BookContent(**d)
