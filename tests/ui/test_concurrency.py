"""The app and a command on one library at once: both finish, nothing is lost, and the app
shows what the command added without being told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui_support import open_window, settle

from briefing.library.annotations import add_annotation
from briefing.library.opening import open_store

FILES = Path(__file__).parent.parent / "fixtures" / "import" / "good"


def test_a_command_line_import_while_the_app_annotates(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    settle(qtbot, window)
    before = window.library.model.total
    with open_store(sample_path) as s:
        doc = s.scalar("SELECT id FROM documents WHERE slug = 'joint-statement-2023-04-10'")
        quote = " ".join(s.scalar("SELECT text FROM documents WHERE id = ?", [doc]).split()[20:26])
    importer = subprocess.Popen(
        [sys.executable, "-m", "briefing", "--store", str(sample_path), "import", str(FILES), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    made, failures = [], []
    while importer.poll() is None or len(made) < 5:
        op = window.runner.write(lambda job: add_annotation(job.store, doc, quote, note=f"note {len(made)}"), "annotate")
        op.on_success(made.append).on_failure(failures.append)
        settle(qtbot, window, timeout=30000)
    out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert failures == []
    with open_store(sample_path) as s:
        assert s.scalar(f"SELECT count(*) FROM annotations WHERE id IN ({','.join(map(str, made))})") == len(made)
        after = s.scalar("SELECT count(*) FROM documents")
    assert after > before
    # the app notices the other process's commit by itself and redraws the library
    qtbot.waitUntil(lambda: window.library.model.total == after, timeout=10000)
