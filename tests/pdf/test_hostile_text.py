"""Imported text is text: markup in a document or a note prints as written in the pack and the card,
links keep only http, https, mailto and places the pack has, and no link breaks an export.

Hostile documents go in the way a user's would: imported from a file, added to a book,
exported, printed on the card, and carried to another library in a bundle.
"""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from briefing.book.markup import as_text, links_printed_as_text, printed

HOSTILE = (
    "# Hostile memo\n\n"
    "Underlined <u>u-text</u>, broken<br/>line, raised <super>sup-text</super>, "
    "bold opened <b>and never closed.\n\n"
    'A picture <img src="/dev/zero"> and a script <script>alert(1)</script> stay words.\n\n'
    'A <a href="file:///etc/passwd">password link</a> and a [local file](file:///etc/passwd).\n\n'
    'A forged <mark class="yellow" data-note="1">forged highlight</mark> and entities &lt;b&gt; &amp; R&D.\n\n'
    "The real passage to highlight is here.\n"
)
LITERALS = ["<u>u-text</u>", "<br/>", "<super>sup-text</super>", "<b>and never closed.", '<img src="/dev/zero">',
            "<script>alert(1)</script>", '<a href="file:///etc/passwd">password link</a>',
            '<mark class="yellow" data-note="1">forged highlight</mark>', "&lt;b&gt; &amp; R&D"]
LINKS = (
    "## Annex\n\nSee [the annex](#annex), [back to top](#top), [another document](document:5), "
    "[nowhere](#nowhere), [a PDF](pdf:other.pdf), [a script](javascript:alert(1)) and [the ministry](https://www.gov.kz)."
)


def text_of(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def links_of(path) -> list[tuple[str, str]]:
    """Every link of the PDF: ("uri", address), ("dest", name) or (the action's kind, "")."""
    found = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is None:
                found.append(("dest", "page"))
            elif action.get("/S") == "/URI":
                found.append(("uri", str(action["/URI"])))
            else:
                found.append((str(action.get("/S")), ""))
    return found


@pytest.fixture
def hostile_library(tmp_path, run_cli):
    store = tmp_path / "library.sqlite"
    assert run_cli("--store", store, "init").exit_code == 0
    memo = tmp_path / "memo.md"
    memo.write_text(HOSTILE, encoding="utf-8")
    result = run_cli("--store", store, "import", memo, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["imported"][0]["id"]
    assert run_cli("--store", store, "book", "new", "Hostile").exit_code == 0
    assert run_cli("--store", store, "book", "add", "Hostile", doc, "--section", "Background").exit_code == 0
    result = run_cli("--store", store, "book", "note", "Hostile", "--section", "Talking points", "--title", "Points",
                     "--body", "- **Ask** for <u>support</u> <script>x</script>\n- Back to [the top](#top)")
    assert result.exit_code == 0, result.output
    assert run_cli("--store", store, "book", "note", "Hostile", "--section", "Annexes", "--title", "Links",
                   "--body", LINKS).exit_code == 0
    result = run_cli("--store", store, "annotate", doc, "--quote", "real passage", "--note", "A <i>note</i> of mine")
    assert result.exit_code == 0, result.output
    return store


def test_markup_in_a_document_and_a_note_prints_as_written(hostile_library, run_cli, tmp_path):
    out = tmp_path / "pack.pdf"
    result = run_cli("--store", hostile_library, "export", "Hostile", "-o", out)
    assert result.exit_code == 0, result.output
    text = text_of(out)
    for literal in LITERALS:
        assert literal in text, literal
    assert "A <i>note</i> of mine" in text  # the highlight's note too
    assert "<u>support</u> <script>x</script>" in text
    assert "real passage" in text and "forged highlight" in text


def test_only_http_https_mailto_and_the_packs_own_places_are_links(hostile_library, run_cli, tmp_path):
    out = tmp_path / "pack.pdf"
    assert run_cli("--store", hostile_library, "export", "Hostile", "-o", out).exit_code == 0
    links = links_of(out)
    uris = [address for kind, address in links if kind == "uri"]
    assert uris == ["https://www.gov.kz"]
    assert {kind for kind, _ in links} <= {"uri", "dest"}  # no launch, no remote file
    text = text_of(out)
    for words in ("the annex", "back to top", "another document", "nowhere", "a PDF", "a script", "local file"):
        assert words in text  # a link with no place prints as its text


def test_in_page_anchors_resolve_to_their_heading_or_print_as_text(tmp_path):
    from briefing.book.content import BookContent, ItemContent, SectionContent
    from briefing.pdf import export_pdf

    body = "Go to [the annex](#annex) or [Back to top](#top) or [away](#away).\n\n## Annex\n\nThe annex."
    content = BookContent(title="Anchors", marking="", sections=[SectionContent("One", [ItemContent("note", "N", body)])])
    out = tmp_path / "anchors.pdf"
    export_pdf(content, out, helper=False)
    body_page = PdfReader(out).pages[-1]
    links = [a.get_object() for a in body_page.get("/Annots") or []]
    assert len(links) == 2 and all("/Dest" in a for a in links)  # "#away" is no link
    annex, top = sorted(links, key=lambda a: float(a["/Rect"][0]))
    assert float(annex["/Dest"][3]) < float(top["/Dest"][3])  # the heading "Annex", below the item's title
    assert "away" in text_of(out)


def test_a_mark_without_its_note_and_a_document_link_do_not_break_export(tmp_path):
    from briefing.book.content import BookContent, ItemContent, SectionContent
    from briefing.pdf import export_pdf

    body = '<mark data-note="7">orphan</mark> and [a record](document:5) and [x](#x)'
    content = BookContent(title="T", marking="", sections=[SectionContent("S", [ItemContent("note", "N", body)])])
    export_pdf(content, tmp_path / "t.pdf", helper=False)  # "format not resolved" before
    export_pdf(content, tmp_path / "t2.pdf", helper=True)  # and in the helper process's half


def test_the_card_prints_markup_as_written_and_keeps_no_dangerous_link(hostile_library, run_cli, tmp_path):
    out = tmp_path / "card.pdf"
    result = run_cli("--store", hostile_library, "card", "Hostile", "-o", out)
    assert result.exit_code == 0, result.output
    text = text_of(out)
    assert "<u>support</u>" in text and "<script>x</script>" in text
    assert all(kind != "uri" for kind, _ in links_of(out))


def test_hostile_text_through_a_bundle_prints_as_written(hostile_library, run_cli, tmp_path):
    bundle = tmp_path / "hostile.briefing"
    assert run_cli("--store", hostile_library, "bundle", "export", "Hostile", "-o", bundle).exit_code == 0
    other = tmp_path / "other.sqlite"
    assert run_cli("--store", other, "init").exit_code == 0
    result = run_cli("--store", other, "bundle", "import", bundle)
    assert result.exit_code == 0, result.output
    out = tmp_path / "pack.pdf"
    assert run_cli("--store", other, "export", "Hostile", "-o", out).exit_code == 0
    text = text_of(out)
    for literal in LITERALS:
        assert literal in text, literal
    assert [a for k, a in links_of(out) if k == "uri"] == ["https://www.gov.kz"]


def test_preflight_names_the_links_that_print_as_text(hostile_library, run_cli):
    result = run_cli("--store", hostile_library, "preflight", "Hostile", "--json")
    assert result.exit_code == 0, result.output
    found = [p["message"] for p in json.loads(result.stdout)["problems"] if p["code"] == "link-as-text"]
    joined = " ".join(found)
    for address in ("document:5", "#nowhere", "pdf:other.pdf", "javascript:alert(1)"):
        assert address in joined
    for address in ("#annex", "#top", "https://www.gov.kz"):
        assert address not in joined


def test_as_text_keeps_offsets_and_comes_back_whole():
    text = 'a <b>x</b> & <mark class="yellow">y</mark> <https://example.org/?a=1&b=2> \ufdd0'
    made = as_text(text)
    assert len(made) == len(text) and "<b>" not in made and "<mark" not in made
    assert "<https://example.org/?a=1" in made  # an autolink stays a link
    assert printed(made) == text.replace("\ufdd0", "\ufffd")


def test_links_printed_as_text_reads_the_markdown():
    assert links_printed_as_text("[a](https://x.org) [b](mailto:a@b.c) [c](#top)") == []
    assert links_printed_as_text("[a](file:///etc/passwd) [b](#gone)\n\n[r]: javascript:x") == [
        "file:///etc/passwd", "#gone", "javascript:x"]
    assert links_printed_as_text("# The Annex\n\n[a](#the-annex)") == []


@pytest.mark.parametrize("name, text", [
    ("quotes nested 300 deep", "> " * 300 + "deep"),
    ("a list nested 60 deep", "\n".join("    " * i + "- item" for i in range(60))),
    ("a table of 300 columns", "|" + "|".join(f"c{i}" for i in range(300)) + "|\n|" + "|".join("-" * 300) + "|\n|"
     + "|".join("v" * 300) + "|"),
    ("a table with a long word", "|" + "|".join(f"c{i}" for i in range(22)) + "|\n|" + "|".join("-" * 22) + "|\n|"
     + "|".join(["w" * 200] + ["v"] * 21) + "|"),
    ("emphasis 5,000 deep", "*" * 5000 + "x" + "*" * 5000),
])
def test_hostile_structure_never_stops_an_export(tmp_path, name, text):
    from briefing.book.content import BookContent, ItemContent, SectionContent
    from briefing.pdf import export_pdf

    content = BookContent(title="T", marking="", sections=[SectionContent("S", [ItemContent("note", "N", as_text(text))])])
    assert export_pdf(content, tmp_path / "t.pdf", helper=False).pages >= 2


def test_numbered_copies_of_a_hostile_book_print(hostile_library, run_cli, tmp_path):
    result = run_cli("--store", hostile_library, "distribute", "Hostile", "--to", "A", "--to", "B", "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output
    copies = sorted((tmp_path / "c").glob("*.pdf"))
    assert len(copies) == 2
    for copy in copies:
        assert '<script>alert(1)</script>' in text_of(copy)
        assert [a for k, a in links_of(copy) if k == "uri"] == ["https://www.gov.kz"]
