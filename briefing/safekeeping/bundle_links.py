"""Translation links in a bundle: which of its documents are one text in two languages, and which
of its book's items print a document beside its translation.

A bundle carries, in ``translations``, every link between two of the documents
it holds (``briefing.library.translations``), and each item its
``parallel_document_id``; an item printed side by side brings the translation
with it. Bundles written before carry neither, and import as they did.

On import the links are untrusted input like the rest: each is mapped to the
receiving library's ids and kept when it still links two documents in other
languages; one naming a document the bundle does not hold, linking a document
to itself (the two sides may also be one document once merged), or refused by
the library (both sides in one language there) is left out with a note in the
import's report. An item keeps its translation only when the two documents are
linked once merged; otherwise it prints its document alone, with a note.
"""

from __future__ import annotations

from typing import Any

from briefing.errors import BriefingError
from briefing.library import translations
from briefing.library.store import Store

__all__ = ["bundle_translations", "item_translation", "merge_translations"]


def bundle_translations(store: Store, doc_ids: set[int]) -> list[dict[str, int]]:
    """The links between two of ``doc_ids``, as the bundle carries them (the smaller id first)."""
    if not doc_ids:
        return []
    marks = ", ".join("?" for _ in doc_ids)
    ids = sorted(doc_ids)
    return store.rows(
        f"SELECT document_id, translation_id FROM document_translations WHERE document_id IN ({marks}) "
        f"AND translation_id IN ({marks}) ORDER BY document_id, translation_id", ids + ids)


def _title(payload_docs: dict[int, dict[str, Any]], doc_id: Any) -> str:
    doc = payload_docs.get(doc_id) if isinstance(doc_id, int) else None
    return f"\u201c{' '.join(str(doc['title']).split())[:80]}\u201d" if doc else f"document {doc_id!r} (not in the bundle)"


def merge_translations(store: Store, payload: dict[str, Any], documents: dict[int, int], notes: list[str]) -> int:
    """Link the bundle's translations in the library, through its ids (``documents``: the bundle's
    id -> the library's); what is left out is said in ``notes``. Returns how many links were added."""
    sent = {d["id"]: d for d in payload["documents"]}
    added = 0
    seen: set[tuple[int, int]] = set()
    for link in payload.get("translations") or []:
        a, b = link.get("document_id"), link.get("translation_id")
        what = f"the translation link between {_title(sent, a)} and {_title(sent, b)}"
        if a not in documents or b not in documents:
            notes.append(f"Left out {what}: the bundle does not hold both documents")
            continue
        mine = tuple(sorted((documents[a], documents[b])))
        if mine[0] == mine[1]:
            notes.append(f"Left out {what}: it links a document to itself")
            continue
        if mine in seen:
            continue
        seen.add(mine)
        try:
            added += translations.link(store, *mine)["linked"]
        except BriefingError as exc:  # e.g. both in one language in this library
            notes.append(f"Left out {what}: {exc}")
    return added


def item_translation(store: Store, item: dict[str, Any], documents: dict[int, int], notes: list[str]) -> int | None:
    """The library's id of the translation a bundle's item prints beside its document, when the two
    are linked here; else None, with a note."""
    sent = item.get("parallel_document_id")
    if sent is None:
        return None
    title = " ".join(str(item.get("title") or "a document item").split())[:80]
    doc, parallel = documents.get(item.get("document_id")), documents.get(sent)
    if item.get("kind") != "document" or doc is None or parallel is None:
        notes.append(f"\u201c{title}\u201d prints its document alone: its translation is not in the bundle")
        return None
    if doc == parallel or not translations.are_linked(store, doc, parallel):
        notes.append(f"\u201c{title}\u201d prints its document alone: the two are not linked as translations here")
        return None
    return parallel
