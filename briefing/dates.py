"""Dates as the library keeps them: a year, a month or a day (2022, 2022-08, 2022-08-20)."""

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
