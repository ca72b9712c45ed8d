"""Who a part of a book is written for: the principal and the delegation (internal) or anyone (releasable).

Objectives, talking points, cautions, points to watch, desk notes, "if raised"
lines and paraphrases are written for the principal; a programme, a list of
agreements or a chronology may be handed to the press. Every section and item
may say so (``audience``); an item without one takes its section's, a section
without one its parent's, and where no section says, a note (the desk's own
text) is internal and anything else releasable (``effective_audience``). The
templates set it per section; the author changes it on a section or an item.

An export profile limited to releasable content (the press cut) prints only
releasable items (``briefing.book.profiles``). Whether releasable text still
reads as written for the principal is the pre-flight check's question:
``written_for_principal`` finds the phrases the profile names as the marks of
internal guidance ("Desk note:", "Points to watch", "prepared for the briefing
book"...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from briefing.errors import BriefingError, NotFound

if TYPE_CHECKING:  # only for hints: the PDF helper process imports this module and never opens a store
    from briefing.library.store import Store

INTERNAL, RELEASABLE = "internal", "releasable"
AUDIENCES = (INTERNAL, RELEASABLE)


def check_audience(value: Any) -> str | None:
    """An audience as stored: "internal", "releasable", or None (take the section's); others refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BriefingError(f"an audience should be internal or releasable, not {value!r}")
    text = value.strip().lower()
    if not text:
        return None
    if text not in AUDIENCES:
        raise BriefingError(f"unknown audience {value.strip()!r}; expected internal or releasable")
    return text


def default_audience(kind: str) -> str:
    """Where no section says: the desk's own notes are internal, the rest releasable."""
    return INTERNAL if kind == "note" else RELEASABLE


def resolve_audiences(sections: list[dict[str, Any]], inherited: str | None = None) -> None:
    """Give every section and item of a section tree its ``effective_audience`` (in place).

    A section's is its own, else its parent's, else None; an item's is its own, else its
    section's, else its kind's default. ``audience_set`` says whether the item's comes from
    the author or a template (its own or a section's) rather than from its kind."""
    for section in sections:
        own = section.get("audience")
        section["effective_audience"] = own or inherited
        for item in section.get("items", []):
            chosen = item.get("audience") or section["effective_audience"]
            item["effective_audience"] = chosen or default_audience(item.get("kind", ""))
            item["audience_set"] = chosen is not None
        resolve_audiences(section.get("sections", []), section["effective_audience"])


def section_is_internal(section: dict[str, Any]) -> bool:
    return section.get("effective_audience") == INTERNAL


def written_for_principal(text: str, markers: Iterable[str]) -> list[str]:
    """The marks of internal guidance (``markers``, any case) that ``text`` holds, in the markers' order."""
    if not text:
        return []
    folded = " ".join(text.casefold().split())
    folded = re.sub(r"[*_`#>]+", "", folded)  # emphasis and headings around "Desk note:" do not hide it
    return [m for m in markers if " ".join(m.casefold().split()) in folded]


def section_audience(store: Store, section_id: int) -> str | None:
    """A section's effective audience: its own, else its nearest parent's, else None."""
    seen: set[int] = set()
    current: int | None = section_id
    while current is not None and current not in seen:
        seen.add(current)
        row = store.one("SELECT parent_id, audience FROM book_sections WHERE id = ?", [current])
        if row is None:
            if current == section_id:
                raise NotFound(f"no section with id {section_id}")
            return None
        if row["audience"]:
            return row["audience"]
        current = row["parent_id"]
    return None


def item_audience(store: Store, item_id: int) -> str:
    """An item's effective audience, as ``resolve_audiences`` gives it in a book's tree."""
    row = store.one("SELECT section_id, kind, audience FROM book_items WHERE id = ?", [item_id])
    if row is None:
        raise NotFound(f"no item with id {item_id}")
    return row["audience"] or section_audience(store, row["section_id"]) or default_audience(row["kind"])
