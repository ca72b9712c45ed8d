"""A document's title, chosen among candidates scored on evidence.

The candidates are the lines near the top (Markdown headings among them: the
readers mark Word's title and heading styles, a bold opening paragraph and a
PDF's large type as headings) and the title the file or page carries in its
metadata (a YAML header, og:title or <title>, Word's or a PDF's title field).
The evidence: position, length, case, being a heading, agreement with the
metadata, being repeated (a breadcrumb ends with the headline), what stands
next to it (a date line below, the lead paragraph), and the marks of what is
not a headline: a site's name, a menu, a label with a date, a sentence's full
stop, a file or template name. Weights are in ``resources/importing/scoring.json``.
"""

from __future__ import annotations

import re
import unicodedata

from briefing.importing.datelines import is_date_only, is_reference, read_dateline
from briefing.importing.dates import find_dates
from briefing.importing.evidence import Candidate, best
from briefing.importing.source import Extracted, placeholder

# an official instrument's title runs long ("Memorandum between the Ministry of ... and the Ministry of ... on ...")
MAX_TITLE_CHARS = 320
MAX_TITLE_WORDS = 40
LEAD_TITLE_WORDS = 12
LEAD_TITLE_CHARS = 120
LIST_MARK = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•])\s+")
MEDIA_MARKERS = re.compile(r"(\s*[/|,]?\s*\b(PHOTO|PHOTOS|VIDEO|UPDATED|ФОТО|ВИДЕО|FOTO)\b)+\s*$")
SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
MENU = re.compile(r"\s(?:›|>|»|/|\||·)\s")
# names a site gives itself: "news agency", "official website", "ресми сайты"
SITE_WORDS = re.compile(
    r"\b(news agency|agency|official (?:web)?site|website|portal|newspaper|magazine|the official|"
    r"информационное агентство|агентство|официальный сайт|сайт|портал|газета|журнал|"
    r"ақпарат агенттігі|агенттігі|ресми сайты|сайты|порталы|газеті|"
    r"xəbər agentliyi|agentliyi|rəsmi internet saytı|rəsmi saytı|portalı|qəzeti)\b",
    re.I,
)
# an institution's name standing alone over its page ("Ministry of Foreign Affairs of ...")
INSTITUTION = re.compile(
    r"^(?:the\s+)?(?:ministry|embassy|office|administration|press service|министерство|посольство|администрация|"
    r"пресс-служба|аппарат|министрлігі|елшілігі|әкімшілігі|nazirliyi|səfirliyi|administrasiyası)\b",
    re.I,
)
FILE_NAME = re.compile(r"\.(?:docx?|pdf|odt|rtf|indd|qxp|qxd|pages|txt|html?|dotx?|dotm)$|_|\bv\d+\b", re.I)
TEMPLATE = re.compile(
    r"^(?:normal|document\s*\d*|untitled.*|draft|template|.*\btemplate\b.*|microsoft word\b.*|"
    r"шаблон.*|.*\bшаблон\w*|новый документ|документ\s*\d*|черновик|құжат\s*\d*|sənəd\s*\d*|"
    r".*\bşablon\w*|layout.*)$",
    re.I,
)
_BYLINE_START = re.compile(r"^\W*(?:by|author|автор\w*|müəllif\w*)\b", re.I)
_TURN = re.compile(r"^\s*(?:\*\*|__)?[\w’'.\- ]{2,60}?(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*\S")


def bare(line: str) -> str:
    text = re.sub(r"\*\*|__", "", LIST_MARK.sub("", line).strip().lstrip("#").strip())
    return " ".join(text.strip("*_ ").split())


# emoji, flags and pictographs that open or close a post copied from a channel ("⚡️ ...", "🇦🇿🇰🇿 ...")
_SYMBOL_CATEGORIES = ("So", "Sk", "Cs", "Co")
_JOINERS = "\ufe0f\ufe0e\u200d\u20e3"
# a clipped page's heading may keep the site's name after a dash: "Headline — ТАСС", "Headline | Report.az"
SITE_SUFFIX = re.compile(r"\s(?:—|–|-|\|)\s+(?:[A-ZА-ЯЁƏ]{3,12}|[\w-]+\.(?:az|kz|ru|com|net|org|uz|info|news))$")


def _strip_symbols(title: str) -> str:
    start, end = 0, len(title)
    while start < end and (unicodedata.category(title[start]) in _SYMBOL_CATEGORIES or title[start] in _JOINERS
                           or title[start].isspace()):
        start += 1
    while end > start and (unicodedata.category(title[end - 1]) in _SYMBOL_CATEGORIES or title[end - 1] in _JOINERS
                           or title[end - 1].isspace()):
        end -= 1
    return title[start:end]


def clean_title(title: str, publisher: str | None = None) -> str:
    title = _strip_symbols(" ".join(bare(title).split()))
    suffix = SITE_SUFFIX.search(title)
    if suffix and len(title[: suffix.start()].split()) >= 4:
        title = title[: suffix.start()].rstrip()
    if publisher:
        for sep in SEPARATORS:
            if title.endswith(sep + publisher):
                title = title[: -len(sep + publisher)]
            if title.startswith(publisher + sep):
                title = title[len(publisher + sep) :]
    title = title[:MAX_TITLE_CHARS]
    tail = len(title) - 60  # the markers close a headline: trying them all along a long line is slow
    if tail > 0:
        return (title[:tail] + MEDIA_MARKERS.sub("", title[tail:])).strip()
    return MEDIA_MARKERS.sub("", title).strip()


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _parts(title: str) -> list[str]:
    parts = [title]
    for sep in SEPARATORS:
        if sep in title:
            parts += [p.strip() for p in title.split(sep) if p.strip()]
    return parts


def find_title(
    source: Extracted, lines: list[str], head: list[int], *, publisher: str | None, turns: set[int], last_line: str = ""
) -> tuple[int | None, str]:
    """(index of the headline's line or None when it came from metadata, the title)."""
    lines, head, joined = _instrument_titles(lines, head)
    meta = clean_title(source.title, publisher) if source.title and not placeholder(source.title) else ""
    meta_parts = [_fold(p) for p in _parts(meta)] if meta else []
    folded = {i: _fold(bare(lines[i])) for i in head}
    candidates: list[Candidate] = []
    agreed = False
    reference = next((i for i in head if is_reference(lines[i])), None)
    for n, i in enumerate(head):
        line = bare(lines[i])
        if not line or i in turns or is_date_only(line) or _BYLINE_START.match(line) and len(line.split()) <= 8:
            continue
        words = line.split()
        if len(words) > MAX_TITLE_WORDS or len(line) > MAX_TITLE_CHARS:
            continue
        evidence = _line_evidence(lines, head, n, i, line, folded, publisher, last_line)
        if i in joined:
            evidence.append("instrument_title")
        if reference is not None:
            evidence += _letter_evidence(lines, head, i, reference)
        if meta_parts:
            key = folded[i]
            if key and key in meta_parts:
                evidence.append("meta_equal")
                agreed = True
            elif len(words) >= 3 and any(p.startswith(key) or (len(p) >= 10 and key.startswith(p)) for p in meta_parts):
                evidence.append("meta_prefix")
                agreed = True
        candidates.append(Candidate(clean_title(lines[i], publisher), i, evidence, lines_down=n))
    if meta and not agreed:
        candidates.append(Candidate(_meta_value(meta, publisher), None, _meta_evidence(source, meta, publisher)))
    chosen = best(candidates, "title")
    if chosen is not None and chosen.value:
        return chosen.at, chosen.value
    # the head as it stands, blank lines and all: a lead paragraph never runs into the next
    title = lead_title("\n".join(lines[head[0] : head[-1] + 1]) if head else "")
    at = next((i for i in head if clean_title(lines[i]) == title), None)  # a short first line, whole
    return at, title


# an instrument's name set over two lines: the word alone ("AGREEMENT", "СОГЛАШЕНИЕ"), then the rest
# starting in lower case ("between the Government of ...", "между Правительством ...")
LONE_INSTRUMENT = re.compile(
    r"^(?:agreement|treaty|memorandum(?: of understanding)?|protocol|convention|declaration|programme|program|"
    r"соглашение|договор|меморандум(?: о взаимопонимании)?|протокол|конвенция|декларация|программа|"
    r"келісім|шарт|хаттама|мәлімдеме|saziş|müqavilə|protokol|bəyannamə|anlaşma memorandumu)$",
    re.I,
)


def _instrument_titles(lines: list[str], head: list[int]) -> tuple[list[str], list[int], set[int]]:
    """The lines with an instrument's name set over two lines joined into the second
    ("Agreement between ..."), the first leaving the head; and the lines so joined."""
    joined: list[str] | None = None
    skip: set[int] = set()
    into: set[int] = set()
    for a, b in zip(head, head[1:]):
        word, rest = bare(lines[a]), bare(lines[b])
        if LONE_INSTRUMENT.match(word) and rest[:1].islower():
            joined = joined or list(lines)
            marker = "# " if lines[a].lstrip().startswith("#") or lines[b].lstrip().startswith("#") else ""
            joined[b] = f"{marker}{word.capitalize()} {rest}"
            skip.add(a)
            into.add(b)
    if joined is None:
        return lines, head, into
    return joined, [i for i in head if i not in skip], into


# how a letter's text opens after its subject line: a salutation
SALUTATION = re.compile(
    r"^\W*(?:dear|your excellency|excellency|уважаем\w*|глубокоуважаем\w*|ваше превосходительство|"
    r"құрметті|аса құрметті|hörmətli|dəyərli|zati-aliləri)\b",
    re.I,
)


def _letter_evidence(lines: list[str], head: list[int], i: int, reference: int) -> list[str]:
    """A letter (its number and date on a line of their own): the lines above that line are
    its letterhead; its subject is the line after it that the salutation or the text follows."""
    if i < reference:
        return ["letterhead"]
    nxt = next((j for j in head if j > i), None)
    if i > reference and nxt is not None:
        following = bare(lines[nxt])
        if SALUTATION.match(following) or len(following) >= 80 and following.endswith("."):
            return ["letter_subject"]
    return []


def _line_evidence(
    lines: list[str], head: list[int], n: int, i: int, line: str, folded: dict[int, str], publisher: str | None,
    last_line: str,
) -> list[str]:
    evidence: list[str] = []
    words = line.split()
    if n == 0:
        evidence.append("first")
    if re.match(r"^#{1,3}\s+\S", lines[i].lstrip()):
        evidence.append("heading")
    key = folded[i]
    others = [folded[j] for j in head if j != i and folded[j]]
    if key and any(o == key or (o.endswith(" " + key) and len(key.split()) >= 3) for o in others):
        evidence.append("echoed")
    if key and any(len(o.split()) >= 3 and key.endswith(" " + o) for o in others):
        evidence.append("contains_other")
    if key and any(folded[j] == key for j in head if j > i):
        evidence.append("copy_later")  # a breadcrumb's copy: the headline proper comes later
    nxt = next((j for j in head if j > i), None)
    if nxt is not None:
        if is_date_only(lines[nxt]) or read_dateline(lines[nxt]) is not None and len(lines[nxt]) < 150:
            evidence.append("date_next")
        elif len(lines[nxt]) >= 150:
            evidence.append("lead_next")
    prev = [j for j in head if j < i]
    if prev and is_date_only(lines[prev[-1]]):
        evidence.append("date_before")
    if ":" in line and nxt is not None:
        # a rubric over the headline that the headline goes on to repeat: "МИД Азербайджана: комментарий
        # официального представителя" over "Комментарий официального представителя МИД ... в связи с ..."
        after = _fold(line.split(":", 1)[1])
        if len(after.split()) >= 2 and folded.get(nxt, "").startswith(after) and folded.get(nxt) != after:
            evidence.append("rubric")
    if len(words) < 3:
        evidence.append("too_short")
    elif len(words) == 3:
        evidence.append("short")
    elif len(words) <= 25:
        evidence.append("fit")
    else:
        evidence.append("long")
    if line.endswith(".") and not line.endswith("..."):
        evidence.append("sentence_end")
    if line.endswith((":", ",", ";")):
        evidence.append("colon_end")
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        evidence.append("upper")
    if _site_name(line, publisher, last_line):
        evidence.append("site_name")
    elif len(words) <= 12 and INSTITUTION.match(line):
        evidence.append("institution")
    if MENU.search(line) and len(re.split(MENU, line)) >= 3 or re.search(r"\s(?:›|»|>)\s", line):
        evidence.append("menu")
    found = list(find_dates(line))
    if found:
        label = line[: found[0].start]
        if ":" in label and len(label.split()) <= 5:
            evidence.append("labelled_date")
        elif found[0].start <= 2 or getattr(read_dateline(line), "date", None) == found[0].date:
            evidence.append("starts_with_date")
        else:
            evidence.append("contains_date")
    elif read_dateline(line) is not None and len(words) <= 6:
        evidence.append("place_only")
    return evidence


def _site_name(line: str, publisher: str | None, last_line: str) -> bool:
    words = line.split()
    if publisher and _fold(line) == _fold(publisher):
        return True
    if last_line and _fold(line) == _fold(last_line) and len(words) <= 6:
        return True
    return len(words) <= 8 and bool(SITE_WORDS.search(line))


def _meta_value(meta: str, publisher: str | None) -> str:
    """A page's or file's title without the site's name after a separator ("Headline - Site")."""
    parts = _parts(meta)[1:]
    if len(parts) >= 2:
        longest = max(parts, key=lambda p: len(p.split()))
        rest = [p for p in parts if p is not longest]
        if len(longest.split()) >= 3 and all(len(p.split()) <= 4 and _may_name_site(p, publisher) for p in rest):
            return longest
    return meta


def _may_name_site(part: str, publisher: str | None) -> bool:
    """Whether a piece cut off a title can be a site's name: a word or two, a name in capitals
    ("Caspian Times"), or site words; "Паромная линия Курык" in "Паромная линия Курык – Алят ..."
    is the headline's own."""
    words = part.split()
    return (
        len(words) <= 2
        or all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _NAME_JOINERS for w in words)
        or _site_name(part, publisher, "")
    )


# small words inside a site's name ("Voice of America", "Радио Свобода и ...")
_NAME_JOINERS = frozenset(["of", "the", "and", "for", "on", "in", "de", "и", "мен", "және", "və"])


def _meta_evidence(source: Extracted, meta: str, publisher: str | None) -> list[str]:
    from briefing.importing.cleanup import is_leftover

    evidence = [f"metadata_{source.format}"]
    if FILE_NAME.search(meta):
        evidence.append("file_name")
    if TEMPLATE.match(meta.strip()):
        evidence.append("template")
    words = meta.split()
    if len(words) <= 2:
        evidence.append("too_short")
    if _site_name(meta, publisher, ""):
        evidence.append("site_name")
    if any(is_leftover(part) for part in _parts(meta)[1:]):
        evidence.append("junk_part")
    return evidence


def lead_title(text: str) -> str:
    """A short title made from the lead sentence, its dateline cut off."""
    paragraph = next((p for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 3), text).strip()
    paragraph = " ".join(bare(paragraph).split())
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
