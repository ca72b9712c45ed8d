import json
import subprocess
import sys

import click
import pytest

from briefing.cli import cli


def test_init_creates_store(run_cli, store_path):
    result = run_cli("--store", store_path, "init", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["store"] == str(store_path)
    assert store_path.exists()


def test_store_env_variable(run_cli, store_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_STORE", str(store_path))
    assert run_cli("init").exit_code == 0
    assert store_path.exists()


def test_search_json_contract(run_cli, store_path):
    from briefing.library.documents import add_document
    from briefing.library.opening import open_store

    with open_store(store_path) as s:
        for n in range(3):
            add_document(s, {"title": f"Note {n} on Tokayev", "text": "Токаев в Баку", "date": f"2024-03-1{n}"})
    result = run_cli("--store", store_path, "search", "Токаев", "--limit", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 3
    assert len(data["results"]) == 2
    # fields are only ever added: a text match says so, and carries no note fields
    assert set(data["results"][0]) == {"id", "title", "kind", "date", "snippet", "score", "matched"}
    assert data["results"][0]["matched"] == "text"
    assert data["book_notes"] == [] and data["book_notes_total"] == 0


def test_show_json_has_every_field(run_cli, store_path):
    from briefing.library.documents import add_document
    from briefing.library.opening import open_store

    with open_store(store_path) as s:
        doc_id = add_document(
            s,
            {"title": "Action plan", "kind": "agreement", "instrument": "action plan", "text": "Body"},
            parties=[{"name": "Akimat of Aktau", "country": "KZ"}],
            tags=["regions"],
        )
    data = json.loads(run_cli("--store", store_path, "show", doc_id, "--json").output)
    for key in ("id", "title", "kind", "date", "place", "language", "publisher", "author", "url", "text",
                "summary", "marking", "instrument", "parties", "speakers", "tags", "linked"):
        assert key in data
    assert data["parties"][0]["name"] == "Akimat of Aktau"
    assert data["tags"] == ["regions"]


def test_stats_json(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    data = json.loads(run_cli("--store", store_path, "stats", "--json").output)
    assert data["documents"]["agreement"] == 0


def test_missing_document_is_one_line_exit_1(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    result = run_cli("--store", store_path, "show", "999")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no document with id 999"


def test_usage_error_exit_2(run_cli, store_path):
    result = run_cli("--store", store_path, "search", "x", "--since", "yesterday")
    assert result.exit_code == 2


@pytest.mark.parametrize("option, value", [("--since", "2024-13-01"), ("--until", "2023-02-29"), ("--since", "2024-00"), ("--until", "2024-04-31")])
def test_impossible_dates_are_usage_errors(run_cli, store_path, option, value):
    result = run_cli("--store", store_path, "search", "x", option, value)
    assert result.exit_code == 2
    assert f"'{value}' is not a real date" in result.stderr


def test_real_and_partial_dates_are_accepted(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    for value in ("2024-02-29", "2024-03", "2024"):
        assert run_cli("--store", store_path, "search", "x", "--since", value, "--json").exit_code == 0


def test_unknown_visit_is_an_error_naming_it(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    result = run_cli("--store", store_path, "search", "x", "--visit", "nosuch")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no visit or event 'nosuch'"


def test_sample_search_snippets_mark_the_match(run_cli, sample_path):
    from briefing.library.fold import WORD_RE
    from briefing.library.opening import open_store
    from briefing.search import Term

    with open_store(sample_path) as s:
        slug = s.scalar(
            "SELECT e.slug FROM events e JOIN event_documents ed ON ed.event_id = e.id "
            "GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 1"
        )
        texts = {r["id"]: f"{r['summary'] or ''} {r['text']}" for r in s.rows("SELECT id, summary, text FROM documents")}
    for args, word in [(["Aliyev"], "Aliyev"), (["Tokayev", "--kind", "note"], "Tokayev"), (["Tokayev", "--visit", slug], "Tokayev")]:
        result = run_cli("--store", sample_path, "search", *args, "--json", "--limit", "200")
        assert result.exit_code == 0, result.output
        results = json.loads(result.output)["results"]
        assert results
        term = Term.of(word)
        for r in results:
            if any(term.matches(w) for w in WORD_RE.findall(texts[r["id"]])):
                assert "<b>" in r["snippet"], r


def _all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _all_commands(cli)], ids=" ".join)
def test_every_command_has_help(run_cli, path):
    command = dict(_all_commands(cli))[path]
    assert (command.help or "").strip(), f"briefing {' '.join(path)} has no help text"
    result = run_cli(*path, "--help")
    assert result.exit_code == 0
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"briefing {' '.join(path)} {param.opts[0]} has no help"


def test_entry_point_version_and_no_traceback(tmp_path):
    run = [sys.executable, "-m", "briefing", "--store", str(tmp_path / "x.sqlite")]
    version = subprocess.run([*run[:3], "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "briefing" in version.stdout
    missing = subprocess.run([*run, "show", "42"], capture_output=True, text=True)
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr
    assert missing.stderr.strip().startswith("Error:")


def test_not_a_store_file_is_one_line(tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"\0garbage" * 500)
    result = subprocess.run([sys.executable, "-m", "briefing", "--store", str(bogus), "stats"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "bogus.sqlite" in result.stderr and "Traceback" not in result.stderr


def test_importing_the_core_leaves_qt_out():
    code = "import briefing, briefing.cli, briefing.search, briefing.sample, sys; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_library_of_the_previous_version_is_upgraded_once_and_the_command_says_so(run_cli, store_path):
    import sqlite3

    from sqlite_utils import Database

    from briefing.library.schema import migrations

    conn = sqlite3.connect(store_path)
    migrations.apply(Database(conn), stop_before="0006_search_facets_and_marked_folds")
    conn.execute(
        "INSERT INTO documents (title, kind, date, text, created, updated)"
        " VALUES ('Old treaty', 'agreement', '2005-05-24', 'Токаев в Баку', 'now', 'now')"
    )
    conn.commit()
    conn.close()
    first = run_cli("--store", store_path, "search", "Tokayev", "--kind", "agreement", "--json")
    assert first.exit_code == 0
    assert json.loads(first.stdout)["total"] == 1
    assert "up to date" in first.stderr
    again = run_cli("--store", store_path, "search", "Tokayev", "--json")
    assert json.loads(again.stdout)["total"] == 1 and again.stderr == ""
