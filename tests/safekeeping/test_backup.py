"""Backups, restore and the store check: rotation, refusals, repairs."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.opening import open_store
from briefing.safekeeping.backup import (
    KEEP,
    backups_of,
    copy_store,
    ensure_daily_backup,
    make_backup,
    restore,
    validate_store_file,
)
from briefing.safekeeping.check import check_store


def _titles(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT title FROM documents ORDER BY id")]


def test_backup_is_a_self_contained_copy_of_the_live_store(store_path, tmp_path):
    with open_store(store_path) as s:
        add_document(s, {"title": "Treaty on the Caspian", "text": "Signed in Aktau."})
        # the write is still in the WAL, not the main file: the copy must include it
        target = copy_store(store_path, tmp_path / "out" / "copy.sqlite")
    assert _titles(target) == ["Treaty on the Caspian"]
    assert not (tmp_path / "out" / "copy.sqlite-wal").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["copy.sqlite"]
    validate_store_file(target)


def test_daily_backup_once_a_day_and_rotation_keeps_the_newest(store_path):
    with open_store(store_path) as s:
        assert ensure_daily_backup(s) is None, "an empty store is not worth a copy"
        add_document(s, {"title": "Joint statement", "text": "x"})
        start = dt.date(2024, 1, 1)
        made = [ensure_daily_backup(s, today=start + dt.timedelta(days=n)) for n in range(KEEP + 3)]
        assert all(made)
        assert ensure_daily_backup(s, today=start + dt.timedelta(days=KEEP + 2)) is None, "same day: no second copy"
        manual = make_backup(store_path, "manual")
    kept = backups_of(store_path)
    assert manual in kept, "a manual backup is never rotated away"
    daily = [p for p in kept if p.name.endswith("-daily.sqlite")]
    assert daily == made[-KEEP:]


def test_cli_open_makes_the_daily_backup(sample_path, run_cli):
    assert run_cli("--store", sample_path, "stats").exit_code == 0
    assert [p.name.endswith("-daily.sqlite") for p in backups_of(sample_path)] == [True]
    assert run_cli("--store", sample_path, "stats").exit_code == 0
    assert len(backups_of(sample_path)) == 1


def test_restore_refuses_what_is_not_a_store(sample_path, tmp_path, run_cli):
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(sample_path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    before = sample_path.read_bytes()
    for bad, reason in [
        (text, "not an SQLite database"),
        (other, "no migrations table"),
        (damaged, "integrity"),
        (tmp_path / "absent.sqlite", "no such file"),
    ]:
        result = run_cli("--store", sample_path, "restore", bad)
        assert result.exit_code == 1
        assert bad.name in result.output and reason in result.output
    assert sample_path.read_bytes() == before


def test_restore_replaces_content_and_keeps_the_old(store_path, tmp_path, run_cli):
    with open_store(store_path) as s:
        add_document(s, {"title": "First", "text": "one"})
    saved = copy_store(store_path, tmp_path / "saved.sqlite")
    with open_store(store_path) as s:
        add_document(s, {"title": "Second", "text": "two"})
        other = open_store(store_path)  # another window keeps the store open through the restore
        result = run_cli("--store", store_path, "restore", saved, "--json")
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert other.scalar("SELECT count(*) FROM documents") == 1
        other.close()
    assert _titles(store_path) == ["First"]
    assert _titles(report["previous_saved_to"]) == ["First", "Second"]
    with open_store(store_path) as s:
        assert s.scalar("PRAGMA journal_mode") == "wal"
        assert check_store(s).ok
        assert s.rows("SELECT rowid FROM search_index") == [{"rowid": 1}]


def test_restore_over_a_store_too_damaged_to_open(store_path, tmp_path, run_cli):
    with open_store(store_path) as s:
        add_document(s, {"title": "Kept safe", "text": "x"})
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    saved = copy_store(store_path, tmp_path / "saved.sqlite")
    store_path.write_bytes(b"garbage" * 1000)
    result = run_cli("--store", store_path, "restore", saved)
    assert result.exit_code == 0, result.output
    assert _titles(store_path) == ["Kept safe"]
    assert any(p.name.endswith("-replaced.sqlite") for p in backups_of(store_path)), "the old file is kept"


def test_restore_in_code_refuses_the_store_itself(store_path):
    with open_store(store_path) as s, pytest.raises(BriefingError, match="store itself"):
        restore(s, store_path)


def test_check_reports_sound_store(sample_path, run_cli):
    result = run_cli("--store", sample_path, "check", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["ok"] and report["integrity"] == ["ok"] and report["rebuilt"] is None


def test_check_rebuilds_an_index_out_of_step(sample_path, run_cli):
    with open_store(sample_path) as s:
        ids = [r["id"] for r in s.rows("SELECT id FROM documents ORDER BY id LIMIT 3")]
        s.execute("DELETE FROM search_index WHERE rowid = ?", [ids[0]])
        s.execute("UPDATE search_index SET body_fold = 'nothing' WHERE rowid = ?", [ids[1]])
        s.execute("INSERT INTO search_index (rowid, title_fold) VALUES (99999, 'ghost')")
    result = run_cli("--store", sample_path, "check")
    assert result.exit_code == 0, result.output
    assert "1 documents missing" in result.output and "1 entries out of date" in result.output
    assert "1 entries for deleted documents" in result.output and "rebuilt" in result.output
    again = json.loads(run_cli("--store", sample_path, "check", "--json").output)
    assert again["ok"] and not again["index_out_of_step"]


def test_check_repairs_a_damaged_fts_index(sample_path, run_cli):
    with open_store(sample_path) as s:
        s.execute("DELETE FROM search_index_data WHERE id > 10")
    no_repair = run_cli("--store", sample_path, "check", "--no-repair", "--json")
    assert no_repair.exit_code == 1
    assert json.loads(no_repair.output)["fts_error"]
    result = run_cli("--store", sample_path, "check", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["rebuilt"] and report["fts_error_after"] is None


def test_check_names_damage_and_exits_1(sample_path, run_cli):
    with open_store(sample_path) as s:
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = s.scalar("PRAGMA page_size")
        root = s.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'documents_date'")
    data = bytearray(sample_path.read_bytes())
    offset = (root - 1) * page
    data[offset + 8 : offset + page] = b"\x07" * (page - 8)
    sample_path.write_bytes(bytes(data))
    result = run_cli("--store", sample_path, "check")
    assert result.exit_code == 1
    assert "Integrity:" in result.output and "Integrity: ok" not in result.output
