"""What the block builders share: Markdown that prints library text as written, tables,
and the look-ups of references, date limits and what was signed at an event.

``blocks`` and the builders beside it (``counterparts_block``) import these; this
module imports neither, so no cycle forms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from briefing.library.store import Store

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def literal(value: Any) -> str:
    """Text from the library as Markdown that prints it as written: no emphasis, link or HTML of its own."""
    text = " ".join(str(value or "").split())
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def cell(value: Any) -> str:
    """Text fit for one Markdown table cell."""
    if value is None or value == "":
        return "—"
    return " ".join(str(value).split()).replace("|", "\\|")


def table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _ref_id(store: Store, table_name: str, ref: Any) -> int | None:
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        return store.scalar(f"SELECT id FROM {table_name} WHERE id = ?", [int(ref)])
    return store.scalar(f"SELECT id FROM {table_name} WHERE slug = ?", [ref])


def _event_id(store: Store, ref: Any, book: Mapping[str, Any]) -> int | None:
    if ref == "book":
        return book.get("event_id")
    return _ref_id(store, "events", ref)


def _until(block: Mapping[str, Any], book: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The upper date limit, and whether it is exclusive (``before``)."""
    before = block.get("before")
    if before == "book":
        return book.get("start_date"), True
    if before:
        return before, True
    return block.get("until"), False


def _date_range(column: str, block: Mapping[str, Any], book: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if block.get("since"):
        where.append(f"{column} >= ?")
        params.append(block["since"])
    until, exclusive = _until(block, book)
    if until:
        # a bare year or month counts as the whole of it
        where.append(f"substr({column}, 1, ?) {'<' if exclusive else '<='} ?")
        params += [len(until), until]
    return where, params


def when(start: str | None, end: str | None = None) -> str:
    if not start:
        return "—"
    return start if not end or end == start else f"{start} – {end}"


def _signed(store: Store, event_ids: list[int]) -> dict[int, list[str]]:
    """The agreements and statements of each event: what was signed there."""
    found: dict[int, list[str]] = {}
    if not event_ids:
        return found
    for r in store.rows(
        "SELECT ed.event_id, d.title FROM event_documents ed JOIN documents d ON d.id = ed.document_id "
        f"WHERE ed.event_id IN ({', '.join('?' for _ in event_ids)}) AND d.kind IN ('agreement', 'joint-statement') "
        "ORDER BY ed.event_id, d.date, d.id",
        event_ids,
    ):
        found.setdefault(r["event_id"], []).append(r["title"])
    return found


def _missing(reason: str) -> str:
    return f"*This block is empty: {reason}.*"
