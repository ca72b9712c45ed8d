"""The sample library: Kazakhstan–Azerbaijan relations 2005–2024."""

import json

from briefing.sample import load_sample
from briefing.search import Filters, search


def test_fourteen_documents_signed_in_baku(sample_store):
    rows = sample_store.rows("SELECT id, instrument FROM documents WHERE kind = 'agreement' AND date = '2024-03-12'")
    assert len(rows) == 14
    assert all(r["instrument"] for r in rows)
    for row in rows:
        parties = sample_store.rows("SELECT country FROM document_parties WHERE document_id = ?", [row["id"]])
        assert {p["country"] for p in parties} >= {"KZ", "AZ"}, row


def test_key_instruments_are_present(sample_store):
    titles = " | ".join(r["title"] for r in sample_store.rows("SELECT title FROM documents"))
    for words in ("Treaty on strategic partnership", "Declaration on strengthening", "Comprehensive Program",
                  "Regulations on the Supreme Interstate Council", "Joint Statement"):
        assert words.lower() in titles.lower(), words


def test_joint_statement_has_thirteen_points(sample_store):
    text = sample_store.scalar("SELECT text FROM documents WHERE kind = 'joint-statement' AND date = '2023-04-10'")
    assert "13." in text and "14." not in text


def test_people_events_and_figures(sample_store):
    assert sample_store.scalar("SELECT count(*) FROM people") >= 6
    for year in ("2022", "2023", "2024"):
        assert sample_store.scalar("SELECT count(*) FROM events WHERE start_date LIKE ?", [year + "%"]) >= 1
    assert sample_store.scalar("SELECT count(*) FROM event_documents") >= 14
    assert sample_store.scalar("SELECT count(*) FROM figures WHERE source_document_id IS NULL") == 0
    counts = sample_store.rows("SELECT value FROM figures WHERE label LIKE 'documents signed between%'")
    assert len(counts) >= 2


def test_loading_twice_adds_nothing(sample_store):
    before = {t: sample_store.scalar(f"SELECT count(*) FROM {t}") for t in ("documents", "people", "events", "figures")}
    report = load_sample(sample_store)
    assert sum(report.added.values()) == 0
    after = {t: sample_store.scalar(f"SELECT count(*) FROM {t}") for t in before}
    assert after == before


def test_cross_script_search_over_the_sample(sample_store):
    latin = {r.id for r in search(sample_store, "Tokayev", limit=200).results}
    kazakh = {r.id for r in search(sample_store, "Тоқаев", limit=200).results}
    assert latin == kazakh and len(latin) > 3
    langs = {sample_store.scalar("SELECT language FROM documents WHERE id = ?", [i]) for i in latin}
    assert {"en", "ru", "kk"} <= langs
    assert search(sample_store, "", Filters(party="SOCAR")).total >= 2


def test_init_sample_from_the_cli(run_cli, store_path):
    first = json.loads(run_cli("--store", store_path, "init", "--sample", "--json").output)
    assert first["sample"]["added"]["documents"] > 20
    second = json.loads(run_cli("--store", store_path, "init", "--sample", "--json").output)
    assert sum(second["sample"]["added"].values()) == 0
