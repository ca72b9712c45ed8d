"""A figure's status: reported, derived (from which figures, by what rule), approximate, do-not-quote (why)."""

from __future__ import annotations

import json

import pytest

from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.figures import (
    add_figure,
    delete_figure,
    derivation,
    get_figure,
    status_mark,
    update_figure,
)
from briefing.library.opening import open_store
from briefing.library.record_undo import undo_change


@pytest.fixture
def trade(store):
    source = add_document(store, {"title": "Press statement", "text": "Trade grew by 40 % to about 500 million."})
    base = {"unit": "USD million", "as_of": "2022", "source_document_id": source}
    value = add_figure(store, {**base, "slug": "trade-2022", "label": "Trade", "value": 500, "status": "reported"})
    growth = add_figure(store, {**base, "slug": "growth-2022", "label": "Growth", "value": 40, "unit": "%",
                                "status": "reported"})
    return source, value, growth


def test_a_derived_figure_names_its_figures_and_rule(store, trade):
    source, value, growth = trade
    derived = add_figure(store, {"label": "Trade", "value": 357, "as_of": "2021", "source_document_id": source,
                                 "status": "derived", "derived_from": ["trade-2022", growth], "rule": "500 / 1.4"})
    figure = get_figure(store, derived)
    assert figure["derived_from"] == [value, growth] and figure["rule"] == "500 / 1.4"
    assert status_mark(figure) == "\u2248"
    assert derivation(store, figure) == "derived from Trade (2022: 500 USD million) and Growth (2022: 40 %) by the rule 500 / 1.4"
    assert status_mark(get_figure(store, value)) == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "derived"}, "say from which figures"),
        ({"status": "derived", "derived_from": ["trade-2022"]}, "say by what rule"),
        ({"status": "derived", "derived_from": ["no-such-figure"], "rule": "x"}, "not in the library"),
        ({"status": "reported", "derived_from": ["trade-2022"]}, "only a derived figure"),
        ({"rule": "x / 2"}, "only a derived figure"),
        ({"status": "do-not-quote"}, "say why"),
        ({"status": "gossip"}, "unknown status 'gossip'"),
        ({"status": 3}, "status should be text"),
        ({"status": "approximate", "reason": ["a"]}, "reason should be text"),
    ],
)
def test_a_status_the_fields_do_not_bear_out_is_refused(store, trade, fields, message):
    with pytest.raises(BriefingError, match=message):
        add_figure(store, {"label": "Trade", "value": 1, "as_of": "2021", "source_document_id": trade[0], **fields})


def test_a_figure_that_stops_being_derived_loses_its_derivation_and_undo_brings_it_back(store, trade):
    source, value, growth = trade
    derived = add_figure(store, {"label": "Trade", "value": 357, "as_of": "2021", "source_document_id": source,
                                 "status": "derived", "derived_from": [value, growth], "rule": "500 / 1.4"})
    change = update_figure(store, derived, {"status": "approximate", "reason": "rounded"})
    after = get_figure(store, derived)
    assert (after["status"], after["derived_from"], after["rule"], after["reason"]) == ("approximate", [], None, "rounded")
    undo_change(store, change)
    again = get_figure(store, derived)
    assert (again["status"], again["derived_from"], again["rule"]) == ("derived", [value, growth], "500 / 1.4")
    with pytest.raises(BriefingError, match="derived from itself"):
        update_figure(store, derived, {"derived_from": [derived, value]})


def test_a_figure_others_are_derived_from_is_not_deleted(store, trade):
    source, value, growth = trade
    derived = add_figure(store, {"label": "Trade", "value": 357, "as_of": "2021", "source_document_id": source,
                                 "status": "derived", "derived_from": [value, growth], "rule": "500 / 1.4"})
    with pytest.raises(BriefingError, match=f"figure {derived} .*is derived from it"):
        delete_figure(store, value)
    delete_figure(store, derived)
    delete_figure(store, value)


def test_status_from_the_command_line(run_cli, store_path):
    with open_store(store_path) as s:
        source = add_document(s, {"title": "Press statement", "text": "Trade reached about 500 million dollars."})
    base = ["--store", store_path, "figure"]

    def add(*args):
        out = run_cli(*base, "add", "Trade", *args, "--as-of", "2022", "--source", source, "--json")
        assert out.exit_code == 0, out.output
        return json.loads(out.output)["id"]

    value = add("500", "--status", "reported")
    growth = add("40", "--status", "approximate", "--reason", "said as 'some 40 %'")
    derived = add("357", "--status", "derived", "--derived-from", f"{value},{growth}", "--rule", "500 / 1.4")
    assert get_figure_json(run_cli, store_path, derived)["derived_from"] == [value, growth]
    refused = run_cli(*base, "add", "Count", "90", "--as-of", "2023", "--source", source, "--status", "do-not-quote")
    assert refused.exit_code == 1 and "say why" in refused.stderr
    edited = run_cli(*base, "edit", derived, "--status", "do-not-quote", "--reason", "never stated", "--json")
    assert edited.exit_code == 0, edited.output
    row = json.loads(edited.output)
    assert (row["status"], row["derived_from"], row["rule"], row["reason"]) == ("do-not-quote", [], None, "never stated")
    listing = run_cli("--store", store_path, "figures").output
    assert "do not quote" in listing and "approximate" in listing
    cleared = json.loads(run_cli(*base, "edit", derived, "--status", "", "--json").output)
    assert cleared["status"] is None


def get_figure_json(run_cli, store_path, figure_id):
    rows = json.loads(run_cli("--store", store_path, "figures", "--json").output)
    return next(r for r in rows if r["id"] == figure_id)
