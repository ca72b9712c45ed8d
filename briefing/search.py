"""Full-text search over the library: ranked, filtered, cross-script.

The user's query is parsed leniently (words, "phrases", prefix*, OR, NOT,
-word, parentheses) and each word is translated to the folded or sound-key
columns of the FTS5 index (see ``fold``). Whatever the user typed, the search
never fails on syntax: if the translated expression is rejected, the words
alone are searched.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from .fold import WORD_RE, fold, sound_key, uses_key
from .store import Store

KEY_COLUMNS = "{title_key body_key}"
FOLD_COLUMNS = "{title_fold body_fold}"
# bm25 weights per column: title_fold, body_fold, title_key, body_key
BM25 = "bm25(search_index, 8.0, 1.0, 8.0, 1.0)"
SNIPPET_WORDS = 28
MARK_OPEN, MARK_CLOSE = "<b>", "</b>"

_TOKEN_RE = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    party: str | None = None
    tag: str | None = None
    visit: str | None = None

    def any(self) -> bool:
        return bool(self.kinds or self.since or self.until or self.party or self.tag or self.visit)


@dataclass
class SearchResult:
    id: int
    title: str
    kind: str
    date: str | None
    snippet: str
    score: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchPage:
    total: int
    results: list[SearchResult]
    query: str = ""
    fell_back: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "results": [r.as_dict() for r in self.results]}


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

    def fts(self) -> str:
        columns = KEY_COLUMNS if self.on_key else FOLD_COLUMNS
        return f'{columns} : "{self.text}"' + (" *" if self.prefix else "")


@dataclass
class ParsedQuery:
    expression: str
    terms: list[Term]
    plain: str  # the fallback: every word, ANDed


def _word_terms(raw: str, force_key: bool = False) -> list[Term]:
    prefix = raw.endswith("*")
    found = WORD_RE.findall(raw)
    terms = [Term.of(w, force_key=force_key) for w in found]
    if prefix and terms:
        last = found[-1]
        terms[-1] = Term.of(last, prefix=True, force_key=force_key)
    return [t for t in terms if t.text]


def parse_query(query: str) -> ParsedQuery:
    parts: list[str] = []
    terms: list[Term] = []
    for token in _TOKEN_RE.findall(query):
        upper = token.upper()
        if token in ("(", ")"):
            parts.append(token)
        elif upper in ("OR", "AND", "NOT") and token == upper:
            parts.append(upper)
        elif token.startswith('"'):
            words = WORD_RE.findall(token)
            if not words:
                continue
            phrase = [Term.of(w, force_key=True) for w in words]
            phrase = [t for t in phrase if t.text]
            if phrase:
                terms.extend(phrase)
                parts.append(f'{KEY_COLUMNS} : "' + " ".join(t.text for t in phrase) + '"')
        else:
            negated = token.startswith("-") and len(token) > 1
            word_terms = _word_terms(token.lstrip("-") if negated else token)
            if not word_terms:
                continue
            expr = " AND ".join(t.fts() for t in word_terms)
            if len(word_terms) > 1:
                expr = f"({expr})"
            if negated:
                parts.append(f"NOT {expr}")
            else:
                terms.extend(word_terms)
                parts.append(expr)
    plain_terms = [t for t in _word_terms(" ".join(WORD_RE.findall(query)))]
    plain = " AND ".join(t.fts() for t in plain_terms)
    return ParsedQuery(" ".join(parts), terms or plain_terms, plain)


def _filter_sql(store: Store, filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if filters.kinds:
        where.append(f"d.kind IN ({', '.join('?' for _ in filters.kinds)})")
        params.extend(filters.kinds)
    if filters.since:
        where.append("d.date >= ?")
        params.append(filters.since)
    if filters.until:
        # a bare year or month counts as the whole of it
        where.append("substr(d.date, 1, ?) <= ?")
        params.extend([len(filters.until), filters.until])
    if filters.tag:
        where.append(
            "d.id IN (SELECT dt.document_id FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?)"
        )
        params.append(filters.tag.strip())
    if filters.party:
        ids = party_document_ids(store, filters.party)
        where.append(f"d.id IN ({', '.join(str(i) for i in ids) or 'NULL'})")
    if filters.visit:
        where.append(
            "d.id IN (SELECT ed.document_id FROM event_documents ed JOIN events e ON e.id = ed.event_id "
            "WHERE e.id = ? OR e.slug = ? OR e.title = ?)"
        )
        params.extend([filters.visit, filters.visit, filters.visit])
    return where, params


COUNTRY_CODES = {"KZ": "Kazakhstan", "AZ": "Azerbaijan", "TR": "Turkiye", "RU": "Russia", "CN": "China"}


def party_document_ids(store: Store, party: str) -> list[int]:
    """Documents with a party named like ``party`` (in any script) or of that country."""
    wanted = [sound_key(w) for w in WORD_RE.findall(party)]
    code = party.strip().upper()
    ids = set()
    for row in store.rows("SELECT document_id, name, country FROM document_parties"):
        country = (row["country"] or "").upper()
        names = row["name"] + " " + COUNTRY_CODES.get(country, "")
        keys = {sound_key(w) for w in WORD_RE.findall(names)}
        if country == code or (wanted and all(k in keys for k in wanted)):
            ids.add(row["document_id"])
    return sorted(ids)


def search(store: Store, query: str = "", filters: Filters | None = None, *, limit: int = 20, offset: int = 0) -> SearchPage:
    """Ranked documents for ``query``; with no query, the filtered documents newest first."""
    filters = filters or Filters()
    where, params = _filter_sql(store, filters)
    parsed = parse_query(query)
    if not parsed.expression:
        return _list_by_date(store, where, params, limit, offset, query)
    try:
        page = _ranked(store, parsed.expression, parsed.terms, where, params, limit, offset)
        page.query = query
        return page
    except sqlite3.OperationalError:
        if not parsed.plain:
            return SearchPage(0, [], query, fell_back=True)
        page = _ranked(store, parsed.plain, parsed.terms, where, params, limit, offset)
        page.query, page.fell_back = query, True
        return page


def _ranked(store, expression, terms, where, params, limit, offset) -> SearchPage:
    clause = " AND ".join(["search_index MATCH ?", *where])
    base = f"FROM search_index JOIN documents d ON d.id = search_index.rowid WHERE {clause}"
    total = store.scalar(f"SELECT count(*) {base}", [expression, *params])
    rows = store.rows(
        f"SELECT d.id, d.title, d.kind, d.date, {BM25} AS score {base} ORDER BY score LIMIT ? OFFSET ?",
        [expression, *params, limit, offset],
    )
    results = [
        SearchResult(r["id"], r["title"], r["kind"], r["date"], snippet_for(store, r["id"], terms), -r["score"])
        for r in rows
    ]
    return SearchPage(total, results)


def _list_by_date(store, where, params, limit, offset, query) -> SearchPage:
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = store.scalar(f"SELECT count(*) FROM documents d {clause}", params)
    rows = store.rows(
        f"SELECT d.id, d.title, d.kind, d.date, d.summary, substr(d.text, 1, 400) AS lead FROM documents d {clause} "
        "ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    results = [
        SearchResult(r["id"], r["title"], r["kind"], r["date"], make_snippet(r["summary"] or r["lead"] or "", []), None)
        for r in rows
    ]
    return SearchPage(total, results, query)


def snippet_for(store: Store, doc_id: int, terms: list[Term]) -> str:
    row = store.one("SELECT summary, text FROM documents WHERE id = ?", [doc_id])
    if row is None:
        return ""
    for source in (row["text"], row["summary"]):
        if source and terms and any(t.matches(m.group()) for m in WORD_RE.finditer(source) for t in terms):
            return make_snippet(source, terms)
    return make_snippet(row["summary"] or row["text"] or "", terms)


def make_snippet(text: str, terms: list[Term], width: int = SNIPPET_WORDS) -> str:
    """A window of the original text around the most matches, matches marked <b>…</b>."""
    spans = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    if not spans:
        return ""
    hits = [any(t.matches(word) for t in terms) for _, _, word in spans]
    best_start, best_count, count = 0, -1, 0
    for i, hit in enumerate(hits):
        count += hit
        if i >= width:
            count -= hits[i - width]
        if count > best_count:
            best_count, best_start = count, max(0, i - width + 1)
    first = max(0, best_start - 3) if best_count > 0 else 0
    last = min(len(spans), first + width)
    out: list[str] = []
    cursor = spans[first][0]
    for (start, end, _), hit in zip(spans[first:last], hits[first:last]):
        out.append(_escape(text[cursor:start]))
        word = _escape(text[start:end])
        out.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if hit else word)
        cursor = end
    snippet = " ".join("".join(out).split())
    if first > 0:
        snippet = "…" + snippet
    if last < len(spans):
        snippet += "…"
    return snippet


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
