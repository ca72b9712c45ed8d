"""The programme block: a visit's programme as the pack prints it, day by day.

Each day is a bold line ("Tuesday, 12 March 2024") and a table of its items
(time, what, where, who, and dress when any item gives one); the notes of a
day's items follow as a list, except in a cut without the desk's own notes
(the press profile). Times are the visit's local times, as kept; the block
says which time zone they are in when the visit names one.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from itertools import groupby

from briefing.dates import format_date
from briefing.library.programme import item_time, programme_of
from briefing.library.store import Store

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_title(day: str) -> str:
    try:
        return f"{_WEEKDAYS[dt.date.fromisoformat(day).weekday()]}, {format_date(day)}"
    except ValueError:
        return format_date(day)


def zone_line(zone: str | None, day: str) -> str | None:
    """ "Times are local, Asia/Baku (UTC+04:00)." for the visit's time zone on its first day."""
    if not zone:
        return None
    try:
        offset = zoneinfo.ZoneInfo(zone).utcoffset(dt.datetime.fromisoformat(f"{day}T12:00"))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"Times are local, {zone}."
    if offset is None:
        return f"Times are local, {zone}."
    minutes = int(offset.total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "−"), abs(minutes)
    return f"Times are local, {zone} (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})."


def programme_markdown(store: Store, event_id: int, *, internal_notes: bool = True,
                       literal=lambda v: str(v)) -> str:
    """The event's programme as Markdown; ``literal`` makes library text print as written."""
    event = store.one("SELECT title, start_date, time_zone FROM events WHERE id = ?", [event_id])
    items = programme_of(store, event_id)
    if event is None or not items:
        title = literal(event["title"]) if event else "this visit"
        return f"*No programme recorded for {title} yet.*"
    parts: list[str] = []
    zone = zone_line(event["time_zone"], items[0]["date"])
    if zone:
        parts.append(f"*{literal(zone)}*")
    dress = any(i["dress"] for i in items)
    headers = ["Time", "What", "Where", "Who", *(["Dress"] if dress else [])]
    for day, group in groupby(items, key=lambda i: i["date"]):
        day_items = list(group)
        parts.append(f"**{_day_title(day)}**")
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        for i in day_items:
            cells = [i["what"], i["place"], i["who"], *([i["dress"]] if dress else [])]
            lines.append("| " + " | ".join([literal(item_time(i)), *(literal(c) if c else "—" for c in cells)]) + " |")
        parts.append("\n".join(lines))
        notes = [i for i in day_items if i["notes"]] if internal_notes else []
        if notes:
            parts.append("\n".join(f"- *{literal(item_time(i))}, {literal(i['what'])}:* {literal(i['notes'])}"
                                   for i in notes))
    return "\n\n".join(parts)
