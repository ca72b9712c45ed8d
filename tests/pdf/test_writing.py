"""The faster helpers of ReportLab's saving give ReportLab's own bytes and errors."""

from __future__ import annotations

import pytest
from pdfbook import load_book
from reportlab.pdfbase import pdfdoc

from briefing.pdf import export_pdf, writing

TEXTS = ["/Type", "12 0 R", "595.2756", "%s %s obj\n", "Page 3 of 9", "(x)", "", " ", "a\tb", "\x7f", "\x18",
         "\x1f caron", "é", "Æ", "Қазақ", "–", "\u2019", "#", "a b", "[x]", "<<", "%", "\x00", "~", "\xa0", "€"]


def _outcome(call, value):
    try:
        return call(value)
    except Exception as exc:  # the same error, not only the same bytes
        return type(exc)


@pytest.mark.parametrize("text", TEXTS + [t.encode("utf-8") for t in TEXTS[:4]])
def test_encoding_gives_reportlabs_bytes(text):
    assert _outcome(writing.pdfdoc_encoded, text) == _outcome(writing._reportlab_encode, text)


@pytest.mark.parametrize("text", TEXTS)
def test_names_are_escaped_as_reportlab_escapes_them(text):
    assert writing.pdf_name(text) == writing._reportlab_name(text)
    assert writing.pdf_name(text, "\x22", "\x7d") == writing._reportlab_name(text, "\x22", "\x7d")


def test_a_pack_is_the_same_with_reportlabs_own_helpers(tmp_path, monkeypatch):
    ours = tmp_path / "ours.pdf"
    export_pdf(load_book(watermark="DRAFT"), ours)
    monkeypatch.setattr(pdfdoc, "pdfdocEnc", writing._reportlab_encode)
    monkeypatch.setattr(pdfdoc, "PDFName", writing._reportlab_name)
    theirs = tmp_path / "theirs.pdf"
    export_pdf(load_book(watermark="DRAFT"), theirs)
    assert ours.read_bytes() == theirs.read_bytes()
