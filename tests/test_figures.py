import json

from briefing.documents import add_document
from briefing.store import open_store


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
    missing = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", "2022")
    assert missing.exit_code == 2
    unknown = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", "2022", "--source", "77")
    assert unknown.exit_code == 1 and "77" in unknown.stderr
    bad_date = run_cli("--store", store_path, "figure", "add", "Trade", "1", "--as-of", "last year", "--source", "1")
    assert bad_date.exit_code == 2
