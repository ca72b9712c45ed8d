"""Boilerplate lines: what a page or a file wraps around the document, told apart line by line.

Each line is classified on evidence, with the phrases kept as data in
``resources/importing/junk.json`` (English, Russian, Kazakh, Azerbaijani):
a line that is only a menu word or a share prompt, one that opens with
"Also read", "Photo:" or "Читайте также", a notice ("All rights reserved"), a
call to follow a channel ("Follow us on Telegram"), a line made mostly of
links (link density: a copied menu or another story), a gallery counter, a
reading time or a page number. A line that opens a list of other pages
("Related stories", "Digər xəbərlər") goes with the short lines under it, and
a closing line about the journalist ("X is a correspondent for ...") goes too.
A sentence of the article that merely mentions Facebook or copyright is
longer than these and stays.
"""

from __future__ import annotations

import re
from functools import cache

from briefing.importing import rules

LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MARKS = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:(?:\d{1,3}[.)]|[-*•–+])\s+)?")
_EDGES = " \t*_`~|·•:;,.!?\"'()[]{}←→‹›«»“”—–-/\\"
# a line longer than this is the article's, whatever words it holds
SHORT_LINE = 80


@cache
def _lexicon() -> dict:
    whole = frozenset(rules.phrases("whole"))
    starts = tuple(sorted(set(rules.phrases("starts")), key=len, reverse=True))
    social = "|".join(re.escape(s) for s in sorted(rules.phrases("social"), key=len, reverse=True))
    calls = "|".join(re.escape(s) for s in sorted(rules.phrases("calls"), key=len, reverse=True))
    roles = "|".join(re.escape(s) for s in rules.phrases("bio_roles"))
    beats = "|".join(re.escape(s) for s in rules.phrases("bio_beats"))
    return {
        "whole": whole,
        "starts": starts,
        "notices": tuple(rules.phrases("notices")),
        "notice_patterns": re.compile("|".join(f"(?:{p})" for p in rules.junk()["notice_patterns"]), re.I),
        "list_heads": frozenset(rules.phrases("list_heads")),
        "patterns": re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in rules.junk()["patterns"]) + r")$", re.I),
        "social_only": re.compile(rf"^(?:\W*(?:{social})\b\W*)+$", re.I),
        "social": re.compile(rf"(?<!\w)(?:{social})(?!\w)", re.I),
        "calls": re.compile(rf"(?<!\w)(?:{calls})", re.I),
        "icons": re.compile(rf"(?:\b(?:{social})\b.*?\bicon\b.*?){{2,}}", re.I),
        "bio": re.compile(  # "X is the Herald's technology correspondent": a possessive is one of the words
            rf"^[*_]*(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ][\w’'.-]+\s+){{1,3}}(?:is|was|—|–|-)\s+(?:a|an|the|our)?\s*"
            rf"(?:[\w’'-]+\s+){{0,3}}(?:{roles})|"
            # "X covers energy for the Review from Almaty": a beat, then the publication
            rf"^[*_]*(?-i:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ][\w’'.-]+\s+){{2,3}}(?:{beats})\s+[^.]{{2,60}}?\s(?:for|для|üçün)\s",
            re.I,
        ),
        "starts_max": rules.junk()["starts_max"],
        "notice_max": rules.junk()["notice_max"],
        "short_words": rules.junk()["short_words"],
    }


# emoji, pictographs and flags: a channel's post sets them before its calls ("👉 Subscribe", "👁 12.4K")
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200D\u20E3]")


def plain(line: str) -> str:
    """The line as read: Markdown marks, link targets, emoji and outer punctuation taken off, case folded."""
    text = EMOJI.sub(" ", IMAGE.sub(" ", line))
    text = LINK.sub(r"\1", text)
    text = _MARKS.sub("", text)
    return " ".join(text.split()).strip(_EDGES).casefold()


def link_density(line: str) -> float:
    """The share of a line's visible text that is the text of links."""
    visible = LINK.sub(r"\1", IMAGE.sub("", line))
    chars = len("".join(visible.split()))
    if not chars:
        return 0.0
    linked = sum(len("".join(m.group(1).split())) for m in LINK.finditer(line) if not m.group(0).startswith("!"))
    return linked / chars


def _starts(text: str, phrase: str) -> bool:
    if not text.startswith(phrase):
        return False
    rest = text[len(phrase) :]
    return not rest or not phrase[-1].isalnum() or not rest[0].isalnum()


def is_leftover(line: str) -> bool:
    """Whether one line, on its own, is page furniture rather than the document's."""
    if not line.strip():
        return False
    lex = _lexicon()
    if len(line) > 2 * lex["notice_max"]:
        return False  # a paragraph: longer than any notice, even with its links' addresses
    text = plain(line)
    if not text:
        return bool(IMAGE.search(line))  # an image alone; a rule (---) or a bare mark stays
    if text in lex["whole"]:
        return True
    if len(text) <= lex["starts_max"] and any(_starts(text, p) for p in lex["starts"]):
        return True
    if len(text) <= SHORT_LINE and lex["patterns"].match(text):
        return True
    if len(text) <= lex["starts_max"]:
        if lex["social_only"].match(text) or ("icon" in text and lex["icons"].search(text)):
            return True
        if len(text) <= 120 and lex["social"].search(text) and lex["calls"].search(text):
            return True
    if len(text) <= lex["notice_max"] and (
        any(n in text for n in lex["notices"]) or lex["notice_patterns"].search(text)
    ):
        return True
    if _menu(text):
        return True
    return len(text) <= 100 and "](" in line and link_density(line) >= 0.8 and not _names_a_document(line)


_MENU_SEPARATORS = re.compile(r"\s+(?:›|>|»|/|\||·|•)\s+")


def _menu(text: str) -> bool:
    """A breadcrumb or a menu: three or more short items between separators ("Home > Press > Releases"),
    or two or more that are each a menu word ("Print version | Back to the list")."""
    parts = _MENU_SEPARATORS.split(text)
    if len(parts) >= 2 and all(p.strip(_EDGES) in _lexicon()["whole"] for p in parts):
        return True
    if len(parts) < 3 or len(text) > 120 or not all(1 <= len(p.split()) <= 4 for p in parts):
        return False
    return not re.search(r"\d{1,2}:\d{2}|\b(?:19|20)\d\d\b", text)  # a date line set out the same way stays


def _names_a_document(line: str) -> bool:
    from briefing.importing.structure import named_instrument

    return named_instrument(LINK.sub(r"\1", line).strip(" -*•;,.")) is not None


def is_list_head(line: str) -> bool:
    """A line that opens a list of other pages: "Related stories", "See more:", "Digər xəbərlər"."""
    return plain(line) in _lexicon()["list_heads"]


def _listy(line: str) -> bool:
    """A line that may belong to a list of other pages: an item, a link, or a short line."""
    stripped = line.strip()
    if re.match(r"^(?:\d{1,3}[.)]|[-*•–+])\s+", stripped) or link_density(stripped) >= 0.5:
        return True
    words = plain(stripped).split()
    if len(words) <= 2 * _lexicon()["short_words"] and _STAMPED.search(stripped):
        return True  # another story's headline with its date: "Aktau port handles record cargo - 08 April 2023 11:20"
    return len(words) <= _lexicon()["short_words"] and not (len(words) >= 6 and stripped.endswith("."))


_STAMPED = re.compile(r"(?:\d{1,2}:\d{2}|\b(?:19|20)\d\d)\W{0,3}$")


def is_bio(line: str) -> bool:
    """A closing line about the journalist: "Rustam Mammadov is a correspondent for ... based in Baku"."""
    text = LINK.sub(r"\1", line).strip(" *_>")
    return len(text) <= 300 and bool(_lexicon()["bio"].match(text))


# the rule under a Markdown table's header: "|---|:--:|", "--- | ---"
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*")


def table_lines(lines: list[str]) -> list[int]:
    """The numbers of the lines that make Markdown tables: each header row, the rule under it
    and the rows that follow it up to a line without a '|'."""
    found: list[int] = []
    n = 1
    while n < len(lines):
        line = lines[n]
        if "|" in line and "-" in line and "|" in lines[n - 1] and _TABLE_RULE.fullmatch(line):
            found += [n - 1, n]
            n += 1
            while n < len(lines) and "|" in lines[n]:
                found.append(n)
                n += 1
        else:
            n += 1
    return found


def drop_leftovers(text: str) -> str:
    """The text without furniture lines (blank lines between paragraphs kept, never doubled)."""
    lines = text.split("\n")
    junk = [is_leftover(line) for line in lines]
    i = 0
    while i < len(lines):
        if lines[i].strip() and is_list_head(lines[i]):
            junk[i] = True
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or _listy(lines[j])):
                junk[j] = bool(lines[j].strip())
                j += 1
            i = j
        else:
            i += 1
    filled = [n for n, line in enumerate(lines) if line.strip() and not junk[n]]
    for n in filled[-3:]:
        if is_bio(lines[n]):
            junk[n] = True
    for n in table_lines(lines):  # a table's header row ("| A | B | C |") reads like a menu: it stays
        junk[n] = False
    kept: list[str] = []
    for n, line in enumerate(lines):
        if junk[n]:
            continue
        if not line.strip() and kept and not kept[-1].strip():
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    # a lone word closing the page is the site's name ("TuraNews"), not the article's
    while kept and re.fullmatch(r"[\w.-]+", kept[-1].strip()) and not kept[-1].strip().isdigit():
        kept.pop()
        while kept and not kept[-1].strip():
            kept.pop()
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept)


def unlink(text: str) -> str:
    """Markdown links as their text and images dropped: a link's address is not the document's text."""
    text = IMAGE.sub("", text)
    return LINK.sub(lambda m: m.group(1), text)
