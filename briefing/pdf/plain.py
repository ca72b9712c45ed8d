"""A faster paragraph for plain text: the bulk of every briefing document.

ReportLab's Paragraph parses its text as markup and measures every word of
every line anew. Most paragraphs in a book are one font and no markup, and a
book repeats its words endlessly; this subclass skips the parser and measures
each distinct word once per font and size. Line breaking follows ReportLab's
own simple case (same space shrinkage, same line structure), so drawing and
splitting across pages stay ReportLab's. A word that does not fit at a line's
end is hyphenated when the style carries the language's hyphenator
(``briefing.pdf.typography``): the longest head that fits, with its hyphen, ends
the line, never more than two hyphenated lines in a row and never the
paragraph's last word. A no-break space joins its words (a Russian dash stays
on the line of the word before it). A word wider than the line (a web address)
is cut into pieces that fit (``briefing.pdf.longwords``). Anything unusual
(bullets, right-to-left) goes back to the stock code path, where a paragraph
whose long word ReportLab leaves running past the margin is broken again
without hyphenation, its long words cut to the line.
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.fonts import ps2tt
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfbase.pdfmetrics import getFont as _getFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaFrag
from reportlab.rl_config import paraFontSizeHeightOffset

from briefing.pdf.bidi import drawn_in_display_order, has_rtl_lines
from briefing.pdf.fonts import BookFont
from briefing.pdf.longwords import pieces
from briefing.pdf.typography import Hyphenator

_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_BREAKING_SPACE = re.compile(r"[^\S\xa0]+")
MAX_HYPHENATED_LINES = 2  # in a row (the Chicago Manual: no more than two or three)


def words_of_text(text: str) -> list[str]:
    """The words of plain text: split at spaces, but not at a no-break space."""
    if "\xa0" not in text:
        return text.split()
    return [w for w in _BREAKING_SPACE.split(text.strip()) if w]


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
    """ReportLab's Paragraph, remembering its lines for the width it was last wrapped at, and
    never letting a long word run past the line's end."""

    def breakLines(self, width):
        lines = super().breakLines(width)
        # ReportLab cuts a web address too long for a line after a slash when the paragraph is
        # hyphenated, and leaves the rest whole however long it is: the paragraph is then
        # broken as ReportLab breaks one without hyphenation, cutting long words to the line
        style = self.style
        if _overfull(lines, style) and (getattr(style, "hyphenationLang", None) or style.uriWasteReduce
                                        or style.embeddedHyphenation):
            self.style = ParagraphStyle(style.name, parent=style, hyphenationLang="", uriWasteReduce=0,
                                        embeddedHyphenation=0, splitLongWords=1)
            try:
                lines = super().breakLines(width)
            finally:
                self.style = style
        return lines

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

    def drawPara(self, debug=0):
        # a line holding Hebrew or Arabic is drawn in display order (briefing.pdf.bidi)
        if has_rtl_lines(self.blPara):
            with drawn_in_display_order(self):
                return super().drawPara(debug)
        return super().drawPara(debug)


def _overfull(para, style) -> bool:
    """Whether a line of the paragraph runs past its end by more than its spaces can shrink."""
    lines = getattr(para, "lines", None) or ()
    shrink = style.spaceShrinkage * style.fontSize * 0.5  # (a space is under half the type's size)
    for line in lines:
        if para.kind == 0:
            extra, count = line[0], len(line[1])
        else:
            extra, count = line.extraSpace, getattr(line, "wordCount", 1)
        if extra < -(shrink * count + 0.5):
            return True
    return False


def breaks_plainly(style) -> bool:
    """Whether paragraphs in ``style`` break lines by the plain rule (no end dots, bidirectional
    text or hyphenation other than the book's own, which only ReportLab's general line breaking does)."""
    hyphenation = getattr(style, "hyphenationLang", "")
    return not (style.endDots or (hyphenation and not isinstance(hyphenation, Hyphenator)) or style.uriWasteReduce
                or style.embeddedHyphenation or (style.wordWrap or "").upper() in ("RTL", "LTR"))


def line_gap(extra: float, spaces: int, justify: bool, last: bool) -> float:
    """The word spacing (Tw) that fills a line, by ReportLab's rule: a justified line is
    stretched unless it is the last and not overfull, a left-aligned one only squeezed
    when overfull."""
    simple = (-1e-8 < extra <= 1e-8 or (last and extra > -1e-8)) if justify else extra > -1e-8
    return extra / float(spaces) if not simple and spaces > 0 else 0.0


_NO_WORDS: frozenset[str] = frozenset()


def _cut_long_words(words: list[str], measured: list[float], width: float, widths: dict[str, float], font: str,
                    size: float) -> tuple[list[str], list[float], frozenset[str]]:
    """The words with each one wider than ``width`` cut into pieces a line wide
    (``briefing.pdf.longwords``), their widths, and the pieces. A piece is as wide as a line
    can hold, so each starts a line of its own and its last piece is followed by the next words."""

    def measure(text: str) -> float:
        return stringWidth(text, font, size)

    out_words: list[str] = []
    out_measured: list[float] = []
    whole: set[str] = set()
    for word, ww in zip(words, measured):
        if ww <= width:
            out_words.append(word)
            out_measured.append(ww)
            continue
        for piece in pieces(word, width, width, measure):
            if not piece:  # (nothing fits before the first cut: a line narrower than a letter)
                continue
            out_words.append(piece)
            pw = widths.get(piece)
            if pw is None:
                pw = widths[piece] = measure(piece)
            out_measured.append(pw)
            whole.add(piece)
    return out_words, out_measured, frozenset(whole)


class PlainParagraph(BookParagraph):
    splits_long_words = True  # a word wider than the line is cut into pieces that fit (longwords)

    def __init__(self, text, style, bulletText=None, frags=None, **kw):
        if frags is None and text is not None:
            frags = [_plain_frag(" ".join(text.split() if "\xa0" not in text else words_of_text(text)), style)]
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kw)

    @staticmethod
    def _words(f) -> list | None:
        """A paragraph's words, or those of the part of it that went on to the next page."""
        if hasattr(f, "text"):
            text = f.text
            return text.split() if "\xa0" not in text else words_of_text(text)
        return getattr(f, "words", None)

    @staticmethod
    def _measure(words: list, widths: dict[str, float], font: str, size: float) -> list[float]:
        measured = list(map(widths.get, words))
        if None in measured:
            for i, ww in enumerate(measured):
                if ww is None:
                    measured[i] = widths[words[i]] = stringWidth(words[i], font, size)
        return measured

    def breakLines(self, width):
        style = self.style
        frags = self.frags
        f = frags[0] if len(frags) == 1 else None
        words = self._words(f)
        if words is None or self.bulletText or not breaks_plainly(style):
            return super().breakLines(width)
        font, size = f.fontName, f.fontSize
        widths = _WIDTHS.setdefault((font, size), {})
        maxWidths = list(width) if isinstance(width, (tuple, list)) else [width]
        last = len(maxWidths) - 1
        measured = self._measure(words, widths, font, size)
        whole = _NO_WORDS  # the pieces of words too long for a line: never hyphenated
        if self.splits_long_words and measured and max(measured) > min(maxWidths):
            words, measured, whole = _cut_long_words(words, measured, min(maxWidths), widths, font, size)
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
        append = lines.append
        lineno = 0
        maxWidth = maxWidths[0]
        line: list[str] = []
        n = 0  # words on the line
        current = -space
        width_max = 0
        hyphenator = getattr(style, "hyphenationLang", None) or None
        hyphenated = 0  # lines in a row ending with a hyphen
        final = words[-1]  # (never hyphenated: nor is a word the same as it, which costs nothing to tell)
        # ReportLab's rule: a word joins the line if the line, its spaces shrunk, still fits
        for word, ww in zip(words, measured):
            new = current + space + ww
            if new <= maxWidth + shrink * n or not n:
                line.append(word)
                n += 1
                current = new
                continue
            room = maxWidth + shrink * n - current - space
            # (a head of two letters and its hyphen needs about three spaces: less room, no try)
            if hyphenator is not None and room > 2.5 * space and hyphenated < MAX_HYPHENATED_LINES \
                    and word is not final and word not in whole:
                split = self._hyphenate(hyphenator, word, room, widths, font, size)
                if split is not None:
                    head, head_width, word, ww = split
                    line.append(head)
                    current += space + head_width
                    hyphenated += 1
                else:
                    hyphenated = 0
            else:
                hyphenated = 0
            if current > width_max:
                width_max = current
            append((maxWidth - current, line))
            line = [word]
            n = 1
            current = ww
            lineno += 1
            maxWidth = maxWidths[min(last, lineno)]
        if line:
            if current > width_max:
                width_max = current
            append((maxWidth - current, line))
        self._width_max = width_max
        return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)

    @staticmethod
    def _hyphenate(hyphenator: Hyphenator, word: str, room: float, widths: dict[str, float], font: str,
                   size: float) -> tuple[str, float, str, float] | None:
        """(head with its hyphen, its width, tail, its width): the longest head of ``word`` that
        fits in ``room``; None when none does."""
        for head, tail in hyphenator.pairs(word):
            if not head.endswith(("-", "\u2013")):
                head += "-"
            hw = widths.get(head)
            if hw is None:
                hw = widths[head] = stringWidth(head, font, size)
            if hw <= room:
                tw = widths.get(tail)
                if tw is None:
                    tw = widths[tail] = stringWidth(tail, font, size)
                return head, hw, tail, tw
        return None

    def drawPara(self, debug=0):
        """ReportLab's drawing of a one-font, left or justified paragraph, with its text
        operators written here directly: the same operators, without the general text
        object's per-line bookkeeping. Anything else is drawn by ReportLab."""
        style, bl = self.style, self.blPara
        font = _getFont(bl.fontName) if bl.kind == 0 else None
        if (debug or font is None or not isinstance(font, BookFont) or self.bulletText or style.backColor
                or (style.borderColor and style.borderWidth) or style.alignment not in (TA_LEFT, TA_JUSTIFY)
                or style.wordWrap in ("RTL", "LTR", "CJK") or getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
                or getattr(bl, "us_lines", None) or getattr(bl, "link", None) or any(getattr(self, "_offsets", ())) or not bl.lines
                or getattr(style, "justifyLastLine", 0) or getattr(self, "_JustifyLast", False)):
            return super().drawPara(debug)
        canvas = self.canv
        lines = bl.lines
        leading = style.leading
        canvas.saveState()
        cur_y = self.height - bl.fontSize if paraFontSizeHeightOffset else self.height - getattr(bl, "ascent", bl.fontSize)
        canvas.setFillColor(bl.textColor)
        tx = self.beginText(style.leftIndent, cur_y)
        tx.setFont(bl.fontName, bl.fontSize, leading)
        code = tx._code
        doc = canvas._doc
        escape = canvas._escape
        split = font.splitString
        names: dict[int, str] = {}
        tail = f"{fp_str(bl.fontSize)} Tf {fp_str(leading)} TL"
        current = -1
        # each word's escaped codes, when all its characters are in the first subset (the usual
        # case): a line of such words is the words' codes joined by spaces (code 32, itself)
        state = font.state.get(doc)
        if state is not None:
            escaped = state.__dict__.setdefault("_bb_words", {})
        justify = style.alignment == TA_JUSTIFY
        first_offset = style.firstLineIndent
        last_index = len(lines) - 1
        for i, (extra, words) in enumerate(lines):
            offset = first_offset if i == 0 else 0
            if offset > 1e-6 or offset < -1e-6:
                tx.setXPos(offset)
            gap = line_gap(extra, len(words) - 1, justify, i == last_index)
            if gap:
                code.append(f"{fp_str(gap)} Tw")
            parts = []
            pieces: list[str] | None = [] if state is not None else None
            if pieces is not None:
                for w in words:
                    e = escaped.get(w, False)
                    if e is False:
                        runs = split(w, doc)
                        e = escaped[w] = escape(runs[0][1]) if len(runs) == 1 and runs[0][0] == 0 else None
                    if e is None:
                        pieces = None
                        break
                    pieces.append(e)
            runs = [(0, None)] if pieces is not None else split(" ".join(words), doc)
            for subset, chunk in runs:
                if subset != current:
                    name = names.get(subset)
                    if name is None:
                        name = names[subset] = font.getSubsetInternalName(subset, doc)
                    parts.append(f"{name} {tail}")
                    current = subset
                parts.append(f"({' '.join(pieces) if chunk is None else escape(chunk)}) Tj")
            code.append(" ".join(parts) + " T*")
            if gap:
                code.append("0 Tw")
            if offset > 1e-6 or offset < -1e-6:
                tx.setXPos(-offset)
        tx._curSubset = current
        canvas.drawText(tx)
        canvas.restoreState()
