"""The ranking of large result sets: a candidate tier read from the impact marks.

With the thresholds lowered, a few dozen documents take the path that a
library of 100,000 takes for a word in most documents. The tier holds the
documents in which the query's words weigh most; with documents of one length
that is exactly bm25's top, so the answers must be those of plain FTS5 bm25
over every match. (With lengths that differ, bm25's length normalisation can
lift a document from below the tier: bench/search.py --check measures how
often on a large library.)
"""

import random

import pytest

from briefing.library.documents import add_documents, delete_document, update_document
from briefing.search import BM25, Filters, impact, parse_query, search
from briefing.search import ranking as search_module
from briefing.search.filters import filter_sql
from briefing.search.snippets import matcher, snippet_of

WORDS = ["strategic", "partnership", "corridor", "transit", "pipeline", "Каспий", "Тоқаев", "Əliyev", "oil", "grain"]


@pytest.fixture
def library(store, monkeypatch):
    rng = random.Random(3)
    docs = []
    for n in range(80):
        # bodies of one length: the tier is chosen by weight, bm25 also weighs length
        body = ["agreement"] * rng.randint(1, 30)
        body += rng.choices(WORDS, k=150 - len(body))
        rng.shuffle(body)
        title = " ".join(rng.choices(WORDS + ["agreement"], k=rng.randint(2, 5)))
        docs.append(
            {
                "title": f"{title} {n}",
                "text": " ".join(body),
                "kind": rng.choice(["agreement", "note"]),
                "date": f"20{n % 20:02d}-01-01",
            }
        )
    add_documents(store, docs)
    monkeypatch.setattr(search_module, "RANK_ALL", 5)
    monkeypatch.setattr(search_module, "CANDIDATES", 40)
    monkeypatch.setattr(impact, "CANDIDATES", 40)  # the tier's size per word
    return store


def plain(store, query, filters=Filters(), limit=10):
    where, params = filter_sql(store, filters)
    clause = " AND ".join(["search_index MATCH ?", *where])
    base = f"FROM search_index JOIN documents d ON d.id = search_index.rowid WHERE {clause}"
    expression = parse_query(query).expression
    total = store.scalar(f"SELECT count(*) {base}", [expression, *params])
    ids = [
        r[0]
        for r in store.execute(
            f"SELECT d.id, {BM25} AS s {base} ORDER BY s, d.id LIMIT ?", [expression, *params, limit]
        )
    ]
    return total, ids


@pytest.mark.parametrize(
    "query, filters",
    [
        ("agreement", Filters()),
        ("Tokayev", Filters()),
        ("agreement oil", Filters()),
        ("agreement", Filters(kinds=["note"])),
        ("agreement", Filters(since="2010-01-01", until="2015")),
        # eight documents: more than RANK_ALL, but few of them in the tier, which is too thin for the page
        ("agreement", Filters(since="2003-01-01", until="2004")),
        ("agree*", Filters()),
        ("agree*", Filters(kinds=["note"])),
        ("Kasp*", Filters()),
        ("pa*", Filters()),
    ],
)
def test_the_tier_ranks_like_plain_bm25(library, query, filters):
    page = search(library, query, filters, limit=10)
    total, ids = plain(library, query, filters)
    assert page.total == total > 5
    assert [r.id for r in page.results] == ids


@pytest.mark.parametrize("query", ["agreement", "agreement oil"])
def test_the_tier_is_used(library, monkeypatch, query):
    read = []
    real = impact._heaviest_marks
    monkeypatch.setattr(impact, "_heaviest_marks", lambda *a, **k: read.append(1) or real(*a, **k))
    search(library, query, limit=10)
    assert read


@pytest.mark.parametrize("query", ["agreement", "Tokayev", "oil", "Каспий"])
def test_bm25_from_the_marks_is_fts5_bm25_to_the_last_bit(library, query):
    term = parse_query(query).terms[0]
    weights = impact.impact_weights(library, term, per_term=1000)
    assert weights
    expression = parse_query(query).expression
    fts5 = dict(library.execute(f"SELECT rowid, {BM25} FROM search_index WHERE search_index MATCH ?", [expression]))
    ours = dict(impact.bm25_of_weights(library, weights, len(fts5)))
    assert ours == {doc_id: fts5[doc_id] for doc_id in weights}


def test_a_one_word_query_does_not_make_fts5_score_every_match(library, monkeypatch):
    # the tier is scored from its marks: no statement asks FTS5 for bm25
    statements = []
    library.db.conn.set_trace_callback(statements.append)
    page = search(library, "agreement", limit=10)
    library.db.conn.set_trace_callback(None)
    total, ids = plain(library, "agreement")
    assert (page.total, [r.id for r in page.results]) == (total, ids)
    assert not [s for s in statements if "bm25(" in s]


def test_marks_follow_edits_and_deletes(library):
    first = search(library, "agreement", limit=1).results[0]
    update_document(library, first.id, {"title": "Renamed", "text": "nothing to see"})
    assert first.id not in [r.id for r in search(library, "agreement", limit=80).results]
    assert not library.scalar(
        "SELECT count(*) FROM search_marks WHERE rowid = ? AND search_marks MATCH 'agreementж1'", [first.id]
    )
    delete_document(library, first.id)
    total, ids = plain(library, "agreement")
    page = search(library, "agreement", limit=10)
    assert page.total == total and [r.id for r in page.results] == ids


@pytest.mark.parametrize("query", ["agreement", "Tokayev", "Каспий oil", "agree*", '"strategic partnership"'])
def test_snippets_read_from_the_index_equal_snippets_folded_afresh(store, query):
    add_documents(
        store,
        [
            {
                "title": "One",
                "summary": "Тоқаев and Əliyev met.",
                "text": "An agreement on oil. Каспий grain oil transit.",
            },
            {"title": "Two", "text": "Strategic partnership — agreements, agreed; TOKAYEV spoke. " * 20},
            {"title": "Three", "summary": "Nothing here", "text": "Still nothing at all"},
        ],
    )
    terms = parse_query(query).terms
    matches = matcher(terms)
    for row in store.rows(
        "SELECT d.id, d.summary, d.text, s.body_fold, s.body_key FROM documents d JOIN search_index s ON s.rowid = d.id"
    ):
        indexed = (row["body_fold"], row["body_key"])
        assert snippet_of(row, matches, indexed) == snippet_of(row, matches, None)
    assert any("<b>" in r.snippet for r in search(store, query).results)


@pytest.mark.parametrize("query", ['"strategic partnership"', '"agreement agreement"', '"oil pipeline"'])
def test_a_phrase_beyond_the_probe_counts_exactly_and_keeps_bm25_scores(library, monkeypatch, query):
    # the probe's matches are not read again: the count and the tier go on after them
    monkeypatch.setattr(search_module, "PHRASE_PROBE", 3)
    total, _ = plain(library, query)
    page = search(library, query, limit=10)
    assert page.total == total > 5
    expression = parse_query(query).expression
    scores = dict(
        library.execute(f"SELECT rowid, -{BM25} FROM search_index WHERE search_index MATCH ?", [expression]).fetchall()
    )
    # every path gives bm25's double to the last bit
    assert [r.score for r in page.results] == [scores[r.id] for r in page.results]
    assert [r.score for r in page.results] == sorted((r.score for r in page.results), reverse=True)
    monkeypatch.setattr(search_module, "PHRASE_PROBE", 1000)
    assert search(library, query, limit=10).total == total


def test_filters_that_leave_few_documents_rank_all_in_one_pass(library, monkeypatch):
    # 2003 holds four documents: at most RANK_ALL, so no count and no tier
    filters = Filters(since="2003-01-01", until="2003")
    monkeypatch.setattr(search_module, "impact_candidates", lambda *a, **k: pytest.fail("tier read"))
    page = search(library, "agreement", filters, limit=10)
    total, ids = plain(library, "agreement", filters)
    assert page.total == total > 0
    assert [r.id for r in page.results] == ids
