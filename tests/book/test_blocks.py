"""Generated blocks, computed from a small fixture library (Amberland and Bergistan)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.book.blocks import check_block, compute_block, numbered_points
from briefing.errors import BriefingError
from briefing.library.highlights import Highlight, weave
from briefing.sample import load_sample
from tests.conftest import FIXTURES


@pytest.fixture
def lib(store):
    load_sample(store, FIXTURES / "books")
    return store


def _event(store, slug):
    return store.scalar("SELECT id FROM events WHERE slug = ?", [slug])


def _book(store, slug="visit-2024"):
    event = store.one("SELECT * FROM events WHERE slug = ?", [slug])
    return {"event_id": event["id"], "start_date": event["start_date"], "end_date": event["end_date"]}


def _rows(markdown):
    """The body rows of the first Markdown table, as lists of cells."""
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines[2:]]


def test_agreements_of_the_visit(lib):
    result = compute_block(lib, {"type": "agreements", "event": "book"}, _book(lib))
    rows = _rows(result.markdown)
    assert sorted(r[1] for r in rows) == ["Action plan on the rail link 2024–2026", "Memorandum on peaceful use of outer space"]
    space = next(r for r in rows if r[2] == "Memorandum")
    assert space[0] == "2024-03-12"
    assert space[3] == "Space Agency of Amberland; Ministry of Digital Development of Bergistan"
    assert "2 documents." in result.markdown
    assert {r[2] for r in rows} == {"Memorandum", "Action plan"}  # as the details box names them
    assert result.title == "Agreements"


def test_agreements_in_force_before_the_visit(lib):
    rows = _rows(compute_block(lib, {"type": "agreements", "before": "book"}, _book(lib)).markdown)
    assert [r[0] for r in rows] == ["2010-05-01", "2021-06-10"]  # the statement is not an agreement


def test_agreements_filters(lib):
    def titles(**options):
        return [r[1] for r in _rows(compute_block(lib, {"type": "agreements", **options}).markdown)]

    assert titles(since="2021", until="2021") == ["Memorandum on trade houses"]
    assert titles(instrument="treaty") == ["Treaty of friendship between Amberland and Bergistan"]
    assert titles(instrument=["treaty", "action plan"]) == [
        "Treaty of friendship between Amberland and Bergistan",
        "Action plan on the rail link 2024–2026",
    ]
    assert titles(party="Ministry of Trade") == ["Memorandum on trade houses"]
    assert len(titles(party="BG")) == 4
    assert "No agreements match" in compute_block(lib, {"type": "agreements", "since": "2030"}).markdown
    assert "not linked to a visit" in compute_block(lib, {"type": "agreements", "event": "book"}, {}).markdown


def test_chronology_with_documents_signed(lib):
    rows = _rows(compute_block(lib, {"type": "chronology", "before": "book"}, _book(lib)).markdown)
    assert [r[1] for r in rows] == [
        "Signing of the friendship treaty",
        "Visit of President Berg to Amberland",
        "Foreign ministers' meeting",
    ]
    assert rows[1][0] == "2021-06-10 – 2021-06-11"
    assert rows[1][3] == "Memorandum on trade houses; Joint statement of the Presidents of Amberland and Bergistan"
    assert rows[2][3] == "—"
    visits = _rows(compute_block(lib, {"type": "chronology", "kinds": ["visit"]}).markdown)
    assert len(visits) == 2


def test_figures_with_sources_and_series(lib):
    result = compute_block(lib, {"type": "figures"})
    rows = _rows(result.markdown)
    trade = [r for r in rows if r[0] == "bilateral trade"]
    assert trade[0][1] == "about USD 420 million" and trade[0][2] == "2022" and trade[0][3] == "not set"
    assert trade[0][4] == "Memorandum on trade houses (2021-06-10)" and trade[0][5] == "Ana Amber"
    assert trade[1][1] == "300 USD million"
    assert "no breakdown given" in result.markdown
    [series] = result.series
    assert series.title == "Bilateral trade" and series.unit == "USD million"
    assert [(p.label, p.value) for p in series.points] == [("2021", 300.0), ("2022", 420.0)]
    chosen = _rows(compute_block(lib, {"type": "figures", "figures": ["students", "trade-2021"]}).markdown)
    assert [r[0] for r in chosen] == ["students from Bergistan in Amberland", "bilateral trade"]
    only = compute_block(lib, {"type": "figures", "figures": ["students"]})
    assert len(_rows(only.markdown)) == 1 and only.series == []


def test_counterparts_with_earlier_meetings_newest_first(lib):
    result = compute_block(lib, {"type": "counterparts", "country": "BG"}, _book(lib))
    md = result.markdown
    assert md.index("### Boris Berg") < md.index("### Cleo Cask")
    assert "Ana Amber" not in md.split("### Boris Berg")[0]
    berg = md.split("### Boris Berg")[1].split("### Cleo Cask")[0]
    assert "*President of Bergistan, BG*" in berg and "Engineer" in berg
    rows = _rows(berg)
    assert [r[0] for r in rows] == ["2021-06-10 – 2021-06-11", "2010-05-01"]  # newest first, not the visit itself
    assert rows[1][3] == "Treaty of friendship between Amberland and Bergistan"
    cask = md.split("### Cleo Cask")[1]
    assert "No biography" in cask and _rows(cask)[0][1] == "Foreign ministers' meeting"


def test_counterparts_chosen_list(lib):
    md = compute_block(lib, {"type": "counterparts", "people": ["ana-amber"]}, _book(lib)).markdown
    assert "### Ana Amber" in md and "Boris" not in md.split("|")[0]
    assert "no person nobody" in compute_block(lib, {"type": "counterparts", "people": ["nobody"]}).markdown


def test_commitments_from_numbered_points(lib):
    result = compute_block(lib, {"type": "commitments", "document": "statement-2021"})
    rows = _rows(result.markdown)
    assert rows == [
        ["1", "Trade", "The sides will double trade by 2025 and open trade houses in both capitals."],
        ["2", "Transport", "The sides will build a rail link."],
        ["3", "Culture", "Days of culture every year."],
    ]
    assert "Source: Joint statement of the Presidents of Amberland and Bergistan, Ambra, 2021-06-11." in result.markdown


def test_numbered_points_stop_at_a_blank_line():
    assert numbered_points("1. one\n   more\n2) two\n\nafter\n") == [(1, "one more"), (2, "two")]


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"type": "pie"}, "unknown block type"),
        ({"type": "agreements", "colour": "red"}, "has no option colour"),
        ({"type": "agreements", "since": "last year"}, "is not a date"),
        ({"type": "agreements", "instrument": "napkin"}, "unknown instrument"),
        ({"type": "commitments"}, "needs the statement"),
        ("{not json", "not valid JSON"),
        ({"type": "chronology", "limit": "ten"}, "whole number"),
        ({"type": "figures", "series": {"a": 1}}, "should be a list"),
    ],
)
def test_bad_block_specifications(spec, message):
    with pytest.raises(BriefingError, match=message):
        check_block(spec)


# ------------------------------------------------------------ highlights in Markdown


def test_weave_keeps_marks_inside_markdown_structure():
    text = "1. **Trade.** The sides will\n   double trade.\n2. Next"
    start = text.index("Trade")
    end = text.index("double trade") + len("double trade")
    out = weave(text, [Highlight(start, end, "yellow", 1)])
    assert out == (
        '1. **<mark class="yellow">Trade.</mark>** <mark class="yellow">The sides will</mark>\n'
        '   <mark class="yellow" data-note="1">double trade</mark>.\n2. Next'
    )


def test_weave_overlaps_later_highlight_wins():
    text = "alpha beta gamma delta"
    out = weave(text, [Highlight(0, 16, "yellow"), Highlight(6, 22, "blue", 2)])
    assert out == '<mark class="yellow">alpha</mark> <mark class="blue">beta gamma delta</mark>'.replace(
        '<mark class="blue">beta gamma delta</mark>', '<mark class="blue" data-note="2">beta gamma delta</mark>'
    )


def test_weave_skips_table_pipes_and_links():
    text = "| a | see [the text](http://x.org/a_b) |"
    out = weave(text, [Highlight(2, len(text) - 1, "green")])
    assert "](http://x.org/a_b)" in out and "<mark" not in out.split("](")[1]
    assert out.count("|") == 3


_TEXT = st.text(alphabet="ab *_|\n#>-1.[]()Жə", max_size=60)


@given(_TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4))
def test_weave_only_adds_tags(text, spans):
    highlights = [Highlight(min(a, b), max(a, b), "pink", n) for n, (a, b) in enumerate(spans)]
    out = weave(text, highlights)
    assert re.sub(r'<mark class="pink"( data-note="\d+")?>|</mark>', "", out) == text
    assert out.count("<mark") == out.count("</mark>")
    for inner in re.findall(r"<mark[^>]*>(.*?)</mark>", out, flags=re.S):
        assert inner.strip() == inner and not set(inner) & set("*_|\n[]")


def test_one_name_where_a_list_is_expected(lib):
    assert check_block({"type": "figures", "series": "trade"})["series"] == ["trade"]
    assert len(compute_block(lib, {"type": "chronology", "kinds": "visit", "limit": 1}).markdown.splitlines()) == 3
