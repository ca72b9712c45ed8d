"""Dates written in English, Russian, Kazakh and Azerbaijani, found in running text.

A small table of month names and five patterns, rather than a general date
searcher: general searchers read ordinary words ("may", "март" as a name, "12
May" without a year) as dates and are slow on whole documents; here only full
dates (day, month, year) count, and each match keeps its position so the caller
can judge where it stands (a dateline, a retrieval stamp, a signing clause).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

# month number -> English names and abbreviations, matched whole
ENGLISH_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan"), 2: ("february", "feb"), 3: ("march", "mar"), 4: ("april", "apr"),
    5: ("may",), 6: ("june", "jun"), 7: ("july", "jul"), 8: ("august", "aug"),
    9: ("september", "sept", "sep"), 10: ("october", "oct"), 11: ("november", "nov"), 12: ("december", "dec"),
}
# month number -> Russian, Kazakh and Azerbaijani stems; their inflected forms
# (апреля, сәуірде, aprelin) follow with more letters
MONTHS: dict[int, tuple[str, ...]] = {
    1: ("январ", "қаңтар", "yanvar"),
    2: ("феврал", "ақпан", "fevral"),
    3: ("март", "наурыз", "mart"),
    4: ("апрел", "сәуір", "aprel"),
    5: ("ма[йя]", "мамыр", "may"),
    6: ("июн", "маусым", "iyun"),
    7: ("июл", "шілде", "iyul"),
    8: ("август", "тамыз", "avqust"),
    9: ("сентябр", "қыркүйек", "sentyabr"),
    10: ("октябр", "қазан", "oktyabr"),
    11: ("ноябр", "қараша", "noyabr"),
    12: ("декабр", "желтоқсан", "dekabr"),
}
_FORMS = [(name + r"\.?(?!\w)", n) for n, names in ENGLISH_MONTHS.items() for name in names]
_FORMS += [(stem + r"\w*", n) for n, stems in MONTHS.items() for stem in stems]
_FORMS.sort(key=lambda form: -len(form[0]))
_MONTH = "(?:" + "|".join(form for form, _ in _FORMS) + ")"
_MONTH_RES = [(re.compile(form + "$", re.I), n) for form, n in _FORMS]
_DAY = r"(?P<{}>[0-3]?\d)"
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ROMAN = "(?-i:" + "|".join(sorted(ROMAN_MONTHS, key=len, reverse=True)) + ")"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"

_PATTERNS = [
    # 2023-04-12
    rf"(?<!\d){_YEAR.format('y1')}-(?P<m1>[01]\d)-{_DAY.format('d1')}(?!\d)",
    # 12.04.2023 (the Russian, Kazakh and Azerbaijani habit)
    rf"(?<![\d.]){_DAY.format('d2')}\.(?P<m2>[01]?\d)\.{_YEAR.format('y2')}(?!\d)",
    # 12 April 2023, 12 March, 2024, 12 апреля 2023 г., 12 aprel 2023-cü il; a range "10–11 April 2023" is its first day
    rf"(?<![\w.]){_DAY.format('d3')}(?:-?(?:ci|cı|cu|cü|st|nd|rd|th))?(?:\s*[–—-]\s*[0-3]?\d)?\s+(?P<m3>{_MONTH}),?\s+"
    rf"{_YEAR.format('y3')}(?!\d)",
    # April 10, 2023
    rf"(?<!\w)(?P<m4>{_MONTH})\s+{_DAY.format('d4')}(?:st|nd|rd|th)?,?\s+{_YEAR.format('y4')}(?!\d)",
    # 12.IV.2023, 12 IV 2023: the month in Roman numerals
    rf"(?<![\w.]){_DAY.format('d8')}[.\s](?P<m8>{_ROMAN})[.\s]{_YEAR.format('y8')}(?!\d)",
    # 12.04.23: a two-digit year, day and month written with two digits each
    r"(?<![\w.])(?P<d9>[0-3]\d)\.(?P<m9>[01]\d)\.(?P<y9>\d\d)(?![\w]|\.\d)",
    # 2023 жылғы 12 сәуір, 2023 ж. 12 сәуірде
    rf"(?<!\d){_YEAR.format('y5')}\s+(?:жылғы|жыл|ж\.)\s+{_DAY.format('d5')}\s+(?P<m5>{_MONTH})",
    # 2023-cü il aprelin 12-də, 2023-cü ilin 12 aprelində
    rf"(?<!\d){_YEAR.format('y6')}(?:-?(?:ci|cı|cu|cü))?\s+il(?:in)?\s+(?:(?P<m6>{_MONTH})\s+{_DAY.format('d6')}|{_DAY.format('d7')}\s+(?P<m7>{_MONTH}))",
]
_PAIRS = [("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "m3", "d3"), ("y4", "m4", "d4"), ("y5", "m5", "d5"),
          ("y6", "m6", "d6"), ("y6", "m7", "d7"), ("y8", "m8", "d8"), ("y9", "m9", "d9")]
DATE = re.compile("|".join(_PATTERNS), re.I)


@dataclass(frozen=True)
class Found:
    date: str  # YYYY-MM-DD
    start: int
    end: int


def month_number(word: str) -> int | None:
    for pattern, n in _MONTH_RES:
        if pattern.match(word):
            return n
    return None


def _roman_or_named(month: str) -> int | None:
    if month in ROMAN_MONTHS:
        return ROMAN_MONTHS.index(month) + 1
    return month_number(month)


def find_dates(text: str) -> Iterator[Found]:
    """Every full date in ``text`` that is a real calendar day, in order."""
    for match in DATE.finditer(text):
        groups = match.groupdict()
        for y, m, d in _PAIRS:
            if groups.get(y) and groups.get(m) and groups.get(d):
                month, year = groups[m], int(groups[y])
                number = int(month) if month.isdigit() else _roman_or_named(month)
                if number is None:
                    break
                if year < 100:  # "12.04.23": this century's
                    year += 2000
                try:
                    day = dt.date(year, number, int(groups[d]))
                except ValueError:
                    break
                yield Found(day.isoformat(), match.start(), match.end())
                break


def parse_date(value: str | None) -> str | None:
    """A date given as metadata (ISO, or any form above) as YYYY-MM-DD; a bare year or month stays short."""
    if not value:
        return None
    value = str(value).strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    iso = re.match(r"(\d{4}-\d{2}-\d{2})[T ]", value)
    if iso:
        return iso.group(1)
    found = next(find_dates(value), None)
    return found.date if found else None
