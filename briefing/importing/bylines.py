"""Who wrote a document and who published it: by-lines, "X reports", the file's own author.

A by-line is a short line that labels a name ("By Marat Yessenov", "Автор: Дина
Жумабаева", "Müəllif: Orxan Məmmədov", "By *D. Abenov* · 11 min read"); it may
stand above the headline, below it, or at the end. Its labels are data
(``byline`` in ``resources/importing/junk.json``). The line is the document's
metadata, not its text, and leaves the body.
"""

from __future__ import annotations

import re
from functools import cache

from briefing.importing import rules
from briefing.importing.source import Extracted, placeholder

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІƏÇĞİÖŞÜ"
REPORTS = re.compile(
    rf"\b([{_UP}][\w.’'-]+(?:\s[{_UP}][\w.’'-]+)?)\s+reports\b|"
    r"(?:сообщает|передает|передаёт|хабарлайды|xəbər verir)\s+(?:корреспондент\s+)?([A-Z][\w.-]+)"
)
_REPORT_WORDS = ("reports", "сообщает", "передает", "передаёт", "хабарлайды", "xəbər verir")
# a by-line is looked for among the first and the last lines of the text
HEAD_LINES, TAIL_LINES = 12, 6
MAX_NAME_WORDS = 8
MAX_BYLINE_CHARS = 150


@cache
def _byline() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in sorted(rules.phrases("byline"), key=len, reverse=True))
    return re.compile(rf"^\W*(?:{labels})\s*:?\s+(?P<name>[^\W\d].{{2,80}})$", re.I)


def byline_name(line: str) -> str | None:
    """The name a by-line gives, without the reading time or date after it."""
    if len(line) > MAX_BYLINE_CHARS:
        return None
    text = re.sub(r"\*\*|__|[*_]", "", line).strip()
    match = _byline().match(text)
    if not match:
        return None
    name = re.split(r"\s+[·|•–—]\s+|\s*\|\s*|,\s*\d", match.group("name"))[0].strip(" .·|")
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or not words[0][:1].isupper():
        return None
    if not all(w[:1].isupper() or w.casefold() in ("and", "и", "və", "мен", "de", "van", "von", "al", "el") for w in words):
        return None
    return name


def find_author(source: Extracted, lines: list[str]) -> tuple[str | None, list[int]]:
    """(the author, the indexes of the by-line lines): the file's own author property unless it
    is a writing program's default, else the first by-line's name."""
    given = None if placeholder(source.author) else source.author
    filled = [i for i, line in enumerate(lines) if line.strip()]
    found: list[tuple[int, str]] = []
    for i in filled[:HEAD_LINES] + filled[-TAIL_LINES:]:
        name = byline_name(lines[i])
        if name and (i, name) not in found:
            found.append((i, name))
    author = given or (found[0][1] if found else None)
    return author, [i for i, _ in found]


def reporter(lines: list[str], head: list[int]) -> str | None:
    """The agency named in "..., Agency reports" or "..., сообщает Agency"."""
    for i in head:
        if not any(word in lines[i] for word in _REPORT_WORDS):
            continue  # the pattern is slow to try at every capital of a long paragraph
        match = REPORTS.search(lines[i])
        if match:
            name = match.group(1) or match.group(2)
            if name and name.split()[0] not in ("The", "It", "He", "She", "This"):
                return name
    return None
