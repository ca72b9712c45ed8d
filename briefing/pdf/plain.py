"""A faster paragraph for plain text: the bulk of every briefing document.

ReportLab's Paragraph parses its text as markup and measures every word of
every line anew. Most paragraphs in a book are one font and no markup, and a
book repeats its words endlessly; this subclass skips the parser and measures
each distinct word once per font and size. Line breaking follows ReportLab's
own simple case (same space shrinkage, same line structure), so drawing and
splitting across pages stay ReportLab's. Anything unusual (bullets, hyphenation,
right-to-left, over-long words) goes back to the stock code path.
"""

from __future__ import annotations

from reportlab.lib.fonts import ps2tt
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaFrag

_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _plain_frag(text: str, style) -> ParaFrag:
    frag = ParaFrag()
    frag.text = text
    frag.fontName, frag.bold, frag.italic = ps2tt(style.fontName)
    frag.fontName = style.fontName
    frag.fontSize = style.fontSize
    frag.textColor = style.textColor
    frag.rise = 0
    frag.greek = 0
    frag.link = []
    frag.us_lines = []
    return frag


class BookParagraph(Paragraph):
    """ReportLab's Paragraph, remembering its lines for the width it was last wrapped at."""

    def wrap(self, availWidth, availHeight):
        # a paragraph is often wrapped twice at the same width (kept with the next, measured in
        # a table or a list, then placed): its lines depend on the width alone
        cached = self.__dict__.get("_bb_wrapped")
        if cached is not None and cached[0] == availWidth:
            _, self.width, self.height, self.blPara, self._wrapWidths, self._width_max = cached
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        if result[0] == availWidth and hasattr(self, "blPara"):  # (not the "cannot fit" answer)
            self._bb_wrapped = (availWidth, self.width, self.height, self.blPara, self._wrapWidths,
                                getattr(self, "_width_max", 0))
        return result


class PlainParagraph(BookParagraph):
    def __init__(self, text, style, bulletText=None, frags=None, **kw):
        if frags is None and text is not None:
            frags = [_plain_frag(" ".join(text.split()), style)]
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kw)

    def breakLines(self, width):
        style = self.style
        frags = self.frags
        f = frags[0] if len(frags) == 1 else None
        # a paragraph's text, or the words of the part of it that went on to the next page
        words = f.text.split() if hasattr(f, "text") else getattr(f, "words", None)
        if (words is None or self.bulletText or style.endDots
                or getattr(style, "hyphenationLang", "") or style.uriWasteReduce or style.embeddedHyphenation
                or (style.wordWrap or "").upper() in ("RTL", "LTR") or any("\xa0" in w for w in words)):
            return super().breakLines(width)
        font, size = f.fontName, f.fontSize
        widths = _WIDTHS.setdefault((font, size), {})
        maxWidths = list(width) if isinstance(width, (tuple, list)) else [width]
        last = len(maxWidths) - 1
        measured = []
        for w in words:
            ww = widths.get(w)
            if ww is None:
                ww = widths[w] = stringWidth(w, font, size)
            measured.append(ww)
        if measured and max(measured) > min(maxWidths):
            return super().breakLines(width)  # a word longer than a line: ReportLab splits it
        ascent, descent = getAscentDescent(font, size)
        self._width_max = 0
        self.height = 0
        self._splitLongWordCount = self._hyphenations = 0
        if not words:
            return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
        space = widths.get(" ")
        if space is None:
            space = widths[" "] = stringWidth(" ", font, size)
        shrink = style.spaceShrinkage * space
        lines = []
        lineno = 0
        maxWidth = maxWidths[0]
        line: list[str] = []
        current = -space
        width_max = 0
        for word, ww in zip(words, measured):
            new = current + space + ww
            if new <= maxWidth + shrink * len(line) or not line:
                line.append(word)
                current = new
            else:
                width_max = max(width_max, current)
                lines.append((maxWidth - current, line))
                line = [word]
                current = ww
                lineno += 1
                maxWidth = maxWidths[min(last, lineno)]
        if line:
            width_max = max(width_max, current)
            lines.append((maxWidth - current, line))
        self._width_max = width_max
        return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)
