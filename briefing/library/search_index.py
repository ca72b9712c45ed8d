"""The search index of documents: what each document's FTS5 row holds, and keeping it in step.

A document is indexed as four text columns (title and body, folded and as
sound keys), a column of facets (kind, dates, parties, tags as tokens), and a
row of marks in ``search_marks``: impact marks (the words that weigh most in
it) and pair marks (every two adjacent sound keys, with their weight), which
answer a phrase without reading positions. ``briefing.search`` reads what this
module writes; documents, the schema's migrations and the library check write
through it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from briefing.errors import NotFound
from briefing.library.fold import WORD_RE, fold, key_text, sound_key
from briefing.library.store import Store

INDEX_INSERT = (
    "INSERT INTO search_index (rowid, title_fold, body_fold, title_key, body_key, facets) VALUES (?, ?, ?, ?, ?, ?)"
)
# search_marks keeps no copy of its text (content=''): a row is deleted by
# naming the marks it was written with, which its search_index row gives again
MARKS_INSERT = "INSERT INTO search_marks (rowid, marks) VALUES (?, ?)"
MARKS_DELETE = "INSERT INTO search_marks (search_marks, rowid, marks) VALUES ('delete', ?, ?)"
MARKS_DELETE_ALL = "INSERT INTO search_marks (search_marks) VALUES ('delete-all')"
IMPACT_INSERT = MARKS_INSERT  # the name the documents module writes with
# A title word weighs as much as this many words of the body (search.BM25 too).
TITLE_WEIGHT = 8
# Marks separate the word from its weight with a letter no folded word holds,
# one per indexed form, so "baku" + weight never reads as another word.
FOLD_MARK, KEY_MARK = "ж", "ш"
MIN_IMPACT = 4
# A pair mark is PAIR_MARK, two adjacent sound keys joined by PAIR_JOIN, then
# KEY_MARK and the pair's weight: "щkaspaцpaplaanш9". It starts with a letter no
# folded word starts with, so a word's marks (and a prefix's) are never read
# with the pairs, and the pair's own marks are the terms that start "щaцbш".
PAIR_MARK, PAIR_JOIN = "щ", "ц"
# In the index a folded word starts with FOLD_PREFIX and a facet with
# FACET_PREFIX (the tokenizer keeps "_" inside tokens); sound keys are bare.
# The three kinds of token never meet, so a query needs no column filter,
# which would make FTS5 read every position of a common word.
FOLD_PREFIX = "_"
FACET_PREFIX = "__"


def marked_folds(folds: list[str]) -> str:
    """Folded words as the index holds them: ``_baku _and``; a word that folds to nothing stays a lone ``_``."""
    return FOLD_PREFIX + (" " + FOLD_PREFIX).join(folds) if folds else ""


def kind_facet(kind: str) -> str:
    return f"{FACET_PREFIX}k{kind.replace('-', '')}"


def date_block_facet(digits: str) -> str:
    """The facet of the years that start with ``digits``: a millennium (1 digit) down to a year (4)."""
    return f"{FACET_PREFIX}{'mcdy'[len(digits) - 1]}{digits}"


def date_facets(year: str) -> list[str]:
    """A four-digit year as facets of its year, decade, century and millennium.

    A date filter names the largest blocks that its range holds whole, so a
    range of decades is a handful of terms, not one per year.
    """
    return [date_block_facet(year[:n]) for n in (4, 3, 2, 1)]


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def party_facet(name: str, country: str | None) -> str:
    return f"{FACET_PREFIX}p{_digest(name, country or '')}"


# tag names are unique without regard to ASCII case (COLLATE NOCASE), and so are their facets
_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def tag_facet(name: str) -> str:
    return f"{FACET_PREFIX}t{_digest(name.strip().translate(_NOCASE))}"


def facets_of(row: Mapping[str, Any], parties: Iterable[Mapping[str, Any]], tags: Iterable[str]) -> str:
    """The document's kind, dates, parties and tags as index tokens: filters become FTS5 terms.

    Intersecting a word's doclist with a facet's runs inside FTS5; testing
    each match against a set of ids from the documents table costs a lookup
    per match, most of a filtered search on a large library.
    """
    facets = [kind_facet(row.get("kind") or "article")]
    year = (row.get("date") or "")[:4]
    if len(year) == 4 and year.isascii() and year.isdigit():
        facets += date_facets(year)
    facets += [party_facet(p["name"], p.get("country")) for p in parties]
    facets += [tag_facet(name) for name in tags]
    return " ".join(dict.fromkeys(facets))


def index_text(doc: Mapping[str, Any], parties, speakers, tags) -> tuple[str, str]:
    extra = [p["name"] + " " + (p.get("country") or "") for p in parties]
    extra += [s["name"] for s in speakers]
    extra += list(tags)
    parts = [doc.get(k) for k in ("summary", "text", "place", "publisher", "author", "instrument")] + extra
    return doc["title"], "\n".join(p for p in parts if p)


def _stored_for_search(store: Store, doc_id: int) -> tuple[dict, list[dict], list[dict], list[str]]:
    """A stored document's fields, parties, speakers and tags: what its index row is made of."""
    doc = store.one(
        "SELECT title, text, summary, place, publisher, author, instrument, kind, date FROM documents WHERE id = ?",
        [doc_id],
    )
    if doc is None:
        raise NotFound(f"no document with id {doc_id}")
    parties = store.rows("SELECT name, country FROM document_parties WHERE document_id = ? ORDER BY position", [doc_id])
    speakers = store.rows("SELECT name FROM document_speakers WHERE document_id = ? ORDER BY position", [doc_id])
    tags = [
        r["name"]
        for r in store.rows(
            "SELECT t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id WHERE dt.document_id = ? "
            "ORDER BY dt.rowid",
            [doc_id],
        )
    ]
    return doc, parties, speakers, tags


def search_columns(title: str, body: str) -> tuple[str, str, str, str]:
    """The four indexed text columns: title and body, folded (each word marked) and as sound keys."""
    title_words, body_words = WORD_RE.findall(title), WORD_RE.findall(body)
    return (
        marked_folds([fold(w) for w in title_words]),
        marked_folds([fold(w) for w in body_words]),
        key_text(title),
        key_text(body),
    )


def expected_index_row(store: Store, doc_id: int) -> tuple[str, str, str, str, str]:
    """The search_index row a stored document should have: its four text columns and its facets."""
    doc, parties, speakers, tags = _stored_for_search(store, doc_id)
    return (*index_rows(*index_text(doc, parties, speakers, tags))[0], facets_of(doc, parties, tags))


def impact_marks(columns: tuple[str, str, str, str]) -> str:
    """The document's marks: impact marks, then pair marks (``pair_marks``).

    One impact mark per word that weighs at least MIN_IMPACT in the document,
    e.g. ``bakuж9``. The weight is bm25's weighted count: title occurrences
    times TITLE_WEIGHT plus body occurrences, for the folded and the
    sound-key forms apart.
    """
    marks: list[str] = []
    for title, body, sep in ((columns[0], columns[1], FOLD_MARK), (columns[2], columns[3], KEY_MARK)):
        weights: Counter[str] = Counter()
        for word in title.split():
            weights[word.removeprefix(FOLD_PREFIX)] += TITLE_WEIGHT
        weights.update(word.removeprefix(FOLD_PREFIX) for word in body.split())
        weights.pop("", None)  # a word that folds to nothing
        heavy = [(word, weight) for word, weight in weights.items() if weight >= MIN_IMPACT]
        marks.extend([f"{word}{sep}{weight}" for word, weight in heavy])
    pairs = pair_marks(columns[2].split(), columns[3].split())
    return " ".join([*marks, pairs] if pairs else marks)


def pair_marks(title_keys: list[str], body_keys: list[str]) -> str:
    """A mark for each two sound keys that stand side by side in the title or the body, with their weight.

    The weight is bm25's weighted count of the phrase of the two: title
    occurrences times TITLE_WEIGHT plus body occurrences. A word without a
    sound key is no token of the index, so the keys on either side of it
    stand side by side, as FTS5 reads the phrase.
    """
    body = list(filter(None, body_keys))
    title = list(filter(None, title_keys))
    weights = Counter(map(PAIR_JOIN.join, zip(body, islice(body, 1, None))))
    for pair in map(PAIR_JOIN.join, zip(title, islice(title, 1, None))):
        weights[pair] += TITLE_WEIGHT
    if not weights:
        return ""
    return PAIR_MARK + f" {PAIR_MARK}".join(map(f"{{}}{KEY_MARK}{{}}".format, weights.keys(), weights.values()))


def pair_mark_start(first: str, second: str) -> str:
    """What every pair mark of the sound keys ``first`` and ``second`` starts with (the weight follows)."""
    return f"{PAIR_MARK}{first}{PAIR_JOIN}{second}{KEY_MARK}"


def index_rows(title: str, body: str) -> tuple[tuple[str, str, str, str], str]:
    """The four indexed columns and the impact marks, as ``search_columns`` and ``impact_marks`` give them.

    Loading a library spends most of its Python time here, so each text's
    words are found once and mapped through two dictionaries, and the weights
    are counted from those lists: every step per word runs in C.
    """
    lists = []
    for text in (title, body):
        # without an underscore in the text, \w+ finds exactly WORD_RE's words, a little faster
        found = WORD_RE.findall(text) if "_" in text else _PLAIN_WORD_RE.findall(text)
        try:
            lists.append((list(map(_FOLDS.__getitem__, found)), list(map(_KEYS.__getitem__, found))))
        except KeyError:
            _learn(found)
            lists.append((list(map(_FOLDS.__getitem__, found)), list(map(_KEYS.__getitem__, found))))
    (title_folds, title_keys), (body_folds, body_keys) = lists
    marks = []
    for title_words, body_words, sep in ((title_folds, body_folds, FOLD_MARK), (title_keys, body_keys, KEY_MARK)):
        weights = Counter(title_words)
        for word in weights:
            weights[word] *= TITLE_WEIGHT
        weights.update(body_words)
        weights.pop("", None)
        heavy = [(word, weight) for word, weight in weights.items() if weight >= MIN_IMPACT]
        marks.extend([f"{word}{sep}{weight}" for word, weight in heavy])
    pairs = pair_marks(title_keys, body_keys)
    if pairs:
        marks.append(pairs)
    columns = (marked_folds(title_folds), marked_folds(body_folds), " ".join(title_keys), " ".join(body_keys))
    return columns, " ".join(marks)


_PLAIN_WORD_RE = re.compile(r"\w+")
# word -> fold and word -> sound key, for index_rows; emptied past _FORMS_MAX words
_FOLDS: dict[str, str] = {}
_KEYS: dict[str, str] = {}
_FORMS_MAX = 500_000


def _learn(words: list[str]) -> None:
    if len(_FOLDS) + len(words) > _FORMS_MAX:
        _FOLDS.clear()
        _KEYS.clear()
    for word in set(words).difference(_FOLDS):
        _FOLDS[word] = fold(word)
        _KEYS[word] = sound_key(word)


def index_document(conn, doc_id: int, title: str, body: str, facets: str, *, marks: bool = True) -> None:
    columns, doc_marks = index_rows(title, body)
    conn.execute(INDEX_INSERT, [doc_id, *columns, facets])
    if marks:
        conn.execute(MARKS_INSERT, [doc_id, doc_marks])


def unindex_document(conn, doc_id: int) -> None:
    """Delete a document's index row and its marks, which its index row names (``impact_marks``)."""
    row = conn.execute(
        "SELECT title_fold, body_fold, title_key, body_key FROM search_index WHERE rowid = ?", [doc_id]
    ).fetchone()
    if row is None:
        return
    conn.execute(MARKS_DELETE, [doc_id, impact_marks(tuple(row))])
    conn.execute("DELETE FROM search_index WHERE rowid = ?", [doc_id])


def reindex_document(store: Store, doc_id: int) -> None:
    doc, parties, speakers, tags = _stored_for_search(store, doc_id)
    unindex_document(store.db.conn, doc_id)
    index_document(store.db.conn, doc_id, *index_text(doc, parties, speakers, tags), facets_of(doc, parties, tags))


def rebuild_search_index(store: Store) -> int:
    """Index every document anew, in one transaction; returns how many.

    The links of all documents are read in three queries rather than three
    per document: an upgrade that rebuilds the index of a large library
    spends its time indexing, not looking rows up.
    """
    with store.atomic() as db:
        conn = db.conn
        # a library on its way up from before 0010 has no search_marks yet: 0010 writes them from search_index
        marks = has_marks_table(conn)
        conn.execute("DELETE FROM search_index")
        if marks:
            conn.execute(MARKS_DELETE_ALL)
        parties = _by_document(
            store, "SELECT document_id, name, country FROM document_parties ORDER BY document_id, position"
        )
        speakers = _by_document(store, "SELECT document_id, name FROM document_speakers ORDER BY document_id, position")
        tags = _by_document(
            store,
            "SELECT dt.document_id, t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id "
            "ORDER BY dt.document_id, dt.rowid",
        )
        count = 0
        for doc in store.rows(
            "SELECT id, title, text, summary, place, publisher, author, instrument, kind, date FROM documents"
        ):
            doc_parties, doc_tags = parties.get(doc["id"], []), [t["name"] for t in tags.get(doc["id"], [])]
            title, body = index_text(doc, doc_parties, speakers.get(doc["id"], []), doc_tags)
            index_document(conn, doc["id"], title, body, facets_of(doc, doc_parties, doc_tags), marks=marks)
            count += 1
        _merge_segments(conn, marks=marks)
    return count


def rebuild_search_marks(store: Store) -> int:
    """Write every document's marks anew from its search_index row, in one transaction; returns how many.

    The marks are a function of the index row (``impact_marks``), so an
    index in step needs no folding again: the upgrade that brought pair marks
    (0010) writes them so, in a fraction of a full rebuild's time.
    """
    count, last = 0, None
    with store.atomic() as db:
        conn = db.conn
        conn.execute(MARKS_DELETE_ALL)
        while True:  # a thousand rows at a time: a large library's index does not fit in memory
            rows = conn.execute(
                "SELECT rowid, title_fold, body_fold, title_key, body_key FROM search_index"
                " WHERE rowid > ? ORDER BY rowid LIMIT 1000",
                [-(2**63) if last is None else last],
            ).fetchall()
            if not rows:
                _merge_segments(conn)
                return count
            conn.executemany(MARKS_INSERT, [(rowid, impact_marks(columns)) for rowid, *columns in rows])
            count, last = count + len(rows), rows[-1][0]


def _merge_segments(conn, *, marks: bool = True) -> None:
    """Merge the index and the marks into one b-tree each (FTS5's optimize): a later query reads one list a term.

    Many rows written in one go leave an FTS5 table in many segments, each
    searched for every term; merged, the queries of a library of 100,000
    documents cost some 6 % less, for about 20 s of the rebuild's time.
    """
    conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
    if marks:
        conn.execute("INSERT INTO search_marks (search_marks) VALUES ('optimize')")


def has_marks_table(conn) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_marks'").fetchone() is not None


def _by_document(store: Store, sql: str) -> dict[int, list[dict]]:
    """Rows whose first column is a document id, grouped by it (the id left out)."""
    grouped: dict[int, list[dict]] = {}
    for row in store.rows(sql):
        grouped.setdefault(row.pop("document_id"), []).append(row)
    return grouped
