"""Who speaks in a text: a transcript's turns, "X said:", and the speaker a speech's title names.

Patterns cover English, Russian, Kazakh and Azerbaijani phrasing. A transcript's
turn is "Name: ..." at the start of a line; a name that opens one turn only
counts when two or more people each open a long turn (press statements often
give each speaker one), so a run-in heading ("Cooperation: ...") is not a speaker.
"""

from __future__ import annotations

import re

from briefing.importing.datelines import known_place
from briefing.importing.structure import country_of

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ"
_NAME_WORD = rf"[{_UP}][\w’'.-]*"

TITLES = re.compile(
    r"\b(president|prime minister|deputy prime minister|foreign minister|minister|ambassador|chairman|"
    r"secretary|speaker|spokesperson|spokesman|spokeswoman|press secretary|official representative|"
    r"mr|mrs|ms|dr|h\.e\.|президент\w*|премьер-министр\w*|министр\w*|посол|председател\w*|"
    r"пресс-секретар\w*|официальн\w+ представител\w*|господин|г-н|мемлекет басшысы|prezident\w*|nazir\w*|səfir|cənab|"
    r"sözçü\w*|mətbuat katibi)\b\.?",
    re.I,
)
# words before a colon that label a line rather than name a speaker
_NOT_NAMES = (
    "note date source sources tags photo photos video published updated author place subject re attention "
    "address tel phone email fax website contacts see also background summary update warning "
    "примечание дата источник фото автор адрес тема сурет дереккөз mənbə qeyd tarix ünvan "
    # bodies that deliver a statement without a person's name ("Statement by the Delegation of ...")
    "delegation government ministry embassy mission делегация делегации правительство министерство посольство "
    "делегациясы үкіметі министрлігі елшілігі nümayəndə nümayəndəliyi hökuməti nazirliyi səfirliyi"
)
NOT_NAMES = frozenset(_NOT_NAMES.split())
_ROLES = (
    "question q answer a journalist correspondent moderator host interviewer вопрос ответ журналист "
    "корреспондент модератор ведущий сұрақ жауап тілші жүргізуші sual cavab jurnalist müxbir aparıcı"
)
ROLES = frozenset(_ROLES.split())
TURN = re.compile(rf"^\s*(?:\*\*|__)?((?:{_NAME_WORD}\s+){{0,4}}{_NAME_WORD})(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*\S")
SAID_BEFORE = re.compile(
    rf"((?:{_NAME_WORD}\s+){{0,4}}{_NAME_WORD})\s+(?:said|stated|noted|added|stressed|emphasi[sz]ed|declared|"
    r"сказал\w*|заявил\w*|отметил\w*|подчеркнул\w*|былай деді|атап өтті|мәлімдеді|"
    r"dedi|deyib|bildirib|qeyd edib|vurğulayıb)\s*:"
)
SAID_AFTER = re.compile(
    rf"(?:^|[”\"»]\s*,?\s*[-–—]?\s*)(?:said|stated|noted|added|stressed|сказал\w*|заявил\w*|отметил\w*|подчеркнул\w*)"
    rf"\s+((?:{_NAME_WORD}\s?){{1,5}})",
    re.M,
)
# "Президент Касым-Жомарт Токаев на расширенной встрече заявил:", "President Tokayev, opening
# the forum, said:": a titled name, a few words of circumstance, then the verb and a colon
_SAID_VERBS = (
    r"said|stated|noted|added|stressed|emphasi[sz]ed|declared|сказал\w*|заявил\w*|отметил\w*|подчеркнул\w*|"
    r"былай деді|атап өтті|мәлімдеді|dedi|deyib|bildirib|qeyd edib|vurğulayıb"
)
_VERB_COLON = re.compile(rf"(?:{_SAID_VERBS})\s*:", re.I)
_AFTER_VERBS = ("said", "stated", "noted", "added", "stressed", "сказал", "заявил", "отметил", "подчеркнул")


def _said_colon(text: str) -> bool:
    """Whether a reporting verb stands before a colon anywhere (looked for at the colons only)."""
    at = text.find(":")
    while at >= 0:
        if _VERB_COLON.search(text, max(0, at - 30), at + 1):
            return True
        at = text.find(":", at + 1)
    return False
TITLED_SAID = re.compile(
    rf"\b(?i:president|prime minister|minister|ambassador|chairman|secretary|президент|премьер-министр|министр|"
    rf"посол|председатель|prezident|nazir|səfir)\s+((?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})"
    rf"[ ,]+[^.!?:\n{_UP}«»\"“”]{{1,80}}?\s(?:{_SAID_VERBS})\s*:"
)
# the speaker a speech's title names: "Speech by President Kassym-Jomart Tokayev at the forum",
# "President Tokayev's address to the nation", "Выступление Президента Касым-Жомарта Токаева на..."
TITLE_SPEAKER = re.compile(
    rf"\b(?:speech|address|remarks|statement|lecture|interview|message|greetings|briefing)\s+(?:delivered\s+)?by\s+"
    rf"(?P<en>(?:[\w.-]+\s+){{0,4}}?{_NAME_WORD})(?=\s+(?:at|in|on|during|before|to|for|of|with)\s|\s*[,:;–—(]|\s*$)|"
    rf"^(?P<own>(?:{_NAME_WORD}\s+){{0,4}}{_NAME_WORD})[’']s\s+(?:speech|address|remarks|statement|message)\b|"
    rf"^(?:выступление|речь|обращение|заявление|интервью|слово)\s+(?P<ru>(?:[\w-]+\s+){{0,4}}?{_NAME_WORD})"
    rf"(?=\s+(?:на|в|во|перед|по|к|с|для)\s|\s*[,:;–—(]|\s*$)",
    re.I,
)
_RU_TITLE_GENITIVE = re.compile(
    r"\b(?:президента|премьер-министра|министра\s+иностранных\s+дел|министра|посла|председателя|"
    r"главы\s+государства|республики\s+\w+|\w+ской\s+республики)\b",
    re.I,
)


def _nominative(word: str) -> str:
    """A Russian name in the genitive, as the nominative: Токаева -> Токаев, Касым-Жомарта -> Касым-Жомарт."""
    parts = word.split("-")
    out = []
    for part in parts:
        if re.search(r"[бвгджзклмнпрстфхцчшщ]а$", part, re.I):
            part = part[:-1]
        elif part.lower().endswith("ия"):
            part = part[:-2] + "ий"
        out.append(part)
    return "-".join(out)


# a genitive name and the speech word closing the title: "Prezident İlham Əliyevin ... nitqi",
# "Президент Қасым-Жомарт Тоқаевтың ... сөйлеген сөзі"
TURKIC_TITLE_SPEAKER = re.compile(
    rf"^(?:(?i:prezident|nazir|səfir|президент|министр|елші)\w*\s+)?"
    rf"(?P<name>(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD}?)(?:nin|nın|nun|nün|in|ın|un|ün|тың|тің|дың|дің|ның|нің)\s+"
    rf".*\b(?i:nitqi|çıxışı|müraciəti|bəyanatı|müsahibəsi|сөзі|үндеуі|сұхбаты|мәлімдемесі|баяндамасы)\W*$"
)


def title_speaker(title: str) -> str | None:
    """The person a speech's title names as the speaker, without the titles."""
    title = " ".join(title.split())
    turkic = TURKIC_TITLE_SPEAKER.match(title)
    if turkic and len(turkic.group("name").split()) >= 2:
        return _person_name(turkic.group("name"))
    match = TITLE_SPEAKER.search(title)
    if not match:
        return None
    if match.group("ru"):
        raw = _RU_TITLE_GENITIVE.sub(" ", match.group("ru"))
        words = [w for w in raw.split() if w[:1].isupper()]
        if not words or not all(re.fullmatch(r"[А-ЯЁа-яё-]+", w) for w in words):
            return None
        return _person_name(" ".join(_nominative(w) for w in words))
    raw = match.group("en") or match.group("own")
    return _person_name(re.sub(r"^(?:the\s+)", "", raw, flags=re.I))


REPORTING = re.compile(
    r"\b(said|noted|stressed|emphasi[sz]ed|added|according to|reports?|сказал|заявил|отметил|подчеркнул|"
    r"сообщает|деді|атап өтті|dedi|bildirib|qeyd edib)\b",
    re.I,
)


# words that open a sentence before "said:" without being a name ("The Minister said:")
_PRONOUNS = "the a an this that he she it they we i you our his her their он она они мы я вы его её их ол олар біз"
PRONOUNS = frozenset(_PRONOUNS.split())


def _person_name(raw: str) -> str | None:
    name = " ".join(TITLES.sub(" ", raw).split()).strip(" .,;:")
    words = name.split()
    if words and (country_of(name) or known_place(name)):
        return None  # "Азербайджана" in "Интервью посла Азербайджана", "ASTANA:": a country or a city
    # "Welcoming President Aliyev, President Tokayev": the last name before the verb
    if not words or len(words) > 4:
        return None
    first = words[0].casefold()
    if first in NOT_NAMES or first in ROLES or first in PRONOUNS:
        return None
    if not all(word[:1].isupper() for word in words):
        return None
    return name


# words (or characters: Kazakh and Azerbaijani words are long) that make a turn a statement
LONG_TURN_WORDS = 12
LONG_TURN_CHARS = 60


def speaker_turns(text: str) -> list[tuple[str, int]]:
    """Turns of a transcript, "Name: ..." at the start of a line: (name, offset).

    A name counts when it opens two turns or more; or, when two or more people
    each open a long turn with their full name (press statements: one turn each),
    every one of them does.
    """
    turns: list[tuple[str, int, bool]] = []
    offset = 0
    lines = text.split("\n")
    for n, line in enumerate(lines):
        match = TURN.match(line)
        if match:
            raw = match.group(1).strip()
            # a turn runs on over the paragraphs after its first line (a salutation, then the speech)
            said = " ".join([line[match.end() - 1 :], *_continuation(lines, n + 1)])
            long_turn = len(said.split()) >= LONG_TURN_WORDS or len(said) >= LONG_TURN_CHARS
            if raw.casefold() in ROLES:
                turns.append((raw.casefold(), offset, False))
            else:
                name = _person_name(raw)
                if name and raw.split()[0].casefold() not in NOT_NAMES:
                    # a transcript's habit: the speaker's surname alone in capitals ("BAYRAMOV:")
                    capitals = name.isupper() and len(name) >= 3
                    if capitals:
                        name = name.title()
                    turns.append((name, offset, long_turn and (len(name.split()) >= 2 or capitals)))
        offset += len(line) + 1
    counts: dict[str, int] = {}
    for name, _, _ in turns:
        counts[name] = counts.get(name, 0) + 1
    statements = {name for name, _, long_turn in turns if long_turn}
    one_each = len(statements) >= 2
    # a label used once ("Cooperation: ...") is a run-in heading, not a speaker
    return [(name, at) for name, at, _ in turns if counts[name] >= 2 or (one_each and name in statements)]


# how far a turn is followed past its first line when judging whether it is long
CONTINUATION_LINES = 6


def _continuation(lines: list[str], start: int) -> list[str]:
    """The lines after a turn's first one up to the next turn (or a few lines on)."""
    out: list[str] = []
    for line in lines[start : start + CONTINUATION_LINES]:
        if TURN.match(line):
            break
        out.append(line)
    return out


def _asks_only(text: str, turns: list[tuple[str, int]]) -> set[str]:
    """Names every one of whose turns is a question: an interviewer's, not a speaker's, when
    someone else answers them."""
    asked: dict[str, bool] = {}
    for name, at in turns:
        end = text.find("\n", at)
        line = text[at : end if end >= 0 else len(text)].rstrip(" *_")
        asked[name] = asked.get(name, True) and line.endswith("?")
    askers = {name for name, only in asked.items() if only}
    return askers if len(askers) < len(asked) else set()


def said_speakers(text: str) -> list[str]:
    names: list[tuple[int, str]] = []
    # the two patterns that end with "said:" are slow to try at every capital; most texts have no such colon
    if _said_colon(text):
        patterns: tuple[re.Pattern[str], ...] = (SAID_BEFORE, SAID_AFTER, TITLED_SAID)
    else:
        patterns = (SAID_AFTER,) if any(verb in text for verb in _AFTER_VERBS) else ()
    for pattern in patterns:
        for match in pattern.finditer(text):
            raw = match.group(1).split(",")[-1]
            name = _person_name(raw)
            if name:
                names.append((match.start(), name))
    return [name for _, name in sorted(names)]


def speakers(text: str, title: str = "") -> list[str]:
    """Everyone who speaks in the text, in order of first appearance (the speaker a speech's
    title names first), without roles like "Question"."""
    ordered: list[str] = []
    named = title_speaker(title) if title else None
    turns = speaker_turns(text)
    askers = _asks_only(text, turns)
    for name in ([named] if named else []) + [n for n, _ in turns] + said_speakers(text):
        if name.casefold() not in ROLES and name not in ordered and name not in askers:
            ordered.append(name)
    return ordered


def said_share(text: str) -> float:
    """The share of the text spoken after "X said:" (up to the next paragraph that reports again)."""
    if not text:
        return 0.0
    spoken = 0
    paragraphs = re.split(r"\n\s*\n", text)
    inside = False
    for paragraph in paragraphs:
        if inside and REPORTING.search(paragraph):
            inside = False
        if inside:
            spoken += len(paragraph)
        if paragraph.rstrip().endswith(":") and SAID_BEFORE.search(paragraph):
            inside = True
    return spoken / max(1, len(text))
