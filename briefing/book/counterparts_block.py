"""The counterparts block: a biography of each person met, with their portrait, earlier
titles, and the earlier meetings and visits they took part in, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from briefing.book.block_helpers import _event_id, _missing, _ref_id, _signed, _until, literal, table, when
from briefing.library.roles import role_span
from briefing.library.store import Store


def _counterparts(store: Store, block: dict, book: Mapping[str, Any],
                  for_release: bool = False) -> tuple[str, dict[str, bytes]]:
    event_id = _event_id(store, block.get("event", "book"), book)
    if block.get("people"):
        ids = [_ref_id(store, "people", ref) for ref in block["people"]]
        missing = [str(ref) for ref, i in zip(block["people"], ids) if i is None]
        if missing:
            return _missing(f"no person {', '.join(missing)} in the library"), {}
        people = [store.one("SELECT * FROM people WHERE id = ?", [i]) for i in ids]
    elif event_id:
        people = store.rows(
            "SELECT p.* FROM people p JOIN event_people ep ON ep.person_id = p.id WHERE ep.event_id = ? ORDER BY p.name",
            [event_id],
        )
    else:
        return _missing("choose the people, or link the book to a visit"), {}
    if block.get("country"):
        people = [p for p in people if (p["country"] or "").upper() == str(block["country"]).upper()]
    if not people:
        return "*No counterparts.*", {}
    limit, _ = _until({"before": block.get("before", "book")}, book)
    images: dict[str, bytes] = {}
    parts = [_biography(store, p, event_id, limit, images, for_release) for p in people]
    return "\n\n".join(parts), images


def _portrait(store: Store, person_id: int, images: dict[str, bytes]) -> str | None:
    """The person's portrait as a Markdown image whose address ``images`` resolves; None without one."""
    row = store.one("SELECT digest, data FROM portraits WHERE person_id = ?", [person_id])
    if row is None:
        return None
    address = f"portrait:{row['digest'][:16]}"
    images[address] = row["data"]
    return f"![Portrait]({address})"


def _former_roles(store: Store, person: dict) -> list[str]:
    """The person's earlier titles with their dates, latest first: "Deputy Foreign Minister (2018–2020)"."""
    roles = store.rows(
        "SELECT role, organisation, start_date, end_date FROM person_roles WHERE person_id = ? "
        "ORDER BY coalesce(end_date, start_date, '') DESC, id DESC",
        [person["id"]],
    )
    found = []
    for r in roles:
        if r["role"] == person["role"] and r["organisation"] == person.get("organisation"):
            continue
        dates = role_span(r)
        text = ", ".join(x for x in (r["role"], r["organisation"]) if x)
        found.append(literal(text) + (f" ({literal(dates)})" if dates else ""))
    return found


def _biography(store: Store, person: dict, own_event: int | None, before: str | None,
               images: dict[str, bytes] | None = None, for_release: bool = False) -> str:
    lines = [f"### {literal(person['name'])}"]
    portrait = _portrait(store, person["id"], images) if images is not None else None
    if portrait:
        lines.append(portrait)
    facts = ", ".join(literal(x) for x in (person["role"], person.get("organisation"), person["country"]) if x)
    if facts:
        lines.append(f"*{facts}*")
    former = _former_roles(store, person)
    if former:
        lines.append("Formerly: " + "; ".join(former) + ".")
    manner = [f"{label}: {literal(person[key])}." for key, label in (("address_form", "Address as"),
                                                                     ("pronunciation", "Pronounced"))
              if person.get(key)]
    if manner and not for_release:  # written for the principal, not for the press
        lines.append(" ".join(manner))
    lines.append(person["biography"] or "*No biography in the library.*")
    sql = (
        "SELECT e.* FROM events e JOIN event_people ep ON ep.event_id = e.id WHERE ep.person_id = ? AND e.id IS NOT ?"
    )
    params: list[Any] = [person["id"], own_event]
    if before:
        sql += " AND substr(e.start_date, 1, ?) < ?"
        params += [len(before), before]
    events = store.rows(sql + " ORDER BY e.start_date DESC, e.id DESC", params)
    lines.append("**Earlier meetings and visits**")
    if events:
        signed = _signed(store, [e["id"] for e in events])
        lines.append(
            table(
                ["Date", "Visit or meeting", "Place", "Documents signed"],
                [[when(e["start_date"], e["end_date"]), e["title"], e["place"], "; ".join(signed.get(e["id"], []))] for e in events],
            )
        )
    else:
        lines.append("*None recorded in the library.*")
    return "\n\n".join(lines)
