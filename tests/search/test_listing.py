"""Sorted, filtered pages of documents for a library view, and the filter bar's choices."""

from __future__ import annotations

import pytest

from briefing.library.documents import add_document
from briefing.search import Filters, search
from briefing.search.listing import as_you_type, filter_choices, list_page


@pytest.fixture
def library(store):
    for n, (title, kind, date) in enumerate(
        [
            ("Charlie oil agreement", "agreement", "2010-05-01"),
            ("alpha gas statement", "joint-statement", "2015-01-02"),
            ("Bravo oil speech", "speech", "2020-07-07"),
            ("Delta note", "note", None),
        ]
    ):
        add_document(store, {"title": title, "kind": kind, "date": date, "text": f"Body {n} about oil and water."},
                     tags=["energy"] if "oil" in title else [])
    return store


def titles(page):
    return [r.title for r in page.results]


def test_orders_without_a_query(library):
    assert titles(list_page(library, order="title", descending=False)) == [
        "alpha gas statement", "Bravo oil speech", "Charlie oil agreement", "Delta note"]
    assert titles(list_page(library, order="title", descending=True))[0] == "Delta note"
    by_date = titles(list_page(library, order="date", descending=False))
    assert by_date[:3] == ["Charlie oil agreement", "alpha gas statement", "Bravo oil speech"]
    assert by_date[-1] == "Delta note"  # undated last
    assert titles(list_page(library, order="kind", descending=False))[0] == "Charlie oil agreement"


def test_sorted_search_keeps_matches_total_and_marks(library):
    page = list_page(library, "oil", order="title", descending=False)
    ranked = search(library, "oil")
    assert page.total == ranked.total == 4  # every body mentions oil
    assert titles(page)[0] == "alpha gas statement"
    assert all("<b>" in r.snippet for r in page.results)


def test_pages_do_not_overlap(library):
    first = list_page(library, order="title", descending=False, limit=2)
    second = list_page(library, order="title", descending=False, limit=2, offset=2)
    assert first.total == second.total == 4
    assert not set(titles(first)) & set(titles(second))


def test_filters_apply_in_every_order(library):
    page = list_page(library, "", Filters(tag="energy"), order="title", descending=False)
    assert titles(page) == ["Bravo oil speech", "Charlie oil agreement"]
    page = list_page(library, "water", Filters(kinds=["speech"]), order="date")
    assert titles(page) == ["Bravo oil speech"]


def test_bad_syntax_falls_back_to_words(library):
    page = list_page(library, 'oil AND AND "', order="title")
    assert page.total == 4


def test_unknown_order_is_refused(library):
    with pytest.raises(ValueError):
        list_page(library, order="colour")


@pytest.mark.parametrize(
    "typed, run",
    [("Tokay", "Tokay*"), ("gas ", "gas "), ('"oil', '"oil'), ("a OR", "a OR"), ("x", "x"), ("", ""), ("oil*", "oil*")],
)
def test_as_you_type(typed, run):
    assert as_you_type(typed) == run


def test_filter_choices(library):
    choices = filter_choices(library)
    assert "agreement" in choices["kinds"]
    assert choices["tags"] == ["energy"]
    assert choices["visits"] == []
