"""A library carries nothing it did not create: foreign schema objects, newer migrations, stray files."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from briefing.errors import BriefingError, ForeignSchema
from briefing.library.identity import expected_shapes, foreign_parts, replay_shapes
from briefing.library.opening import open_store
from briefing.library.schema import migrations

EVIL = "CREATE TRIGGER evil AFTER INSERT ON annotations BEGIN DELETE FROM book_items; END"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plant(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
    conn.close()


def test_the_schema_file_is_what_the_migrations_make():
    # after a new migration: python -m briefing.library.identity writes resources/schema.json anew
    assert {k: v for k, v in expected_shapes().items() if k} == replay_shapes()


def test_a_sound_library_and_a_new_file_have_nothing_foreign(sample_store, store):
    assert foreign_parts(sample_store.db.conn) == []
    assert foreign_parts(store.db.conn) == []
    assert foreign_parts(sqlite3.connect(":memory:")) == []


@pytest.mark.parametrize("stage", range(len(migrations._migrations) - 1))
def test_every_older_schema_is_known_and_upgrades_to_the_current_one(tmp_path, stage):
    names = [m.name for m in migrations._migrations]
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before=names[stage + 1])
    assert foreign_parts(conn) == []
    conn.close()
    with open_store(path) as s:
        assert foreign_parts(s.db.conn) == []


@pytest.mark.parametrize(
    "statement, named",
    [
        (EVIL, "trigger 'evil'"),
        ("CREATE VIEW everything AS SELECT * FROM documents", "view 'everything'"),
        ("CREATE TABLE stash (x)", "table 'stash'"),
        ("CREATE INDEX people_name ON people(name)", "index 'people_name'"),
    ],
)
def test_a_planted_object_refuses_the_library_and_changes_nothing(sample_path, statement, named):
    _plant(sample_path, statement)
    before = _digest(sample_path)
    with pytest.raises(ForeignSchema) as caught:
        open_store(sample_path)
    message = str(caught.value)
    assert str(sample_path) in message and named in message and "\n" not in message
    assert _digest(sample_path) == before
    assert not sample_path.with_name(sample_path.name + "-wal").exists()  # not even switched to WAL


def test_a_changed_definition_is_foreign(tmp_path):
    path = tmp_path / "changed.sqlite"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX figures_label")
    conn.execute("CREATE INDEX figures_label ON figures(value)")  # our name, another definition
    conn.commit()
    conn.close()
    with pytest.raises(ForeignSchema, match="index 'figures_label', whose definition is not Briefing Book's"):
        open_store(path)


def test_a_newer_versions_library_is_refused(sample_path):
    _plant(
        sample_path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('briefing', '0099_future', 'x')",
    )
    with pytest.raises(ForeignSchema, match="'0099_future', from a newer version of Briefing Book"):
        open_store(sample_path)


def test_a_user_version_the_app_never_sets_is_refused(sample_path):
    _plant(sample_path, "PRAGMA user_version = 7")
    with pytest.raises(ForeignSchema, match="user_version 7"):
        open_store(sample_path)


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    _plant(path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('mine')")
    before = _digest(path)
    with pytest.raises(ForeignSchema, match="table 'notes'"):
        open_store(path)
    assert _digest(path) == before
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_device_is_not_a_library(tmp_path):
    with pytest.raises(BriefingError, match="not a regular file"):
        open_store("/dev/null")


# --- the command line ---------------------------------------------------------------------------


def test_a_trigger_planted_through_restore_is_refused_and_the_books_survive(run_cli, sample_path, tmp_path):
    backup = tmp_path / "tampered.sqlite"
    assert run_cli("--store", sample_path, "backup", "-o", backup).exit_code == 0
    _plant(backup, EVIL)
    before = _digest(sample_path)
    result = run_cli("--store", sample_path, "restore", backup)
    assert result.exit_code == 1
    assert "trigger 'evil'" in result.stderr and str(backup) in result.stderr
    assert _digest(sample_path) == before
    # adding a highlight (what fired the trigger) leaves every book's items in place
    with open_store(sample_path) as s:
        items = s.scalar("SELECT count(*) FROM book_items")
        doc = s.scalar("SELECT id FROM documents ORDER BY id LIMIT 1")
        quote = s.scalar("SELECT substr(text, 1, 40) FROM documents WHERE id = ?", [doc])
    assert items > 0
    assert run_cli("--store", sample_path, "annotate", doc, "--quote", quote).exit_code == 0
    with open_store(sample_path) as s:
        assert s.scalar("SELECT count(*) FROM book_items") == items


def test_commands_refuse_a_foreign_library_in_one_line(run_cli, sample_path):
    _plant(sample_path, EVIL)
    for args in (("stats",), ("search", "Baku"), ("books",), ("backup",)):
        result = run_cli("--store", sample_path, *args)
        assert result.exit_code == 1, args
        assert result.stderr.count("\n") == 1 and "trigger 'evil'" in result.stderr


def test_check_reports_what_is_foreign_and_writes_nothing(run_cli, sample_path):
    _plant(sample_path, EVIL, "DELETE FROM search_index WHERE rowid = (SELECT min(id) FROM documents)")
    result = run_cli("--store", sample_path, "check", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and any("trigger 'evil'" in part for part in report["foreign"])
    assert report["rebuilt"] is None  # the index is not rebuilt inside a library that is not the app's
    text = run_cli("--store", sample_path, "check")
    assert "Schema: holds what Briefing Book did not make: trigger 'evil'" in text.output
    assert "restore a backup" in text.stderr


def test_check_says_the_schema_is_sound(run_cli, sample_path):
    result = run_cli("--store", sample_path, "check")
    assert result.exit_code == 0 and "Schema: ok" in result.output


@pytest.mark.parametrize("args", [("stats",), ("search", "Baku"), ("show", "1"), ("books",), ("import", "nothing.txt")])
def test_commands_other_than_init_never_create_a_library(run_cli, tmp_path, args):
    path = tmp_path / "not" / "here.sqlite"
    result = run_cli("--store", path, *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path}: no library here (the file does not exist); make one with 'briefing init'"
    assert not path.parent.exists()


def test_an_empty_file_is_no_library_for_a_command(run_cli, tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    result = run_cli("--store", path, "stats")
    assert result.exit_code == 1 and "the file is empty" in result.stderr
    assert path.stat().st_size == 0


def test_init_makes_the_library_and_its_folder(run_cli, tmp_path):
    path = tmp_path / "new" / "library.sqlite"
    assert run_cli("--store", path, "init").exit_code == 0
    assert path.is_file()
    assert run_cli("--store", path, "stats").exit_code == 0
