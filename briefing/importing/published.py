"""The document's own date, chosen among candidates scored on evidence.

Candidates: every full date in the lines near the top, the date a dateline
gives (its year taken from the other dates when it gives only day and month),
the date in the file's or page's metadata, the date a page shows by its
headline, the date of a signing clause at the end, and the headline's own.
Evidence for: a "Published" label, standing just below the headline, being a
line of its own, opening the first paragraph, agreeing with other sources.
Against: an "Updated" label, a weekday date above the headline (the site's
"today"), a date in the future. Retrieval stamps are never candidates.
Only when nothing else is found is the latest past date in the text taken.
"""

from __future__ import annotations

import datetime as dt

from briefing.importing.datelines import (
    PUBLISHED,
    RETRIEVED,
    SYMBOL,
    WEEKDAY,
    is_date_only,
    read_dateline,
    updated_label,
)
from briefing.importing.dates import Found, find_dates, parse_date
from briefing.importing.evidence import Candidate, best
from briefing.importing.source import Extracted

# the date printed in the masthead beside a UN or OSCE document's symbol is the document's own,
# though it stands above the title
SYMBOL_LINES = 2
# how far below the headline a date still counts as the one printed with it
AFTER_TITLE_LINES = 3
SIGNED_LINES = 12
# only the text's first characters are searched for a last-resort date: the lead holds it
BODY_DATE_CHARS = 6000
# of a long line near the top (a paragraph), only the opening is searched: a dateline's date
# stands there; a date further in is one the text speaks of, not the document's
LINE_DATE_CHARS = 200


def find_date(
    source: Extracted, lines: list[str], head: list[int], title_at: int | None, title: str, *, signed=None
) -> tuple[str | None, int | None]:
    """(the document's date, the index of the line it was read from when it was a line)."""
    today = dt.date.today().isoformat()
    updated = updated_label()
    candidates: list[Candidate] = []
    title_pos = head.index(title_at) if title_at in head else -1
    short: list[tuple[int, tuple[int, int], int]] = []
    for pos, i in enumerate(head):
        line = lines[i]
        if RETRIEVED.search(line[:LINE_DATE_CHARS]):
            continue
        found = list(find_dates(line[:LINE_DATE_CHARS]))
        dateline = read_dateline(line) if pos > title_pos or title_at is None else None
        if dateline is not None and dateline.day_month and not found:
            short.append((i, dateline.day_month, pos))
        previous_end = 0
        for f in found:
            label = line[previous_end : f.start]
            previous_end = f.end
            evidence = _evidence(line, f, label, pos, title_pos, title_at, i, dateline, updated)
            if title_pos >= 0 and pos < title_pos and is_date_only(line[f.start :]) and any(
                SYMBOL.search(lines[j]) for j in head[max(0, pos - SYMBOL_LINES) : pos + 1]
            ):
                evidence.append("symbol_masthead")
            if f.date > today:
                evidence.append("future")
            candidates.append(Candidate(f.date, i, evidence))
    metadata = parse_date(source.date)
    if metadata and len(metadata) == 10:
        candidates.append(Candidate(metadata, None, ["metadata"] + (["future"] if metadata > today else [])))
    shown = parse_date(source.shown_date)
    if shown and len(shown) == 10:
        candidates.append(Candidate(shown, None, ["shown"]))
    for i, (month, day), _pos in short:
        year = _year_for(candidates, month, day)
        if year:
            try:
                candidates.append(Candidate(dt.date(year, month, day).isoformat(), i, ["short_dateline"]))
            except ValueError:
                pass
    signed_date = signed if signed is not None else signing_date(lines)
    if signed_date:
        candidates.append(Candidate(signed_date, None, ["signing"]))
    if title_at is None:
        in_title = [f for f in find_dates(title) if not RETRIEVED.search(title[: f.start])]
        if in_title:
            candidates.append(Candidate(in_title[-1].date, None, ["in_title"]))
    _agreement(candidates)
    chosen = best(candidates, "date")
    if chosen is not None:
        return chosen.value, chosen.at
    if metadata:  # a bare year or month given as metadata is better than nothing
        return metadata, None
    start = title_at if title_at is not None else -1
    text = "\n".join(line for line in lines[start + 1 :] if not RETRIEVED.search(line))[:BODY_DATE_CHARS]
    past = [f.date for f in find_dates(text) if f.date <= today]
    return (max(past) if past else None), None


def _evidence(line, f: Found, label: str, pos: int, title_pos: int, title_at, i: int, dateline, updated) -> list[str]:
    evidence: list[str] = []
    if updated.search(label):
        evidence.append("updated_label")
    elif PUBLISHED.search(label):
        evidence.append("published_label")
    if title_at is not None and i == title_at:
        evidence.append("in_title")
    elif title_pos >= 0 and pos < title_pos:
        evidence.append("masthead" if WEEKDAY.search(line) else "before_title")
    elif title_pos >= 0 and 0 < pos - title_pos <= AFTER_TITLE_LINES:
        evidence.append("after_title")
    if is_date_only(line):
        evidence.append("date_line")
    if dateline is not None and dateline.date == f.date and dateline.shape == "date" and len(line) > 60:
        evidence.append("dateline")
    return evidence


def _year_for(candidates: list[Candidate], month: int, day: int) -> int | None:
    """The year of a dateline that gives only day and month: the year of the same day among the
    other dates, else the year of the best of them."""
    for candidate in candidates:
        if candidate.value[5:] == f"{month:02d}-{day:02d}":
            return int(candidate.value[:4])
    chosen = best(candidates, "date")
    return int(chosen.value[:4]) if chosen is not None else None


def _agreement(candidates: list[Candidate]) -> None:
    """Each candidate gains "agrees" once for each other source giving the same date (at most twice)."""
    for candidate in candidates:
        others = {(c.at, tuple(c.evidence[:1])) for c in candidates if c is not candidate and c.value == candidate.value}
        candidate.evidence.extend(["agrees"] * min(2, len(others)))


def signing_date(lines: list[str]) -> str | None:
    from briefing.importing.places import SIGNED

    for line in reversed(lines[-SIGNED_LINES:]):
        if SIGNED.search(line):
            found = list(find_dates(line))
            if found:
                return found[-1].date
    return None
