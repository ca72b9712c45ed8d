"""Two processes on one store: no lost writes, no corruption, and "busy" instead of a hang."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from workload import Committed, verify

from briefing.errors import StoreBusy
from briefing.library import opening as store_module
from briefing.library.documents import add_document
from briefing.library.opening import open_store

WORKLOAD = Path(__file__).parent.parent / "workload.py"


def test_writers_in_separate_processes_lose_nothing(store_path):
    open_store(store_path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, str(WORKLOAD), str(store_path), "--tag", tag, "--count", "150", "--seed", str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed, tag in enumerate(("alpha", "beta"))
    ]
    # a third process loads the sample library in one long transaction meanwhile
    sample = subprocess.run(
        [sys.executable, "-m", "briefing", "--store", str(store_path), "init", "--sample", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    outputs = [w.communicate(timeout=120) for w in writers]
    for w, (_out, err) in zip(writers, outputs):
        assert w.returncode == 0, err
    assert sample.returncode == 0, sample.stderr
    added = json.loads(sample.stdout)["sample"]["added"]["documents"]

    committed = [Committed().read(out) for out, _ in outputs]
    assert not set(committed[0].versions) & set(committed[1].versions), "ids are never handed out twice"
    merged = Committed()
    for c in committed:
        merged.versions.update(c.versions)
        merged.annotations.update(c.annotations)
    assert verify(store_path, merged) == []
    with open_store(store_path) as s:
        assert s.scalar("SELECT count(*) FROM documents") == len(merged.versions) + added
        ours = "SELECT count(*) FROM annotations WHERE note LIKE 'alpha note %' OR note LIKE 'beta note %'"
        assert s.scalar(ours) == len(merged.annotations)


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO tags (name) VALUES ('held by another window')")
    return other


def test_a_held_lock_is_a_clear_busy_error_not_a_hang(store_path, monkeypatch, run_cli):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    open_store(store_path).close()
    other = _hold_write_lock(store_path)
    try:
        started = time.monotonic()
        with open_store(store_path) as s, pytest.raises(StoreBusy, match="busy in another window or process"):
            add_document(s, {"title": "Waiting", "text": "x"})
        result = run_cli("--store", store_path, "init", "--sample")
        assert time.monotonic() - started < 5
        assert result.exit_code == 1
        assert result.output.startswith("Error: ") and "busy" in result.output and "Traceback" not in result.output
    finally:
        other.rollback()
        other.close()
    with open_store(store_path) as s:
        assert s.scalar("SELECT count(*) FROM documents") == 0, "the refused write left nothing behind"


def test_a_briefly_held_lock_is_waited_for(store_path):
    open_store(store_path).close()
    other = _hold_write_lock(store_path)
    release = threading.Timer(0.4, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with open_store(store_path) as s:
            doc_id = add_document(s, {"title": "After the other window", "text": "x"})
            assert s.scalar("SELECT title FROM documents WHERE id = ?", [doc_id]) == "After the other window"
    finally:
        release.join()
        other.close()


def _close_from_another_process(path) -> None:
    """Another process opens the store, writes, and closes: the last one out would delete the WAL."""
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\"UPDATE documents SET title = title || '.'\"); c.commit(); c.close()"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)


def test_checking_a_store_for_encryption_keeps_this_processs_locks(store_path):
    """Reading the header must not drop the locks of this process's open connections: with them
    gone, another process closing the store deletes the write-ahead log still in use here."""
    from briefing.library.encryption import is_encrypted

    store = open_store(store_path)
    add_document(store, {"title": "held", "text": "kept open in this process"})
    for _ in range(3):
        assert not is_encrypted(store_path)
        open_store(store_path).close()  # every new connection (each app worker) checks the header too
    _close_from_another_process(store_path)
    assert store_path.with_name(store_path.name + "-wal").exists(), "the other process took the store as its own"
    add_document(store, {"title": "after", "text": "still writing"})
    assert store.scalar("SELECT count(*) FROM documents") == 2
    store.close()
    with closing(sqlite3.connect(store_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
