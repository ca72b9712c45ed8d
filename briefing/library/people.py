"""People: counterparts, speakers and experts, with the spellings of their names.

This module reads people (one, all, by a reference a user typed, by any word
of their names and titles) and matches a name as a document spells it to a
person; ``person_edits`` makes, changes and deletes them by hand, ``roles``
keeps their titles over time and ``portraits`` their photographs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from briefing.errors import BriefingError, NotFound
from briefing.library.fold import fold, sound_key, uses_key, words
from briefing.library.records import close_names, did_you_mean
from briefing.library.roles import role_span, roles_of
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
    """The person's fields with ``roles`` (every title, earliest first), ``portrait`` (its size and
    digest, or None; the image itself is ``portraits.portrait_of``), ``events`` and ``documents`` spoken in."""
    row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
    if row is None:
        raise NotFound(f"no person with id {person_id}")
    person = _decode(row)
    person["roles"] = roles_of(store, person_id)
    person["portrait"] = store.one(
        "SELECT format, width, height, digest, length(data) AS bytes FROM portraits WHERE person_id = ?", [person_id])
    person["events"] = store.rows(
        "SELECT e.id, e.title, e.kind, e.start_date, e.end_date, e.place FROM events e "
        "JOIN event_people ep ON ep.event_id = e.id WHERE ep.person_id = ? ORDER BY e.start_date DESC",
        [person_id],
    )
    person["documents"] = store.rows(
        "SELECT DISTINCT d.id, d.title, d.date FROM documents d JOIN document_speakers s ON s.document_id = d.id "
        "WHERE s.person_id = ? ORDER BY d.date DESC, d.id",
        [person_id],
    )
    return person


def list_people(store: Store) -> list[dict]:
    return [_decode(r) for r in store.rows("SELECT * FROM people ORDER BY name")]


def person_label(person: Mapping[str, Any]) -> str:
    """How a message names a person: "Jeyhun Bayramov (#7, Minister of Foreign Affairs)"."""
    extra = ", ".join(x for x in (f"#{person['id']}", person.get("role")) if x)
    return f"{person['name']} ({extra})"


def find_person(store: Store, ref: str | int) -> int:
    """A person by id, slug, exact name, or a name that sounds the same in any script
    ("Байрамов" finds Jeyhun Bayramov); an unknown or ambiguous name is one line that says so,
    with the names spelt most like it."""
    text = str(ref).strip()
    if text.isdigit() and store.scalar("SELECT 1 FROM people WHERE id = ?", [int(text)]):
        return int(text)
    found = store.scalar("SELECT id FROM people WHERE slug = ?", [text])
    if found is not None:
        return found
    same = store.rows("SELECT id FROM people WHERE name = ? COLLATE NOCASE", [text])
    if len(same) == 1:
        return same[0]["id"]
    people = list_people(store)
    sounding = [p for p in people if p["id"] in {r["id"] for r in same}] or sounding_like(text, people)
    if len(sounding) == 1:
        return sounding[0]["id"]
    if sounding:
        named = ", ".join(person_label(p) for p in sounding[:5])
        raise BriefingError(f"several people answer to {text!r}: {named}; give the id")
    choices = {name: person_label(p) for p in people for name in [p["name"], *p["variants"]]}
    raise NotFound(f"no person {text!r} in the library{did_you_mean(close_names(text, choices))}")


def _word_matches(query_word: str, text_words: list[str]) -> bool:
    folded = fold(query_word)
    key = sound_key(query_word) if uses_key(query_word) else None
    return any(fold(w).startswith(folded) or (key is not None and sound_key(w) == key) for w in text_words)


def find_people(store: Store, query: str) -> list[dict]:
    """The people every word of ``query`` finds, in any script, in a name, a spelling, the
    country or a title held now or before. Each comes with ``found_by``: the former title
    that found them (e.g. "Deputy Foreign Minister (2018–2020)"), or None."""
    wanted = [w for w in words(query) if fold(w)]
    people = list_people(store)
    if not wanted:
        return people
    roles: dict[int, list[dict]] = {}
    for r in store.rows("SELECT person_id, role, organisation, start_date, end_date FROM person_roles ORDER BY id"):
        roles.setdefault(r.pop("person_id"), []).append(r)
    found = []
    for person in people:
        own = words(" ".join(x or "" for x in (person["name"], *person["variants"], person.get("role"),
                                                person.get("organisation"), person.get("country"))))
        former = [r for r in roles.get(person["id"], []) if r["role"] != person.get("role")]
        former_words = [words(f"{r['role']} {r['organisation'] or ''}") for r in former]
        if not all(_word_matches(w, own) or any(_word_matches(w, fw) for fw in former_words) for w in wanted):
            continue
        by = next((r for r, fw in zip(former, former_words) if any(_word_matches(w, fw) for w in wanted)
                   and not all(_word_matches(w, own) for w in wanted)), None)
        span = role_span(by) if by else ""
        person["found_by"] = f"{by['role']} ({span})" if by and span else (by["role"] if by else None)
        found.append(person)
    return found


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
    found = sounding_like(name, people if people is not None else list_people(store))
    if len(found) <= 1:
        return found[0]["id"] if found else None
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


def sounding_like(name: str, people: Iterable[dict]) -> list[dict]:
    """The people whose name or a variant sounds like ``name``: the surname (the last word
    of a variant) agrees, and so does a given name when both sides have one."""
    wanted = [sound_key(w) for w in words(name) if len(w) > 1]
    if not wanted:
        return []
    candidates: dict[int, dict] = {}
    for person in people:
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
    return list(candidates.values())


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
