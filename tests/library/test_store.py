import sqlite3

import pytest
from sqlite_utils import Database

from briefing.errors import BriefingError
from briefing.library.documents import add_document, delete_document, get_document, update_document
from briefing.library.opening import STORE_ENV, open_store, resolve_store_path
from briefing.library.schema import migrations
from briefing.safekeeping.backup import open_library


def test_store_is_wal_with_foreign_keys(store_path):
    with open_store(store_path) as s:
        assert s.scalar("PRAGMA journal_mode") == "wal"
        assert s.scalar("PRAGMA foreign_keys") == 1
        applied = [m.name for m in migrations.applied(s.db)]
        assert applied == [m.name for m in migrations._migrations]


def test_store_location_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert resolve_store_path().name == "library.sqlite"
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env.sqlite"))
    assert resolve_store_path() == tmp_path / "env.sqlite"
    assert resolve_store_path(tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"


def test_previous_schema_upgrades_without_losing_data(store_path):
    names = [m.name for m in migrations._migrations]
    conn = sqlite3.connect(store_path)
    old = Database(conn)
    migrations.apply(old, stop_before=names[-1])
    conn.execute(
        "INSERT INTO documents (title, kind, text, created, updated) VALUES ('Old treaty', 'agreement', 'x', 'now', 'now')"
    )
    conn.commit()
    conn.close()

    with open_library(store_path) as s:  # as the app and the command line open it
        assert [m.name for m in migrations.applied(s.db)] == names
        assert s.scalar("SELECT title FROM documents") == "Old treaty"
    backups = list((store_path.parent / "backups").glob("*-migration.sqlite"))
    assert backups, "the file is copied before a migration runs"
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT title FROM documents").fetchone() == ("Old treaty",)


def test_not_a_store_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(BriefingError, match="notes.sqlite"):
        open_store(bogus)


def test_document_round_trip_with_links(store):
    doc_id = add_document(
        store,
        {"title": "Memorandum on outer space", "kind": "agreement", "instrument": "memorandum", "date": "2024-03-12"},
        parties=[{"name": "Ministry of Digital Development", "country": "KZ"}, {"name": "Ministry of Transport", "country": "AZ"}],
        tags=["digital", "space"],
    )
    doc = get_document(store, doc_id)
    assert doc["instrument"] == "memorandum"
    assert [p["country"] for p in doc["parties"]] == ["KZ", "AZ"]
    assert doc["tags"] == ["digital", "space"]
    update_document(store, doc_id, {"summary": "Peaceful use of space."})
    assert get_document(store, doc_id)["summary"] == "Peaceful use of space."
    delete_document(store, doc_id)
    assert store.scalar("SELECT count(*) FROM search_index") == 0
    assert store.scalar("SELECT count(*) FROM document_parties") == 0


def test_a_failed_unit_of_work_leaves_nothing(store):
    with pytest.raises(BriefingError):
        add_document(store, {"title": "Bad kind", "kind": "poem"})
    with pytest.raises(sqlite3.IntegrityError), store.atomic():
        add_document(store, {"title": "First half", "text": "kept?"})
        store.execute("INSERT INTO document_tags (document_id, tag_id) VALUES (999, 999)")
    assert store.scalar("SELECT count(*) FROM documents") == 0
    assert store.scalar("SELECT count(*) FROM search_index") == 0


def test_invalid_instrument_is_refused(store):
    with pytest.raises(BriefingError, match="instrument"):
        add_document(store, {"title": "X", "kind": "agreement", "instrument": "napkin"})
