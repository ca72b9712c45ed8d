"""``briefing export``: the sample book to a PDF from the command line."""

from __future__ import annotations

from pypdf import PdfReader


def _sample_book_title(run_cli, sample_path) -> str:
    import json

    books = json.loads(run_cli("--store", sample_path, "books", "--json").output)
    assert books, "the sample library has a book"
    return books[0]["title"]


def test_export_by_title_with_paper_and_watermark(run_cli, sample_path, tmp_path):
    out = tmp_path / "pack.pdf"
    title = _sample_book_title(run_cli, sample_path)
    result = run_cli("--store", sample_path, "export", title, "-o", out, "--paper", "letter", "--watermark", "DRAFT")
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert all("DRAFT" in p.extract_text() for p in reader.pages[:3])
    assert reader.metadata.title == title


def test_export_json_by_id(run_cli, sample_path, tmp_path):
    import json

    out = tmp_path / "pack.pdf"
    result = run_cli("--store", sample_path, "export", "1", "-o", out, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # the pre-flight summary goes to stderr
    assert data["pages"] == len(PdfReader(out).pages) and data["file"] == str(out)


def test_unknown_book_is_one_clear_line(run_cli, sample_path, tmp_path):
    result = run_cli("--store", sample_path, "export", "No such book", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "no book 'No such book'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_new_book_from_template_exports_even_with_a_cell_taller_than_a_page(run_cli, sample_path, tmp_path):
    # the chronology lists the fourteen documents of 2024 in one table cell
    assert run_cli("--store", sample_path, "book", "new", "Fresh brief", "--template", "State visit").exit_code == 0
    out = tmp_path / "fresh.pdf"
    result = run_cli("--store", sample_path, "export", "Fresh brief", "-o", out)
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "information security" in text
