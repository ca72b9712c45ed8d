"""Undoing an edit of a hand-made record: a ``RecordChange`` written back, in one transaction.

``undo_change(store, change)`` puts ``change.before`` back: it deletes what
was made, restores what was deleted (under its own id when that is still
free) and writes the old fields, links, roles, portrait or programme over an
edited record. It returns the change it made, so undoing that one is the
redo. A merge of two people has its own ``people_merge.undo_merge``.
"""

from __future__ import annotations

from briefing.errors import BriefingError
from briefing.library.events import delete_event, event_snapshot, put_event
from briefing.library.figures import delete_figure, get_figure, put_figure
from briefing.library.person_edits import delete_person, person_snapshot, put_person
from briefing.library.programme import set_programme
from briefing.library.records import RecordChange
from briefing.library.store import Store


def _figure_snapshot(store: Store, figure_id: int) -> dict:
    return {k: v for k, v in get_figure(store, figure_id).items() if k != "source_title"}


def undo_change(store: Store, change: RecordChange) -> RecordChange:
    """Put the record back as ``change.before`` has it; returns the change that does so."""
    with store.atomic():
        if change.kind == "programme":
            assert change.before is not None
            return set_programme(store, change.id, change.before["items"])
        if change.kind not in ("person", "event", "figure"):
            raise BriefingError(f"no undo for a change of kind {change.kind!r}")
        if change.made:
            if change.kind == "person":
                return delete_person(store, change.id)
            if change.kind == "event":
                return delete_event(store, change.id, refuse_if=None)
            return delete_figure(store, change.id)
        before = change.before
        assert before is not None
        if change.kind == "person":
            current = None if change.deleted else person_snapshot(store, change.id)
            new_id = put_person(store, before)
            return RecordChange("person", new_id, current, person_snapshot(store, new_id))
        if change.kind == "event":
            current = None if change.deleted else event_snapshot(store, change.id)
            new_id = put_event(store, before)
            return RecordChange("event", new_id, current, event_snapshot(store, new_id))
        current = None if change.deleted else _figure_snapshot(store, change.id)
        new_id = put_figure(store, before, replace=not change.deleted)
        return RecordChange("figure", new_id, current, _figure_snapshot(store, new_id))
