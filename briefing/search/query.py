"""The user's query read as FTS5 terms: words, "phrases", prefix*, OR, NOT, -word, parentheses.

Parsing is lenient: each word is translated to the folded or sound-key
columns of the FTS5 index (see ``briefing.library.fold``), and whatever the
user typed, the search never fails on syntax: if the translated expression is
rejected, its words are searched (see ``_fallback``), never the bare
operators; a query with no word at all is the empty query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.library.fold import WORD_RE, fold, sound_key, uses_key
from briefing.library.search_index import FOLD_PREFIX

_TOKEN_RE = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
# a query is cut to this before anything else is done with it: nobody types more, and a pasted page
# would otherwise cost time and memory that grow faster than its length
MAX_QUERY_CHARS = 2000
MAX_QUERY_TOKENS = 200


@dataclass(frozen=True)
class Term:
    """One query word as it is matched: on the sound key or on the fold, maybe as a prefix."""

    text: str
    on_key: bool
    prefix: bool = False

    @classmethod
    def of(cls, word: str, prefix: bool = False, force_key: bool = False) -> Term:
        # a prefix is loose already, so it may as well be loose across scripts
        on_key = force_key or uses_key(word) or (prefix and len(fold(word)) >= 3)
        return cls(sound_key(word) if on_key else fold(word), on_key, prefix)

    def matches(self, word: str) -> bool:
        candidate = sound_key(word) if self.on_key else fold(word)
        return candidate.startswith(self.text) if self.prefix else candidate == self.text

    @property
    def token(self) -> str:
        """The word as the index holds it: a sound key bare, a fold marked (see search_index.FOLD_PREFIX)."""
        return self.text if self.on_key else FOLD_PREFIX + self.text

    def fts(self) -> str:
        return f'"{self.token}"' + (" *" if self.prefix else "")


@dataclass
class ParsedQuery:
    expression: str  # "" when the query has no word to search for
    terms: list[Term]
    plain: str  # the fallback when FTS5 rejects ``expression`` (see _fallback); "" when nothing to search


# the operators FTS5 reads in bare upper case; NEAR is not offered (it is
# read as a plain AND), and none of them is ever searched as a word
OPERATORS = ("AND", "OR", "NOT", "NEAR")


def _word_terms(raw: str, force_key: bool = False) -> list[Term]:
    prefix = raw.endswith("*")
    found = WORD_RE.findall(raw)
    terms = [Term.of(w, force_key=force_key) for w in found]
    if prefix and terms:
        last = found[-1]
        terms[-1] = Term.of(last, prefix=True, force_key=force_key)
    return [t for t in terms if t.text]


def _and(terms: list[Term]) -> str:
    expr = " AND ".join(t.fts() for t in terms)
    return f"({expr})" if len(terms) > 1 else expr


def parse_query(query: str) -> ParsedQuery:
    tokens = _TOKEN_RE.findall(query[:MAX_QUERY_CHARS])[:MAX_QUERY_TOKENS]
    parts: list[str] = []
    terms: list[Term] = []
    operands = 0
    for token in tokens:
        upper = token.upper()
        if token in ("(", ")"):
            parts.append(token)
        elif token == upper and upper in OPERATORS:
            if upper != "NEAR":
                parts.append(upper)
        elif token.startswith('"'):
            phrase = [t for t in (Term.of(w, force_key=True) for w in WORD_RE.findall(token)) if t.text]
            if phrase:
                terms.extend(phrase)
                parts.append('"' + " ".join(t.token for t in phrase) + '"')
                operands += 1
        else:
            negated = token.startswith("-") and len(token) > 1
            word_terms = _word_terms(token.lstrip("-") if negated else token)
            if not word_terms:
                continue
            operands += 1
            if negated:
                parts.append(f"NOT {_and(word_terms)}")
            else:
                terms.extend(word_terms)
                parts.append(_and(word_terms))
    plain, plain_terms = _fallback(tokens)
    # operators and punctuation alone search for nothing: the query is empty
    expression = " ".join(parts) if operands else ""
    return ParsedQuery(expression, terms or plain_terms, plain)


def _fallback(tokens: list[str]) -> tuple[str, list[Term]]:
    """The query's words when its syntax does not parse, and the terms they search.

    Parentheses, quotes, stray punctuation and bare AND/NEAR are dropped;
    each word (a phrase: its words) is ANDed with the others, except that an
    OR between two words is kept, and a word after a bare NOT or written
    -word is excluded. Without a word to search for the fallback is "".
    """
    positive: list[str] = []  # expressions, and "OR" between them
    negative: list[str] = []
    terms: list[Term] = []
    negate = False
    for token in tokens:
        if token in OPERATORS:
            if token == "OR":
                positive.append("OR")
            negate = negate or token == "NOT"
            continue
        negated = negate or (token.startswith("-") and len(token) > 1)
        word_terms = _word_terms(token.lstrip("-") if negated else token)
        if not word_terms:
            continue  # a parenthesis or punctuation: a NOT before it still holds
        negate = False
        if negated:
            negative.append(_and(word_terms))
        else:
            positive.append(_and(word_terms))
            terms.extend(word_terms)
    # an OR counts only between two words
    kept: list[str] = []
    for part in positive:
        if part == "OR" and (not kept or kept[-1] == "OR"):
            continue
        kept.append(part)
    if kept and kept[-1] == "OR":
        kept.pop()
    if not kept:
        return "", terms
    # an explicit AND between two words: FTS5 reads no implicit AND before a parenthesis ("a (b AND c)")
    expression = " ".join(part if n == 0 or "OR" in (part, kept[n - 1]) else f"AND {part}"
                          for n, part in enumerate(kept))
    if negative:
        expression = f"({expression}) " + " ".join(f"NOT {n}" for n in negative)
    return expression, terms
