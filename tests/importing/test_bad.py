"""Import: bad files are rejected with one line each, nothing half-stored, the run goes on;
the command's JSON, exit codes, duplicates, progress and cancelling."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.importing import ImportReport, import_paths, source
from briefing.library.opening import open_store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
GOOD, BAD = FIXTURES / "good", FIXTURES / "bad"

REASONS = {
    "empty.txt": "empty file",
    "whitespace.md": "only whitespace",
    "table.xyz": "unknown format (.xyz)",
    "old_word.doc": "old Word .doc format",
    "picture.txt": "binary data",
    "picture.html": "binary data",
    "not_really.pdf": "not a PDF file",
    "truncated.pdf": "truncated PDF",
    "encrypted.pdf": "password-protected",
    "corrupt.pdf": "corrupt PDF",
    "truncated.docx": "corrupt or truncated Word document",
    "not_word.docx": "not a Word document",
    "bomb.docx": "zip bomb",
    "nested.html": "nested more than",
    "furniture_only.html": "nothing left",
}


def counts(store) -> tuple[int, int, int]:
    return (
        store.scalar("SELECT count(*) FROM documents"),
        store.scalar("SELECT count(*) FROM search_index"),
        store.scalar("SELECT count(*) FROM document_parties"),
    )


def test_every_kind_of_bad_file_is_rejected_with_its_reason(store):
    report = import_paths(store, [BAD])
    reasons = {Path(r["path"]).name: r["reason"] for r in report.rejected}
    assert set(reasons) == set(REASONS)
    for name, expected in REASONS.items():
        assert expected in reasons[name], (name, reasons[name])
        assert "\n" not in reasons[name] and "Traceback" not in reasons[name]
    assert not report.imported and counts(store) == (0, 0, 0)


def test_the_run_goes_on_after_bad_files(store):
    report = import_paths(store, [BAD / "truncated.pdf", GOOD / "note_en_cp1252.txt", BAD / "bomb.docx"])
    assert [Path(r["path"]).name for r in report.rejected] == ["truncated.pdf", "bomb.docx"]
    assert [Path(r["path"]).name for r in report.imported] == ["note_en_cp1252.txt"]


def test_a_file_over_the_size_limit_is_refused_unread(store, monkeypatch):
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 1000)
    report = import_paths(store, [GOOD / "web_copy_en.txt", GOOD / "lead_only_en.txt"])
    assert [Path(r["path"]).name for r in report.rejected] == ["web_copy_en.txt"]
    assert "too large" in report.rejected[0]["reason"] and "limit is 1.0 KB" in report.rejected[0]["reason"]
    assert len(report.imported) == 1


def test_a_pdf_over_the_page_limit_is_refused(store, monkeypatch):
    from briefing.importing import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    report = import_paths(store, [GOOD / "speech_en.pdf"])  # two pages
    assert report.rejected[0]["reason"] == "the PDF has more than 1 pages"
    assert counts(store) == (0, 0, 0)


def test_a_pdf_locked_only_against_editing_is_read(store, tmp_path):
    """Encrypted with an owner password and an empty one for readers: it opens, so it is read."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    secret = pdfencrypt.StandardEncryption("", "owner-password", canPrint=0, canModify=0, strength=128)
    pdf = canvas.Canvas(str(path), invariant=1, encrypt=secret)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 760, "Ferry timetable for the winter season")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 730, "The ferries sail from Aktau to Alat on Mondays and Thursdays.")
    pdf.showPage()
    pdf.save()
    report = import_paths(store, [path])
    assert not report.rejected, report.rejected
    assert report.imported[0]["title"] == "Ferry timetable for the winter season"


def test_a_missing_path_is_rejected(store, tmp_path):
    report = import_paths(store, [tmp_path / "nowhere.txt"])
    assert report.rejected == [{"path": str(tmp_path / "nowhere.txt"), "reason": "no such file"}]


def test_a_failure_while_writing_leaves_nothing_of_that_file(store, monkeypatch):
    """The article is written, then its third signed document fails: none of it stays."""
    from briefing.importing import importer

    real = importer._add_instrument
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_add_instrument", failing)
    with pytest.raises(RuntimeError):
        import_paths(store, [GOOD / "web_copy_en.txt"])
    assert counts(store) == (0, 0, 0)


def test_duplicates_are_reported_not_stored(store, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copyfile(GOOD / "transcript_en.txt", copy)
    first = import_paths(store, [GOOD / "transcript_en.txt"])
    again = import_paths(store, [copy, GOOD / "transcript_en.txt"])
    doc_id = first.imported[0]["id"]
    assert again.duplicates == [{"path": str(copy), "id": doc_id}, {"path": str(GOOD / "transcript_en.txt"), "id": doc_id}]
    assert not again.imported and store.scalar("SELECT count(*) FROM documents") == 1


def test_progress_and_cancel_between_files(store):
    seen = []
    report = import_paths(
        store,
        [GOOD / "note_en_cp1252.txt", GOOD / "lead_only_en.txt", GOOD / "transcript_en.txt"],
        progress=lambda done, total: seen.append((done, total)),
        should_cancel=lambda: len(seen) >= 2,
    )
    assert seen == [(0, 3), (1, 3)]
    assert report.cancelled and len(report.imported) == 1


def test_kind_and_tags_given_for_the_run(store):
    report = import_paths(store, [GOOD / "lead_only_en.txt"], kind="note", tags=["ferries", "2024"])
    doc_id = report.imported[0]["id"]
    assert report.imported[0]["kind"] == "note"
    tags = [r["name"] for r in store.rows(
        "SELECT t.name FROM tags t JOIN document_tags d ON d.tag_id = t.id WHERE d.document_id = ? ORDER BY 1", [doc_id])]
    assert tags == ["2024", "ferries"]


def test_report_shape():
    report = ImportReport()
    assert report.as_dict() == {"imported": [], "rejected": [], "duplicates": []}
    assert report.cancelled is False


def test_cli_json_and_exit_codes(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    result = run_cli("--store", store_path, "import", GOOD / "news_page_en.html", GOOD / "joint_statement_az.md", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"imported", "rejected", "duplicates"}
    assert [set(item) for item in data["imported"]] == [{"path", "id", "title", "kind", "date", "language"}] * 2
    assert data["imported"][1]["kind"] == "joint-statement" and data["imported"][1]["language"] == "az"

    result = run_cli("--store", store_path, "import", GOOD / "news_page_en.html", BAD / "truncated.docx", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["duplicates"][0]["id"] == 1 and data["rejected"][0]["path"].endswith("truncated.docx")
    assert "Rejected: " in result.stderr and "truncated.docx: corrupt or truncated" in result.stderr
    assert "Traceback" not in result.output


def test_cli_text_summary_with_kind_and_tag(run_cli, store_path):
    run_cli("--store", store_path, "init")  # only init makes a library
    result = run_cli("--store", store_path, "import", GOOD / "web_copy_en.txt", "--tag", "uzbekistan", "--kind", "article")
    assert result.exit_code == 0
    assert "Kazakhstan and Uzbekistan Sign Nine Documents in Tashkent" in result.output
    assert "Imported 1 (and 5 signed documents listed in them), 0 duplicates, 0 rejected." in result.output
    with open_store(store_path) as s:
        assert s.scalar("SELECT count(*) FROM document_tags") == 6  # the article and its five instruments


def test_cli_needs_a_path_and_checks_the_kind(run_cli, store_path):
    assert run_cli("--store", store_path, "import").exit_code == 2
    assert run_cli("--store", store_path, "import", GOOD, "--kind", "poem").exit_code == 2
