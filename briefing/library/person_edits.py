"""Making, changing and deleting a person by hand, each in one transaction.

Every edit returns a ``RecordChange`` whose ``before`` and ``after`` are
complete snapshots (``person_snapshot``): the row, every role, the portrait,
the visits the person took part in and the document speakers linked to them.
``put_person`` writes a snapshot back, which is how an edit is undone.

A new person whose name sounds like someone already kept is refused
(``DuplicatePerson``, naming them) unless asked for; a new person also takes
the speakers of imported documents whose name is theirs and was nobody's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from briefing.errors import BriefingError, NotFound
from briefing.library.fold import fold, sound_key, words
from briefing.library.people import list_people, match_person, person_label, sounding_like
from briefing.library.portraits import Portrait, portrait_of, put_portrait
from briefing.library.records import RecordChange, dense_text, free_slug, text_or_none
from briefing.library.roles import check_role, corrected_role, put_roles, roles_of, with_new_role
from briefing.library.store import Store

# the fields of a person a user types; roles, variants and the portrait have their own keys
PERSON_TEXT_FIELDS = ("name", "country", "biography", "address_form", "pronunciation")
ROLE_KEYS = ("role", "organisation", "role_from", "role_until")
# where a person is printed, for a refused deletion: e.g. ["book 'Visit to Baku', section 'Counterparts'"]
InUse = Callable[[Store, int], list[str]]


class DuplicatePerson(BriefingError):
    """A new person who may already be in the library; ``matches`` are the people found."""

    def __init__(self, message: str, matches: list[dict]):
        super().__init__(message)
        self.matches = matches


class PersonInUse(BriefingError):
    """A deletion refused because a book prints the person; ``places`` says where."""

    def __init__(self, message: str, places: list[str]):
        super().__init__(message)
        self.places = places


def clean_variants(name: str, variants: Iterable[str]) -> list[str]:
    """Spellings as kept: trimmed, each once, the name itself left out."""
    kept: list[str] = []
    for v in variants:
        text = " ".join(str(v).split())
        if text and text != name and text not in kept:
            kept.append(text)
    return kept


def person_snapshot(store: Store, person_id: int) -> dict[str, Any]:
    """Everything an undo needs to put the person back as they are now."""
    row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
    if row is None:
        raise NotFound(f"no person with id {person_id}")
    row["variants"] = json.loads(row["variants"] or "[]")
    row["roles"] = roles_of(store, person_id)
    row["portrait"] = portrait_of(store, person_id)
    row["events"] = store.rows("SELECT event_id, role FROM event_people WHERE person_id = ? ORDER BY event_id",
                               [person_id])
    row["speakers"] = [r["id"] for r in store.rows(
        "SELECT id FROM document_speakers WHERE person_id = ? ORDER BY id", [person_id])]
    return row


def possible_duplicates(store: Store, name: str, variants: Iterable[str] = (), *, besides: int | None = None) -> list[dict]:
    """People already kept whose name or a spelling is this name or one of these spellings, in any script."""
    people = [p for p in list_people(store) if p["id"] != besides]
    found: dict[int, dict] = {}
    for spelling in [name, *variants]:
        folded = " ".join(fold(w) for w in words(spelling))
        for p in people:
            if any(" ".join(fold(w) for w in words(s)) == folded for s in [p["name"], *p["variants"]]):
                found[p["id"]] = p
        if len(words(spelling)) > 1:  # a bare surname is too loose to call two people one
            found.update((p["id"], p) for p in sounding_like(spelling, people))
    return list(found.values())


def _link_speakers(store: Store, person_id: int) -> None:
    """Speakers nobody was linked to, whose name is this person's (and no one else's), are theirs now."""
    people = list_people(store)
    person = next(p for p in people if p["id"] == person_id)
    # only a speaker with one of the person's surnames can be them: the rest are not matched at all
    surnames = {sound_key(words(v)[-1]) for v in [person["name"], *person["variants"]] if words(v)}
    for s in store.rows(
        "SELECT s.id, s.name, d.date FROM document_speakers s JOIN documents d ON d.id = s.document_id "
        "WHERE s.person_id IS NULL"
    ):
        if not surnames & {sound_key(w) for w in words(s["name"])}:
            continue
        if match_person(store, s["name"], people, date=s["date"]) == person_id:
            store.execute("UPDATE document_speakers SET person_id = ? WHERE id = ?", [person_id, s["id"]])


def _role_of(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {"role": fields.get("role"), "organisation": fields.get("organisation"),
            "start_date": fields.get("role_from"), "end_date": fields.get("role_until")}


def create_person(
    store: Store,
    fields: Mapping[str, Any],
    *,
    portrait: Portrait | None = None,
    allow_duplicate: bool = False,
) -> RecordChange:
    """A new person from ``fields`` (name; role, organisation, role_from, role_until; country,
    variants, biography, address_form, pronunciation); ``DuplicatePerson`` when the name is
    already kept, unless ``allow_duplicate``."""
    name = dense_text(fields.get("name"))
    if not name:
        raise BriefingError("a person needs a name")
    unknown = set(fields) - {*PERSON_TEXT_FIELDS, *ROLE_KEYS, "variants", "slug"}
    if unknown:
        raise BriefingError(f"a person has no field {', '.join(sorted(unknown))}")
    variants = clean_variants(name, fields.get("variants") or [])
    role = check_role(_role_of(fields)) if text_or_none(fields.get("role")) else None
    if role is None and (fields.get("role_from") or fields.get("role_until")):
        raise BriefingError("--from and --until date a role: give the role too")
    with store.atomic():
        if not allow_duplicate:
            matches = possible_duplicates(store, name, variants)
            if matches:
                named = "; ".join(person_label(p) for p in matches[:3])
                raise DuplicatePerson(f"{name!r} may already be in the library: {named}", matches)
        row = {k: text_or_none(fields.get(k)) for k in PERSON_TEXT_FIELDS}
        row.update(name=name, variants=json.dumps(variants, ensure_ascii=False),
                   organisation=text_or_none(fields.get("organisation")),
                   slug=text_or_none(fields.get("slug")) or free_slug(store, "people", name))
        person_id = store.db["people"].insert(row).last_pk
        if role is not None:
            put_roles(store, person_id, [role])
        if portrait is not None:
            put_portrait(store, person_id, portrait)
        _link_speakers(store, person_id)
        after = person_snapshot(store, person_id)
    return RecordChange("person", person_id, None, after)


def update_person(
    store: Store,
    person_id: int,
    changes: Mapping[str, Any],
    *,
    correct_role: bool = False,
) -> RecordChange:
    """Change the fields given in ``changes``; a key absent is left as it is, None or "" clears it.

    ``variants`` replaces the spellings, ``also_written`` adds to them; ``portrait`` (a
    ``Portrait``, or None to remove it) replaces the photo. A new ``role`` is taken up from
    ``role_from`` and the one it replaces is kept as a former title; with ``correct_role``,
    or when only ``organisation``, ``role_from`` or ``role_until`` are given, the current
    role is corrected in place instead.
    """
    unknown = set(changes) - {*PERSON_TEXT_FIELDS, *ROLE_KEYS, "variants", "also_written", "portrait"}
    if unknown:
        raise BriefingError(f"a person has no field {', '.join(sorted(unknown))}")
    with store.atomic():
        before = person_snapshot(store, person_id)
        row: dict[str, Any] = {k: text_or_none(changes[k]) for k in PERSON_TEXT_FIELDS if k in changes}
        if "name" in row:
            row["name"] = dense_text(row["name"])
            if not row["name"]:
                raise BriefingError("a person needs a name")
        name = row.get("name") or before["name"]
        if "variants" in changes or "also_written" in changes:
            variants = list(changes["variants"] or []) if "variants" in changes else before["variants"]
            row["variants"] = json.dumps(clean_variants(name, [*variants, *(changes.get("also_written") or [])]),
                                         ensure_ascii=False)
        if row:
            store.db["people"].update(person_id, row)
        if any(k in changes for k in ROLE_KEYS):
            _change_role(store, before, changes, correct_role)
        if "portrait" in changes:
            put_portrait(store, person_id, changes["portrait"])
        after = person_snapshot(store, person_id)
    return RecordChange("person", person_id, before, after)


def _change_role(store: Store, before: Mapping[str, Any], changes: Mapping[str, Any], correct: bool) -> None:
    keys = {"role": "role", "organisation": "organisation", "role_from": "start_date", "role_until": "end_date"}
    new = {column: changes[key] for key, column in keys.items() if key in changes}
    known = before["roles"] or _legacy_role(before)
    if not known and not text_or_none(new.get("role")):
        if new.get("start_date") or new.get("end_date"):
            raise BriefingError("--from and --until date a role: give the role too")
        store.execute("UPDATE people SET organisation = ? WHERE id = ?",
                      [text_or_none(new.get("organisation")), before["id"]])
        return
    if text_or_none(new.get("role")) and not correct:
        put_roles(store, before["id"], with_new_role(before, before["roles"], new))
    else:
        put_roles(store, before["id"], corrected_role(before, known, new))


def _legacy_role(person: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A role kept before role histories, as the history's one row."""
    if not person.get("role"):
        return []
    return [{"role": person["role"], "organisation": person.get("organisation"), "start_date": None, "end_date": None}]


def set_roles(store: Store, person_id: int, roles: Iterable[Mapping[str, Any]]) -> RecordChange:
    """Replace the person's whole role history (the app's table of roles)."""
    with store.atomic():
        before = person_snapshot(store, person_id)
        put_roles(store, person_id, roles)
        if not store.scalar("SELECT 1 FROM person_roles WHERE person_id = ?", [person_id]):
            store.execute("UPDATE people SET role = NULL, organisation = NULL WHERE id = ?", [person_id])
        after = person_snapshot(store, person_id)
    return RecordChange("person", person_id, before, after)


def delete_person(store: Store, person_id: int, *, refuse_if: InUse | None = None) -> RecordChange:
    """Delete the person (their links to visits go, speakers keep their names); ``refuse_if``
    says where the person is printed, and a non-empty answer refuses the deletion."""
    with store.atomic():
        before = person_snapshot(store, person_id)
        places = refuse_if(store, person_id) if refuse_if else []
        if places:
            raise PersonInUse(f"{before['name']} is printed by {'; '.join(places)}", places)
        store.execute("DELETE FROM people WHERE id = ?", [person_id])
    return RecordChange("person", person_id, before, None)


def put_person(store: Store, snapshot: Mapping[str, Any]) -> int:
    """Write a snapshot back (inside the caller's transaction): the row, roles, portrait, links.

    The person keeps their id unless another record took it since; returns the id used.
    """
    fields = ("slug", "name", "role", "organisation", "country", "biography", "address_form", "pronunciation")
    row = {k: snapshot.get(k) for k in fields}
    row["variants"] = json.dumps(list(snapshot.get("variants") or []), ensure_ascii=False)
    person_id = int(snapshot["id"])
    there = store.one("SELECT slug FROM people WHERE id = ?", [person_id])
    if there is not None and there["slug"] == row["slug"]:
        store.db["people"].update(person_id, row)
    else:
        taken = row["slug"] and store.scalar("SELECT 1 FROM people WHERE slug = ?", [row["slug"]])
        if taken:
            row["slug"] = free_slug(store, "people", row["name"])
        person_id = store.db["people"].insert({**row, **({} if there else {"id": person_id})}).last_pk
    store.execute("DELETE FROM person_roles WHERE person_id = ?", [person_id])
    if snapshot.get("roles"):
        put_roles(store, person_id, snapshot["roles"])
        store.execute("UPDATE people SET role = ?, organisation = ? WHERE id = ?",
                      [row["role"], row["organisation"], person_id])
    put_portrait(store, person_id, snapshot.get("portrait"))
    store.execute("DELETE FROM event_people WHERE person_id = ?", [person_id])
    for link in snapshot.get("events") or []:
        store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id, role) "
                      "SELECT id, ?, ? FROM events WHERE id = ?", [person_id, link.get("role"), link["event_id"]])
    speakers = [int(i) for i in snapshot.get("speakers") or []]
    store.execute("UPDATE document_speakers SET person_id = NULL WHERE person_id = ?", [person_id])
    for speaker_id in speakers:
        store.execute("UPDATE document_speakers SET person_id = ? WHERE id = ?", [person_id, speaker_id])
    return person_id
