"""Key figures (trade turnover, counts of agreements...), each tied to its source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import BriefingError
from .store import Store

FIGURE_FIELDS = ("slug", "label", "value", "value_text", "unit", "as_of", "source_document_id", "said_by", "series", "note")


def add_figure(store: Store, figure: Mapping[str, Any]) -> int:
    if not figure.get("source_document_id"):
        raise BriefingError(f"figure {figure.get('label')!r} has no source document")
    if not store.scalar("SELECT 1 FROM documents WHERE id = ?", [figure["source_document_id"]]):
        raise BriefingError(f"figure {figure.get('label')!r}: no document with id {figure['source_document_id']}")
    row = {k: figure.get(k) for k in FIGURE_FIELDS}
    with store.atomic() as db:
        return db["figures"].insert(row).last_pk


def list_figures(store: Store) -> list[dict]:
    return store.rows(
        "SELECT f.*, d.title AS source_title FROM figures f LEFT JOIN documents d ON d.id = f.source_document_id "
        "ORDER BY f.label, f.as_of DESC"
    )
