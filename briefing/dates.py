"""Dates as the library keeps them: a year, a month or a day (2022, 2022-08, 2022-08-20), and as a reader writes them."""

from __future__ import annotations

import calendar
import re

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_partial_date(text: str) -> bool:
    """Whether ``text`` is a year, a month or a day that exists."""
    m = _PARTIAL.fullmatch(text)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is None:
        return True
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def format_date(value: str | None) -> str:
    """ISO dates as a reader writes them: "12 March 2024", "March 2024", "2024"."""
    if not value:
        return ""
    m = _ISO.match(value.strip())
    if not m:
        return value
    year, month, day = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def format_dates(start: str | None, end: str | None) -> str:
    if not start or not end or start == end:
        return format_date(start or end)
    a, b = _ISO.match(start), _ISO.match(end)
    if a and b and all(a.groups()) and all(b.groups()):
        if a[1] == b[1] and a[2] == b[2]:
            return f"{int(a[3])}–{format_date(end)}"
        if a[1] == b[1]:
            return f"{int(a[3])} {_MONTHS[int(a[2]) - 1]} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"
