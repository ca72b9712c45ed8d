"""Key figures (trade turnover, counts of agreements...), each tied to its source.

``add_figure`` is the loader's and the importer's; ``create_figure``,
``update_figure`` and ``delete_figure`` are the user's edits, each one
transaction returning a ``RecordChange`` (the figure before and after), and
``put_figure`` writes a snapshot back to undo one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from briefing.dates import is_partial_date
from briefing.errors import BriefingError, NotFound
from briefing.library.records import RecordChange
from briefing.library.store import Store
from briefing.library.values import check_figure

FIGURE_FIELDS = ("slug", "label", "value", "value_text", "unit", "as_of", "source_document_id", "said_by", "series", "note")


def _check_source(store: Store, figure: Mapping[str, Any]) -> None:
    if not figure.get("source_document_id"):
        raise BriefingError(f"figure {figure.get('label')!r} has no source document")
    if not store.scalar("SELECT 1 FROM documents WHERE id = ?", [figure["source_document_id"]]):
        raise BriefingError(f"figure {figure.get('label')!r}: no document with id {figure['source_document_id']}")


def add_figure(store: Store, figure: Mapping[str, Any]) -> int:
    check_figure(figure)
    _check_source(store, figure)
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


def get_figure(store: Store, figure_id: int) -> dict:
    """The figure's fields with its source's title."""
    figure = store.one(
        "SELECT f.*, d.title AS source_title FROM figures f LEFT JOIN documents d ON d.id = f.source_document_id "
        "WHERE f.id = ?",
        [figure_id],
    )
    if figure is None:
        raise NotFound(f"no figure with id {figure_id}")
    return figure


def _snapshot(store: Store, figure_id: int) -> dict:
    return {k: v for k, v in get_figure(store, figure_id).items() if k != "source_title"}


def create_figure(store: Store, figure: Mapping[str, Any]) -> RecordChange:
    """``add_figure`` as an edit that can be undone: the new figure is ``after``."""
    with store.atomic():
        figure_id = add_figure(store, figure)
        after = _snapshot(store, figure_id)
    return RecordChange("figure", figure_id, None, after)


def update_figure(store: Store, figure_id: int, changes: Mapping[str, Any]) -> RecordChange:
    """Change the fields given (label, value, value_text, unit, as_of, source_document_id, said_by,
    series, note); a figure keeps a label, a value, a source document and a real date."""
    unknown = set(changes) - set(FIGURE_FIELDS) | ({"slug"} & set(changes))
    if unknown:
        raise BriefingError(f"a figure has no field {', '.join(sorted(unknown))}")
    with store.atomic():
        before = _snapshot(store, figure_id)
        merged = {**before, **changes}
        if not str(merged.get("label") or "").strip():
            raise BriefingError("a figure needs a label")
        if merged.get("value") is None and not merged.get("value_text"):
            raise BriefingError(f"figure {merged['label']!r} needs a value")
        check_figure(merged)
        _check_source(store, merged)
        if merged.get("as_of") is not None:
            check_as_of(str(merged["as_of"]), merged["label"])
        if changes:
            store.db["figures"].update(figure_id, dict(changes))
        after = _snapshot(store, figure_id)
    return RecordChange("figure", figure_id, before, after)


def delete_figure(store: Store, figure_id: int) -> RecordChange:
    """Delete a figure; a figures block that listed it shows the others."""
    with store.atomic():
        before = _snapshot(store, figure_id)
        store.execute("DELETE FROM figures WHERE id = ?", [figure_id])
    return RecordChange("figure", figure_id, before, None)


def put_figure(store: Store, snapshot: Mapping[str, Any], *, replace: bool) -> int:
    """Write a figure's snapshot back, inside the caller's transaction: over the figure of that id
    (``replace``, undoing an edit), or as a figure again (undoing a deletion: under its own id
    when that is free). Returns its id."""
    row = {k: snapshot.get(k) for k in FIGURE_FIELDS}
    figure_id = int(snapshot["id"])
    if replace:
        if not store.scalar("SELECT 1 FROM figures WHERE id = ?", [figure_id]):
            raise NotFound(f"no figure with id {figure_id}")
        store.db["figures"].update(figure_id, row)
        return figure_id
    if row["slug"] and store.scalar("SELECT 1 FROM figures WHERE slug = ?", [row["slug"]]):
        row["slug"] = None
    if row["source_document_id"] and not store.scalar("SELECT 1 FROM documents WHERE id = ?", [row["source_document_id"]]):
        row["source_document_id"] = None
    free = not store.scalar("SELECT 1 FROM figures WHERE id = ?", [figure_id])
    return store.db["figures"].insert({**row, **({"id": figure_id} if free else {})}).last_pk
