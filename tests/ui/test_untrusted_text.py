"""Text from the library is text: no title, note or Markdown makes the app read a local file.

A label that shows library data renders no HTML, the reader and every
off-screen document answer each resource with nothing, and a document that
cannot be shown is one message in the reader, never a crash at start (the
app opens the newest document as it starts). Under strace, no ``openat`` of
/dev/zero, a FIFO or an existing file named in a document may happen.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from ui.common.markdown_view import SafeBrowser, SafeDocument, markdown_as_plain, tooltip

ROOT = Path(__file__).resolve().parents[2]


def hostile_paths(tmp_path: Path) -> dict[str, str]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    existing = tmp_path / "map.png"
    existing.write_bytes(b"\x89PNG not really")
    return {"zero": "/dev/zero", "fifo": str(fifo), "file": str(existing)}


def hostile_markdown(paths: dict[str, str]) -> str:
    images = " ".join(f"![map]({p})" for p in paths.values())
    raw = " ".join(f'<img src="{p}">' for p in paths.values())
    links = " ".join(f"[x](file://{p})" for p in paths.values())
    return f"# Talks\n\n{images}\n\n{raw}\n\n{links}\n\nThe parties agreed."


def test_browser_answers_every_resource_with_nothing(qtbot):
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    for kind in QTextDocument.ResourceType:
        answer = browser.loadResource(kind.value, QUrl.fromLocalFile("/dev/zero"))
        assert answer is not None  # None makes Qt read the file itself
        if kind == QTextDocument.ResourceType.ImageResource:
            assert isinstance(answer, QImage) and answer.isNull()
    doc = SafeDocument()
    assert isinstance(doc.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("/dev/zero")), QImage)


def test_notes_list_shows_markdown_as_words(qtbot):
    assert markdown_as_plain("**Raise** at the [dinner](#x) ![map](/dev/zero)") .startswith("Raise at the dinner")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.one_of(
    st.text(min_size=1, max_size=80),
    st.sampled_from(['<img src="/dev/zero"> Talks', "<b>bold</b> & <a href='x'>y</a>", "<style>*{}</style>",
                     "&lt;escaped&gt;", "<!-- c --> <script>x</script>", "line\nbreak <i>"]),
))
def test_titles_are_shown_as_typed(qtbot, title):
    from ui.library.reader import ReaderView

    reader = ReaderView(None)
    qtbot.addWidget(reader)
    doc = {"id": 1, "title": title, "kind": "note", "date": "2024", "place": title, "publisher": title,
           "language": "en", "tags": [title], "parties": [{"name": title}],
           "linked": {"events": [{"id": 3, "title": title}]}, "text": "x", "user_fields": []}
    reader._show(1, doc, "x", [{"id": 5, "exact": title, "note": title, "color": "yellow", "span": (0, 1)}])
    assert reader.title.textFormat() == Qt.TextFormat.PlainText
    assert reader.title.text() == title
    assert reader.meta.textFormat() == Qt.TextFormat.PlainText
    # the links line is HTML of our own: the title in it is escaped, so it reads back as typed
    shown = SafeDocument()
    shown.setHtml(reader.links.text())
    assert " ".join(title.split()) in " ".join(shown.toPlainText().split())
    tip = tooltip(title)
    if "<" in title or "&" in title:
        shown.setHtml(tip)
        assert " ".join(shown.toPlainText().split()) == " ".join(title.split())
        assert "<img" not in tip and "<a " not in tip.removeprefix("<p")
    assert "<img" not in reader.notes.item(0).toolTip()


APP_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from briefing.library.documents import add_document
from briefing.library.opening import open_store

store_path, settings_path, markdown, title = sys.argv[1:5]
with open_store(store_path) as s:
    add_document(s, {{"title": "An old page", "kind": "note", "date": "2001-01-01", "text": "Old."}})
    add_document(s, {{"title": title, "kind": "article", "date": "2999-01-01", "text": markdown,
                      "place": title, "publisher": title}}, tags=[title])
app = QApplication([])
from ui.main_window import MainWindow
window = MainWindow(store_path, settings=QSettings(settings_path, QSettings.Format.IniFormat))
window.show()
window.start()
deadline = time.monotonic() + 30
while window.reader.doc is None and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
for _ in range(20):
    app.processEvents()
window.grab()
window.reader.notes.grab()
print("OPENED", window.reader.title.text(), flush=True)
window.close()
"""


def test_the_app_reads_no_file_a_document_names(tmp_path):
    """Under strace: the app starts on a future-dated page naming /dev/zero, a FIFO and a file, and opens none."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (Debian package strace)")
    paths = hostile_paths(tmp_path)
    title = " ".join(f'<img src="{p}">' for p in paths.values()) + " Talks"
    script = tmp_path / "app.py"
    script.write_text(APP_SCRIPT.format(root=str(ROOT)))
    log = tmp_path / "trace.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / ".config"), "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    command = [strace, "-f", "-qq", "-e", "trace=openat,open", "-o", str(log), sys.executable, str(script),
               str(tmp_path / "lib.sqlite"), str(tmp_path / "settings.ini"), hostile_markdown(paths), title]
    probe = subprocess.run([strace, "-qq", "-o", os.devnull, sys.executable, "-c", "pass"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"this machine does not permit tracing: {probe.stderr.strip()[:200]}")
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=90, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("the app hung (a FIFO named in a document was opened)")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "OPENED" in run.stdout and "Talks" in run.stdout
    opened = [line for line in log.read_text().splitlines()
              if any(f'"{p}"' in line for p in paths.values())]
    assert opened == [], "\n".join(opened)


def test_a_document_that_cannot_be_shown_is_one_message(qtbot, sample_path, tmp_path, monkeypatch):
    from ui_support import open_window

    from ui.library import reader as reader_module

    def broken(doc):
        raise ValueError("no such kind")

    monkeypatch.setattr(reader_module, "describe", broken)
    window = open_window(qtbot, sample_path, tmp_path)  # opens the newest document as it starts
    reader = window.reader
    qtbot.waitUntil(lambda: reader.title.text() == "This document cannot be shown", timeout=5000)
    assert "no such kind" in reader.meta.text()
    assert reader.doc_id is None
    monkeypatch.undo()
    window.open_document(window.library.model.result_at(0).id)
    qtbot.waitUntil(lambda: reader.doc_id is not None, timeout=5000)


def test_escaped_text_reads_back(qtbot):
    assert tooltip("plain") == "plain"
    assert html.escape("<b>") in tooltip("<b>")


def test_warnings_show_messages_as_typed(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.common.markdown_view import warn

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.textFormat(), box.text())) or 0)
    warn(None, "Import", '<img src="/dev/zero"> could not be read')
    assert shown == [(Qt.TextFormat.PlainText, '<img src="/dev/zero"> could not be read')]
