"""An agreement in two languages, side by side: articles found and aligned by number, in a pack and alone."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from briefing.pdf.bilingual import aligned, articles

ENGLISH = """The Government of the Republic of Kazakhstan and the Government of the Republic of Azerbaijan, \
hereinafter the "Parties",

**Article 1**

The Parties shall develop cooperation in culture.

**Article 2**

The Parties shall exchange delegations.

**Article 3**

This Memorandum enters into force on signature.
"""
RUSSIAN = """Правительство Республики Казахстан и Правительство Азербайджанской Республики, далее "Стороны",

**Статья 1**

Стороны развивают сотрудничество в области культуры.

**Статья 3**

Настоящий Меморандум вступает в силу с даты подписания.
"""


@pytest.mark.parametrize(("text", "numbers"), [
    (ENGLISH, [None, 1, 2, 3]),
    (RUSSIAN, [None, 1, 3]),
    ("Тараптар\n\n1-бап\n\nБір.\n\n2-бап\n\nЕкі.", [None, 1, 2]),
    ("Tərəflər\n\nMaddə 1\n\nBir.\n\n2-ci maddə\n\nİki.", [None, 1, 2]),
    ("The sides agreed:\n\n1. Foundations.\n2. Trade.\n3. Culture.", [None, 1, 2, 3]),
    ("Article 5 of the Treaty applies.\n\nNo articles here.", [None]),  # a sentence naming an article is not one
])
def test_articles_by_number_in_each_language(text, numbers):
    assert [p.number for p in articles(text)] == numbers


def test_articles_align_by_number_with_a_gap_where_one_text_lacks_one():
    rows = aligned(articles(ENGLISH), articles(RUSSIAN))
    assert [(a and a.number, b and b.number) for a, b in rows] == [(None, None), (1, 1), (2, None), (3, 3)]
    assert rows[3][1].markdown.startswith("**Статья 3**")


def _import_pair(run_cli, store, tmp_path) -> tuple[int, int]:
    ids = []
    for name, text, language in (("en.md", ENGLISH, "en"), ("ru.md", RUSSIAN, "ru")):
        (tmp_path / name).write_text(f"# Memorandum on culture ({language})\n\n{text}", encoding="utf-8")
        result = run_cli("--store", store, "import", tmp_path / name, "--kind", "agreement", "--json")
        ids.append(json.loads(result.stdout)["imported"][0]["id"])
    return ids[0], ids[1]


def _rows(page) -> list[tuple[str, float, float]]:
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_export_bilingual_prints_the_two_texts_side_by_side(run_cli, sample_path, tmp_path):
    first, second = _import_pair(run_cli, sample_path, tmp_path)
    out = tmp_path / "pair.pdf"
    refused = run_cli("--store", sample_path, "export-bilingual", first, second, "-o", out)
    assert refused.exit_code != 0 and "link-translation" in refused.output and not out.exists()
    assert run_cli("--store", sample_path, "link-translation", first, second).exit_code == 0
    result = run_cli("--store", sample_path, "export-bilingual", first, second, "-o", out, "--json")
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert json.loads(result.stdout)["pages"] == len(reader.pages) == 1  # no cover, no contents
    runs = _rows(reader.pages[0])
    width = float(reader.pages[0].mediabox.width)

    def where(words: str) -> tuple[float, float]:
        return next((x, y) for text, x, y in runs if text.startswith(words))

    for left, right in (("Article 1", "Статья 1"), ("Article 3", "Статья 3")):
        (lx, ly), (rx, ry) = where(left), where(right)
        assert lx < width / 2 < rx  # English left, Russian right
        assert abs(ly - ry) < 1  # aligned: the same line
    text = reader.pages[0].extract_text()
    assert "English:" in text and "Russian:" in text
    assert "\u00abСтороны\u00bb" in text and "\u201cParties\u201d" in text  # each column in its own quotes
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_book_prints_a_document_beside_its_translation(run_cli, sample_path, tmp_path):
    first, second = _import_pair(run_cli, sample_path, tmp_path)
    run_cli("--store", sample_path, "link-translation", first, second)
    added = run_cli("--store", sample_path, "book", "add", "1", first, "--section", "Agreements to be signed", "--json")
    assert added.exit_code == 0, added.output
    shown = json.loads(run_cli("--store", sample_path, "book", "show", "1", "--json").stdout)
    item = next(i["id"] for s in shown["sections"] for i in s["items"] if i.get("document_id") == first)
    result = run_cli("--store", sample_path, "book", "side-by-side", "1", item, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["translation"] == second
    out = tmp_path / "pack.pdf"
    assert run_cli("--store", sample_path, "export", "1", "-o", out, "--force").exit_code == 0
    pages = [p.extract_text() for p in PdfReader(out).pages]
    page = next(p for p in pages[2:] if "Статья 3" in p)
    assert "Article 3" in page and "Translation" in page
    off = run_cli("--store", sample_path, "book", "side-by-side", "1", item, "--off")
    assert off.exit_code == 0 and "alone" in off.output


def test_only_a_linked_translation_prints_beside_a_document(run_cli, sample_path, tmp_path):
    first, second = _import_pair(run_cli, sample_path, tmp_path)
    run_cli("--store", sample_path, "book", "add", "1", first, "--section", "Agreements to be signed")
    shown = json.loads(run_cli("--store", sample_path, "book", "show", "1", "--json").stdout)
    item = next(i["id"] for s in shown["sections"] for i in s["items"] if i.get("document_id") == first)
    result = run_cli("--store", sample_path, "book", "side-by-side", "1", item, "--with", second)
    assert result.exit_code != 0 and "not linked" in result.output
