"""Title, date, place, publisher and author, read from a document's head and its metadata.

Each is chosen among candidates scored on evidence (``evidence``, with the
weights in ``resources/importing/scoring.json``): the title in ``titles``, the
date in ``published``, the place in ``places``, the author in ``bylines``. The
head of a copied web page holds the site's masthead, breadcrumbs, section
labels and sometimes the day the page was saved; once the headline is chosen,
the short masthead lines above it and the lines read as metadata below it
leave the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.importing.bylines import find_author, reporter
from briefing.importing.datelines import is_date_only, is_reference
from briefing.importing.language import detect_language
from briefing.importing.places import find_place
from briefing.importing.published import find_date
from briefing.importing.source import Extracted, placeholder
from briefing.importing.speakers import speaker_turns
from briefing.importing.titles import clean_title, find_title, lead_title

HEAD_LINES = 15
# a masthead line is short; a line above the headline longer than this is the document's own
MASTHEAD_LINE = 150

__all__ = ["HEAD_LINES", "Metadata", "analyse", "clean_title", "lead_title"]


@dataclass
class Metadata:
    title: str
    body: str
    date: str | None = None
    place: str | None = None
    publisher: str | None = None
    author: str | None = None
    language: str | None = None


def analyse(source: Extracted, text: str) -> Metadata:
    """The metadata of ``text`` (already cleaned of furniture), and its body without the head's clutter."""
    lines = text.split("\n")
    author, byline_at = find_author(source, lines)
    skip = set(byline_at)
    head = [i for i, line in enumerate(lines) if line.strip() and i not in skip][:HEAD_LINES]
    turns = _turn_lines(lines)
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    title_at, title = find_title(source, lines, head, publisher=source.publisher, turns=turns, last_line=last)
    date, date_at = find_date(source, lines, head, title_at, title)
    place, agency = find_place(lines, head, title_at, title, text)
    publisher = source.publisher or agency or reporter(lines, head)
    drop = {i for i in (title_at, *byline_at) if i is not None}
    if title_at is not None:  # the headline printed twice (above and below a photo, or by a breadcrumb)
        drop |= {i for i in head if i > title_at and _same_line(lines[i], lines[title_at])}
    if date_at is not None and is_date_only(lines[date_at]):
        drop.add(date_at)
    # a letter: what stands above its number and date is the letterhead, however long
    letter = title_at is not None and any(is_reference(lines[i]) for i in head if i < title_at)
    body = _body(lines, head, title_at, drop, letter=letter)
    language = detect_language(title + "\n" + body) or (source.language or None)
    return Metadata(
        title=title,
        body=body,
        date=date,
        place=place,
        publisher=_clean(publisher),
        author=None if placeholder(author) else _clean(author),
        language=language,
    )


def _turn_lines(lines: list[str]) -> set[int]:
    """The lines that open a transcript's turns ("Question: ...", "Name: ..."): never a headline."""
    starts, at = {}, 0
    for i, line in enumerate(lines):
        starts[at] = i
        at += len(line) + 1
    return {starts[offset] for _, offset in speaker_turns("\n".join(lines)) if offset in starts}


def _same_line(a: str, b: str) -> bool:
    return abs(len(a) - len(b)) <= 12 and clean_title(a).casefold() == clean_title(b).casefold()


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _body(lines: list[str], head: list[int], title_at: int | None, drop: set[int], *, letter: bool = False) -> str:
    """The text from the headline on; the short masthead lines above it (a letter's letterhead,
    whatever its length) go, as do the lines read as metadata just below it."""
    start = 0
    if title_at is not None and (letter or all(len(lines[i]) <= MASTHEAD_LINE for i in head if i < title_at)):
        start = title_at
    kept = [line for i, line in enumerate(lines) if i >= start and i not in drop]
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
