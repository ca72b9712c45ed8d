import json

import pytest

from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.opening import open_store


def test_figure_add_and_list(run_cli, store_path):
    with open_store(store_path) as s:
        source = add_document(s, {"title": "Press statement", "text": "Trade reached about 500 million dollars."})
    out = run_cli("--store", store_path, "figure", "add", "Bilateral trade turnover", "500", "--unit", "USD million",
                  "--as-of", "2022", "--source", source, "--json")
    assert out.exit_code == 0, out.output
    figure_id = json.loads(out.output)["id"]
    rows = json.loads(run_cli("--store", store_path, "figures", "--json").output)
    assert rows == [
        {"id": figure_id, "label": "Bilateral trade turnover", "value": 500.0, "value_text": None, "unit": "USD million",
         "as_of": "2022", "source": source, "source_title": "Press statement", "said_by": None, "series": None,
         "status": None, "derived_from": [], "rule": None, "reason": None}
    ]


def test_figure_without_source_is_refused(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    missing = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", "2022")
    assert missing.exit_code == 2
    unknown = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", "2022", "--source", "77")
    assert unknown.exit_code == 1 and "77" in unknown.stderr
    bad_date = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", "last year", "--source", "1")
    assert bad_date.exit_code == 2


@pytest.mark.parametrize("as_of", ["2024-13", "2023-02-29", "2024-00-10", "20245"])
def test_impossible_figure_dates_are_refused(run_cli, store_path, as_of):
    bad = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", as_of, "--source", "1")
    assert bad.exit_code == 2 and as_of in bad.stderr


def test_add_figure_checks_its_date(store_path):
    from briefing.library.figures import check_as_of

    assert check_as_of("2024-02-29") == "2024-02-29"
    with pytest.raises(BriefingError, match="not a date"):
        check_as_of("2024-13", "Trade")


def _figure(store_path, run_cli):
    with open_store(store_path) as s:
        source = add_document(s, {"title": "Press statement", "text": "Trade reached about 500 million dollars."})
        other = add_document(s, {"title": "Statistics office", "text": "Turnover: 612 million dollars."})
    out = run_cli("--store", store_path, "figure", "add", "Trade turnover", "500", "--unit", "USD million",
                  "--as-of", "2022", "--source", source, "--json")
    return json.loads(out.output)["id"], source, other


def test_figure_edit_fixes_a_stale_figure(run_cli, store_path):
    figure_id, _, other = _figure(store_path, run_cli)
    out = run_cli("--store", store_path, "figure", "edit", figure_id, "--value", "612", "--as-of", "2024-06",
                  "--source", other, "--said-by", "Statistics office", "--note", "Provisional", "--json")
    assert out.exit_code == 0, out.output
    row = json.loads(out.output)
    assert (row["value"], row["as_of"], row["source"], row["source_title"], row["said_by"]) == (
        612.0, "2024-06", other, "Statistics office", "Statistics office")
    cleared = run_cli("--store", store_path, "figure", "edit", figure_id, "--said-by", "")
    assert cleared.exit_code == 0 and cleared.output.strip() == f"Figure {figure_id} changed: said_by"
    assert json.loads(run_cli("--store", store_path, "figures", "--json").output)[0]["said_by"] is None


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["--as-of", "2024-13"], 2, "2024-13"),
        (["--source", "77"], 1, "no document with id 77"),
        (["--label", ""], 1, "needs a label"),
        ([], 2, "nothing to change"),
    ],
)
def test_figure_edit_bad_input_is_one_line(run_cli, store_path, args, code, fragment):
    figure_id, _, _ = _figure(store_path, run_cli)
    out = run_cli("--store", store_path, "figure", "edit", figure_id, *args)
    assert out.exit_code == code and fragment in out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and fragment in errors[0]  # a usage error adds click's usage lines above it
    if code == 1:
        assert out.stderr.strip() == errors[0]


def test_figure_edit_and_delete_of_an_unknown_figure(run_cli, store_path):
    _figure(store_path, run_cli)
    for args in (["edit", "42", "--value", "1"], ["delete", "42"]):
        out = run_cli("--store", store_path, "figure", *args)
        assert out.exit_code == 1 and out.stderr.strip() == "Error: no figure with id 42"


def test_figure_delete(run_cli, store_path):
    figure_id, _, _ = _figure(store_path, run_cli)
    out = run_cli("--store", store_path, "figure", "delete", figure_id, "--json")
    assert json.loads(out.output) == {"deleted": figure_id, "label": "Trade turnover"}
    assert json.loads(run_cli("--store", store_path, "figures", "--json").output) == []


def test_figure_edits_return_before_and_after_and_undo(store):
    from briefing.library.figures import create_figure, delete_figure, get_figure, update_figure
    from briefing.library.record_undo import undo_change

    source = add_document(store, {"title": "Statement", "text": "Trade."})
    made = create_figure(store, {"label": "Trade", "value": 500, "as_of": "2022", "source_document_id": source})
    assert made.made and made.after["value"] == 500
    change = update_figure(store, made.id, {"value": 612, "as_of": "2024"})
    assert (change.before["value"], change.after["value"]) == (500, 612)
    undo_change(store, change)
    assert get_figure(store, made.id)["value"] == 500
    with pytest.raises(BriefingError, match="not a date"):
        update_figure(store, made.id, {"as_of": "2024-02-30"})
    with pytest.raises(BriefingError, match="no field slug"):
        update_figure(store, made.id, {"slug": "x"})
    deleted = delete_figure(store, made.id)
    restored = undo_change(store, deleted)
    assert restored.id == made.id and get_figure(store, made.id)["label"] == "Trade"
    undo_change(store, made)
    assert store.scalar("SELECT count(*) FROM figures") == 0
