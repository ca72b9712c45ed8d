"""People: counterparts, speakers and experts, with the spellings of their names."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from briefing.errors import NotFound
from briefing.library.fold import sound_key, words
from briefing.library.store import Store


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


def match_person(
    store: Store,
    name: str,
    people: Iterable[dict] | None = None,
    *,
    text: str | None = None,
    date: str | None = None,
) -> int | None:
    """The person whose name or a variant sounds like ``name`` (Токаев finds Tokayev).

    A match needs the surname (the last word of a variant) to agree; a given
    name, when both sides have one, must agree too, so Heydar Aliyev and Ilham
    Aliyev stay apart. A bare surname that fits several people ("Алиев:") is
    settled by the document's ``date`` against the years each was active (when
    the store gives them), then by a full name of one of them in the same ``text``.
    """
    wanted = [sound_key(w) for w in words(name) if len(w) > 1]
    if not wanted:
        return None
    candidates: dict[int, dict] = {}
    for person in people if people is not None else list_people(store):
        for variant in [person["name"], *person["variants"]]:
            keys = [sound_key(w) for w in words(variant) if len(w) > 1]
            if not keys or keys[-1] not in wanted:
                continue
            given_wanted = [k for k in wanted if k != keys[-1]]
            given_known = keys[:-1]
            if given_wanted and given_known and not set(given_wanted) & set(given_known):
                continue
            candidates[person["id"]] = person
            break
    if len(candidates) <= 1:
        return next(iter(candidates), None)
    found = list(candidates.values())
    year = int(date[:4]) if date and re.match(r"\d{4}", date) else None
    if year is not None:
        active = [p for p in found if _active_in(p, year) is not False]
        if len(active) == 1:
            return active[0]["id"]
        found = active or found
    if text:
        keys = [sound_key(w) for w in words(text)]
        named = [p for p in found if _full_name_in(p, keys)]
        if len(named) == 1:
            return named[0]["id"]
    return None


def active_years(person: Mapping[str, Any]) -> tuple[int | None, int | None] | None:
    """(first year, last year or None while in office) when the store says: an ``active_from`` /
    ``active_until`` field, or a role that gives them ("Former President of Azerbaijan
    (1993–2003)", "President since 2003")."""
    start, end = person.get("active_from"), person.get("active_until")
    if start or end:
        return (int(str(start)[:4]) if start else None, int(str(end)[:4]) if end else None)
    role = person.get("role") or ""
    span = re.search(r"\((?:\D{0,20})?((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)\)", role)
    if span:
        return int(span.group(1)), int(span.group(2))
    since = re.search(r"\b(?:since|с|бастап|-dən|-dan)\s+(?:\w+\s+)?((?:19|20)\d\d)\b", role, re.I)
    if since:
        return int(since.group(1)), None
    return None


def _active_in(person: Mapping[str, Any], year: int) -> bool | None:
    years = active_years(person)
    if years is None:
        return None
    start, end = years
    return (start is None or start <= year) and (end is None or year <= end)


def _full_name_in(person: Mapping[str, Any], text_keys: list[str]) -> bool:
    """Whether a name of the person with a given name ("Ильхам Алиев", "Ilham Aliyev's",
    "Ильхама Алиева") stands in the text, whose words are given as sound keys."""
    for variant in [person["name"], *person["variants"]]:
        keys = [sound_key(w) for w in words(variant) if len(w) > 1]
        if len(keys) < 2:
            continue
        for i in range(len(text_keys) - len(keys) + 1):
            if all(_same_word(text_keys[i + j], key) for j, key in enumerate(keys)):
                return True
    return False


def _same_word(text_key: str, key: str) -> bool:
    """A word of the text is the name's word, or that word with a short case ending."""
    return text_key == key or (text_key.startswith(key) and len(text_key) - len(key) <= 2)
