"""A person's roles over time: every title held, with its organisation and dates.

``people.role`` and ``people.organisation`` hold the current role, the one that
lists and generated blocks print; ``person_roles`` keeps every role, so a
former foreign minister is still found by that title. A new role closes the
open one it replaces (on the new role's first day, or today when none is
given); correcting a role's wording changes it in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from briefing.dates import format_date, format_dates
from briefing.errors import BriefingError
from briefing.library.records import check_date, check_span, text_or_none
from briefing.library.store import Store

ROLE_FIELDS = ("role", "organisation", "start_date", "end_date")


def today() -> str:
    return dt.date.today().isoformat()


def check_role(role: Mapping[str, Any]) -> dict[str, Any]:
    """A role as stored: a title, an optional organisation, and dates that make a span."""
    row = {k: text_or_none(role.get(k)) for k in ROLE_FIELDS}
    if not row["role"]:
        raise BriefingError("a role needs a title")
    row["start_date"] = check_date(row["start_date"], "the role's first date (--from)")
    row["end_date"] = check_date(row["end_date"], "the role's last date (--until)")
    check_span(row["start_date"], row["end_date"], f"the role {row['role']!r}")
    return row


def roles_of(store: Store, person_id: int) -> list[dict[str, Any]]:
    """Every role of the person, earliest first (undated ones first, in the order recorded)."""
    return store.rows(
        "SELECT role, organisation, start_date, end_date FROM person_roles WHERE person_id = ? "
        "ORDER BY coalesce(start_date, ''), id",
        [person_id],
    )


def current_role(roles: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The role held now: an open one before an ended one, then the latest to start, then the last recorded."""
    ranked = sorted(
        enumerate(roles),
        key=lambda pair: (pair[1].get("end_date") is None, pair[1].get("end_date") or "",
                          pair[1].get("start_date") or "", pair[0]),
    )
    return dict(ranked[-1][1]) if ranked else None


def put_roles(store: Store, person_id: int, roles: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Replace the person's roles (inside the caller's transaction) and mirror the current one on the person."""
    checked = [check_role(r) for r in roles]
    store.execute("DELETE FROM person_roles WHERE person_id = ?", [person_id])
    for r in checked:
        store.execute(
            "INSERT INTO person_roles (person_id, role, organisation, start_date, end_date) VALUES (?, ?, ?, ?, ?)",
            [person_id, r["role"], r["organisation"], r["start_date"], r["end_date"]],
        )
    current = current_role(checked)
    if current is not None:
        store.execute("UPDATE people SET role = ?, organisation = ? WHERE id = ?",
                      [current["role"], current["organisation"], person_id])
    return roles_of(store, person_id)


def with_new_role(person: Mapping[str, Any], roles: list[dict[str, Any]], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The roles after ``new`` is taken up: the open role it replaces ends where it starts.

    A person from before role histories (the sample's) has a role but no rows:
    that role becomes the first row, so it is kept as a former title.
    """
    role = check_role(new)
    history = [dict(r) for r in roles]
    if not history and person.get("role"):
        history = [{"role": person["role"], "organisation": person.get("organisation"), "start_date": None,
                    "end_date": None}]
    current = current_role(history)
    if current and current["role"] == role["role"] and current.get("organisation") == role["organisation"]:
        # the same title again: only its dates change
        for r in history:
            if r == current:
                r["start_date"] = role["start_date"] or r["start_date"]
                r["end_date"] = role["end_date"]
        return history
    closing = role["start_date"] or today()
    for r in history:
        if r["end_date"] is None:
            r["end_date"] = closing if not r["start_date"] or r["start_date"] <= closing else r["start_date"]
    return [*history, role]


def corrected_role(person: Mapping[str, Any], roles: list[dict[str, Any]], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The roles with the current one reworded or redated in place (a typo, not a new post)."""
    history = [dict(r) for r in roles]
    current = current_role(history)
    if current is None:
        return [check_role(new)]
    fixed = check_role({**current, **new})
    return [fixed if r == current else r for r in history]


def role_span(role: Mapping[str, Any]) -> str:
    """The dates of a role as a reader writes them: "2012 – 16 July 2020", "since 2020", "until 2020"; "" without."""
    start, end = role.get("start_date"), role.get("end_date")
    if start and end:
        return format_dates(start, end)
    if start:
        return f"since {format_date(start)}"
    if end:
        return f"until {format_date(end)}"
    return ""
