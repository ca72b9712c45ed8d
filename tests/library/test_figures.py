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
         "as_of": "2022", "source": source, "source_title": "Press statement", "said_by": None, "series": None}
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
