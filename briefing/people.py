"""People: counterparts, speakers and experts, with the spellings of their names."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import NotFound
from .fold import sound_key, words
from .store import Store


def add_person(store: Store, person: Mapping[str, Any]) -> int:
    row = {
        "slug": person.get("slug"),
        "name": person["name"],
        "role": person.get("role"),
        "country": person.get("country"),
        "variants": json.dumps(list(person.get("variants", [])), ensure_ascii=False),
        "biography": person.get("biography"),
    }
    with store.atomic() as db:
        return db["people"].insert(row).last_pk


def _decode(row: dict) -> dict:
    row["variants"] = json.loads(row["variants"] or "[]")
    return row


def get_person(store: Store, person_id: int) -> dict:
    row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
    if row is None:
        raise NotFound(f"no person with id {person_id}")
    person = _decode(row)
    person["events"] = store.rows(
        "SELECT e.id, e.title, e.start_date, e.place FROM events e JOIN event_people ep ON ep.event_id = e.id "
        "WHERE ep.person_id = ? ORDER BY e.start_date DESC",
        [person_id],
    )
    return person


def list_people(store: Store) -> list[dict]:
    return [_decode(r) for r in store.rows("SELECT * FROM people ORDER BY name")]


def _surname_keys(name: str) -> set[str]:
    return {sound_key(w) for w in words(name) if len(w) > 2}


def match_person(store: Store, name: str, people: Iterable[dict] | None = None) -> int | None:
    """The person whose name or a variant sounds like ``name`` (Токаев finds Tokayev).

    A match needs the surname (the last word of a variant) to agree; a given
    name, when both sides have one, must agree too, so Heydar Aliyev and Ilham
    Aliyev stay apart.
    """
    wanted = [sound_key(w) for w in words(name) if len(w) > 1]
    if not wanted:
        return None
    candidates = []
    for person in people if people is not None else list_people(store):
        for variant in [person["name"], *person["variants"]]:
            keys = [sound_key(w) for w in words(variant) if len(w) > 1]
            if not keys or keys[-1] not in wanted:
                continue
            given_wanted = [k for k in wanted if k != keys[-1]]
            given_known = keys[:-1]
            if given_wanted and given_known and not set(given_wanted) & set(given_known):
                continue
            candidates.append(person["id"])
            break
    return candidates[0] if len(set(candidates)) == 1 else None
