import pytest

from briefing.library.documents import add_document
from briefing.library.events import add_event
from briefing.search import Filters, Term, make_snippet, search

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


def test_a_snippet_keeps_the_texts_own_angle_brackets_and_drops_only_a_quotes_marker():
    terms = [Term.of("tokayev")]
    inline = make_snippet("Tokayev said 3 > 2 and a<b>c in the talks", terms)
    assert "3 &gt; 2" in inline and "a&lt;b&gt;c" in inline
    quoted = make_snippet("The minister:\n> Tokayev said the corridor matters", terms)
    assert "&gt;" not in quoted and "<b>Tokayev</b> said" in quoted


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


TOKAYEV = {DOCS[0]["title"], DOCS[1]["title"], DOCS[2]["title"]}
EVERYTHING = {d["title"] for d in DOCS}


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"unclosed', set()),
        ('"Middle Corridor', {DOCS[4]["title"]}),
        ("foo)", set()),
        ("^oil", {DOCS[3]["title"]}),
        ("col:umn", set()),
        # bare operators are never searched as words
        ("Tokayev AND OR (", TOKAYEV),
        ("OR Tokayev", TOKAYEV),
        ("Tokayev OR", TOKAYEV),
        ("Tokayev NOT", TOKAYEV),
        ("AND Tokayev )", TOKAYEV),
        ("NEAR Tokayev", TOKAYEV),
        ("NEAR(Tokayev", TOKAYEV),
        # what can be kept of the operators is kept
        ("treaty OR corridor (", {DOCS[4]["title"], DOCS[5]["title"]}),
        ("strategic NOT treaty (", {DOCS[4]["title"]}),
        ("strategic NOT (treaty", {DOCS[4]["title"]}),
        # nothing but exclusions finds nothing (FTS5 cannot list "all but")
        ("NOT Tokayev", set()),
        ("-Tokayev", set()),
        ("NOT Tokayev (", set()),
        # no word at all is the empty query: everything, newest first
        ("(((", EVERYTHING),
        ("AND OR NOT", EVERYTHING),
        ("NEAR(", EVERYTHING),
        ("*", EVERYTHING),
        ('"', EVERYTHING),
    ],
)
def test_malformed_queries_never_fail(corpus, query, expected):
    store, _ = corpus
    page = search(store, query, limit=50)
    assert titles(page) == expected
    assert page.total == len(expected)
    for r in page.results:
        # an operator is never marked as a word the document matched
        for operator in ("AND", "OR", "NOT", "NEAR"):
            assert f"<b>{operator.lower()}</b>" not in r.snippet.lower()


def test_operator_words_in_lower_case_are_words(store):
    add_document(store, {"title": "Or and not", "text": "Words near the end."})
    add_document(store, {"title": "Other", "text": "Tokayev."})
    assert titles(search(store, "near")) == {"Or and not"}
    assert titles(search(store, "Tokayev OR near")) == {"Or and not", "Other"}


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


def test_partial_dates_are_ranges(store):
    for title, date in [("Month", "2024-03"), ("Year", "2024"), ("Day", "2024-03-12"), ("Before", "2023-12-31")]:
        add_document(store, {"title": title, "text": "Tokayev", "date": date})

    def found(**filters):
        return titles(search(store, "Tokayev", Filters(**filters)))

    assert found(since="2024-03-01") == {"Month", "Year", "Day"}
    assert found(until="2024-03-31") == {"Month", "Year", "Day", "Before"}
    assert found(since="2024-03-01", until="2024-03-31") == {"Month", "Year", "Day"}
    assert found(since="2024-03-31", until="2024-03-31") == {"Month", "Year"}
    assert found(since="2024-04-01") == {"Year"}
    assert found(until="2024-02-29") == {"Year", "Before"}
    assert found(since="2024-03") == {"Month", "Year", "Day"}
    assert found(since="2024") == {"Month", "Year", "Day"}
    assert found(until="2023") == {"Before"}
    assert found(since="2025-01-01") == set()
    assert titles(search(store, "", Filters(since="2024-03-01"))) == {"Month", "Year", "Day"}


def _words(n, stem):
    return " ".join(f"{stem}{i}" for i in range(n))


def test_snippet_holds_a_single_match_far_into_the_text():
    snippet = make_snippet(f"{_words(100, 'w')} Aliyev {_words(100, 'x')}", [Term.of("Aliyev")])
    assert "<b>Aliyev</b>" in snippet
    # a few words of context before the match
    assert snippet.startswith("…w97 w98 w99 <b>Aliyev</b> x0 ")
    assert snippet.endswith("…") and len(snippet.split()) == 28


def test_snippet_holds_the_whole_best_cluster():
    text = f"{_words(60, 'w')} Aliyev {_words(26, 'x')} Aliyev {_words(60, 'y')} Aliyev {_words(60, 'z')}"
    snippet = make_snippet(text, [Term.of("Aliyev")])
    assert snippet.count("<b>Aliyev</b>") == 2
    assert snippet.startswith("…<b>Aliyev</b> x0") and snippet.endswith("x25 <b>Aliyev</b>…")


def test_snippet_at_the_end_of_a_text_fills_its_width_before():
    snippet = make_snippet(f"{_words(100, 'w')} Aliyev", [Term.of("Aliyev")])
    assert snippet == "…" + _words(100, "w").split(" ", 73)[-1] + " <b>Aliyev</b>"
    assert make_snippet("a b Aliyev c", [Term.of("Aliyev")]) == "a b <b>Aliyev</b> c"
    assert make_snippet(_words(40, "w"), [Term.of("Aliyev")]) == _words(28, "w") + "…"


@pytest.mark.parametrize("query, kinds", [("Aliyev", []), ("Tokayev", ["note"]), ("Tokayev OR Aliyev", [])])
def test_every_snippet_marks_a_match_its_text_holds(sample_store, query, kinds):
    from briefing.library.fold import WORD_RE
    from briefing.search import parse_query
    from briefing.search.snippets import matcher

    page = search(sample_store, query, Filters(kinds=kinds), limit=200)
    assert page.results
    matches = matcher(parse_query(query).terms)
    for r in page.results:
        doc = sample_store.one("SELECT summary, text FROM documents WHERE id = ?", [r.id])
        body = f"{doc['summary'] or ''} {doc['text'] or ''}"
        if any(map(matches, WORD_RE.findall(body))):
            assert "<b>" in r.snippet, (r.id, r.snippet)


@pytest.mark.parametrize(
    "query, phrase",
    [
        ('"strategic partnership"', True),
        ('oil "strategic partnership"', True),
        ("strategic partnership", False),
        ('"strategic" "partnership"', False),
        ("oil OR grain", False),
        ("-oil grain", False),
    ],
)
def test_only_quoted_phrases_count_as_phrases(query, phrase):
    from briefing.search import parse_query
    from briefing.search.ranking import _has_phrase

    assert _has_phrase(parse_query(query).expression) is phrase


def test_a_snippet_escapes_the_text_and_marks_only_matches():
    snippet = make_snippet("Oil & gas < 5 \x01 oil\x02 pipeline.", [Term.of("oil")])
    assert snippet == "<b>Oil</b> &amp; gas &lt; 5 <b>oil</b> pipeline"
    assert make_snippet("Oil & gas < 5 oil pipeline", [Term.of("oil")]) == snippet
