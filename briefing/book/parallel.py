"""A book item's option to print its document beside a translation, in two columns.

The translation must be linked to the item's document in the library
(``briefing.library.translations``); without one named, the document's only
translation is taken. The pack then prints the two texts side by side with
their articles aligned (``briefing.pdf.bilingual``); the choice is part of the
item, so a change of it is a change since the edition.
"""

from __future__ import annotations

from typing import Any

from briefing.book.changes import Changes, require_row, touch_book
from briefing.book.content import BookContent
from briefing.errors import BriefingError
from briefing.library.store import Store
from briefing.library.translations import are_linked, translations_of


def set_side_by_side(store: Store, item_id: int, translation: int | None = None, *, off: bool = False) -> dict[str, Any]:
    """Print item ``item_id``'s document beside ``translation`` (default: its only one), or, ``off``,
    alone again. Returns ``{"item", "document", "translation", "changes"}``."""
    item = require_row(store, "book_items", item_id, "item")
    if item["kind"] != "document":
        raise BriefingError(f"item {item_id} is a {item['kind']}: only a whole document prints beside its translation")
    doc_id = item["document_id"]
    if off:
        chosen = None
    elif translation is not None:
        if not are_linked(store, doc_id, translation):
            raise BriefingError(f"document {translation} is not linked as a translation of document {doc_id}: "
                                f"'briefing link-translation {doc_id} {translation}' links them")
        chosen = translation
    else:
        found = translations_of(store, doc_id)
        if not found:
            raise BriefingError(f"document {doc_id} has no translation linked to it: "
                                f"'briefing link-translation {doc_id} OTHER' links one")
        if len(found) > 1:
            ids = ", ".join(str(t["id"]) for t in found)
            raise BriefingError(f"document {doc_id} has {len(found)} translations ({ids}): name one with --with")
        chosen = found[0]["id"]
    book_id = store.scalar("SELECT book_id FROM book_sections WHERE id = ?", [item["section_id"]])
    with store.atomic():
        store.execute("UPDATE book_items SET parallel_document_id = ? WHERE id = ?", [chosen, item_id])
        touch_book(store, book_id)
    return {"item": item_id, "document": doc_id, "translation": chosen,
            "changes": Changes(book_id, [item["section_id"]], [item_id])}


def parallel_content(store: Store, first: int, second: int) -> BookContent:
    """Two linked documents as a book of one item, ``first`` printed beside ``second``: what
    ``briefing export-bilingual`` prints. Its marking is the higher of the two documents'."""
    from briefing.book.assembly import document_meta
    from briefing.book.content import ItemContent, SectionContent
    from briefing.book.markup import as_text
    from briefing.book.profiles import UNMARKED
    from briefing.library import markings
    from briefing.library.documents import get_document

    if first == second or not are_linked(store, first, second):
        raise BriefingError(f"documents {first} and {second} are not linked as translations of each other: "
                            f"'briefing link-translation {first} {second}' links them")
    docs = [get_document(store, first), get_document(store, second)]
    items = [ItemContent("document", d["title"], as_text(d["text"]), document_id=d["id"], meta=document_meta(d, store))
             for d in docs]
    items[0].parallel = items[1]
    marks = [d.get("marking") for d in docs if d.get("marking")]
    marking = max(marks, key=lambda m: markings.rank(m) or 0) if marks else UNMARKED
    return BookContent(title=docs[0]["title"], marking=marking, sections=[SectionContent(docs[0]["title"], [items[0]])],
                       keywords=[d["language"] for d in docs if d.get("language")])
