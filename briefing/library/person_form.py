"""Saving a person's page as the app's form edits it: fields, spellings and the whole role history, one transaction.

``person_edits.update_person`` changes fields and ``set_roles`` replaces the
role history, each in its own transaction; a page saved at once must be one
edit the user can undo in one step, so ``save_person`` runs both inside one
and returns a single ``RecordChange`` spanning them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from briefing.library.person_edits import person_snapshot, set_roles, update_person
from briefing.library.records import RecordChange
from briefing.library.store import Store


def save_person(
    store: Store,
    person_id: int,
    changes: Mapping[str, Any],
    roles: Iterable[Mapping[str, Any]] | None = None,
) -> RecordChange:
    """``update_person(changes)`` then, when ``roles`` is given, ``set_roles(roles)``; all or nothing."""
    with store.atomic():
        before = person_snapshot(store, person_id)
        if changes:
            update_person(store, person_id, changes)
        if roles is not None:
            set_roles(store, person_id, list(roles))
        after = person_snapshot(store, person_id)
    return RecordChange("person", person_id, before, after)
