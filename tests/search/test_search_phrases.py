"""Phrases answered from their pair marks: the count and the ranking of plain FTS5, without FTS5.

A query that is one phrase and no filter is counted and ranked from the
marks of its adjacent pairs of sound keys (two words), or from the documents
holding all its pairs, each read (three or more). Whatever the path, the
total, the order and every score must be plain FTS5 bm25's to the last bit.
"""

import random
import sqlite3

import pytest
from sqlite_utils import Database

from briefing.library.documents import add_documents, delete_document, update_document
from briefing.library.opening import open_store
from briefing.library.schema import migrations
from briefing.library.search_index import PAIR_MARK, pair_marks, search_columns
from briefing.search import BM25, Filters, impact, parse_query, search
from briefing.search import ranking as search_module

WORDS = ["strategic", "partnership", "corridor", "transit", "oil", "Каспий", "Тоқаев", "agreement", "ь"]


@pytest.fixture
def library(store):
    rng = random.Random(5)
    docs = []
    for n in range(120):
        # bodies of many lengths and titles that hold phrases too: bm25 weighs both
        body = rng.choices(WORDS, k=rng.randint(5, 120))
        title = rng.choices(WORDS, k=rng.randint(1, 6))
        docs.append(
            {
                "title": " ".join(title) + f" {n}",
                "summary": " ".join(rng.choices(WORDS, k=6)) if n % 3 == 0 else None,
                "text": " ".join(body),
                "kind": rng.choice(["agreement", "note"]),
            }
        )
    add_documents(store, docs)
    return store


def plain(store, query, limit=20):
    """Every match, its count and bm25's order and scores, from FTS5 alone."""
    expression = parse_query(query).expression
    rows = store.execute(
        f"SELECT rowid, -{BM25} AS s FROM search_index WHERE search_index MATCH ? ORDER BY {BM25}, rowid",
        [expression],
    ).fetchall()
    return len(rows), [tuple(r) for r in rows[:limit]]


def assert_as_fts5(store, query, limit=20, offset=0):
    total, rows = plain(store, query, limit + offset)
    page = search(store, query, limit=limit, offset=offset)
    assert page.total == total
    assert [(r.id, r.score) for r in page.results] == rows[offset:]
    return page


PHRASES = [
    '"strategic partnership"',
    '"oil oil"',
    '"agreement agreement agreement"',
    '"Tokayev transit"',
    '"Каспий corridor oil"',
    '"corridor ь transit"',  # a word without a sound key: its neighbours are adjacent in the index
    '"transit strategic partnership oil"',
    '"oil nowhere"',
]


@pytest.mark.parametrize("query", PHRASES)
def test_a_phrase_counts_and_ranks_as_fts5(library, query):
    assert_as_fts5(library, query)


@pytest.mark.parametrize("query", ['"strategic partnership"', '"oil oil oil"'])
@pytest.mark.parametrize("offset", [0, 7, 19, 500])
def test_every_page_of_a_phrase_is_fts5s(library, query, offset):
    assert_as_fts5(library, query, limit=7, offset=offset)


@pytest.mark.parametrize("query", ['"strategic partnership"', '"agreement corridor oil"'])
def test_a_phrase_never_asks_fts5(library, query):
    statements = []
    library.db.conn.set_trace_callback(statements.append)
    search(library, query)
    library.db.conn.set_trace_callback(None)
    assert not [s for s in statements if "search_index MATCH" in s]


def test_light_documents_are_left_unread_once_the_page_is_full(library, monkeypatch):
    read = []
    real = impact._doc_lengths
    monkeypatch.setattr(impact, "_doc_lengths", lambda store, ids: read.extend(ids) or real(store, ids))
    page = assert_as_fts5(library, '"oil oil"', limit=3)
    assert len(read) < page.total


def test_a_long_phrase_in_too_many_documents_goes_to_fts5(library, monkeypatch):
    monkeypatch.setattr(search_module, "PHRASE_VERIFY", 2)
    statements = []
    library.db.conn.set_trace_callback(statements.append)
    assert_as_fts5(library, '"oil oil oil"')
    library.db.conn.set_trace_callback(None)
    assert [s for s in statements if "search_index MATCH" in s]


def test_a_phrase_with_filters_or_other_words_is_still_fts5s(library):
    page = search(library, '"strategic partnership" oil', limit=50)
    expression = parse_query('"strategic partnership" oil').expression
    assert page.total == library.scalar("SELECT count(*) FROM search_index WHERE search_index MATCH ?", [expression])
    notes = search(library, '"strategic partnership"', Filters(kinds=["note"]), limit=200)
    everything = search(library, '"strategic partnership"', limit=200)
    kinds = dict(library.execute("SELECT id, kind FROM documents").fetchall())
    assert [r.id for r in notes.results] == [r.id for r in everything.results if kinds[r.id] == "note"]


def test_pair_marks_weigh_the_title_and_skip_words_without_a_key():
    marks = set(pair_marks(["ab", "cd"], ["ab", "", "cd", "ab", "cd"]).split())
    assert marks == {f"{PAIR_MARK}abцcdш10", f"{PAIR_MARK}cdцabш1"}


def test_pairs_follow_edits_and_deletes(library):
    before = search(library, '"strategic partnership"', limit=1).results[0]
    update_document(library, before.id, {"title": "Renamed", "summary": None, "text": "partnership strategic"})
    assert before.id not in [r.id for r in search(library, '"strategic partnership"', limit=200).results]
    assert before.id in [r.id for r in search(library, '"partnership strategic"', limit=200).results]
    delete_document(library, before.id)
    for query in ('"strategic partnership"', '"partnership strategic"'):
        assert_as_fts5(library, query)
    # nothing of the deleted document stays in the marks
    left = library.execute(
        "SELECT count(*) FROM search_marks WHERE rowid = ? AND search_marks MATCH ?", [before.id, f'"{PAIR_MARK}" *']
    )
    assert left.fetchone()[0] == 0


def test_a_library_of_the_previous_version_gets_its_pair_marks_on_upgrade(store_path):
    conn = sqlite3.connect(store_path)
    migrations.apply(Database(conn), stop_before="0010_search_marks_with_pairs")
    conn.close()
    text = "A strategic partnership, and a strategic partnership again."
    with open_store(store_path, migrate=False) as old:
        old.execute(
            "INSERT INTO documents (id, title, kind, text, created, updated) VALUES (1, 'Pact', 'agreement', ?, 'now', 'now')",
            [text],
        )
        old.execute(
            "INSERT INTO search_index (rowid, title_fold, body_fold, title_key, body_key, facets)"
            " VALUES (1, ?, ?, ?, ?, '__kagreement')",
            search_columns("Pact", text),
        )
        old.db.conn.commit()
    with open_store(store_path) as upgraded:
        assert "0010_search_marks_with_pairs" in [m.name for m in migrations.applied(upgraded.db)]
        assert_as_fts5(upgraded, '"strategic partnership"')
        assert search(upgraded, '"strategic partnership"').total == 1
