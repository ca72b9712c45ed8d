"""Typesetting by language: hyphenation, quotes, apostrophes, dashes and dates as a book prints them.

Everything here is applied at print time, to the book's own text and the
library's alike; nothing in the library changes. Each paragraph's language is
read from its letters (Kazakh and Azerbaijani have letters of their own, Russian
is the other Cyrillic, and text without such letters takes the language of its
document, else the book's), and the rules of that language are data in the
style file (``typography`` in ``resources/styles/default.json``):

- hyphenation with pyphen's dictionary where one exists (English, Russian);
  a language without one (Kazakh, Azerbaijani) is set ragged right, since
  justified lines that cannot be hyphenated open wide gaps;
- straight quotes become the language's own (“ ” and ‘ ’ in English, « » and
  „ “ in Russian and Kazakh), an apostrophe ’, a spaced hyphen or a double one
  the language's dash, a range of years an en dash, three dots an ellipsis;
- dates take the book's one style ("12 March 2024"): an ISO date in English text
  and "April 3, 2017" become "3 April 2017".

The common case costs one regular expression search per paragraph: text without
a quote, a hyphen or a date is returned as it came.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing.dates import format_date

# letters only one language of the four has
_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_AZERBAIJANI = re.compile("[əƏ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_TELLING = re.compile("([әғқңөұүһіӘҒҚҢӨҰҮҺІ])|([\u0400-\u04ff])|([əƏ])")  # the first letter that tells
_LATIN_LANGUAGES = ("en", "az", "tr", "fr", "de", "es", "it", "uz")
_CYRILLIC_LANGUAGES = ("ru", "kk", "uk", "be", "ky", "tg", "mn")

# what smartening looks for: without one of these a text is returned untouched
_NEEDS = re.compile(r"[\"'\-]|\.\.\.|, \d{4}\b")
_SPACED_HYPHEN = re.compile(r"(?<=\S) +(?:-{1,3}|\u2013|\u2014) +(?=\S)")
_DOUBLE_HYPHEN = re.compile(r"(?<=\w)--(?=\w)")
_YEARS = re.compile(r"(?<![\w.\-/])(1[89]\d\d|20\d\d)-(1[89]\d\d|20\d\d)(?![\w\-/])")
_ISO_DAY = re.compile(r"(?<![\w.\-/:])(\d{4})-(\d{2})-(\d{2})(?![\w\-/:])")
_ISO_MONTH = re.compile(r"(?<![\w.\-/:])(\d{4})-(0[1-9]|1[0-2])(?![\w\-/:])")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH_FIRST = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2}), (\d{4})\b")
_OPENS_AFTER = frozenset(" \t\n([{\u2014\u2013-/\u00a0«„“‘")


def language_of(text: str, hint: str | None = None, default: str = "en") -> str:
    """The language a paragraph is set in: by its letters, else the hint (its document's)."""
    hint = (hint or "").lower()[:2] or default
    if text.isascii():
        return hint if hint in _LATIN_LANGUAGES else default
    first = _TELLING.search(text)
    if first is None:
        return hint if hint in _LATIN_LANGUAGES else default
    if first.lastindex == 1:
        return "kk"
    if first.lastindex == 2:  # Cyrillic: Kazakh if a letter of its own comes later
        if _KAZAKH.search(text, first.end()):
            return "kk"
        return hint if hint in _CYRILLIC_LANGUAGES else "ru"
    # Azerbaijani's schwa; but Cyrillic further on makes the paragraph Cyrillic
    cyrillic = _CYRILLIC.search(text, first.end())
    if cyrillic is None:
        return "az"
    return "kk" if _KAZAKH.search(text, cyrillic.start()) else (hint if hint in _CYRILLIC_LANGUAGES else "ru")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    quotes: tuple[str, str, str, str]  # outer open, outer close, inner open, inner close
    dash: str  # between words: " – ", "\u00a0— "
    apostrophe: str = "\u2019"
    hyphenation: str | None = None  # pyphen's dictionary, or None: set ragged right


class Hyphenator:
    """A language's hyphenation points, from pyphen's dictionary (Liang's patterns, as TeX and
    LibreOffice use them), remembered per word.

    Called as ReportLab's ``hyphenationLang`` (a callable yielding ``(head, tail)``, the longest
    head first) for paragraphs with markup; the plain paragraph asks ``pairs`` itself. A word
    is broken only between letters, never before ``left`` letters or after the last ``right``;
    words shorter than ``min_word`` and capitalised words (names, acronyms) are left whole.

    The patterns are read here rather than by pyphen's own reader, which takes 60 ms a
    dictionary (a cost every export would pay, and its helper process again); this one reads
    the same file in a fraction of that and finds the same points (``positions``)."""

    def __init__(self, dictionary: str, *, left: int = 2, right: int = 3, min_word: int = 6) -> None:
        self.dictionary = dictionary
        self.left, self.right, self.min_word = left, right, min_word
        self._patterns: dict[str, Any] | None = None
        self._maxlen = 0
        self._pairs: dict[str, tuple[tuple[str, str], ...]] = {}

    def _load(self) -> dict[str, Any]:
        path = _dictionary(self.dictionary)
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        encoding = head.decode("ascii", "replace").strip().lower()
        text = body.decode("cp1251" if encoding == "microsoft-cp1251" else encoding)
        if "^^" in text or "/" in text:  # escapes or non-standard breaks: pyphen's reader knows them
            import pyphen

            patterns: dict[str, Any] = dict(pyphen.Pyphen(filename=str(path)).hd.patterns)
        else:
            # each pattern by its letters, its digits read the first time a word meets it
            digits = str.maketrans("", "", "0123456789")
            patterns = {line.translate(digits): line for line in map(str.strip, text.split("\n"))
                        if line and line[0] not in "%#" and not line[0].isupper()}
        self._maxlen = max(map(len, patterns), default=0)
        return patterns

    @staticmethod
    def _values(pattern: str) -> tuple[int, tuple[int, ...]]:
        """"1ba" -> (0, (1,)), "a2b" -> (1, (2,)): the offset of the first value and the values."""
        values: list[int] = []
        digit = False
        for c in pattern:
            if c.isdigit():
                values.append(int(c))
                digit = True
            else:
                if not digit:
                    values.append(0)
                digit = False
        if not digit:
            values.append(0)
        start, end = 0, len(values)
        while start < end and not values[start]:
            start += 1
        while end > start and not values[end - 1]:
            end -= 1
        return start, tuple(values[start:end])

    def positions(self, word: str) -> list[int]:
        """Where ``word`` may be broken (character offsets), as pyphen finds them."""
        patterns = self._patterns
        if patterns is None:
            patterns = self._patterns = self._load()
        pointed = f".{word.lower()}."
        size = len(pointed)
        refs = [0] * (size + 1)
        maxlen = self._maxlen
        get = patterns.get
        for i in range(size - 1):
            for j in range(i + 1, min(i + maxlen, size) + 1):
                found = get(pointed[i:j])
                if found is None:
                    continue
                if isinstance(found, str):
                    found = patterns[pointed[i:j]] = self._values(found)
                offset, values = found
                at = i + offset
                for k, v in enumerate(values):
                    if v > refs[at + k]:
                        refs[at + k] = v
        last = len(word) - self.right
        return [i - 1 for i, v in enumerate(refs) if v % 2 and self.left <= i - 1 <= last]

    def pairs(self, word: str) -> tuple[tuple[str, str], ...]:
        """``(head, tail)`` pairs for ``word``, the longest head first; the head without its hyphen
        (a compound's head ends with its own dash, and takes no other)."""
        found = self._pairs.get(word)
        if found is None:
            found = self._pairs[word] = self._find(word)
        return found

    def _find(self, word: str) -> tuple[tuple[str, str], ...]:
        start = 0
        while start < len(word) and not word[start].isalpha():
            start += 1
        end = len(word)
        while end > start and not word[end - 1].isalpha():
            end -= 1
        core = word[start:end]
        if "-" in core or "\u2013" in core:  # a compound ("medium-sized", "KazMunayGas–SOCAR"): after its dash only
            return tuple((word[:start + i + 1], word[start + i + 1:]) for i in range(len(core) - 3, 1, -1)
                         if core[i] in "-\u2013" and core[i - 1].isalpha() and core[i + 1].isalpha())
        if len(core) < self.min_word or not core[0].islower() or not core.isalpha():
            return ()
        return tuple((word[:start + p], word[start + p:]) for p in reversed(self.positions(core)))

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        # ReportLab adds the hyphen itself, and asks only for words made of letters
        yield from self.pairs(word)

    def __deepcopy__(self, memo: dict) -> Hyphenator:
        return self  # one per language, shared (ReportLab deep-copies styles that carry it)


def _dictionary(name: str) -> Path:
    """The file of pyphen's dictionary ``name`` ("en_GB"): found beside the package without importing
    it (its import lists every dictionary it has, a cost an export need not pay)."""
    spec = importlib.util.find_spec("pyphen")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "dictionaries" if spec else None
    if folder is not None and (folder / f"hyph_{name}.dic").is_file():
        return folder / f"hyph_{name}.dic"
    import pyphen

    found = pyphen.language_fallback(name)
    if found is None:
        raise ValueError(f"no hyphenation dictionary {name!r}")
    return Path(pyphen.LANGUAGES[found])


@dataclass
class Typesetter:
    """The book's typographic rules, from the style file's ``typography``."""

    languages: dict[str, Language]
    default: str = "en"
    hyphenation: dict[str, Any] = field(default_factory=dict)
    _hyphenators: dict[str, Hyphenator | None] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Typesetter:
        data = data or {}
        languages = {}
        for code, spec in (data.get("languages") or {}).items():
            quotes = spec.get("quotes") or "\u201c\u201d\u2018\u2019"
            languages[code] = Language(code, spec.get("name") or code, tuple(quotes), spec.get("dash") or " \u2013 ",
                                       spec.get("apostrophe") or "\u2019", spec.get("hyphenation"))
        return cls(languages, data.get("default_language") or "en", dict(data.get("hyphenation") or {}))

    def language(self, code: str | None) -> Language:
        code = (code or "").lower()[:2]
        return self.languages.get(code) or self.languages.get(self.default) or Language(
            self.default, self.default, ("\u201c", "\u201d", "\u2018", "\u2019"), " \u2013 ")

    def name(self, code: str | None) -> str:
        """A language's name for a code ("en" -> "English"); anything else as it was written."""
        if not code:
            return ""
        found = self.languages.get(code.strip().lower().replace("_", "-").split("-")[0])
        return found.name if found else code

    def hyphenator(self, code: str) -> Hyphenator | None:
        """The language's hyphenator; None where it has no dictionary (set ragged right)."""
        if code not in self._hyphenators:
            dictionary = self.language(code).hyphenation if code in self.languages else None
            self._hyphenators[code] = Hyphenator(dictionary, **self.hyphenation) if dictionary else None
        return self._hyphenators[code]

    def unhyphenated(self) -> Typesetter:
        """The same rules without hyphenation (the pocket card: large type, words kept whole)."""
        languages = {code: replace(lang, hyphenation=None) for code, lang in self.languages.items()}
        return Typesetter(languages, self.default, dict(self.hyphenation))

    def quoting(self, code: str) -> Smartener:
        return Smartener(self.language(code))

    def smart(self, text: str, code: str) -> str:
        # (the common case, nothing to change, told by substring tests alone)
        if '"' in text or "'" in text or "-" in text or "..." in text or ", 1" in text or ", 2" in text:
            return Smartener(self.language(code))(text)
        return text


class Smartener:
    """Typographic quotes, apostrophes and dashes for the text of one paragraph, piece by piece
    (a quote may open in one piece of markup and close in another)."""

    def __init__(self, language: Language) -> None:
        self.lang = language
        self.prev = " "
        self.depth = 0  # quotes open: 1 outer, 2 inner
        self.single_open = False
        self.in_tag = False

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if not _needs(text):
            self.prev = text[-1]
            return text
        lang = self.lang
        text = text.replace("...", "\u2026")
        if "-" in text or "\u2013" in text or "\u2014" in text:
            text = _SPACED_HYPHEN.sub(lang.dash, text)
            text = _DOUBLE_HYPHEN.sub(lang.dash.strip(), text)
            text = _YEARS.sub(lambda m: f"{m[1]}\u2013{m[2]}" if int(m[2]) > int(m[1]) else m[0], text)
            if lang.code == "en":
                text = _ISO_DAY.sub(_long_date, text)
        if lang.code == "en" and ", " in text:
            text = _MONTH_FIRST.sub(lambda m: f"{int(m[2])} {m[1]} {m[3]}", text)
        if '"' in text or "'" in text:
            text = self._quotes(text)
        self.prev = text[-1]
        return text

    def _quotes(self, text: str) -> str:
        q = self.lang.quotes
        out: list[str] = []
        prev = self.prev
        n = len(text)
        for i, c in enumerate(text):
            if self.in_tag or (c == "<" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in "/!?")):
                # what looks like markup prints as written, its quotes straight (imported text is text)
                self.in_tag = c != ">"
            elif c in "\"'" and prev == "=":
                pass  # an attribute written out: straight
            elif c == '"':
                after = text[i + 1] if i + 1 < n else " "
                opening = prev in _OPENS_AFTER and not after.isspace()
                if opening:
                    c = q[0] if self.depth == 0 else q[2]
                    self.depth = min(self.depth + 1, 2)
                else:
                    c = q[1] if self.depth <= 1 else q[3]
                    self.depth = max(self.depth - 1, 0)
            elif c == "'":
                after = text[i + 1] if i + 1 < n else " "
                # single quotes are the inner pair, or, outside any quote, the outer one of a
                # language whose outer quotes are guillemets (a quotation typed 'so' in Russian)
                outer = not self.depth and q[0] == "\u00ab"
                if prev.isalnum() and after.isalpha():
                    c = self.lang.apostrophe  # Xi'an, Council's
                elif prev in _OPENS_AFTER and (after.isalnum() or after == "\u2026"):
                    c = q[0] if outer else q[2]
                    self.single_open = True
                elif self.single_open:
                    c = q[1] if outer else q[3]
                    self.single_open = False
                else:
                    c = self.lang.apostrophe  # the Presidents' meeting
            out.append(c)
            prev = c
        return "".join(out)


def _needs(text: str) -> bool:
    """Whether smartening could change ``text``: a few substring tests, faster than one search."""
    return ('"' in text or "'" in text or "-" in text or "..." in text
            or ((", 1" in text or ", 2" in text) and _NEEDS.search(text) is not None))


def _long_date(m: re.Match) -> str:
    month, day = int(m[2]), int(m[3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m[0]
    return format_date(m[0])


def book_dates(markdown: str) -> str:
    """The app's own text (a generated block) with its ISO dates in the book's style:
    "2024-03-12" -> "12 March 2024", "2022-08" -> "August 2022", each held on one line by
    no-break spaces (a table's date column is as wide as a date)."""
    if "-" not in markdown:
        return markdown
    markdown = _ISO_DAY.sub(lambda m: _long_date(m).replace(" ", "\u00a0"), markdown)
    return _ISO_MONTH.sub(lambda m: format_date(m[0]).replace(" ", "\u00a0"), markdown)


Smarten = Callable[[str], str]
