"""Crash safety: writers killed with SIGKILL at random moments lose nothing they committed.

A bounded run here (24 rounds: the write and book-edit workload, imports, exports, the app); tools/crash_soak.py runs as many as you like.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from workload import crash_rounds

from briefing.library.documents import add_document
from briefing.library.opening import open_store
from briefing.safekeeping.backup import copy_store, rotate

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def test_random_kills_lose_nothing_committed(store_path):
    run = crash_rounds(store_path, 24, seed=int(os.environ.get("CRASH_SEED", "7")), max_delay=0.9)
    assert run.problems == []
    assert run.kills >= 16, run  # a sample load or check can finish before its kill comes
    assert run.commits_seen > 100, "the kills landed while writes were going on"
    assert {"workload", "import", "export", "app"} <= set(run.by_kind), run.by_kind


def _titles(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT title FROM documents")}


def _restore(store_path, source) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "--store", str(store_path), "restore", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_killed_restore_leaves_the_old_library_or_the_new(store_path, tmp_path):
    def fill(path, word):
        with open_store(path) as s, s.atomic():
            for n in range(800):
                add_document(s, {"title": f"{word} {n}", "text": f"{word} {n} " * 300})

    fill(store_path, "Old")
    old = copy_store(store_path, tmp_path / "old.sqlite")
    fill(tmp_path / "new-live.sqlite", "New")
    new = copy_store(tmp_path / "new-live.sqlite", tmp_path / "new.sqlite")
    old_titles, new_titles = _titles(old), _titles(new)
    started = time.monotonic()
    assert _restore(store_path, new).wait() == 0
    whole = time.monotonic() - started  # how long a restore takes here, to aim the kills inside it
    rng = random.Random(3)
    outcomes = []
    for _ in range(6):
        copy_store(old, store_path)
        child = _restore(store_path, new)
        time.sleep(rng.uniform(0.4, 1.0) * whole)
        child.send_signal(signal.SIGKILL)
        child.wait()
        open_store(store_path).close()
        titles = _titles(store_path)
        assert titles in (old_titles, new_titles)
        outcomes.append("new" if titles == new_titles else "old")
        with sqlite3.connect(store_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    print("restore killed:", outcomes)


def test_partial_backups_from_a_killed_copy_are_cleared(store_path):
    with open_store(store_path) as s:
        add_document(s, {"title": "x", "text": "y"})
    folder = store_path.parent / "backups"
    folder.mkdir()
    partial = folder / f".{store_path.stem}-20240101-000000-000000-daily.sqlite.999.partial"
    partial.write_bytes(b"half")
    assert rotate(store_path, stale_after=3600) == []
    assert partial in rotate(store_path, stale_after=-1)
    assert not partial.exists()
