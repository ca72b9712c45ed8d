"""Values out of shape are refused where they come in, with one line; nothing bad reaches the store.

Before, each of these was stored and then failed every later export, pre-flight,
bundle or listing with a ProgrammingError or a TypeError, and the command line
could not remove it.
"""

from __future__ import annotations

import json

import pytest

from briefing.book.blocks import check_block
from briefing.book.books import create_book, update_book
from briefing.book.preflight import run_preflight
from briefing.book.validation import check_settings
from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.figures import add_figure, update_figure


@pytest.mark.parametrize("spec, words", [
    ({"type": "figures", "figures": [{"a": 1}]}, "figures block: figures #1 should be an id or a slug"),
    ({"type": "figures", "labels": [1.5]}, "labels #1 should be text"),
    ({"type": "figures", "figures": [2**63]}, "should be an id or a slug"),
    ({"type": "figures", "figures": ["99999999999999999999"]}, "should be an id or a slug"),
    ({"type": "counterparts", "people": [None]}, "people #1 should be an id or a slug"),
    ({"type": "agreements", "party": ["AZ"]}, "party should be text"),
    ({"type": "agreements", "kinds": [{}]}, "kinds #1 should be text"),
    ({"type": "chronology", "limit": True}, "limit should be a whole number"),
    ({"type": "chronology", "person": {}}, "person should be an id or a slug"),
    ({"type": "commitments", "document": [1]}, "document should be an id or a slug"),
    ({"type": "agreements", "title": 5}, "title should be text"),
    ({"type": "agreements", "since": 20.5}, "is not a date"),
])
def test_block_values_out_of_shape_are_refused(spec, words):
    with pytest.raises(BriefingError, match=words.replace("#", r"\#")):
        check_block(spec)


def test_block_values_in_shape_pass():
    assert check_block({"type": "figures", "figures": ["f-one", 3, "4"]})["figures"] == ["f-one", 3, "4"]
    assert check_block({"type": "agreements", "since": 2022})["since"] == "2022"  # a year as a number
    assert check_block({"type": "counterparts", "people": "aliyev"})["people"] == ["aliyev"]


@pytest.mark.parametrize("settings, words", [
    ({"keywords": 5}, "keywords should be a list"),
    ({"keywords": [5]}, "keywords #1 should be text"),
    ({"visit": {}}, "visit should be text"),
    ({"stale_figure_months": 0}, "stale_figure_months should be a whole number"),
    ({"stale_figure_months": 1.5}, "stale_figure_months should be a whole number"),
    ({"colour": "red"}, "no setting 'colour'"),
    ([], "settings should be a record"),
])
def test_settings_out_of_shape_are_refused(settings, words):
    with pytest.raises(BriefingError, match=words):
        check_settings(settings)


def test_figures_take_finite_numbers_only(store):
    doc = add_document(store, {"title": "Source", "text": "Trade was 1.5 bn.", "date": "2020"})
    for bad in (float("nan"), float("inf"), -float("inf"), 2**70, "12", True):
        with pytest.raises(BriefingError, match="the value should be a finite number"):
            add_figure(store, {"label": "Trade", "value": bad, "as_of": "2020", "source_document_id": doc})
    with pytest.raises(BriefingError, match="the source should be a document id"):
        add_figure(store, {"label": "Trade", "value": 1, "as_of": "2020", "source_document_id": 2**64})
    figure = add_figure(store, {"label": "Trade", "value": 1.5, "as_of": "2020", "source_document_id": doc})
    with pytest.raises(BriefingError, match="finite number"):
        update_figure(store, figure, {"value": float("nan")})
    assert store.scalar("SELECT count(*) FROM figures") == 1


def test_cli_refuses_each_with_one_line_and_stores_nothing(sample_path, run_cli):
    store = ["--store", sample_path]
    before = run_cli(*store, "figures", "--json").stdout
    result = run_cli(*store, "figure", "add", "T", "nan", "--as-of", "2020", "--source", "1")
    assert result.exit_code == 1 and "finite number" in result.output and len(result.output.splitlines()) == 1
    assert run_cli(*store, "figures", "--json").stdout == before
    result = run_cli(*store, "book", "block", "1", '{"type": "figures", "figures": [{"a": 1}]}', "--section", "X")
    assert result.exit_code == 1 and "should be an id or a slug" in result.output
    result = run_cli(*store, "figure", "add", "T", "1", "--as-of", "2020", "--source", "99999999999999999999")
    assert result.exit_code == 1 and "Traceback" not in result.output and "OverflowError" not in result.output
    for command in (("preflight", "1"), ("figures",), ("bundle", "export", "1", "-o", sample_path.parent / "b.briefing")):
        assert run_cli(*store, *command).exit_code == 0


def test_a_bad_value_stored_before_the_checks_is_a_preflight_error_and_export_goes_on_when_forced(
        sample_path, run_cli, tmp_path):
    from briefing.library.opening import open_store

    with open_store(sample_path) as s:
        book = create_book(s, "Old book")
        update_book(s, book, settings={"keywords": ["a"]})
        section = s.execute("INSERT INTO book_sections (book_id, position, title) VALUES (?, 0, 'Figures')",
                            [book]).lastrowid
        s.execute("INSERT INTO book_items (section_id, position, kind, block) VALUES (?, 0, 'block', ?)",
                  [section, json.dumps({"type": "figures", "figures": [{"a": 1}]})])
        s.execute("UPDATE books SET settings = ? WHERE id = ?", [json.dumps({"keywords": 5}), book])
        problems = [p for p in run_preflight(s, book) if p.code == "unprintable"]
        assert len(problems) == 2 and all(p.severity == "error" for p in problems)
    result = run_cli("--store", sample_path, "export", str(book), "-o", tmp_path / "old.pdf")
    assert result.exit_code == 1 and "unprintable" in result.output
    result = run_cli("--store", sample_path, "export", str(book), "-o", tmp_path / "old.pdf", "--force")
    assert result.exit_code == 0, result.output
