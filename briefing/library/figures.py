"""Key figures (trade turnover, counts of agreements...), each tied to its source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from briefing.dates import is_partial_date
from briefing.errors import BriefingError
from briefing.library.store import Store

FIGURE_FIELDS = ("slug", "label", "value", "value_text", "unit", "as_of", "source_document_id", "said_by", "series", "note")


def add_figure(store: Store, figure: Mapping[str, Any]) -> int:
    if not figure.get("source_document_id"):
        raise BriefingError(f"figure {figure.get('label')!r} has no source document")
    if not store.scalar("SELECT 1 FROM documents WHERE id = ?", [figure["source_document_id"]]):
        raise BriefingError(f"figure {figure.get('label')!r}: no document with id {figure['source_document_id']}")
    if figure.get("as_of") is not None:
        check_as_of(str(figure["as_of"]), figure.get("label"))
    row = {k: figure.get(k) for k in FIGURE_FIELDS}
    with store.atomic() as db:
        return db["figures"].insert(row).last_pk


def check_as_of(as_of: str, label: Any = None) -> str:
    """A figure's date: a year, a month or a day that exists (2022, 2022-08, 2022-08-20)."""
    if not is_partial_date(as_of):
        raise BriefingError(f"figure {label!r}: {as_of!r} is not a date like 2022, 2022-08 or 2022-08-20")
    return as_of


def list_figures(store: Store) -> list[dict]:
    return store.rows(
        "SELECT f.*, d.title AS source_title FROM figures f LEFT JOIN documents d ON d.id = f.source_document_id "
        "ORDER BY f.label, f.as_of DESC"
    )
