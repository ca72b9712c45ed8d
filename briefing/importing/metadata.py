"""Title, date, place, publisher and author, read from a document's head and its metadata.

The head of a copied web page holds the site's masthead, breadcrumbs, section
labels and sometimes the day the page was saved; the headline is the line the
rest hangs from (repeated at the end of a breadcrumb, followed by the date or
the lead paragraph). The article's date is the one labelled as published, the
one in its dateline or under its headline, the one it was signed on; never one
labelled as retrieved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefing.importing.dates import Found, find_dates, month_number, parse_date
from briefing.importing.language import detect_language
from briefing.importing.source import Extracted, placeholder
from briefing.importing.structure import speaker_turns

HEAD_LINES = 15
MAX_TITLE_CHARS = 250
LEAD_TITLE_WORDS = 12
LEAD_TITLE_CHARS = 120

_LETTER_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ"
RETRIEVED = re.compile(
    r"\b(retrieved|accessed|downloaded|saved|printed|generated|fetched|today is|"
    r"дата обращения|обращения|сохранено|загружено|распечатано|сегодня|бүгін|алынды|"
    r"bu gün|bugün|yüklənib|götürülüb)\b",
    re.I,
)
PUBLISHED = re.compile(
    r"^\W*(published|posted|date|release date|дата публикации|опубликовано|дата|жарияланды|"
    r"жарияланған күні|күні|dərc (edilib|olunub|tarixi)|tarix)\s*:?",
    re.I,
)
UPDATED = re.compile(r"^\W*(updated|обновлено|жаңартылды|yeniləndi)\b", re.I)
SIGNED = re.compile(
    r"\b(signed|done (at|in)|подписан\w*|совершено|жасалды|қол қойыл\w*|imzalan\w*)\b", re.I
)
WEEKDAY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|четверг|"
    r"пятница|суббота|воскресенье|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі|"
    r"bazar ertəsi|çərşənbə axşamı|çərşənbə|cümə axşamı|cümə|şənbə|bazar)\b",
    re.I,
)
BYLINE = re.compile(r"^\W*(?:by|author|автор|авторы|авторы?:|автор:|авторы|müəllif|müəllifi)\s*:?\s+(.{3,60})$", re.I)
MEDIA_MARKERS = re.compile(r"(\s*[/|,]?\s*\b(PHOTO|PHOTOS|VIDEO|UPDATED|ФОТО|ВИДЕО|FOTO)\b)+\s*$")
LIST_MARK = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•])\s+")
DATELINE = re.compile(
    rf"^\s*(?P<place>[{_LETTER_UP}][\w’'-]+(?:[ -][{_LETTER_UP}][\w’'-]+)?)"
    rf"(?:,\s*[{_LETTER_UP}][\w’'-]+)?\s*[,.•–—-]\s*(?P<rest>.{{0,60}})"
)
# "(Kazinform) –" after a dateline, or "KASPI.NEWS/" as in "Баку. 12 декабря. KASPI.NEWS/"
AGENCY = re.compile(rf"^\s*(?:\(([^)]{{2,40}})\)\s*[-–—:]?|([{_LETTER_UP}][\w.-]{{1,30}})/)")
# a day and month without the year, then the agency: "12 декабря. KASPI.NEWS/", "April 12 (Kazinform)"
SHORT_DATE = re.compile(rf"^(?:(?P<m1>\w+)\.? \d{{1,2}}|\d{{1,2}} (?P<m2>\w+))\.?\s*(?=\(|[{_LETTER_UP}][\w.-]{{1,30}}/)")
REPORTS = re.compile(
    rf"\b([{_LETTER_UP}][\w.’'-]+(?:\s[{_LETTER_UP}][\w.’'-]+)?)\s+reports\b|"
    r"(?:сообщает|передает|передаёт|хабарлайды|xəbər verir)\s+(?:корреспондент\s+)?([A-Z][\w.-]+)"
)
SIGNED_IN = re.compile(
    rf"\b(?:signed|done)\s+(?:at|in)\s+(?:the\s+city\s+of\s+)?([{_LETTER_UP}][\w’'-]+)|"
    rf"\b(?:в|во)\s+(?:г\.|городе)\s*([{_LETTER_UP}][\w-]+)|"
    rf"([{_LETTER_UP}][\w-]+)\s+(?:şəhərində|қаласында)"
)


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
    """The metadata of ``text`` (already cleaned of leftovers), and its body without the head's clutter."""
    lines = text.split("\n")
    head = [i for i, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    title_at, title = _find_title(source, lines, head)
    date, date_at = _find_date(source, lines, head, title_at, title)
    place, agency = _dateline(lines, head, title_at)
    if place is None:
        place = _headline_place(title)
    publisher = source.publisher or agency or _reporter(lines, head)
    author, byline_at = _byline(source, lines, head)
    if place is None:
        place = _signing_place(text)
    drop = {i for i in (title_at, byline_at) if i is not None}
    if date_at is not None and _is_date_only(lines[date_at]):
        drop.add(date_at)
    body = _body(lines, head, title_at, drop)
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


# -- title ------------------------------------------------------------------------------


def clean_title(title: str, publisher: str | None = None) -> str:
    title = " ".join(title.lstrip("#").split())
    if publisher:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(sep + publisher):
                title = title[: -len(sep + publisher)]
            if title.startswith(publisher + sep):
                title = title[len(publisher + sep) :]
    title = MEDIA_MARKERS.sub("", title).strip()
    return title[:MAX_TITLE_CHARS].strip()


def _bare(line: str) -> str:
    return " ".join(LIST_MARK.sub("", line).strip().lstrip("#").split())


def _find_title(source: Extracted, lines: list[str], head: list[int]) -> tuple[int | None, str]:
    """(index of the headline's line or None, the title)."""
    heading = next((i for i in head[:8] if re.match(r"^#{1,2}\s+\S", lines[i])), None)
    if source.title and source.format == "markdown":  # the file's own YAML header says so
        title = clean_title(source.title, source.publisher)
        at = next((i for i in head if _bare(lines[i]).casefold() == title.casefold()), None)
        return at, title
    if heading is not None:
        return heading, clean_title(lines[heading], source.publisher)
    if source.title and clean_title(source.title, source.publisher):
        title = clean_title(source.title, source.publisher)
        # a file's title property is often the headline cut short: the head's full line wins
        for i in head[:5]:
            line = _bare(lines[i])
            if line.casefold().startswith(title.casefold()) and len(line) <= MAX_TITLE_CHARS:
                return i, clean_title(line, source.publisher)
        return None, title
    best, best_score = None, 0.0
    seen = [(_bare(lines[i]).casefold(), i) for i in head]
    turns = {at for _, at in speaker_turns("\n".join(lines))}
    offsets = _offsets(lines)
    for n, i in enumerate(head):
        line = _bare(lines[i])
        words = line.split()
        if not 3 <= len(words) <= 30 or len(line) > MAX_TITLE_CHARS or _is_date_only(line):
            continue
        if offsets[i] in turns:
            continue  # "Question: ..." or "Name: ..." opens a turn of a transcript
        if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
            continue
        score = 1.0 - n / 20 + (1 if n == 0 else 0)  # documents mostly open with their title
        later = [j for key, j in seen if key == line.casefold() and j != i]
        if later:
            if max(later) > i:
                continue  # the breadcrumb's copy: the headline proper comes later
            score += 4
        nxt = next((j for j in head if j > i), None)
        if nxt is not None and (_is_date_only(lines[nxt]) or len(lines[nxt]) >= 150):
            score += 2
        prev = [j for j in head if j < i]
        if prev and _is_date_only(lines[prev[-1]]):
            score += 1
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 2:
        return best, clean_title(lines[best], source.publisher)
    # the head as it stands, blank lines and all: a lead paragraph never runs into the next
    return None, lead_title("\n".join(lines[head[0] : head[-1] + 1]) if head else "")


def _offsets(lines: list[str]) -> list[int]:
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    return offsets


def lead_title(text: str) -> str:
    """A short title made from the lead sentence, its dateline cut off."""
    paragraph = next((p for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 3), text).strip()
    paragraph = " ".join(_bare(paragraph).split())
    dateline = re.match(r"^[^.]{0,80}?\(([^)]{2,40})\)\s*[-–—:]\s*", paragraph)
    if dateline:
        paragraph = paragraph[dateline.end() :]
    sentence = re.split(r"(?<=[.!?…])\s", paragraph, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= LEAD_TITLE_WORDS and len(sentence) <= LEAD_TITLE_CHARS:
        return sentence.rstrip(".").strip() or "Untitled"
    short = " ".join(words[:LEAD_TITLE_WORDS])
    if len(short) > LEAD_TITLE_CHARS:
        short = short[:LEAD_TITLE_CHARS].rsplit(" ", 1)[0] if " " in short[:LEAD_TITLE_CHARS] else short[:LEAD_TITLE_CHARS]
    return short.rstrip(",;:–—-") + "…"


# -- date -------------------------------------------------------------------------------


# words a date line may hold besides the date, a weekday, a time and a place
_DATE_LINE_NAMES = (
    "published posted updated last modified release date time on at of by retrieved saved accessed "
    "am pm utc gmt msk local дата время опубликовано обновлено изменено сохранено от в на мск "
    "жарияланды жаңартылды күні уақыты dərc edilib olunub tarixi tarix yeniləndi saat"
)
_DATE_LINE_WORDS = frozenset(_DATE_LINE_NAMES.split())


def _is_date_only(line: str) -> bool:
    """A line that is a date and little else: a weekday, a time, a label, a place of a word
    or two ("Astana, Kazakhstan • 12 March, 2024 | 17:33"). A headline that ends with its
    place and date ("Minister's remarks – Brussels, 3 May 2024") is not one."""
    found = list(find_dates(line))
    if not found or len(line) > 90:
        return False
    rest = line
    for f in found:
        rest = rest.replace(line[f.start : f.end], " ")
    rest = WEEKDAY.sub(" ", rest)
    rest = re.sub(r"\d{1,2}:\d{2}|[|•·,/()\[\]\-–—:]|\b(г|года|жыл\w*|ж|il|ilin)\b\.?", " ", rest)
    words = [w for w in rest.split() if w.casefold().strip(".") not in _DATE_LINE_WORDS]
    return len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _find_date(
    source: Extracted, lines: list[str], head: list[int], title_at: int | None, title: str = ""
) -> tuple[str | None, int | None]:
    """(the article's date, the index of the line it was read from, when in the head)."""
    in_head: list[tuple[int, Found]] = []
    for i in head:
        if RETRIEVED.search(lines[i]):
            continue
        in_head.extend((i, f) for f in find_dates(lines[i]))
    labelled = [(i, f) for i, f in in_head if PUBLISHED.match(lines[i])]
    if labelled:
        return labelled[0][1].date, labelled[0][0]
    metadata = parse_date(source.date)
    if metadata:
        return metadata, None
    start = title_at if title_at is not None else -1
    after = [(i, f) for i, f in in_head if i > start and not UPDATED.match(lines[i])]
    near = [(i, f) for i, f in after if _is_date_only(lines[i]) or _dateline_date(lines[i], f)]
    if near:
        return near[0][1].date, near[0][0]
    before = [(i, f) for i, f in in_head if i < start and _is_date_only(lines[i]) and not WEEKDAY.search(lines[i])]
    if before:
        return before[-1][1].date, before[-1][0]
    signed = _signing_date(lines)
    if signed:
        return signed, None
    headline = _headline_date(title)
    if headline:
        return headline, None
    today = dt.date.today().isoformat()
    # the masthead above the headline holds the day's stamp, not the article's date
    body = [f.date for line in lines[start + 1 :] if not RETRIEVED.search(line) for f in find_dates(line)]
    past = [d for d in body if d <= today]
    return (max(past) if past else None), None


def _headline_date(title: str) -> str | None:
    """The date a headline ends with ("Press conference of the Foreign Ministers, Astana,
    2 July 2024"), or holds ("Remarks on 3 May 2024 at the forum")."""
    found = [f for f in find_dates(title) if not RETRIEVED.search(title[: f.start])]
    return found[-1].date if found else None


def _headline_place(title: str) -> str | None:
    """The place a headline gives just before its closing date: "…, Astana, 2 July 2024",
    "Minister's remarks – Brussels, 3 May 2024", "Стенограмма …, Баку, 12 марта 2024 года"."""
    found = list(find_dates(title))
    if not found or not re.fullmatch(r"[\s.,;)]*(?:г\.?|года|жыл\w*|il)?[\s.]*", title[found[-1].end :]):
        return None
    match = re.search(
        rf"(?:[,–—(]|\s-)\s*([{_LETTER_UP}][\w’'-]+(?:[ -][{_LETTER_UP}][\w’'-]+)?)\s*,?\s*$",
        title[: found[-1].start],
    )
    return match.group(1) if match else None


def _dateline_date(line: str, found: Found) -> bool:
    """A date within the first words of a paragraph, after a place: "Astana, 12 April 2023 (Agency) –"."""
    return found.start <= 40 and bool(DATELINE.match(line))


def _signing_date(lines: list[str]) -> str | None:
    for line in reversed(lines[-12:]):
        if SIGNED.search(line):
            found = list(find_dates(line))
            if found:
                return found[-1].date
    return None


# -- place, publisher, author -----------------------------------------------------------


def _dateline(lines: list[str], head: list[int], title_at: int | None) -> tuple[str | None, str | None]:
    """(place, agency) from "ASTANA, 12 April 2023 (Kazinform) –" or "Astana, Kazakhstan • 12 March, 2024"."""
    for i in head:
        line = lines[i].strip()
        match = DATELINE.match(line)
        if not match:
            continue
        rest = match.group("rest")
        found = next(find_dates(rest), None)
        short_date = SHORT_DATE.match(rest)
        if short_date and month_number(short_date.group("m1") or short_date.group("m2")) is None:
            short_date = None
        if found is None and not short_date:
            continue
        if found is not None and found.start > 3:
            continue
        place = match.group("place")
        if place.isupper():
            place = place.title()
        after = rest[found.end :] if found else rest[short_date.end() :]
        agency = AGENCY.match(re.sub(r"^[\s,.]*(\d{1,2}:\d{2})?\s*(г\.|года)?\.?", "", after))
        return place, (next(g for g in agency.groups() if g).strip() if agency else None)
    return None, None


def _reporter(lines: list[str], head: list[int]) -> str | None:
    for i in head:
        match = REPORTS.search(lines[i])
        if match:
            name = match.group(1) or match.group(2)
            if name and name.split()[0] not in ("The", "It", "He", "She", "This"):
                return name
    return None


def _byline(source: Extracted, lines: list[str], head: list[int]) -> tuple[str | None, int | None]:
    """(the author, the index of the by-line): the file's own author property, unless it is a
    writing program's default ("python-docx", "anonymous"), else the by-line's name."""
    given = None if placeholder(source.author) else source.author
    for i in head[:10]:
        match = BYLINE.match(lines[i].strip())
        if match and len(match.group(1).split()) <= 5:
            return given or match.group(1).strip(" .·|"), i
    return given, None


def _signing_place(text: str) -> str | None:
    matches = list(SIGNED_IN.finditer(text[-3000:]))  # the closing formula is the last one
    return next((g for g in matches[-1].groups() if g), None) if matches else None


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


# -- body -------------------------------------------------------------------------------


def _body(lines: list[str], head: list[int], title_at: int | None, drop: set[int]) -> str:
    """The text from the headline on; the short masthead lines above it go, as do the
    lines read as metadata just below it."""
    start = 0
    if title_at is not None and all(len(lines[i]) <= 150 for i in head if i < title_at):
        start = title_at
    kept = [line for i, line in enumerate(lines) if i >= start and i not in drop]
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
