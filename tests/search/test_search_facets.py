"""Filters as facet terms of the index: the same documents as the SQL filters over the documents table.

A search runs its filters inside FTS5 (kind, dates, parties and tags are
tokens of the facets column) and trims a date range's partial first and last
years with SQL. Whatever the route, the matches must be exactly those of the
plain definition: the query's matches joined with the documents that pass
``filter_sql``.
"""

import random
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from briefing.dates import is_partial_date
from briefing.library.documents import add_documents, update_document
from briefing.library.opening import open_store
from briefing.library.schema import migrations
from briefing.search import BM25, Filters, impact, parse_query, search
from briefing.search import ranking as search_module
from briefing.search.filters import _year_blocks, filter_sql

KINDS = ["agreement", "joint-statement", "speech", "article", "note"]
PARTIES = [("Republic of Kazakhstan", "KZ"), ("Azərbaycan Respublikası", "AZ"), ("SOCAR", "AZ"), ("KazMunayGas", "KZ")]
TAGS = ["energy", "Energy", "transport", "culture"]


def _date(rng: random.Random) -> str | None:
    year = rng.choice([1998, 1999, 2000, 2008, 2009, 2010, 2019, 2024])
    shape = rng.random()
    if shape < 0.1:
        return None
    if shape < 0.2:
        return str(year)
    if shape < 0.3:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


@pytest.fixture
def library(store):
    rng = random.Random(5)
    docs = []
    for n in range(160):
        docs.append(
            {
                "title": f"Report {n} on the {rng.choice(['pipeline', 'corridor', 'Каспий'])}",
                "text": " ".join(rng.choices(["oil", "transit", "Tokayev", "Алиев", "grain", "port"], k=30)),
                "kind": rng.choice(KINDS),
                "date": _date(rng),
                "parties": [{"name": n, "country": c} for n, c in rng.sample(PARTIES, rng.choice((0, 1, 2)))],
                "tags": rng.sample(TAGS, rng.choice((0, 1, 2))),
            }
        )
    # dates that do not start with a year are in no date range
    docs.append({"title": "Undated pipeline report", "text": "oil transit", "date": "n.d."})
    docs.append({"title": "Pipeline report of the nineties", "text": "oil transit", "date": "199?"})
    add_documents(store, docs)
    return store


def plain(store, query, filters):
    """The definition: every match of the query among the documents the SQL filters leave."""
    where, params = filter_sql(store, filters)
    clause = " AND ".join(["search_index MATCH ?", *where])
    sql = f"SELECT d.id, {BM25} AS s FROM search_index JOIN documents d ON d.id = search_index.rowid WHERE {clause}"
    return dict(store.execute(sql, [parse_query(query).expression, *params]).fetchall())


def assert_same(store, query, filters):
    expected = plain(store, query, filters)
    page = search(store, query, filters, limit=500)
    assert page.total == len(expected), filters
    assert {r.id for r in page.results} == set(expected), filters
    for r in page.results:
        assert r.score == pytest.approx(-expected[r.id], rel=1e-9)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(kinds=["agreement"]),
        Filters(kinds=["agreement", "joint-statement"]),
        Filters(kinds=["Agreement"]),  # kinds are exact: nothing
        Filters(kinds=["treaty"]),
        Filters(since="2008"),
        Filters(since="2008-01-01"),
        Filters(since="2008-03-15"),
        Filters(since="2008-03"),
        Filters(until="2009"),
        Filters(until="2009-06"),
        Filters(until="2009-06-30"),
        Filters(until="2009-12-31"),
        Filters(since="2008-05-10", until="2008-09-01"),
        Filters(since="1999-07", until="2019-02-11"),
        Filters(since="1900", until="2100"),
        Filters(since="2030"),
        Filters(until="1990"),
        Filters(since="2010", until="2008"),
        Filters(party="KZ"),
        Filters(party="SOCAR"),
        Filters(party="Azerbaijan"),
        Filters(party="Nowhere"),
        Filters(tag="energy"),
        Filters(tag="Energy"),
        Filters(tag="nothing"),
        Filters(kinds=["note", "speech"], since="2000-02-02", until="2019", party="AZ", tag="transport"),
    ],
)
@pytest.mark.parametrize("query", ["pipeline", "oil", "Tokayev", "transit grain", '"oil transit"', "port*", "Ка*"])
def test_facets_leave_the_documents_the_sql_filters_leave(library, query, filters):
    assert_same(library, query, filters)


partial_dates = st.builds(
    lambda y, m, d, shape: [str(y), f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"][shape],
    st.integers(1995, 2027),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(since=st.none() | partial_dates, until=st.none() | partial_dates, kinds=st.lists(st.sampled_from(KINDS)))
def test_any_date_range_matches_the_sql_definition(library, since, until, kinds):
    assert_same(library, "oil", Filters(kinds=kinds, since=since, until=until))


def test_a_date_that_is_no_date_goes_through_the_documents_table(library):
    # the command line refuses such dates; a caller that passes one still gets the SQL answer
    assert not is_partial_date("2008-13")
    assert_same(library, "oil", Filters(since="2008-13"))


def test_the_tier_and_the_full_ranking_agree_under_facets(library, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_ALL", 5)
    monkeypatch.setattr(search_module, "CANDIDATES", 40)
    monkeypatch.setattr(impact, "CANDIDATES", 40)  # the tier's size per word
    for filters in (Filters(kinds=["article", "note"]), Filters(since="2000", until="2019-06")):
        expected = plain(library, "oil", filters)
        page = search(library, "oil", filters, limit=5)
        assert page.total == len(expected)
        assert all(r.id in expected for r in page.results)


def test_facets_follow_an_edit(library):
    doc_id = search(library, "pipeline", Filters(kinds=["agreement"])).results[0].id
    update_document(library, doc_id, {"kind": "note", "date": "1998-02-02"}, tags=["late"])
    assert doc_id not in {r.id for r in search(library, "pipeline", Filters(kinds=["agreement"]), limit=500).results}
    assert doc_id in {r.id for r in search(library, "pipeline", Filters(kinds=["note"], until="1998"), limit=500).results}
    assert doc_id in {r.id for r in search(library, "pipeline", Filters(tag="late")).results}


def test_a_short_word_does_not_match_a_long_word_with_the_same_sound_key(store):
    # "doyav" is keyed "dav"; the query "dav" is short and matched on its fold only
    add_documents(store, [{"title": "One", "text": "doyav"}, {"title": "Two", "text": "dav"}])
    assert [r.title for r in search(store, "dav").results] == ["Two"]
    assert {r.title for r in search(store, "doyav").results} == {"One", "Two"}


def test_facet_words_are_not_searchable(store):
    add_documents(store, [{"title": "Plain", "text": "words", "kind": "agreement", "date": "2024-03-12"}])
    for query in ("kagreement", "y2024", "__kagreement", "agreement"):
        assert search(store, query).total == 0, query


def test_a_library_in_the_previous_schema_is_searchable_with_filters_after_the_upgrade(store_path):
    names = [m.name for m in migrations._migrations]
    conn = sqlite3.connect(store_path)
    migrations.apply(Database(conn), stop_before="0006_search_facets_and_marked_folds")
    conn.execute(
        "INSERT INTO documents (id, title, kind, date, text, created, updated)"
        " VALUES (1, 'Old treaty', 'agreement', '2005-05-24', 'Baku and Astana', 'now', 'now')"
    )
    conn.execute(
        "INSERT INTO search_index (rowid, title_fold, body_fold, title_key, body_key)"
        " VALUES (1, 'old treaty', 'baku and astana', 'ald traty', 'baka and astana')"
    )
    conn.commit()
    conn.close()
    with open_store(store_path) as s:
        assert [m.name for m in migrations.applied(s.db)] == names
        assert [r.id for r in search(s, "Баку", Filters(kinds=["agreement"], since="2005")).results] == [1]
        assert search(s, "Баку", Filters(kinds=["note"])).total == 0
        assert [r.id for r in search(s, "Baku", Filters(since="2005-06")).results] == []


@pytest.mark.parametrize(
    "first, last, blocks",
    [
        (2007, 2025, ["__y2007", "__y2008", "__y2009", "__d201", "__d202"]),
        (1997, 2025, ["__y1997", "__y1998", "__y1999", "__m2"]),
        (1995, 2009, ["__m1", "__d200"]),
        (2003, 2007, ["__y2003", "__y2004", "__y2005", "__y2006", "__y2007"]),
        (1000, 3000, ["__m1", "__m2"]),
        (1900, 1950, []),
    ],
)
def test_a_year_range_is_a_few_blocks_that_may_reach_past_the_library(first, last, blocks):
    # the library holds documents of 1995 to 2025
    assert _year_blocks(first, last, 1995, 2025) == blocks


def test_a_party_named_since_the_last_search_is_found_at_once(store_path):
    # the distinct parties a filter resolves against are remembered until the library changes, here or elsewhere
    with open_store(store_path) as here, open_store(store_path) as elsewhere:
        add_documents(here, [{"title": "One", "text": "oil", "parties": [{"name": "SOCAR", "country": "AZ"}]}])
        assert search(here, "oil", Filters(party="SOCAR")).total == 1
        assert search(elsewhere, "oil", Filters(party="SOCAR")).total == 1
        add_documents(here, [{"title": "Two", "text": "oil", "parties": [{"name": "KazMunayGas", "country": "KZ"}]}])
        assert search(elsewhere, "oil", Filters(party="KazMunayGas")).total == 1
        add_documents(elsewhere, [{"title": "Three", "text": "oil", "parties": [{"name": "Sinopec", "country": "CN"}]}])
        assert search(elsewhere, "oil", Filters(party="Sinopec")).total == 1
        assert search(here, "oil", Filters(party="Sinopec")).total == 1
