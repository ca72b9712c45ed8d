"""A visit's programme: timed items (when, what, where, who, dress, notes).

An item's date and time are as the visit's own clock reads them
(``"2024-03-12 10:00"``, in the time zone the event names), never converted:
a programme is read on the spot. An item without a time is a whole day's
(``"2024-03-12"``); ``ends`` is optional. Items are listed by their start and
numbered from 1 in that order; a user removes "item 3" by that number.

A line a user types reads ``2024-03-12 10:00 | Official welcome | Zagulba
Palace | Presidents | Lounge suit | Notes`` (when, what, where, who, dress,
notes; the later fields may be left off); when may be ``10:00-11:30``, or
``10:00`` alone for a one-day visit. A programme file is a JSON list of
objects with the same names (``when`` or ``date`` and ``time``, ``end``).

Every edit is one transaction returning a ``RecordChange`` of kind
"programme" whose ``before`` and ``after`` hold the whole programme;
``set_programme`` with ``before`` undoes it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from briefing.dates import format_date, format_dates, is_partial_date
from briefing.errors import BriefingError, NotFound
from briefing.library.records import RecordChange, text_or_none
from briefing.library.store import Store

PROGRAMME_FIELDS = ("starts", "ends", "what", "place", "who", "dress", "notes")
LINE_FIELDS = ("when", "what", "place", "who", "dress", "notes")
MAX_PROGRAMME_FILE = 2 * 1024 * 1024
_DAY = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{1,2}[:.]\d{2}"
_WHEN = re.compile(rf"(?:(?P<day>{_DAY})\s*)?(?P<time>{_TIME})?(?:\s*[-–—]\s*(?:(?P<end_day>{_DAY})\s*)?(?P<end>{_TIME}))?")
_ALIASES = {"where": "place", "title": "what", "event": "what", "end": "ends", "note": "notes"}


def _time(text: str, where: str) -> str:
    hours, minutes = (int(x) for x in re.split(r"[:.]", text))
    if hours > 23 or minutes > 59:
        raise BriefingError(f"{where}: {text!r} is not a time of day")
    return f"{hours:02d}:{minutes:02d}"


def _day(text: str, where: str) -> str:
    if not is_partial_date(text):
        raise BriefingError(f"{where}: {text!r} is not a day that exists")
    return text


def check_within(starts: str, event: Mapping[str, Any]) -> None:
    """An item's day lies within the visit's dates."""
    day, first, last = starts[:10], event.get("start_date") or "", event.get("end_date") or event.get("start_date") or ""
    if day[: len(first)] < first or (last and day[: len(last)] > last):
        raise BriefingError(f"the programme item on {format_date(day)} falls outside the visit "
                            f"({format_dates(event.get('start_date'), event.get('end_date'))})")


def parse_when(text: str, event: Mapping[str, Any], where: str = "programme item") -> tuple[str, str | None]:
    """``starts`` and ``ends`` from "2024-03-12 10:00", "2024-03-12 10:00-11:30", "10:00" (a one-day visit)."""
    match = _WHEN.fullmatch(" ".join(text.split()))
    if not match or not (match["day"] or match["time"]):
        raise BriefingError(f"{where}: {text!r} is not a date and time like 2024-03-12 10:00")
    day = match["day"]
    if day is None:
        first, last = event.get("start_date") or "", event.get("end_date") or event.get("start_date") or ""
        if len(first) != 10 or first != last:
            raise BriefingError(f"{where}: {text!r} needs its day (the visit lasts more than one), e.g. {first or '2024-03-12'} {text}")
        day = first
    starts = _day(day, where) + (f" {_time(match['time'], where)}" if match["time"] else "")
    ends = None
    if match["end"]:
        ends = f"{_day(match['end_day'] or day, where)} {_time(match['end'], where)}"
        if ends <= starts:
            raise BriefingError(f"{where}: it ends ({ends}) before it starts ({starts})")
    return starts, ends


def check_item(item: Mapping[str, Any], event: Mapping[str, Any], where: str = "programme item") -> dict[str, Any]:
    """An item as stored, from the fields a user or a file gives (``when``, or ``date`` and ``time``,
    or ``starts``; ``what``; ``place`` or ``where``; ``who``; ``dress``; ``notes``)."""
    if not isinstance(item, Mapping):
        raise BriefingError(f"{where}: not an object with when, what, where, who, dress and notes")
    given = {_ALIASES.get(k, k): v for k, v in item.items()}
    unknown = set(given) - {*PROGRAMME_FIELDS, "when", "date", "time", "id", "number", "event_id"}
    if unknown:
        raise BriefingError(f"{where}: no field {', '.join(sorted(unknown))} (expected when, what, where, who, dress, notes)")
    row = {k: text_or_none(given.get(k)) for k in PROGRAMME_FIELDS}
    if not row["what"]:
        raise BriefingError(f"{where}: say what happens")
    when = text_or_none(given.get("when")) or " ".join(
        x for x in (text_or_none(given.get("date")), text_or_none(given.get("time"))) if x)
    if when:
        end = row["ends"]
        row["starts"], row["ends"] = parse_when(when if not end else f"{when}-{end}", event, where)
    elif row["starts"]:
        row["starts"], parsed_end = parse_when(row["starts"], event, where)
        if not row["ends"]:
            row["ends"] = parsed_end
        else:
            day = row["ends"] if len(row["ends"]) > 5 else f"{row['starts'][:10]} {row['ends']}"
            row["ends"] = parse_when(day, event, where)[0]
            if row["ends"] <= row["starts"]:
                raise BriefingError(f"{where}: it ends ({row['ends']}) before it starts ({row['starts']})")
    else:
        raise BriefingError(f"{where}: give its date and time (e.g. 2024-03-12 10:00)")
    check_within(row["starts"], event)
    return row


def parse_programme_line(text: str, event: Mapping[str, Any]) -> dict[str, Any]:
    """An item from "2024-03-12 10:00 | Official welcome | Zagulba Palace | Presidents | dress | notes"."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 2 or len(parts) > len(LINE_FIELDS):
        raise BriefingError(f"programme line {text!r}: write it as 'WHEN | WHAT | WHERE | WHO | DRESS | NOTES' "
                            "(when and what at least)")
    return check_item(dict(zip(LINE_FIELDS, parts)), event, f"programme line {text!r}")


def read_programme_file(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The items of a programme file (a JSON list of objects), not yet checked against a visit."""
    source = Path(path)
    try:
        if source.stat().st_size > MAX_PROGRAMME_FILE:
            raise BriefingError(f"{source}: too large for a programme")
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise BriefingError(f"{source}: cannot read the programme ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BriefingError(f"{source}: not a JSON programme ({exc.__class__.__name__})") from exc
    if isinstance(data, Mapping) and isinstance(data.get("programme"), list):
        data = data["programme"]
    if not isinstance(data, list):
        raise BriefingError(f"{source}: a programme file is a list of items (objects with when, what, where...)")
    return data


def item_time(item: Mapping[str, Any]) -> str:
    """ "10:00", "10:00–11:30", "21:00 – 13 March 2024 01:00", or "All day"."""
    start = item["time"] or "All day"
    end = item.get("ends")
    if not end or not item["time"]:
        return start
    end_day, _, end_time = end.partition(" ")
    return f"{start}–{end_time}" if end_day == item["date"] else f"{start} – {format_date(end_day)} {end_time}"


# ---------------------------------------------------------------- reading and edits


def _event(store: Store, event_id: int) -> dict[str, Any]:
    event = store.one("SELECT * FROM events WHERE id = ?", [event_id])
    if event is None:
        raise NotFound(f"no visit or event with id {event_id}")
    return event


def programme_of(store: Store, event_id: int) -> list[dict[str, Any]]:
    """The items in order, each with ``id``, ``number`` (from 1), ``date`` and ``time`` ("" for a whole day)."""
    items = store.rows(f"SELECT id, {', '.join(PROGRAMME_FIELDS)} FROM programme_items WHERE event_id = ? "
                       "ORDER BY starts, id", [event_id])
    for number, item in enumerate(items, 1):
        item["number"] = number
        item["date"], _, item["time"] = item["starts"].partition(" ")
    return items


def _state(store: Store, event_id: int) -> dict[str, Any]:
    return {"event_id": event_id, "items": [{k: i[k] for k in PROGRAMME_FIELDS} for i in programme_of(store, event_id)]}


def _insert(store: Store, event_id: int, rows: Iterable[Mapping[str, Any]]) -> None:
    for row in rows:
        store.db["programme_items"].insert({**{k: row.get(k) for k in PROGRAMME_FIELDS}, "event_id": event_id})


def set_programme(store: Store, event_id: int, items: Iterable[Mapping[str, Any]]) -> RecordChange:
    """Replace the whole programme (a file's items, or an undo's ``before["items"]``)."""
    with store.atomic():
        event = _event(store, event_id)
        rows = [check_item(item, event, f"programme item {n}") for n, item in enumerate(items, 1)]
        before = _state(store, event_id)
        store.execute("DELETE FROM programme_items WHERE event_id = ?", [event_id])
        _insert(store, event_id, rows)
        after = _state(store, event_id)
    return RecordChange("programme", event_id, before, after)


def add_programme_items(store: Store, event_id: int, items: Iterable[Mapping[str, Any]]) -> RecordChange:
    """Add items (checked fields, or ``parse_programme_line``'s) to the programme."""
    with store.atomic():
        event = _event(store, event_id)
        rows = [check_item(item, event, f"programme item {n}") for n, item in enumerate(items, 1)]
        before = _state(store, event_id)
        _insert(store, event_id, rows)
        after = _state(store, event_id)
    return RecordChange("programme", event_id, before, after)


def remove_programme_items(store: Store, event_id: int, numbers: Iterable[int]) -> RecordChange:
    """Remove the items with these numbers (as ``programme_of`` numbers them, all read before any goes)."""
    with store.atomic():
        _event(store, event_id)
        items = programme_of(store, event_id)
        wanted = sorted(set(int(n) for n in numbers))
        missing = [n for n in wanted if not 1 <= n <= len(items)]
        if missing:
            raise BriefingError(f"the programme has no item {', '.join(str(n) for n in missing)} "
                                f"(it has {len(items)})")
        before = _state(store, event_id)
        for n in wanted:
            store.execute("DELETE FROM programme_items WHERE id = ?", [items[n - 1]["id"]])
        after = _state(store, event_id)
    return RecordChange("programme", event_id, before, after)


def update_programme_item(store: Store, item_id: int, changes: Mapping[str, Any]) -> RecordChange:
    """Change one item's fields (a cell edited in the app's table)."""
    with store.atomic():
        row = store.one(f"SELECT event_id, {', '.join(PROGRAMME_FIELDS)} FROM programme_items WHERE id = ?", [item_id])
        if row is None:
            raise NotFound(f"no programme item with id {item_id}")
        event_id = row.pop("event_id")
        event = _event(store, event_id)
        given = {_ALIASES.get(k, k): v for k, v in changes.items()}
        if "when" in given:
            row.pop("starts"), row.pop("ends")
        merged = check_item({**row, **given}, event)
        before = _state(store, event_id)
        store.db["programme_items"].update(item_id, merged)
        after = _state(store, event_id)
    return RecordChange("programme", event_id, before, after)
