"""Documents that are one text in two languages: an agreement signed in Kazakh and Azerbaijani.

Two documents are linked as translations of each other by hand (``link``), or
on the importer's proposal: a document imported with the instrument, the parties
and the date of one already in the library, in another language, is proposed as
its translation (``proposals``), and the import report names the pair. A link is
kept once, the smaller id first; a book prints a linked pair side by side.
"""

from __future__ import annotations

from typing import Any

from briefing.errors import BriefingError, NotFound
from briefing.library.store import Store


def _document(store: Store, doc_id: int) -> dict[str, Any]:
    doc = store.one("SELECT id, title, language, kind, instrument, date FROM documents WHERE id = ?", [doc_id])
    if doc is None:
        raise NotFound(f"no document {doc_id}")
    return doc


def link(store: Store, a: int, b: int) -> dict[str, Any]:
    """Link two documents as translations of each other; ``{"documents": [a, b], "linked": bool}``
    (``linked`` false when they already were). Refuses a document linked to itself and two
    documents that say they are in the same language."""
    if a == b:
        raise BriefingError(f"document {a} cannot be a translation of itself")
    first, second = _document(store, a), _document(store, b)
    if first["language"] and second["language"] and first["language"] == second["language"]:
        raise BriefingError(f"documents {a} and {b} are both in {first['language']}: a translation is in another language")
    low, high = sorted((a, b))
    with store.atomic():
        before = store.scalar("SELECT count(*) FROM document_translations WHERE document_id = ? AND translation_id = ?",
                              [low, high])
        store.execute("INSERT OR IGNORE INTO document_translations (document_id, translation_id) VALUES (?, ?)",
                      [low, high])
    return {"documents": [a, b], "linked": not before}


def unlink(store: Store, a: int, b: int) -> bool:
    """Undo a link; whether there was one."""
    low, high = sorted((a, b))
    with store.atomic():
        found = store.scalar("SELECT count(*) FROM document_translations WHERE document_id = ? AND translation_id = ?",
                             [low, high])
        store.execute("DELETE FROM document_translations WHERE document_id = ? AND translation_id = ?", [low, high])
    return bool(found)


def translations_of(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """The documents linked to ``doc_id`` as its translations: id, title and language, by id."""
    return store.rows(
        "SELECT d.id, d.title, d.language FROM documents d WHERE d.id IN ("
        "SELECT translation_id FROM document_translations WHERE document_id = ? UNION "
        "SELECT document_id FROM document_translations WHERE translation_id = ?) ORDER BY d.id",
        [doc_id, doc_id],
    )


def are_linked(store: Store, a: int, b: int) -> bool:
    low, high = sorted((a, b))
    return bool(store.scalar("SELECT count(*) FROM document_translations WHERE document_id = ? AND translation_id = ?",
                             [low, high]))


def _parties(store: Store, doc_id: int) -> frozenset[str]:
    """A document's parties as countries where each has one (names differ between languages), else names."""
    rows = store.rows("SELECT name, country FROM document_parties WHERE document_id = ?", [doc_id])
    if rows and all(r["country"] for r in rows):
        return frozenset(r["country"].strip().upper() for r in rows)
    return frozenset(" ".join(r["name"].casefold().split()) for r in rows)


def proposals(store: Store, doc_ids: list[int]) -> list[dict[str, Any]]:
    """Pairs the importer proposes as translations: each of ``doc_ids`` with a document of the
    same instrument, parties and date in another language, not linked yet.
    ``[{"documents": [a, b], "titles": [...], "languages": [...]}]``."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for doc_id in doc_ids:
        doc = store.one("SELECT id, title, language, instrument, date FROM documents WHERE id = ?", [doc_id])
        if doc is None or not (doc["instrument"] and doc["date"] and doc["language"]):
            continue
        parties = _parties(store, doc_id)
        if not parties:
            continue
        for other in store.rows(
            "SELECT id, title, language FROM documents WHERE id != ? AND instrument = ? COLLATE NOCASE AND date = ? "
            "AND language IS NOT NULL AND language != ? ORDER BY id",
            [doc_id, doc["instrument"], doc["date"], doc["language"]],
        ):
            pair = tuple(sorted((doc_id, other["id"])))
            if pair in seen or are_linked(store, *pair) or _parties(store, other["id"]) != parties:
                continue
            seen.add(pair)
            first, second = (doc, other) if doc_id < other["id"] else (other, doc)
            found.append({"documents": list(pair), "titles": [first["title"], second["title"]],
                          "languages": [first["language"], second["language"]]})
    return found
