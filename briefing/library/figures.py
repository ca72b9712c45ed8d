"""Key figures (trade turnover, counts of agreements...), each tied to its source.

``add_figure`` is the loader's and the importer's; ``create_figure``,
``update_figure`` and ``delete_figure`` are the user's edits, each one
transaction returning a ``RecordChange`` (the figure before and after), and
``put_figure`` writes a snapshot back to undo one.

A figure carries a status (``FIGURE_STATUSES``) saying how far it may be
trusted and quoted: ``reported`` (a source states it), ``derived`` (computed
from other figures, ``derived_from``, by a ``rule``), ``approximate`` or
``do-not-quote`` (with the ``reason``). ``None`` is a figure nobody has judged
yet: the pre-flight check asks for one. ``derived_from`` is a list of figure
ids in the API (slugs are taken too where a figure is made) and JSON in the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from briefing.dates import is_partial_date
from briefing.errors import BriefingError, NotFound
from briefing.library.records import RecordChange
from briefing.library.store import Store
from briefing.library.values import check_figure

FIGURE_FIELDS = ("slug", "label", "value", "value_text", "unit", "as_of", "source_document_id", "said_by", "series", "note",
                 "status", "derived_from", "rule", "reason")
FIGURE_STATUSES = ("reported", "derived", "approximate", "do-not-quote")
STATUS_WORDS = {"reported": "reported", "derived": "derived", "approximate": "approximate",
                "do-not-quote": "do not quote"}


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
    row["derived_from"] = _figure_refs(store, row.get("derived_from"), row.get("label"))
    check_status(row)
    with store.atomic() as db:
        return db["figures"].insert(_stored(row)).last_pk


def _figure_refs(store: Store, refs: Any, label: Any = None) -> list[int] | None:
    """The figures a derived one comes from, as ids: ids or slugs, a list or its JSON."""
    if refs is None or refs == "" or refs == []:
        return None
    if isinstance(refs, str):
        try:
            refs = json.loads(refs)
        except ValueError:
            refs = [refs]
    if not isinstance(refs, list):
        refs = [refs]
    ids: list[int] = []
    for ref in refs:
        if isinstance(ref, bool) or not isinstance(ref, (int, str)):
            raise BriefingError(f"figure {label!r}: derived from {ref!r}, which is not a figure's id or slug")
        found = (store.scalar("SELECT id FROM figures WHERE id = ?", [int(ref)])
                 if isinstance(ref, int) or ref.isdigit() else
                 store.scalar("SELECT id FROM figures WHERE slug = ?", [ref]))
        if found is None:
            raise BriefingError(f"figure {label!r}: derived from figure {ref!r}, which is not in the library")
        if found not in ids:
            ids.append(found)
    return ids


def check_status(figure: Mapping[str, Any]) -> None:
    """A status the figure's other fields bear out: a derived figure names what it comes from and
    how; only a derived one does; a figure not to be quoted says why."""
    label = figure.get("label")
    status = figure.get("status")
    if status is not None and status not in FIGURE_STATUSES:
        raise BriefingError(f"figure {label!r}: unknown status {status!r}; expected one of {', '.join(FIGURE_STATUSES)}")
    for key in ("rule", "reason"):
        value = figure.get(key)
        if value is not None and not isinstance(value, str):
            raise BriefingError(f"figure {label!r}: the {key} should be text")
    derived_from = figure.get("derived_from") or []
    if status == "derived":
        if not derived_from:
            raise BriefingError(f"figure {label!r} is derived: say from which figures (--derived-from ID...)")
        if not str(figure.get("rule") or "").strip():
            raise BriefingError(f"figure {label!r} is derived: say by what rule (--rule TEXT, e.g. '500 / 1.4')")
        if figure.get("id") is not None and figure["id"] in derived_from:
            raise BriefingError(f"figure {label!r} cannot be derived from itself")
    elif derived_from or str(figure.get("rule") or "").strip():
        raise BriefingError(f"figure {label!r}: only a derived figure has figures it comes from and a rule "
                            "(give --status derived)")
    if status == "do-not-quote" and not str(figure.get("reason") or "").strip():
        raise BriefingError(f"figure {label!r} is not to be quoted: say why (--reason TEXT)")


def _stored(row: Mapping[str, Any]) -> dict[str, Any]:
    """A figure's fields as the store keeps them: ``derived_from`` as JSON."""
    out = dict(row)
    if "derived_from" in out:
        out["derived_from"] = json.dumps(out["derived_from"]) if out["derived_from"] else None
    return out


def decode_figure(row: dict[str, Any]) -> dict[str, Any]:
    """A figure row as read from the store, with ``derived_from`` a list of ids (empty for none)."""
    raw = row.get("derived_from")
    if isinstance(raw, str):
        try:
            ids = json.loads(raw)
        except ValueError:
            ids = []
        row["derived_from"] = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)] if isinstance(ids, list) else []
    elif raw is None:
        row["derived_from"] = []
    return row


def status_mark(figure: Mapping[str, Any]) -> str:
    """ "≈" before a derived or approximate value, "" before any other."""
    return "\u2248" if figure.get("status") in ("derived", "approximate") else ""


def derivation(store: Store, figure: Mapping[str, Any]) -> str:
    """How a derived figure was obtained, in words: "derived from A (2022: x) and B (2022: y) by the rule R";
    "" for a figure that is not derived."""
    if figure.get("status") != "derived":
        return ""
    ids = decode_figure({"derived_from": figure.get("derived_from")})["derived_from"]
    parts = []
    for found in ids:
        f = store.one("SELECT label, value, value_text, unit, as_of FROM figures WHERE id = ?", [found])
        if f is None:
            parts.append(f"figure {found} (no longer in the library)")
            continue
        value = f["value_text"] or (f"{f['value']:g}" + (f" {f['unit']}" if f["unit"] else "") if f["value"] is not None
                                    else "no value")
        parts.append(f"{f['label']} ({f['as_of'] + ': ' if f['as_of'] else ''}{value})")
    names = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + (parts[-1] if parts else "no figure")
    rule = " ".join(str(figure.get("rule") or "").split())
    return f"derived from {names}" + (f" by the rule {rule}" if rule else "")


def check_as_of(as_of: str, label: Any = None) -> str:
    """A figure's date: a year, a month or a day that exists (2022, 2022-08, 2022-08-20)."""
    if not is_partial_date(as_of):
        raise BriefingError(f"figure {label!r}: {as_of!r} is not a date like 2022, 2022-08 or 2022-08-20")
    return as_of


def list_figures(store: Store) -> list[dict]:
    return [decode_figure(r) for r in store.rows(
        "SELECT f.*, d.title AS source_title FROM figures f LEFT JOIN documents d ON d.id = f.source_document_id "
        "ORDER BY f.label, f.as_of DESC"
    )]


def get_figure(store: Store, figure_id: int) -> dict:
    """The figure's fields with its source's title."""
    figure = store.one(
        "SELECT f.*, d.title AS source_title FROM figures f LEFT JOIN documents d ON d.id = f.source_document_id "
        "WHERE f.id = ?",
        [figure_id],
    )
    if figure is None:
        raise NotFound(f"no figure with id {figure_id}")
    return decode_figure(figure)


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
    series, note, status, derived_from, rule, reason); a figure keeps a label, a value, a source
    document and a real date. A figure that stops being derived loses its derivation."""
    unknown = set(changes) - set(FIGURE_FIELDS) | ({"slug"} & set(changes))
    if unknown:
        raise BriefingError(f"a figure has no field {', '.join(sorted(unknown))}")
    changes = dict(changes)
    with store.atomic():
        before = _snapshot(store, figure_id)
        if "derived_from" in changes:
            changes["derived_from"] = _figure_refs(store, changes["derived_from"], before["label"])
        if changes.get("status", "derived") != "derived":
            for key in ("derived_from", "rule"):
                if before.get(key) and key not in changes:
                    changes[key] = None
        merged = {**before, **changes}
        if not str(merged.get("label") or "").strip():
            raise BriefingError("a figure needs a label")
        if merged.get("value") is None and not merged.get("value_text"):
            raise BriefingError(f"figure {merged['label']!r} needs a value")
        check_figure(merged)
        _check_source(store, merged)
        if merged.get("as_of") is not None:
            check_as_of(str(merged["as_of"]), merged["label"])
        check_status({**merged, "id": figure_id})
        if changes:
            store.db["figures"].update(figure_id, _stored(changes))
        after = _snapshot(store, figure_id)
    return RecordChange("figure", figure_id, before, after)


def delete_figure(store: Store, figure_id: int) -> RecordChange:
    """Delete a figure; a figures block that listed it shows the others. A figure another is
    derived from is refused: that one would lose its derivation."""
    with store.atomic():
        before = _snapshot(store, figure_id)
        users = derived_users(store, figure_id)
        if users:
            raise BriefingError(f"figure {figure_id} ({before['label']}) is not deleted: "
                                + "; ".join(f"figure {f['id']} ({f['label']})" for f in users)
                                + " is derived from it. Change or delete that one first")
        store.execute("DELETE FROM figures WHERE id = ?", [figure_id])
    return RecordChange("figure", figure_id, before, None)


def derived_users(store: Store, figure_id: int) -> list[dict[str, Any]]:
    """The figures derived from this one."""
    rows = store.rows("SELECT id, label, derived_from FROM figures WHERE derived_from IS NOT NULL AND id != ?", [figure_id])
    return [decode_figure(r) for r in rows if figure_id in decode_figure(dict(r))["derived_from"]]


def put_figure(store: Store, snapshot: Mapping[str, Any], *, replace: bool) -> int:
    """Write a figure's snapshot back, inside the caller's transaction: over the figure of that id
    (``replace``, undoing an edit), or as a figure again (undoing a deletion: under its own id
    when that is free). Returns its id."""
    row = _stored({k: snapshot.get(k) for k in FIGURE_FIELDS})
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
