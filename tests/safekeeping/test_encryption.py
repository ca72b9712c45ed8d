"""Encryption at rest: SQLCipher store, passphrase only in memory, clear refusals."""

from __future__ import annotations

import json

import pytest

from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.encryption import PassphraseNeeded, WrongPassphrase, is_encrypted
from briefing.library.opening import open_store
from briefing.safekeeping.backup import backups_of, copy_store, ensure_daily_backup, validate_store_file
from briefing.safekeeping.check import check_store
from briefing.search import search

PASSPHRASE = "it's a \"quoted\" Тоқаев passphrase"


def _no_trace_of(folder, secret: str) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert secret.encode("utf-8") not in data, path
            assert b"Caspian ferry" not in data, f"{path} holds plain text"


def test_an_encrypted_store_works_and_leaves_no_plain_text(store_path):
    with open_store(store_path, passphrase=PASSPHRASE) as s:
        doc = add_document(s, {"title": "Caspian ferry protocol", "text": "Тоқаев and Aliyev on the Caspian ferry line"})
        assert [r.id for r in search(s, "Токаев").results] == [doc]
        assert check_store(s).ok
        assert ensure_daily_backup(s) is not None
        _no_trace_of(store_path.parent, PASSPHRASE)  # while open, the WAL too
    assert is_encrypted(store_path)
    assert all(is_encrypted(p) for p in backups_of(store_path))
    with open_store(store_path, passphrase=PASSPHRASE) as s:
        assert s.scalar("SELECT title FROM documents") == "Caspian ferry protocol"


def test_wrong_or_missing_passphrase_is_a_clear_error(store_path, run_cli):
    with open_store(store_path, passphrase=PASSPHRASE) as s:
        add_document(s, {"title": "Secret", "text": "x"})
    with pytest.raises(PassphraseNeeded, match="encrypted"):
        open_store(store_path)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        open_store(store_path, passphrase="not it")
    missing = run_cli("--store", store_path, "stats")
    assert missing.exit_code == 1 and "encrypted" in missing.output and "--ask-passphrase" in missing.output
    wrong = run_cli("--store", store_path, "--ask-passphrase", "stats", input="not it\n")
    assert wrong.exit_code == 1 and "wrong passphrase" in wrong.output and "Traceback" not in wrong.output
    right = run_cli("--store", store_path, "--ask-passphrase", "stats", "--json", input=PASSPHRASE + "\n")
    assert right.exit_code == 0
    assert sum(json.loads(right.output[right.output.index("{") :])["documents"].values()) == 1


def test_a_plain_store_refuses_a_passphrase(store_path):
    open_store(store_path).close()
    with pytest.raises(BriefingError, match="not encrypted"):
        open_store(store_path, passphrase=PASSPHRASE)


def test_encrypt_and_decrypt_from_the_cli(sample_path, run_cli, monkeypatch):
    assert run_cli("--store", sample_path, "stats").exit_code == 0  # makes a plain daily backup
    before = json.loads(run_cli("--store", sample_path, "search", "Baku", "--json").output)
    result = run_cli("--store", sample_path, "encrypt", "--delete-plain-backups", input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    assert is_encrypted(sample_path)
    assert backups_of(sample_path) == [], "the plain backups went with --delete-plain-backups"
    _no_trace_of(sample_path.parent, PASSPHRASE)

    monkeypatch.setenv("BRIEFING_PASSPHRASE", PASSPHRASE)
    assert json.loads(run_cli("--store", sample_path, "search", "Baku", "--json").output) == before
    assert run_cli("--store", sample_path, "backup").exit_code == 0
    assert backups_of(sample_path) and all(is_encrypted(p) for p in backups_of(sample_path))
    assert run_cli("--store", sample_path, "check").exit_code == 0
    assert run_cli("--store", sample_path, "decrypt").exit_code == 0
    monkeypatch.delenv("BRIEFING_PASSPHRASE")
    assert not is_encrypted(sample_path)
    assert json.loads(run_cli("--store", sample_path, "search", "Baku", "--json").output) == before


def test_backup_and_restore_of_an_encrypted_store(store_path, tmp_path):
    with open_store(store_path, passphrase=PASSPHRASE) as s:
        add_document(s, {"title": "Kept", "text": "x"})
        copy = copy_store(store_path, tmp_path / "copy.sqlite", passphrase=PASSPHRASE)
    assert is_encrypted(copy)
    validate_store_file(copy, PASSPHRASE)
    with pytest.raises(BriefingError, match="cannot be opened|wrong passphrase"):
        validate_store_file(copy, "not it")
    with pytest.raises(BriefingError, match="encrypted"):
        validate_store_file(copy)
