"""Import on an installation missing a module, and on a full disk: one plain message, a full report.

A missing module is simulated by the importers' own availability check; a full
disk by SQLite's page limit for the file (``max_page_count``), which fails a
write exactly as a full disk does ("database or disk is full").
"""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing.importing import available, formats, import_paths
from briefing.library.opening import open_store
from briefing.safekeeping.check import check_store

GOOD = Path(__file__).parent.parent / "fixtures" / "import" / "good"
MISSING = "HTML files cannot be imported: the module lxml_html_clean is missing (install it with: pip install lxml_html_clean)"


def test_every_importer_can_run_on_the_test_installation():
    assert available.unavailable() == {}


def test_a_missing_module_is_one_message_not_a_rejection_per_file(store, monkeypatch, tmp_path):
    monkeypatch.setattr(formats, "unavailable", lambda: {"html": MISSING})
    for name in ("news_page_en.html", "press_release_ru.html", "note_en_cp1252.txt"):
        shutil.copy(GOOD / name, tmp_path / name)
    report = import_paths(store, [tmp_path])
    assert [Path(r["path"]).name for r in report.imported] == ["note_en_cp1252.txt"]
    assert report.problems == [MISSING]
    assert sorted(Path(r["path"]).name for r in report.rejected) == ["news_page_en.html", "press_release_ru.html"]
    assert all(r["reason"] == "not imported: HTML import is not available on this installation" for r in report.rejected)


def test_the_command_names_a_missing_module_once(run_cli, store_path, monkeypatch, tmp_path):
    from briefing.cli import importing as command

    monkeypatch.setattr(formats, "unavailable", lambda: {"html": MISSING})
    monkeypatch.setattr(command, "unavailable", lambda: {"html": MISSING})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("news_page_en.html", "press_release_ru.html"):
        shutil.copy(GOOD / name, inbox / name)
    run_cli("--store", store_path, "init")
    result = run_cli("--store", store_path, "import", inbox)
    assert result.exit_code == 1
    assert result.output.count("module lxml_html_clean is missing") == 2  # at the start, and with the files it kept out
    assert "Not imported (2): news_page_en.html, press_release_ru.html: HTML files cannot be imported" in result.output
    assert "Rejected:" not in result.output


def test_check_lists_what_cannot_be_imported(store, monkeypatch):
    assert "Import: every format can be read" in check_store(store).lines() or available.ocr_unavailable()
    monkeypatch.setattr("briefing.safekeeping.check.import_problems", lambda: [MISSING])
    report = check_store(store)
    assert f"Import: {MISSING}" in report.lines()
    assert report.ok  # the library itself is sound


_WORDS = "the ministers agreed a ferry timetable for the ports of aktau and baku and a common tariff"


def _long_text(n: int) -> str:
    words = _WORDS.split()
    body = "\n\n".join(" ".join(words[(i + k) % len(words)] for k in range(120)) + "." for i in range(12))
    return f"Ferry report number {n}\n\n{n} May 2024\n\n{body}\n"


def test_a_full_disk_stops_the_import_with_one_sentence_and_a_full_report(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(1, 9):
        (folder / f"report{n}.txt").write_text(_long_text(n), encoding="utf-8")
    with open_store(tmp_path / "library.sqlite") as store:
        pages = store.scalar("PRAGMA page_count")
        store.execute(f"PRAGMA max_page_count = {pages + 12}")  # room for a file or two, as on a nearly full disk
        report = import_paths(store, [folder])
        stored = store.scalar("SELECT count(*) FROM documents")
        assert store.scalar("PRAGMA integrity_check") == "ok"
    assert report.stopped is not None and report.stopped.startswith("The disk is full, so the import stopped at")
    assert "\n" not in report.stopped and "OperationalError" not in report.stopped
    assert len(report.imported) == stored >= 1  # what was imported is listed and kept
    not_imported = [Path(r["path"]).name for r in report.rejected]
    assert len(report.imported) + len(not_imported) == 8
    assert all(r["reason"] == "not imported: the disk is full" for r in report.rejected)
    assert report.as_dict()["stopped"] == report.stopped


def test_the_command_reports_a_full_disk_plainly(run_cli, store_path, tmp_path, monkeypatch):
    from briefing.importing import importer

    def full(*args, **kwargs):
        raise importer.DiskFull("database or disk is full")

    run_cli("--store", store_path, "init")
    monkeypatch.setattr(importer, "_import_one", full)
    (tmp_path / "a.txt").write_text(_long_text(1), encoding="utf-8")
    result = run_cli("--store", store_path, "import", tmp_path / "a.txt")
    assert result.exit_code == 1
    assert "The disk is full, so the import stopped at a.txt" in result.output
    assert "Not imported (1): a.txt" in result.output
    assert "Traceback" not in result.output and "OperationalError" not in result.output
