"""The back of a long book laid out by a helper process gives the same pages as one process."""

from __future__ import annotations

import sys

import pytest
from pdfbook import load_book
from pypdf import PdfReader

from briefing.book.content import ItemContent, SectionContent
from briefing.errors import Cancelled
from briefing.pdf import backhalf, export_pdf


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("back")
    content = load_book(watermark="DRAFT", page_banner="Copy 2 of 5 — А. Сейтқали")
    alone = export_pdf(content, folder / "alone.pdf", helper=False)
    helped = export_pdf(content, folder / "helped.pdf", helper=True)
    return content, alone, helped, PdfReader(alone.path), PdfReader(helped.path)


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                out.append((depth, it.title, reader.get_destination_page_number(it)))

    walk(reader.outline, 0)
    return out


def _links(reader: PdfReader) -> list[tuple]:
    found = []
    for n, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            rect = tuple(round(float(x), 1) for x in a["/Rect"])
            if "/A" in a:
                found.append((n, rect, str(a["/A"]["/URI"])))
            else:
                dest = a.get("/Dest")
                target = reader.get_destination_page_number(reader.named_destinations[str(dest)]) \
                    if isinstance(dest, str) else reader.get_page_number(dest[0].get_object()) if dest else None
                found.append((n, rect, target))
    return found


def test_the_helper_laid_out_the_back(both):
    content, alone, helped, _, _ = both
    assert helped.helper and not alone.helper
    assert backhalf.split_point(content, min_weight=0) is not None


def test_same_pages_same_text(both):
    _, alone, helped, a, b = both
    assert alone.pages == helped.pages == len(b.pages)
    for n, (pa, pb) in enumerate(zip(a.pages, b.pages), 1):
        assert pa.extract_text() == pb.extract_text(), f"page {n}"
    last = b.pages[-1].extract_text()
    assert f"Page {helped.pages} of {helped.pages}" in last


def test_same_outline_and_links(both):
    _, _, _, a, b = both
    assert _outline(a) == _outline(b)
    links = _links(b)
    assert links == _links(a)
    assert any(isinstance(x[2], int) and x[2] > 3 for x in links)  # contents entries reach the back's pages


def test_fonts_of_the_helper_are_embedded(both):
    _, _, _, _, b = both
    names = set()
    for page in b.pages:
        for _, ref in (page["/Resources"].get_object().get("/Font") or {}).items():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert any(n.endswith("-2") for n in names) and any(not n.endswith("-2") for n in names)


def test_helped_exports_are_byte_identical(both, tmp_path):
    content, _, helped, _, _ = both
    again = export_pdf(content, tmp_path / "again.pdf", helper=True)
    assert again.helper
    assert again.path.read_bytes() == helped.path.read_bytes()


def test_a_helper_that_fails_leaves_the_work_to_this_process(both, tmp_path, monkeypatch):
    content, alone, _, _, _ = both
    monkeypatch.setattr(backhalf, "helper_command", lambda: [sys.executable, "-c", "import sys; sys.exit(3)"])
    seen = []
    result = export_pdf(content, tmp_path / "fallback.pdf", helper=True, progress=lambda d, t: seen.append((d, t)))
    assert not result.helper
    assert result.path.read_bytes() == alone.path.read_bytes()
    assert seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)


def test_cancel_while_the_helper_works(tmp_path):
    content = load_book()
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        export_pdf(content, tmp_path / "c.pdf", helper=True, should_cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def _section(title: str, items: int, words: int) -> SectionContent:
    return SectionContent(title, [ItemContent("note", f"{title} {i}", "word " * words) for i in range(items)])


def test_split_point_balances_the_work_and_skips_short_books():
    content = load_book()
    assert backhalf.split_point(content) is None  # a few pages: not worth a second process
    content.sections = [_section(f"S{i}", 10, 10_000) for i in range(10)]
    first = backhalf.split_point(content)
    assert first is not None and 4 <= first <= 6
    content.sections = [_section("Only", 40, 10_000)]
    assert backhalf.split_point(content) is None  # one top-level section cannot be split


def test_the_packaged_launcher_runs_the_helper(tmp_path):
    """A frozen app is its own helper: started with the flag, the launcher takes a job on stdin."""
    import pickle
    import subprocess
    from io import BytesIO
    from pathlib import Path

    launcher = Path(__file__).resolve().parents[2] / "packaging" / "launcher.py"
    content = load_book()
    done = subprocess.run([sys.executable, str(launcher), backhalf.HELPER_FLAG],
                          input=pickle.dumps((content, "default", 2)), capture_output=True, timeout=120)
    stream, messages = BytesIO(done.stdout), []
    while stream.tell() < len(done.stdout):
        messages.append(pickle.load(stream))
    kinds = [kind for kind, _ in messages]

    def units(sections):  # one per item (or empty section), as the export counts progress
        return sum(max(len(s.items), 1) + units(s.children) for s in sections)

    assert kinds[-1] == "done" and kinds.count("unit") == units(content.sections[2:])
    handover = messages[-1][1]
    assert handover.pages and handover.fonts and all(f.internal_name.startswith("W") for f in handover.fonts)
