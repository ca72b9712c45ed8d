"""Addenda as replacement and insert pages that say where they go; change bars in the full pack;
the edition's date on the PDF; the bookmarks panel open."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

BAR = b".545098 .101961 .101961 RG\n2 w"  # a rule two points wide in the marking's colour: a change bar


def _texts(path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


def _page_of(texts: list[str], words: str) -> int:
    return next(n for n, t in enumerate(texts, 1) if n > 2 and words in t)


@pytest.fixture
def edition(run_cli, sample_path, tmp_path):
    """The sample book printed, published as edition 1, then one note changed and one added."""
    def run(*args):
        result = run_cli("--store", sample_path, *args)
        assert result.exit_code == 0, result.output
        return result

    full = tmp_path / "edition-1.pdf"
    run("export", "1", "-o", full, "--force")
    published = json.loads(run("book", "publish", "1", "--json").stdout)
    shown = json.loads(run("book", "show", "1", "--json").stdout)
    items = {i["title"] or "": i["id"] for s in shown["sections"] for i in s["items"]}
    run("book", "set-item", "1", items["Notes for the delegation"], "--title", "Notes for the delegation, revised")
    run("book", "note", "1", "--section", "Chronology", "--title", "Late news", "--body", "The train arrived on time.")
    return {"run": run, "full": full, "published": published, "tmp": tmp_path}


def test_an_addendum_says_which_pages_it_replaces_and_where_it_goes(edition):
    run, tmp = edition["run"], edition["tmp"]
    before = _texts(edition["full"])
    old = _page_of(before, "Notes for the delegation")
    chronology_end = max(n for n, t in enumerate(before, 1) if "Visits and meetings since 2005" in t or
                         (n > _page_of(before, "Visits and meetings since 2005") and "Speeches and statements" not in t
                          and n < _page_of(before, "Speeches and statements")))
    addendum = tmp / "addendum.pdf"
    run("export", "1", "--addendum", "-o", addendum, "--force")
    texts = _texts(addendum)
    text = " ".join(texts)
    assert f"Replaces page {old} of edition 1" in text or re.search(rf"Replaces pages {old}\u2013\d+ of edition 1", text)
    assert f"New: insert after page {chronology_end} of edition 1" in text
    assert "Replacement and insert pages" in texts[0]
    # each placed item starts a sheet of its own
    replaced = next(t for t in texts if "Replaces page" in t)
    inserted = next(t for t in texts if "New: insert after page" in t)
    assert replaced is not inserted


def test_without_a_printed_edition_the_addendum_says_where_in_words(run_cli, sample_path, tmp_path):
    def run(*args):
        result = run_cli("--store", sample_path, *args)
        assert result.exit_code == 0, result.output
        return result

    run("book", "publish", "1")  # never printed: no page map for its state
    run("book", "note", "1", "--section", "Chronology", "--title", "Late news", "--body", "The train arrived.")
    out = tmp_path / "addendum.pdf"
    run("export", "1", "--addendum", "-o", out, "--force")
    text = " ".join(_texts(out))
    assert "New: insert after \u201cVisits and meetings since 2005\u201d in edition 1" in text


def test_the_full_pack_marks_what_changed_with_a_bar(edition):
    run, tmp = edition["run"], edition["tmp"]
    again = tmp / "full-again.pdf"
    run("export", "1", "-o", again, "--force")
    reader = PdfReader(again)
    texts = [p.extract_text() for p in reader.pages]
    # (the last page naming them: the first is the list of changes)
    changed = max(n for n, t in enumerate(texts, 1) if "Notes for the delegation, revised" in t)
    added = max(n for n, t in enumerate(texts, 1) if "Late news" in t)
    unchanged = _page_of(texts, "Background note")

    def stream(n: int) -> bytes:
        return reader.pages[n - 1].get_contents().get_data()

    assert BAR in stream(changed) and BAR in stream(added)
    assert BAR not in stream(unchanged)
    assert "a bar in the margin" in texts[0]


def test_the_pdf_is_dated_by_its_edition_and_opens_its_bookmarks(edition):
    run, tmp = edition["run"], edition["tmp"]
    published = edition["published"]["published"]
    out = tmp / "addendum.pdf"
    run("export", "1", "--addendum", "-o", out, "--force")
    reader = PdfReader(out)
    stamp = re.sub(r"\D", "", published)[:14]
    assert reader.metadata["/CreationDate"].startswith(f"D:{stamp}")
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    cover = reader.pages[0].extract_text()
    day = int(published[8:10])
    assert re.search(rf"Addendum to edition 1 of {day} [A-Z][a-z]+ {published[:4]}", cover)


def test_a_pack_without_an_edition_is_dated_by_the_books_edition_date(run_cli, sample_path, tmp_path):
    out = tmp_path / "pack.pdf"
    assert run_cli("--store", sample_path, "export", "1", "-o", out, "--force").exit_code == 0
    reader = PdfReader(out)
    assert reader.metadata["/CreationDate"].startswith("D:20240305")  # the sample book's edition date
    assert "Edition 1 of 5 March 2024" in reader.pages[0].extract_text()


def test_an_addendum_names_the_pages_of_an_item_removed_since(run_cli, sample_path, sample_store, tmp_path):
    from briefing.book.editions import edition_pages
    from briefing.book.items import delete_item

    def run(*args):
        result = run_cli("--store", sample_path, *args)
        assert result.exit_code == 0, result.output
        return result

    run("export", "1", "-o", tmp_path / "edition-1.pdf", "--force")
    run("book", "publish", "1")
    pages = edition_pages(sample_store, 1, 1, "full")
    shown = json.loads(run("book", "show", "1", "--json").stdout)
    titles = {i["id"]: " ".join((i["title"] or i.get("document_title") or "").split())
              for s in shown["sections"] for i in s["items"]}

    def alone(item: int) -> bool:  # no other item printed on its pages
        first, last = pages[item]
        return not any(a <= last and b >= first for other, (a, b) in pages.items() if other != item)

    # one item with its pages to itself, and one sharing a page with the items beside it
    own = next(i for i in titles if i in pages and titles[i] and alone(i))
    shared = next(i for i in titles if i in pages and titles[i] and not alone(i) and i != own
                  and not (pages[i][0] <= pages[own][1] + 1 and pages[own][0] <= pages[i][1] + 1))
    delete_item(sample_store, own)
    delete_item(sample_store, shared)

    out = tmp_path / "addendum.pdf"
    run("export", "1", "--addendum", "-o", out, "--force")  # removed items only: an addendum all the same
    texts = [" ".join(t.split()) for t in _texts(out)]
    text = " ".join(texts)
    first, last = pages[own]
    span = f"page {first}" if first == last else f"pages {first}\u2013{last}"
    line = f"Remove {span} of edition 1 ({titles[own]}): withdrawn since"
    changes_page = next(t for t in texts[2:] if "Changes since edition 1" in t)
    assert line in changes_page, line
    # the item that shared its pages: those pages are reprinted, without it, and not taken out bare
    assert "1 item withdrawn since, not reprinted" in text
    assert f"({titles[shared]}): withdrawn since" not in text
    neighbours = [o for o, (a, b) in pages.items() if o != shared and a <= pages[shared][1] and b >= pages[shared][0]]
    assert all(titles[o][:40] in text for o in neighbours if titles.get(o))
