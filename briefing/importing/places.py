"""Where a document was written or signed, chosen among candidates scored on evidence.

Candidates: the dateline of a paragraph near the top (see ``datelines`` for its
shapes), a line of its own naming the place beside the date ("Tashkent",
"Астана, Акорда"), the place of a signing clause at the end ("Done at Astana",
"Совершено в городе Баку", "Bakı şəhərində"), and the place a headline gives
before its closing date. A dateline above the headline is the site's, not the
report's; a weekday or a month is never a place.
"""

from __future__ import annotations

import re

from briefing.importing.datelines import (
    PLACE,
    SYMBOL,
    UP,
    WEEKDAY,
    is_date_only,
    is_reference,
    known_place,
    place_name,
    read_dateline,
)
from briefing.importing.dates import find_dates
from briefing.importing.evidence import Candidate, best

SIGNED = re.compile(
    r"\b(signed|done (at|in)|подписан\w*|совершено|жасалды|қол қойыл\w*|imzalan\w*)\b", re.I
)
SIGNED_IN = re.compile(
    # the verb opens the closing sentence as often as not ("Done at Baku on ..."); the place keeps its capital
    rf"\b(?i:signed|done)\s+(?i:at|in)\s+(?i:the\s+city\s+of\s+)?([{UP}][\w’'-]+)|"
    rf"\b(?:в|во)\s+(?:г\.|городе)\s*([{UP}][\w-]+)|"
    rf"([{UP}][\w-]+)\s+(?:şəhərində|қаласында)"
)
_PLACE_LINE = re.compile(rf"^({PLACE})(?:,\s*[{UP}][\w’'-]+(?:\s[{UP}][\w’'-]+)?)?$")
# a date line that ends with the place: "12 mart 2024, Bakı", "**Сейсенбі, 12 наурыз 2024** · Баку"
_DATE_THEN_PLACE = re.compile(rf"[,·|•–—]\s*\**\s*({PLACE})\s*[*_]*$")
# how many lines below the headline a dateline or a place line is still the report's own
NEAR_TITLE_LINES = 6


def find_place(lines: list[str], head: list[int], title_at: int | None, title: str, text: str) -> tuple[str | None, str | None]:
    """(the place, the agency its dateline names)."""
    candidates: list[Candidate] = []
    agencies: dict[int, str] = {}
    title_pos = head.index(title_at) if title_at in head else -1
    first_long = next((i for i in head if i != title_at and len(lines[i]) >= 100 and head.index(i) > title_pos), None)
    # a UN or OSCE document: the dateline in its masthead, above the title, is its own
    symbol_masthead = title_pos > 0 and any(SYMBOL.search(lines[j]) for j in head[:title_pos])
    for pos, i in enumerate(head):
        if i == title_at:
            continue
        line = lines[i].strip()
        dateline = read_dateline(line)
        evidence: list[str] = []
        if dateline is not None and dateline.shape == "known" and len(line) < 60:
            dateline = None
        if dateline is not None:
            evidence.append("dateline")
            if i == first_long:
                evidence.append("lead")
            if title_pos >= 0 and pos < title_pos and not symbol_masthead:
                evidence.append("before_title")
            if known_place(dateline.place):
                evidence.append("known")
            elif " " not in dateline.place and dateline.shape == "known":
                evidence.append("unknown_single")
            candidates.append(Candidate(dateline.place, i, evidence, lines_down=pos))
            if dateline.agency:
                agencies[i] = dateline.agency
            continue
        near_title = title_pos >= 0 and 0 < pos - title_pos <= NEAR_TITLE_LINES
        plain = re.sub(r"\*\*|__", "", line)
        if near_title and is_date_only(plain):
            after = _DATE_THEN_PLACE.search(plain)  # "12 mart 2024, Bakı", "10–11 April 2023, Astana"
            if after and known_place(after.group(1)):
                candidates.append(Candidate(place_name(after.group(1)), i, ["place_line", "known"], lines_down=pos))
            continue
        if near_title and _beside_date(lines, head, pos):
            match = _PLACE_LINE.match(line.strip(" *_"))
            if match and not WEEKDAY.search(line):
                evidence = ["place_line"] + (["known"] if known_place(match.group(1)) else [])
                candidates.append(Candidate(place_name(match.group(1)), i, evidence, lines_down=pos))
    reference = next((i for i in head if is_reference(lines[i])), None)
    if reference is not None:  # a letter: the city of the letterhead's address
        for i in head:
            if i >= reference:
                break
            address = next((m for m in _ADDRESS.finditer(lines[i]) if known_place(m.group(1))), None)
            if address:
                candidates.append(Candidate(place_name(address.group(1)), i, ["letterhead_address", "known"]))
                break
    signed = signing_place(text) or signature_place(text)
    if signed:
        candidates.append(Candidate(signed, None, ["signing"] + (["known"] if known_place(signed) else [])))
    headline = headline_place(title)
    if headline:
        candidates.append(Candidate(headline, None, ["headline"]))
    chosen = best(candidates, "place")
    if chosen is None:
        return None, next(iter(agencies.values()), None)
    return chosen.value, agencies.get(chosen.at) if chosen.at is not None else next(iter(agencies.values()), None)


def _beside_date(lines: list[str], head: list[int], pos: int) -> bool:
    near = head[max(0, pos - 1) : pos] + head[pos + 1 : pos + 2]
    return any(is_date_only(lines[j]) for j in near)


# how near a signing word must stand to "in the city of X" for X to be where a text was signed
SIGNING_WINDOW = 150


def signing_place(text: str) -> str | None:
    """The place of the closing signing formula ("Done at Astana", "Совершено в городе Баку",
    "Bakı şəhərində ... imzalanıb"); "in the city of X" alone says where something happened, not a signing."""
    tail = text[-3000:]
    for match in reversed(list(SIGNED_IN.finditer(tail))):  # the closing formula is the last one
        window = tail[max(0, match.start() - SIGNING_WINDOW) : match.end() + SIGNING_WINDOW]
        if match.group(1) or SIGNED.search(window):
            raw = next((g for g in match.groups() if g), None)
            return place_name(raw) if raw else None
    return None


# the city that opens an address: "Astana, Kabanbay Batyr Ave. 000", "г. Баку, ул. Х. Зардаби"
_ADDRESS = re.compile(rf"(?:^|[|\s])(?:г\.\s*|ш\.\s*)?({PLACE}),\s")
# a signature's surname in capitals after an initial: "К. ТОКАЕВ", "Қ. ТОҚАЕВ", "İ. ƏLİYEV"
_SIGNATURE = re.compile(rf"\b[{UP}]\.\s*[{UP}][{UP}’'-]{{2,}}\s*$")
SIGNATURE_LINES = 8


def signature_place(text: str) -> str | None:
    """The place under the signature that closes a law or a decree ("К. ТОКАЕВ" / "Астана, Акорда")."""
    lines = [line.strip(" *_") for line in text[-2000:].split("\n") if line.strip()][-SIGNATURE_LINES:]
    for above, line in zip(lines, lines[1:]):
        match = _PLACE_LINE.match(line)
        if match and _SIGNATURE.search(above) and known_place(match.group(1)):
            return place_name(match.group(1))
    return None


def headline_place(title: str) -> str | None:
    """The place a headline gives just before its closing date: "…, Astana, 2 July 2024",
    "Minister's remarks – Brussels, 3 May 2024", "Стенограмма …, Баку, 12 марта 2024 года"."""
    found = list(find_dates(title))
    if not found or not re.fullmatch(r"[\s.,;)]*(?:г\.?|года|жыл\w*|il)?[\s.]*", title[found[-1].end :]):
        return None
    match = re.search(rf"(?:[,–—(]|\s-)\s*({PLACE})\s*,?\s*$", title[: found[-1].start])
    return place_name(match.group(1)) if match else None
