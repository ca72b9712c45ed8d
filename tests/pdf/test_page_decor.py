"""Each page's marking, banner, watermark and running foot: drawn once, then taken again."""

from __future__ import annotations

from pdfbook import load_book

from briefing.pdf import doc, export_pdf


def test_pages_taking_the_first_pages_operators_are_the_pages_drawn_anew(tmp_path, monkeypatch):
    def book():
        content = load_book(watermark="DRAFT", page_banner="Copy 2 of 5 — А. Сейтқали")
        content.sections[0].items[0].changed = True  # a change bar across pages: the page ends draw too
        return content

    taken = export_pdf(book(), tmp_path / "taken.pdf")
    drawn_once = doc.PageDecor.draw

    def drawn_anew(self, canv, document, *, footer=True):
        self._drawn.clear()
        return drawn_once(self, canv, document, footer=footer)

    monkeypatch.setattr(doc.PageDecor, "draw", drawn_anew)
    anew = export_pdf(book(), tmp_path / "anew.pdf")
    assert taken.pages == anew.pages > 3
    assert taken.path.read_bytes() == anew.path.read_bytes()
