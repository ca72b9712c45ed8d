"""Lines that carry a date or a place: date lines, labelled dates, and datelines in their many shapes.

A dateline opens a report and says where (and often when and by whom) it was
written. The shapes read here:

    Astana, 12 April 2023 (Agency):            City, full date, agency
    Astana, Kazakhstan • 12 March, 2024        City, country, date
    Tashkent, 14 June (CAM).  Aktau, 4 March.  City, day and month only
    BAKU — The ministers ...                   CITY and a dash
    BAKU (Reuters) — / БАКУ /Trend/ –          CITY, agency, dash
    BAKU, Azerbaijan, April 10. By Trend       City, country, day and month
    АСТАНА. КАЗИНФОРМ – ...                    CITY. AGENCY and a dash
    БАКУ. 11 апреля. НОВОСТИ КАСПИЯ –          CITY. day month. AGENCY
    Tbilisi. In the presence of ...            a known city alone before the first sentence

Places are stored as ``resources/importing/places.json`` names them
("Астане" -> "Астана", "АҚТАУ" -> "Ақтау"), else as written (upper case made title case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.importing import rules
from briefing.importing.dates import find_dates, month_number

UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ"
_PLACE_WORD = rf"[{UP}][\w’'-]+"
PLACE = rf"{_PLACE_WORD}(?:[ -]{_PLACE_WORD})?"
_CAPS_WORD = rf"[{UP}][{UP}’'-]+"
CAPS_PLACE = rf"{_CAPS_WORD}(?:[ -]{_CAPS_WORD})?"

RETRIEVED = re.compile(
    r"\b(retrieved|accessed|downloaded|saved|printed|generated|fetched|today is|"
    r"дата обращения|обращения|сохранено|загружено|распечатано|сегодня|бүгін|алынды|"
    r"bu gün|bugün|yüklənib|götürülüb)\b",
    re.I,
)
PUBLISHED = re.compile(
    r"\b(published|posted|date of publication|publication date|release date|issued|"
    r"дата публикации|опубликовано|опубликован|дата|жарияланды|жарияланған күні|күні|"
    r"dərc (?:edilib|olunub|tarixi)|tarix)\b",
    re.I,
)
WEEKDAY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|четверг|"
    r"пятница|суббота|воскресенье|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі|"
    r"bazar ertəsi|çərşənbə axşamı|çərşənbə|cümə axşamı|cümə|şənbə|bazar)\b",
    re.I,
)
_MONTH_WORDS = re.compile(
    r"^(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)$",
    re.I,
)


def updated_label() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(rules.phrases("updated"), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I)


# words a date line may hold besides the date, a weekday, a time and a place
_DATE_LINE_NAMES = (
    "published posted updated last modified release date publication time on at of by retrieved saved accessed "
    "am pm utc gmt msk local дата время опубликовано обновлено изменено сохранено от в на мск "
    "публикации жарияланды жаңартылды күні уақыты dərc edilib olunub tarixi tarix yeniləndi saat"
)
_DATE_LINE_WORDS = frozenset(_DATE_LINE_NAMES.split())


# a UN or OSCE document's symbol ("A/78/123", "S/2023/15", "PC.DEL/512/23"): its masthead's date
# and place, above the title, are the document's own
SYMBOL = re.compile(r"(?<![\w/])(?:[A-Z]{1,4}(?:\.[A-Z]{2,5})*/)(?:[A-Z0-9.]+/)*\d+(?:/\d+)?(?![\w/])")
# a letter's or release's reference before its date: "No. 12-3/456 of", "Исх. № 12-3/456 от", "№:245/23 ·"
REFERENCE = re.compile(
    r"^\W*(?:(?:исх|вх|ref|our ref|out)\.?\s*)?(?:no|№|n)\s*[:.]?\s*\d[\w./-]*\s*(?:of|от|dated|from|dan|tarixli|[·|,])?\s*",
    re.I,
)


def is_reference(line: str) -> bool:
    """A letter's number and date and nothing else ("No. 12-3/456 of 15.03.2024")."""
    line = line.strip(" *_#>")
    match = REFERENCE.match(line)
    return bool(match) and match.end() < len(line) and is_date_only(line[match.end() :])


def is_date_only(line: str) -> bool:
    """A line that is a date and little else: a weekday, a time, a label, a place of a word
    or two ("Astana, Kazakhstan • 12 March, 2024 | 17:33"). A headline that ends with its
    place and date ("Minister's remarks – Brussels, 3 May 2024") is not one."""
    line = line.strip(" *_#>")
    if len(line) > 90 or not any(ch.isdigit() for ch in line):
        return False
    reference = REFERENCE.match(line)
    if reference and reference.end() < len(line):
        line = line[reference.end() :]
    found = list(find_dates(line))
    if not found:
        return False
    rest = line
    for f in found:
        rest = rest.replace(line[f.start : f.end], " ")
    rest = WEEKDAY.sub(" ", rest)
    rest = re.sub(r"\d{1,2}:\d{2}|(?<=\s)[+−-]\d{1,2}(?::?\d{2})?\b|[+|•·,/()\[\]\-–—:]|\b(г|года|жыл\w*|ж|il|ilin)\b\.?", " ", rest)
    words = [w for w in rest.split() if w.casefold().strip(".") not in _DATE_LINE_WORDS]
    return len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


# a dateline stands in a paragraph's first characters
DATELINE_CHARS = 160


@dataclass
class Dateline:
    place: str
    shape: str  # "date", "short", "dash", "caps", "known"
    agency: str | None = None
    date: str | None = None  # YYYY-MM-DD when the dateline gives the year
    day_month: tuple[int, int] | None = None  # (month, day) when it gives no year


_FULL = re.compile(rf"^(?P<place>{PLACE})(?:,\s*{PLACE})?\s*[,.•–—-]\s*(?P<rest>.{{0,80}})")
_SHORT = re.compile(
    rf"^(?P<place>{PLACE})(?:,\s*{PLACE})?[,.]?\s+(?:(?P<m1>[^\W\d]+)\.?\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>[^\W\d]+))"
    r"(?:\s*[.,]|\s*(?=\()|\s+(?=[-–—/]))"
)
# an agency's tag may stand between the place and the dash: "BAKU (Reuters) —", "БАКУ /Trend/ –"
_TAG = r"(?:\s*(?:\((?P<tag1>[^()]{2,30})\)|/(?P<tag2>[^/]{2,30})/))?"
_DASH = re.compile(rf"^(?P<place>{CAPS_PLACE}){_TAG}\s*[—–-]\s+\S|^(?P<titled>{PLACE})\s+[—–]\s+\S")
_CAPS_DOT = re.compile(rf"^(?P<place>{CAPS_PLACE})\.\s+(?P<rest>\S.*)")
_KNOWN_DOT = re.compile(rf"^(?P<place>{PLACE})\.\s+[{UP}]")
# "(Kazinform) –" after a dateline, "KASPI.NEWS/", "/ЕВРАЗИЯ-ИНФОРМ/", "AZƏRTAC."
_AGENCY = re.compile(
    rf"^\s*(?:\(([^)]{{2,40}})\)|/([^/]{{2,40}})/|([{UP}][\w.-]{{1,30}})/|((?:[{UP}][{UP}\w.-]+\s?){{1,3}})(?=\s*[.–—:-]))"
)


def known_place(word: str) -> str | None:
    return rules.places().get(word.casefold())


def place_name(raw: str) -> str:
    """The place as stored: its listed name, else as written (upper case made title case)."""
    raw = raw.strip(" ,.")
    found = known_place(raw)
    if found:
        return found
    return raw.title() if raw.isupper() else raw


def _not_a_place(word: str) -> bool:
    first = word.split()[0] if word.split() else word
    return bool(WEEKDAY.fullmatch(first) or _MONTH_WORDS.match(first))


def _agency(after: str) -> str | None:
    after = re.sub(r"^[\s,.]*(\d{1,2}:\d{2})?\s*(г\.|года)?\.?\s*", "", after)
    match = _AGENCY.match(after)
    if not match:
        return None
    name = next(g for g in match.groups() if g).strip(" .")
    return name if 2 <= len(name) <= 40 else None


def read_dateline(line: str) -> Dateline | None:
    """The dateline a paragraph opens with, if any."""
    text = re.sub(r"^[\s*_>]+|(?<=\S)[*_]+(?=\s|$)", "", line[:DATELINE_CHARS]).strip()
    text = text.replace("**", "").replace("__", "")
    match = _FULL.match(text)
    if match and not _not_a_place(match.group("place")):
        found = next(find_dates(match.group("rest")), None)
        if found is not None and found.start <= 3:
            after = match.group("rest")[found.end :]
            return Dateline(place_name(match.group("place")), "date", _agency(after), date=found.date)
    match = _SHORT.match(text)
    if match and not _not_a_place(match.group("place")):
        month = month_number(match.group("m1") or match.group("m2") or "")
        day = int(match.group("d1") or match.group("d2"))
        if month is not None and 1 <= day <= 31:
            return Dateline(place_name(match.group("place")), "short", _agency(text[match.end() :]), day_month=(month, day))
    match = _DASH.match(text)
    if match:
        raw = match.group("place") or match.group("titled")
        # "Baku — The ministers..."; a title-case pair of words before a dash is a headline's, not a place
        if not _not_a_place(raw) and (match.group("place") or " " not in raw or known_place(raw)):
            tag = match.group("tag1") or match.group("tag2")
            return Dateline(place_name(raw), "dash", tag.strip() if tag else None)
    match = _CAPS_DOT.match(text)
    if match and not _not_a_place(match.group("place")):
        rest = match.group("rest")
        found = next(find_dates(rest), None)
        short = re.match(r"^(\d{1,2})\s+([^\W\d]+)\.?\s*", rest)
        day_month = None
        if short and month_number(short.group(2)):
            day_month = (month_number(short.group(2)), int(short.group(1)))
            rest = rest[short.end() :]
        return Dateline(
            place_name(match.group("place")), "caps", _agency(rest),
            date=found.date if found and found.start <= 3 else None, day_month=day_month,
        )
    match = _KNOWN_DOT.match(text)
    if match and known_place(match.group("place")):
        return Dateline(place_name(match.group("place")), "known")
    return None
