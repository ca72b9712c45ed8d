"""The structure inside a text: lists of signed documents and numbered provisions (speakers are in ``speakers``).

Patterns cover English, Russian, Kazakh and Azerbaijani phrasing; each is
written for how such texts are set out (a numbered list under "the following
documents were signed", "1." paragraphs in a statement, "Name: ..." turns in a
transcript), not for any one source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ"
_NAME_WORD = rf"[{_UP}][\w’'.-]*"

# -- signed documents -------------------------------------------------------------------

# instrument type -> how its name is written; the earliest found in an item's first
# words decides (English, Russian), else one among its last words (Kazakh, Azerbaijani)
INSTRUMENT_WORDS: list[tuple[str, str]] = [
    ("action plan", r"action plan|plan of action|план\w* действий|план\w* мероприятий|fəaliyyət plan\w*|іс-қимыл жоспар\w*|іс-шаралар жоспар\w*"),
    ("roadmap", r"road ?map|дорожн\w+ карт\w*|жол карта\w*|yol xəritə\w*"),
    ("memorandum", r"memorandum\w*|меморандум\w*"),
    # договор, договора, договору... but not договорились (agreed) or договаривающиеся
    ("treaty", r"treaty|договор(?:а|у|ом|е|ы|ов|ам|ами|ах)?|шарт|шарты|müqavilə\w*"),
    ("protocol", r"protocol|протокол\w*|хаттама\w*|protokol\w*"),
    ("declaration", r"declaration|деклараци\w*|декларация\w*|bəyannamə\w*"),
    ("programme", r"program(me)?|программ\w*|бағдарлама\w*|proqram\w*"),
    ("regulations", r"regulations?|положени\w*|ереже\w*|əsasnamə\w*"),
    ("decision", r"decision|решени\w*|шешім\w*|qərar\w*"),
    ("statement", r"statement|заявлени\w*|мәлімдеме\w*|bəyanat\w*"),
    ("agreement", r"agreement|соглашени\w*|келісім\w*|saziş\w*|razılaşma\w*"),
]
_INSTRUMENT_RES = [(kind, re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I)) for kind, words in INSTRUMENT_WORDS]
# words that introduce a list of signed documents ("The following documents were signed",
# "подписаны", "қол қойылды", "imzalanıb"); a list without them counts only when its
# items are themselves named as instruments
SIGNING_INTRO = re.compile(
    r"\bsign(?:ed|ing|ature)?\b|\binked\b|\bexchang|\bconclu(?:ded|sion)\b|подпис|заключен|"
    r"қол қой|imzala|mübadilə",
    re.I,
)
# the subject a statement's provisions open with: "1. The Parties reaffirmed...", "2. Стороны..."
PROVISION_SUBJECT = re.compile(
    r"^\W*(?:the\s+)?(?:both\s+)?(?:parties|sides|heads of state|presidents|ministers|leaders|"
    r"(?:high\s+)?contracting parties|обе стороны|стороны|главы государств|президенты|министры|"
    r"тараптар|екі тарап|мемлекет басшылары|tərəflər|dövlət başçıları|prezidentlər|nazirlər)\b",
    re.I,
)
# words that may stand before an instrument's name at the start of its title
_MODIFIER = re.compile(
    r"^(?:joint|new|framework|general|basic|long-term|medium-term|updated|revised|common|special|"
    r"\w+(?:al|ive|ic|ary)|[а-яё-]+(?:ое|ая|ый|ий|ой|ые|ее|яя|ие)|бірлескен|кешенді|birgə|hərtərəfli)$",
    re.I,
)
_NOT_MODIFIER = re.compile(r"^(?:the|a|an|this|that|its|their|\w+ing|\w+ed)$", re.I)
# a statement's own signing formula ("signed this Joint Statement", "подписали настоящее
# Совместное заявление"), which introduces its provisions, not a list of documents
OWN_SIGNING = re.compile(r"\b(?:this|the present|настоящ\w*|данн\w*|осы|bu)\s+(?:joint\s+)?\w+", re.I)
_DEMONSTRATIVE = re.compile(r"^\W*(?:the|this|these|that|настоящ\w*|данн\w*|это\w*|осы|бұл|bu)\b", re.I)
# "1.", "2)", and the ordinal numbers of Kazakh and Azerbaijani lists: "1-ші.", "2-ci:", "3-cü)"
ORDINAL_SUFFIX = r"\s*-\s*(?:ші|шы|сі|сы|нші|ншы|ci|cı|cu|cü)"
LIST_ITEM = re.compile(rf"^\s*(?:\d{{1,3}}(?:[.)]|{ORDINAL_SUFFIX}[.):])|[-*•–])\s+(\S.*)$")
COUNTRIES: list[tuple[str, re.Pattern[str]]] = [
    (code, re.compile(words, re.I))
    for code, words in [
        ("KZ", r"kazakh|казах|қазақ|qazax|kazakist"),
        ("AZ", r"azerbaijan|azərbaycan|azerbaycan|азербайдж|әзербайжан|azeri"),
        ("TR", r"turkey|türkiye|turkiye|турци|түркия"),
        ("RU", r"russia|росси|ресей|rusiya"),
        ("CN", r"china|chinese|китай|қытай|çin"),
        ("UZ", r"uzbek|узбек|өзбек|özbək"),
        ("KG", r"kyrgyz|кыргыз|қырғыз|qırğız"),
        ("TM", r"turkmen|туркмен|түрікмен|türkmən"),
        ("GE", r"georgia\b|грузи|gürcüstan"),
        # bodies whose names do not carry their country
        ("KZ", r"kazmunaygas|казмунайгаз|samruk|самрук|damu|даму|akimat|акимат|әкімдік|astana|almaty|aktau|atyrau"),
        ("AZ", r"socar|baku|баку|sumgait|sumqayıt|shirvan|şirvan"),
    ]
]
_EN_END = re.compile(r"\s+(?:on|in the (?:field|sphere|area)s?|for|regarding|concerning|about|within|to|with a view)\s", re.I)
_RU_END = re.compile(r"\s+(?:о|об|в области|в сфере|по|на)\s", re.I)


@dataclass
class Instrument:
    title: str
    instrument: str
    parties: list[dict] = field(default_factory=list)


def instrument_type(title: str) -> str | None:
    words = title.split()
    first, last = " ".join(words[:5]), " ".join(words[-3:])
    found = [(m.start(), kind) for kind, pattern in _INSTRUMENT_RES if (m := pattern.search(first))]
    if found:
        return min(found)[1]
    found = [(m.start(), kind) for kind, pattern in _INSTRUMENT_RES if (m := pattern.search(last))]
    return max(found)[1] if found else None


def country_of(name: str) -> str | None:
    for code, pattern in COUNTRIES:
        if pattern.search(name):
            return code
    return None


def parties_of(title: str) -> list[dict]:
    """The parties named in "between X and Y" (или "между X и Y", "X мен Y арасындағы", "X ilə Y arasında"),
    else two states joined by "and" ("Decision of the Council of the Republic of Kazakhstan and
    the Republic of Azerbaijan", "... Республики Казахстан и Азербайджанской Республики")."""
    pair = _between(title) or _two_states(title)
    if not pair:
        return []
    return [{"name": name, "country": country_of(name)} for name in pair if name]


_STATE_NOUN = r"(?:Republic|Kingdom|Federation|Government|Ministry|Parliament|State|Emirates|People's Republic)"
_EN_STATE = rf"(?:[A-Z][\w’'-]*\s+)*?{_STATE_NOUN}(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]*)*|[A-Z][\w’'-]*"
_TWO_STATES_EN = re.compile(rf"(?<![\w-])({_EN_STATE})\s+and\s+(?:the\s+)?({_EN_STATE})(?![\w-])")
_RU_STATE = r"(?:Правительств\w*\s+)?(?:Республик\w*\s+[А-ЯЁ][\w-]*|[А-ЯЁ][\w-]*ской\s+Республик\w*)"
_TWO_STATES_RU = re.compile(rf"({_RU_STATE})\s+и\s+({_RU_STATE})")


def _two_states(title: str) -> tuple[str, str] | None:
    """Two parties of different countries joined by "and"/"и", for titles without "between"."""
    text = " ".join(title.split())
    for pattern in (_TWO_STATES_EN, _TWO_STATES_RU):
        for match in pattern.finditer(text):
            first, second = match.group(1), match.group(2)
            a, b = country_of(first), country_of(second)
            if a and b and a != b:
                return _strip_article(first), _strip_article(second)
    return None


def _between(title: str) -> tuple[str, str] | None:
    text = " ".join(title.split())
    match = re.search(r"\bbetween\s+(.+)$", text, re.I)
    if match:
        rest = match.group(1)
        cut = rest.find(" and the ")
        cut = cut if cut >= 0 else rest.find(" and ")
        if cut < 0:
            return None
        second = rest[cut + 5 :]
        end = _EN_END.search(second)
        return _strip_article(rest[:cut]), _strip_article(second[: end.start()] if end else second)
    match = re.search(r"\bмежду\s+(.+)$", text, re.I)
    if match:
        rest = match.group(1)
        split = re.search(rf"\s+и\s+(?=[{_UP}«\"])", rest)
        if not split:
            return None
        second = rest[split.end() :]
        end = _RU_END.search(second)
        return rest[: split.start()], second[: end.start()] if end else second
    match = re.search(r"^(.+?)\s+(?:арасындағы|arasında(?:kı)?)\b", text, re.I)
    if match:
        parts = re.split(r"\s+(?:мен|пен|бен|және|ilə|və)\s+", match.group(1), maxsplit=1)
        if len(parts) == 2:
            return parts[0], parts[1]
    return None


def _strip_article(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(" ,;.“”\"«»")).strip()


def named_instrument(item: str) -> str | None:
    """The instrument type when ``item`` reads as an instrument's name: it opens with the
    instrument word ("Agreement between...", "Joint Action Plan...", "Соглашение о...") or,
    in Kazakh and Azerbaijani word order, ends with it ("... туралы келісім", "... Sazişi")."""
    words = item.strip(" *_«»“”\"'").split()
    if not words:
        return None
    kind = _instrument_opening(" ".join(words[:4]))
    if kind is not None:
        return kind
    tail = " ".join(words[-2:]).rstrip(" .;,:»”\"'")
    for kind, pattern in _INSTRUMENT_RES:
        if any(match.end() == len(tail) for match in pattern.finditer(tail)):
            return kind
    return None


def _may_precede(word: str) -> bool:
    word = word.strip("«»“”\"'(")
    if _MODIFIER.match(word):
        return True
    return word[:1].isupper() and not _NOT_MODIFIER.match(word)


def _own_signing(intro: str) -> bool:
    sign = SIGNING_INTRO.search(intro)
    return bool(sign and OWN_SIGNING.search(intro[sign.end() : sign.end() + 40]))


def _listed_type(item: str) -> str | None:
    """The type of an item under a signing line whose name does not open with the
    instrument word; never for a sentence about "the Agreement..." or "this Treaty..."."""
    return None if _DEMONSTRATIVE.match(item) else instrument_type(item)


def signed_documents(text: str) -> list[Instrument]:
    """Each item of a list of signed documents, with its instrument type and parties.

    A list counts when the line above it speaks of signing, or when most of its items
    are themselves instruments' names. Items that open with the parties ("The Parties
    welcomed the Agreement on...", "Стороны договорились...") are a statement's own
    provisions, never records of their own.
    """
    lines = text.split("\n")
    found: list[Instrument] = []
    i = 0
    while i < len(lines):
        if not LIST_ITEM.match(lines[i]):
            i += 1
            continue
        start, items = i, []
        while i < len(lines) and (LIST_ITEM.match(lines[i]) or not lines[i].strip() or lines[i].startswith("    ")):
            item = LIST_ITEM.match(lines[i])
            if item:
                items.append(item.group(1).strip())
            elif lines[i].strip() and items:
                items[-1] += " " + lines[i].strip()  # an item wrapped onto an indented line
            i += 1
        intro = next((lines[j] for j in range(start - 1, max(-1, start - 4), -1) if lines[j].strip()), "")
        items = [item for item in items if not PROVISION_SUBJECT.match(item)]
        if SIGNING_INTRO.search(intro) and not _own_signing(intro):
            hits = [(item, kind) for item in items if (kind := named_instrument(item) or _listed_type(item))]
        else:
            hits = [(item, kind) for item in items if (kind := named_instrument(item))]
            if len(hits) < 2 or len(hits) * 2 < len(items):
                hits = []
        for item, kind in hits:
            title = item.strip(" ;,.").strip("*_").strip()
            found.append(Instrument(title=title, instrument=kind, parties=parties_of(title)))
    return found + _unbulleted(lines) + _tabled(lines) + _in_prose(lines)


# a series of instruments in a sentence: "signed an agreement on X, a memorandum on Y and a roadmap of Z",
# "подписали соглашение о ..., меморандум о ... и программу ..."; a separator counts only where an
# instrument's name follows it
_SERIES_SEPARATOR = re.compile(r",\s*(?:(?:and|и)\s+)?|\s+(?:and|и)\s+")
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")
# at least this many instruments make a series worth a record each (one is a report's mention of a signing)
PROSE_SERIES = 2


def _in_prose(lines: list[str]) -> list[Instrument]:
    found: list[Instrument] = []
    for line in lines:
        if LIST_ITEM.match(line) or line.lstrip().startswith("|") or not SIGNING_INTRO.search(line):
            continue
        for sentence in _SENTENCE_END.split(line.strip()):
            sign = SIGNING_INTRO.search(sentence)
            if sign is None or _own_signing(sentence):
                continue
            rest = re.sub(r"^\w*\s+", "", sentence[sign.end() :]).rstrip(" .;!")
            items = _series(rest)
            if len(items) >= PROSE_SERIES:
                found += [Instrument(title=t, instrument=k, parties=parties_of(t)) for t, k in items]
    return found


def _series(rest: str) -> list[tuple[str, str]]:
    """The instruments named one after another from the start of ``rest``."""
    if _instrument_start(rest) is None:
        return []
    cuts = [(0, 0)] + [(m.start(), m.end()) for m in _SERIES_SEPARATOR.finditer(rest) if _instrument_start(rest[m.end() :])]
    items: list[tuple[str, str]] = []
    for (_, begin), (end, _) in zip(cuts, cuts[1:] + [(len(rest), len(rest))]):
        title = _ARTICLE.sub("", rest[begin:end].strip()).strip(" ,;")
        kind = _instrument_start(title)
        if kind is None or len(title.split()) < 3:
            break
        items.append((title, kind))
    return items


def _instrument_start(text: str) -> str | None:
    """The instrument type when ``text`` opens with an instrument's name ("a memorandum of ...",
    "the Joint Action Plan ...", "дорожную карту ..."); only the opening words are looked at."""
    return _instrument_opening(" ".join(_ARTICLE.sub("", text.lstrip()).split()[:4]))


def _instrument_opening(head: str) -> str | None:
    """The instrument type named in ``head`` (a text's first words) after at most two words that may
    precede a name ("the", "a joint", a number)."""
    for kind, pattern in _INSTRUMENT_RES:
        match = pattern.search(head)
        if match is None:
            continue
        before = head[: match.start()].split()
        if len(before) <= 2 and all(_may_precede(word) for word in before):
            return kind
    return None


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _tabled(lines: list[str]) -> list[Instrument]:
    """The documents of a table of signed documents (a row each, one column naming them):
    the column where most rows name an instrument, when the line above the table speaks of
    signing or most of the table's rows are instruments' names."""
    found: list[Instrument] = []
    i = 0
    while i < len(lines):
        if not (lines[i].lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1])):
            i += 1
            continue
        start, i = i, i + 2
        rows = []
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            rows.append(_cells(lines[i]))
            i += 1
        intro = next((lines[j] for j in range(start - 1, max(-1, start - 4), -1) if lines[j].strip()), "")
        signing = bool(SIGNING_INTRO.search(intro)) and not _own_signing(intro)
        width = max((len(row) for row in rows), default=0)
        named = [[(row[c], kind) for row in rows if c < len(row) and (kind := named_instrument(row[c]))]
                 for c in range(width)]
        column = max(named, key=len, default=[])
        if len(column) >= 2 and (signing or len(column) * 2 > len(rows)):
            for item, kind in column:
                title = item.strip(" ;,.").strip("*_").strip()
                found.append(Instrument(title=title, instrument=kind, parties=parties_of(title)))
    return found


def _unbulleted(lines: list[str]) -> list[Instrument]:
    """The items of a list that lost its bullets (copied from a web page, a paragraph each):
    under a line about signing that ends with a colon, each following line that names an
    instrument, up to the first that does not."""
    found: list[Instrument] = []
    for i, intro in enumerate(lines):
        stripped = intro.strip()
        if not stripped.endswith(":") or not SIGNING_INTRO.search(stripped) or _own_signing(stripped):
            continue
        for line in lines[i + 1 :]:
            item = line.strip()
            if not item:
                continue
            if LIST_ITEM.match(item):
                break  # a bulleted list: read as one above
            title = item.strip(" ;,.").strip("*_").strip()
            kind = named_instrument(title)
            if kind is None or len(title.split()) < 2:
                break
            found.append(Instrument(title=title, instrument=kind, parties=parties_of(title)))
    return found


# -- numbered provisions ----------------------------------------------------------------

NUMBERED = re.compile(r"^(\d{1,3})\.\s+\S")
ARTICLE = re.compile(
    r"^\s*(?:#+\s*)?(?:(?:article|статья|maddə)\s+(\d{1,3})|(\d{1,3})\s*-\s*(?:бап|ci maddə|cı maddə|cu maddə|cü maddə))"
    r"\.?\s*(.{0,100})$",
    re.I,
)


def addressable_provisions(text: str) -> str:
    """Numbered provisions as one Markdown list (a provision's further paragraphs indented
    into it, so "7." stays the seventh item) and articles as headings ("## Article 3")."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        article = ARTICLE.match(line)
        if article and len(line) < 120:
            number = article.group(1) or article.group(2)
            word = re.search(r"article|статья|maddə|бап", line, re.I)
            label = (word.group(0).capitalize() if word else "Article") if article.group(1) else line.strip().lstrip("# ")
            rest = article.group(3).strip(" .")
            lines[i] = f"## {label} {number}" + (f". {rest}" if rest else "") if article.group(1) else f"## {label}"
    numbered = [i for i, line in enumerate(lines) if NUMBERED.match(line)]
    numbers = [int(NUMBERED.match(lines[i]).group(1)) for i in numbered]
    if len(numbered) >= 3 and numbers[0] == 1 and numbers == list(range(1, len(numbers) + 1)):
        for a, b in zip(numbered, numbered[1:]):
            for j in range(a + 1, b):
                if lines[j].strip() and not lines[j].startswith(("    ", "#")):
                    lines[j] = "    " + lines[j]
    return "\n".join(lines)


def provisions(text: str) -> dict[int, str]:
    """Provision number -> its text (first paragraph and the ones indented under it)."""
    found: dict[int, str] = {}
    current: int | None = None
    for line in text.split("\n"):
        match = NUMBERED.match(line)
        if match:
            current = int(match.group(1))
            found[current] = line[match.end() - 1 :].strip()
        elif current is not None and line.startswith("    ") and line.strip():
            found[current] += "\n\n" + line.strip()
        elif current is not None and line.strip():
            current = None
    return found

