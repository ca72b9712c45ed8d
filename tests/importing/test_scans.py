"""Import: scanned PDFs (pages that are pictures) read with OCR, or kept as "scan without text" when OCR is missing.

The scan is made here: a page of text drawn as a picture and saved as a PDF that
holds only that picture, as a scanner would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.importing import import_paths, ocr
from briefing.importing.available import ocr_unavailable
from briefing.resources import resource_path

LINES = [
    "AGREEMENT ON FERRY SERVICES",
    "Astana, 12 April 2023",
    "The Parties shall open a weekly ferry line",
    "between the ports of Aktau and Baku.",
]


def make_scan(path: Path, lines: list[str] = LINES) -> Path:
    """An image-only PDF: the lines drawn on a white page at 150 dpi, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(resource_path("fonts", "NotoSans-Regular.ttf")), 34)
    page = Image.new("L", (1240, 700), 255)
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(lines):
        draw.text((90, 90 + n * 70), line, font=font, fill=0)
    page.save(path, "PDF", resolution=150)
    return path


def test_the_scan_made_here_has_no_text_layer(tmp_path):
    from pdfminer.high_level import extract_text

    assert extract_text(make_scan(tmp_path / "scan.pdf")).strip() == ""


@pytest.mark.skipif(ocr_unavailable() is not None, reason="Tesseract OCR is not installed here")
def test_a_scanned_page_is_read_with_ocr_and_its_progress_told(store, tmp_path):
    scan = make_scan(tmp_path / "ferry_agreement_scan.pdf")
    told: list[tuple[str, int, int]] = []
    report = import_paths(store, [scan], page_progress=lambda path, page, pages: told.append((path.name, page, pages)))
    assert not report.rejected and len(report.imported) == 1
    text = store.scalar("SELECT text FROM documents WHERE id = ?", [report.imported[0]["id"]])
    for word in ("ferry", "Aktau", "Baku", "Parties"):
        assert word in text, (word, text)
    assert told[0] == ("ferry_agreement_scan.pdf", 0, 1) and told[-1] == ("ferry_agreement_scan.pdf", 1, 1)
    assert report.imported[0]["date"] == "2023-04-12"


def test_without_ocr_a_scan_is_kept_as_a_scan_without_text(store, tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: "Tesseract OCR is not installed (apt install tesseract-ocr)")
    report = import_paths(store, [make_scan(tmp_path / "signed_protocol_2023.pdf")])
    assert not report.rejected and len(report.imported) == 1
    item = report.imported[0]
    assert item["title"] == "signed protocol 2023"
    assert "Tesseract OCR is not installed" in item["warnings"][0]
    text = store.scalar("SELECT text FROM documents WHERE id = ?", [item["id"]])
    assert text.startswith("Scan without text.") and "signed_protocol_2023.pdf" in text
    tags = [r["name"] for r in store.rows(
        "SELECT t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id WHERE dt.document_id = ?", [item["id"]]
    )]
    assert "scan without text" in tags


def test_two_scans_without_text_are_not_taken_for_duplicates(store, tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: "Tesseract OCR is not installed")
    report = import_paths(store, [make_scan(tmp_path / "a.pdf"), make_scan(tmp_path / "b.pdf", LINES[:2])])
    assert len(report.imported) == 2 and not report.duplicates


def test_the_command_says_a_scan_has_no_text(run_cli, store_path, tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: "Tesseract OCR is not installed")
    run_cli("--store", store_path, "init")
    result = run_cli("--store", store_path, "import", make_scan(tmp_path / "scan.pdf"))
    assert result.exit_code == 0
    assert "note: scan without text: all its pages are pictures and Tesseract OCR is not installed" in result.output
