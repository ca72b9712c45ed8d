import pytest

from briefing.documents import add_document
from briefing.events import add_event
from briefing.search import Filters, search

DOCS = [
    dict(
        title="Токаев прибыл в Баку с государственным визитом",
        text="Президент Казахстана Касым-Жомарт Токаев провёл переговоры с Ильхамом Алиевым. Азербайджан и Казахстан подписали 14 документов.",
        language="ru",
        kind="article",
        date="2024-03-12",
    ),
    dict(
        title="Тоқаев Әзірбайжанға мемлекеттік сапармен барды",
        text="Қазақстан Президенті Тоқаев пен Әзірбайжан Президенті Әлиев келіссөздер жүргізді.",
        language="kk",
        kind="note",
        date="2024-03-13",
    ),
    dict(
        title="Prezident İlham Əliyev Qazaxıstan Prezidenti ilə görüşüb",
        text="Azərbaycan və Qazaxıstan arasında strateji tərəfdaşlıq möhkəmlənir. Tokayev Bakıya səfər edib.",
        language="az",
        kind="article",
        date="2024-03-12",
    ),
    dict(
        title="Agreement on oil transit",
        text="The parties agree to increase the transit of Kazakh oil through Azerbaijan step by step. All terms apply.",
        language="en",
        kind="agreement",
        instrument="agreement",
        date="2024-03-12",
    ),
    dict(
        title="Joint Statement of the Presidents",
        text="1. Strategic partnership rests on shared history.\n2. The Middle Corridor is a priority for both sides.",
        language="en",
        kind="joint-statement",
        date="2023-04-10",
    ),
    dict(
        title="Treaty on strategic partnership and allied relations",
        text="Signed in 2005 by the two Republics. Strategic partnership is the basis of relations.",
        language="en",
        kind="agreement",
        instrument="treaty",
        date="2005-05-24",
    ),
]


@pytest.fixture
def corpus(store):
    ids = {}
    for doc in DOCS:
        parties = [{"name": "KazMunayGas", "country": "KZ"}, {"name": "SOCAR", "country": "AZ"}] if "oil" in doc["title"] else []
        ids[doc["title"]] = add_document(store, doc, parties=parties, tags=["energy"] if parties else [])
    add_event(store, {"title": "State visit to Baku", "slug": "baku-2024", "start_date": "2024-03-12"}, documents=[ids[DOCS[3]["title"]]])
    return store, ids


def titles(page):
    return {r.title for r in page.results}


@pytest.mark.parametrize("query", ["Tokayev", "Токаев", "Тоқаев", "Tokaev"])
def test_tokayev_in_any_script_finds_all_three_languages(corpus, query):
    store, _ = corpus
    page = search(store, query)
    assert titles(page) == {DOCS[0]["title"], DOCS[1]["title"], DOCS[2]["title"]}


@pytest.mark.parametrize("query", ["Aliyev", "Əliyev", "Әлиев", "Aliev"])
def test_aliyev_variants(corpus, query):
    store, _ = corpus
    assert {DOCS[1]["title"], DOCS[2]["title"]} <= titles(search(store, query))


@pytest.mark.parametrize("query", ["Azerbaijan", "Azərbaycan", "Азербайджан", "Әзірбайжан"])
def test_azerbaijan_variants(corpus, query):
    store, _ = corpus
    found = titles(search(store, query))
    assert {DOCS[0]["title"], DOCS[2]["title"], DOCS[3]["title"]} <= found


@pytest.mark.parametrize("query", ["Kazakhstan", "Қазақстан", "Казахстан", "Qazaqstan"])
def test_kazakhstan_variants(corpus, query):
    store, _ = corpus
    assert DOCS[0]["title"] in titles(search(store, query))
    assert DOCS[1]["title"] in titles(search(store, query))


def test_snippets_show_the_original_text_with_marks(corpus):
    store, _ = corpus
    page = search(store, "Tokayev")
    snippets = {r.title: r.snippet for r in page.results}
    assert "<b>Токаев</b>" in snippets[DOCS[0]["title"]]
    assert "<b>Тоқаев</b>" in snippets[DOCS[1]["title"]]
    assert "toqaev" not in snippets[DOCS[1]["title"]]


def test_short_words_do_not_match_loosely(corpus):
    store, _ = corpus
    # "oil" and "all" share a loose sound key, but short words match exactly
    assert titles(search(store, "oil")) == {DOCS[3]["title"]}


def test_phrase_and_prefix(corpus):
    store, _ = corpus
    assert titles(search(store, '"Middle Corridor"')) == {DOCS[4]["title"]}
    assert titles(search(store, '"Corridor Middle"')) == set()
    assert DOCS[1]["title"] in titles(search(store, "Tok*"))
    assert DOCS[5]["title"] in titles(search(store, "allie*"))


def test_or_and_not(corpus):
    store, _ = corpus
    assert titles(search(store, "treaty OR corridor")) == {DOCS[4]["title"], DOCS[5]["title"]}
    assert titles(search(store, "strategic NOT treaty")) == {DOCS[4]["title"]}
    assert titles(search(store, "strategic -treaty")) == {DOCS[4]["title"]}


@pytest.mark.parametrize("query", ['"unclosed', "(((", "AND OR NOT", "foo)", "*", "NEAR(", '"', "^x", "col:umn"])
def test_malformed_queries_never_fail(corpus, query):
    store, _ = corpus
    page = search(store, query)
    assert page.total >= 0


def test_malformed_query_falls_back_to_its_words(corpus):
    store, _ = corpus
    page = search(store, '(oil "transit')
    assert titles(page) == {DOCS[3]["title"]}


def test_title_matches_rank_first(corpus):
    store, _ = corpus
    page = search(store, "treaty")
    assert page.results[0].title == DOCS[5]["title"]


def test_filters(corpus):
    store, _ = corpus
    assert titles(search(store, "", Filters(kinds=["agreement"]))) == {DOCS[3]["title"], DOCS[5]["title"]}
    assert titles(search(store, "strategic", Filters(since="2010-01-01"))) == {DOCS[4]["title"]}
    assert titles(search(store, "", Filters(until="2005"))) == {DOCS[5]["title"]}
    assert titles(search(store, "", Filters(party="AZ"))) == {DOCS[3]["title"]}
    assert titles(search(store, "", Filters(party="Socar"))) == {DOCS[3]["title"]}
    assert titles(search(store, "", Filters(tag="energy"))) == {DOCS[3]["title"]}
    assert titles(search(store, "", Filters(visit="baku-2024"))) == {DOCS[3]["title"]}
    assert titles(search(store, "transit", Filters(kinds=["article"]))) == set()


def test_empty_query_lists_newest_first_and_counts_all(corpus):
    store, _ = corpus
    page = search(store, "", Filters(), limit=2)
    assert page.total == len(DOCS)
    assert len(page.results) == 2
    assert page.results[0].date == "2024-03-13"


def test_total_counts_beyond_the_limit(corpus):
    store, _ = corpus
    page = search(store, "Tokayev", limit=1)
    assert page.total == 3 and len(page.results) == 1


def test_snippets_drop_markdown_markup(store):
    add_document(store, {"title": "Road map", "text": "| Adopted | 25 November 2022, Aktau |\n|---|---|\n## Content\n- **Tariffs** on the Caspian crossing"})
    snippet = search(store, "Aktau").results[0].snippet
    assert "<b>Aktau</b>" in snippet
    for markup in ("|", "---", "##", "**"):
        assert markup not in snippet
