"""The figures block, its charts and a press cut respect a figure's status."""

from __future__ import annotations

import pytest

from briefing.book.blocks import compute_block
from briefing.library.figures import update_figure
from briefing.sample import load_sample
from tests.conftest import FIXTURES


@pytest.fixture
def lib(store):
    load_sample(store, FIXTURES / "books")
    ids = {r["slug"]: r["id"] for r in store.rows("SELECT id, slug FROM figures")}
    update_figure(store, ids["trade-2022"], {"status": "reported"})
    update_figure(store, ids["trade-2021"], {"status": "derived", "derived_from": ["trade-2022"], "rule": "420 / 1.4"})
    update_figure(store, ids["students"], {"status": "do-not-quote", "reason": "the ministry disputes it."})
    return store


def _rows(markdown):
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return {r[0] + " " + r[2]: r for r in ([c.strip() for c in line.strip("|").split(" | ")] for line in lines[2:])}


def test_the_table_gives_each_status_and_never_cites_a_source_for_a_derived_value(lib):
    result = compute_block(lib, {"type": "figures"})
    rows = _rows(result.markdown)
    assert rows["bilateral trade 2021"][1:5] == ["\u2248 300 USD million", "2021", "derived",
                                                 "not stated in any source (derived: see below)"]
    assert rows["bilateral trade 2022"][3:5] == ["reported", "Memorandum on trade houses (2021-06-10)"]
    assert rows["students from Bergistan in Amberland 2023"][3] == "do not quote"
    assert "bilateral trade, 2021:* derived from bilateral trade \\(2022: about USD 420 million\\) by the rule 420 / 1\\.4" \
        in result.markdown
    assert "not to be quoted: the ministry disputes it." in result.markdown and "it.." not in result.markdown


def test_a_cut_for_release_leaves_out_what_is_not_to_be_quoted(lib):
    result = compute_block(lib, {"type": "figures"}, for_release=True, internal_notes=False)
    assert "students" not in result.markdown and "not to be quoted" not in result.markdown
    assert "derived from bilateral trade" in result.markdown  # how a value was obtained is no secret
    only = compute_block(lib, {"type": "figures", "figures": ["students"]}, for_release=True)
    assert only.markdown == "*No figures.*"


def test_a_chart_knows_which_points_are_not_reported_and_cites_only_what_states_them(lib):
    [series] = compute_block(lib, {"type": "figures"}).series
    assert [(p.label, p.status) for p in series.points] == [("2021", "derived"), ("2022", "reported")]
    assert series.source == "Memorandum on trade houses"  # the derived point's own source never states it
    assert series.note.startswith("\u2248 2021: derived from bilateral trade (2022: about USD 420 million) by the rule")


def test_a_figure_not_to_be_quoted_is_drawn_in_no_chart(lib):
    ids = {r["slug"]: r["id"] for r in lib.rows("SELECT id, slug FROM figures")}
    update_figure(lib, ids["trade-2021"], {"status": "do-not-quote", "reason": "never stated"})
    assert compute_block(lib, {"type": "figures"}).series == []  # one point left: no chart


def test_an_approximate_value_is_marked_and_says_why(lib):
    ids = {r["slug"]: r["id"] for r in lib.rows("SELECT id, slug FROM figures")}
    update_figure(lib, ids["trade-2022"], {"status": "approximate", "reason": "rounded by the speaker"})
    result = compute_block(lib, {"type": "figures"})
    assert _rows(result.markdown)["bilateral trade 2022"][1] == "about USD 420 million"  # says so itself: no sign
    assert "approximate: rounded by the speaker" in result.markdown
    assert [p.status for p in result.series[0].points] == ["derived", "approximate"]


def test_counterparts_for_release_leave_out_the_manners_written_for_the_principal(lib):
    from briefing.library.people import add_person

    person = add_person(lib, {"name": "Dora Dune", "role": "Minister", "country": "BG"})
    lib.execute("UPDATE people SET address_form = 'Madam Minister', pronunciation = 'DOH-ra' WHERE id = ?", [person])
    internal = compute_block(lib, {"type": "counterparts", "people": [person]})
    released = compute_block(lib, {"type": "counterparts", "people": [person]}, for_release=True)
    assert "Madam Minister" in internal.markdown and "DOH" in internal.markdown
    assert "Madam Minister" not in released.markdown and "DOH" not in released.markdown
    assert "### Dora Dune" in released.markdown
