"""Paragraphs with the reader's highlights: plain text, coloured passages, note numbers.

A highlighted paragraph is plain prose in which some passages have a coloured
ground and a passage may be followed by its note's number, raised and linked to
the note. Written as ReportLab markup it takes ReportLab's general line breaking
and drawing, several times the cost of a plain paragraph, and a briefing book has
hundreds. Here its words carry their pieces (text in a colour or none, or a note
number), are broken into lines by the plain paragraph's rule and drawn with the
plain paragraph's operators, the grounds laid under each line first and the
note numbers set in the bold face, two points smaller and raised by half the
body size, as ReportLab sets ``<super>``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reportlab.lib.colors import toColor
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.rl_config import paraFontSizeHeightOffset

from briefing.pdf.plain import _WIDTHS, PlainParagraph, _plain_frag, line_gap

_SPACES = re.compile(r"(\s+)")
NOTE_SIZE_DELTA = 2  # ReportLab's <super>: two points smaller
NOTE_RISE = 0.5  # ... raised by half the font size


class Piece(NamedTuple):
    text: str
    ground: str | None = None  # the highlight colour, "#rrggbb"
    note: str | None = None  # a note number, drawn raised; ``text`` is the number


class Word(str):
    """A word's plain text, with the pieces it is drawn from."""

    pieces: tuple[Piece, ...]
    width: float


class NoteStyle(NamedTuple):
    font: str
    size: float
    rise: float
    colour: str
    prefix: str  # note n links to f"{prefix}{n}"


def piece_width(piece: Piece, font: str, size: float, note: NoteStyle) -> float:
    if piece.note is not None:
        return stringWidth(piece.text, note.font, note.size)
    widths = _WIDTHS.setdefault((font, size), {})  # the plain paragraphs' measures, shared
    width = widths.get(piece.text)
    if width is None:
        width = widths[piece.text] = stringWidth(piece.text, font, size)
    return width


def word_width(word: Word, font: str, size: float, note: NoteStyle) -> float:
    width = getattr(word, "width", None)
    if width is None:
        width = word.width = sum(piece_width(p, font, size, note) for p in word.pieces)
    return width


def words_of(segments: list[Piece]) -> list[Word]:
    """Split the paragraph's pieces into words; a note number sticks to the word before it."""
    words: list[Word] = []
    current: list[Piece] = []  # the pieces of a word not ended yet (it may go on in the next piece)
    for piece in segments:
        if piece.note is not None:
            current.append(piece)
            continue
        ground = piece.ground
        tokens = _SPACES.split(piece.text)  # word, space, word, ..., word (the ends may be empty)
        if tokens[0]:
            current.append(Piece(tokens[0], ground))
        if len(tokens) == 1:
            continue
        if current:
            words.append(_word(current))
            current = []
        for token in tokens[2:-1:2]:  # the words between two spaces: one piece each
            word = Word(token)
            word.pieces = (Piece(token, ground),)
            words.append(word)
        if tokens[-1]:
            current.append(Piece(tokens[-1], ground))
    if current:
        words.append(_word(current))
    return words


def _word(pieces: list[Piece]) -> Word:
    word = Word("".join(p.text for p in pieces))
    word.pieces = tuple(pieces)
    return word


def _cut(pieces: tuple[Piece, ...], at: int) -> tuple[list[Piece], list[Piece]]:
    """The pieces of a word cut after its ``at``-th character."""
    first: list[Piece] = []
    rest: list[Piece] = []
    seen = 0
    for p in pieces:
        if seen >= at:
            rest.append(p)
        elif seen + len(p.text) <= at:
            first.append(p)
        else:
            k = at - seen
            first.append(p._replace(text=p.text[:k]))
            rest.append(p._replace(text=p.text[k:]))
        seen += len(p.text)
    return first, rest


class HighlightParagraph(PlainParagraph):
    # ReportLab's line breaking cannot carry the pieces: a word wider than the line (the
    # renderer keeps them to markup) would stay whole on its line
    splits_long_words = False

    def __init__(self, text, style, bulletText=None, frags=None, *, words: list[Word] | None = None,
                 note: NoteStyle | None = None, **kw):
        if frags is None:
            frag = _plain_frag(" ".join(words or []), style)
            frag.bb_words, frag.bb_note = list(words or []), note
            frags = [frag]
        super().__init__(None, style, bulletText=bulletText, frags=frags, **kw)

    @staticmethod
    def _words(f) -> list | None:
        return f.bb_words if hasattr(f, "text") else getattr(f, "words", None)

    def _measure(self, words: list, widths: dict[str, float], font: str, size: float) -> list[float]:
        note = self.frags[0].bb_note
        return [word_width(w, font, size, note) for w in words]

    def _hyphenate(self, hyphenator, word: Word, room: float, widths: dict[str, float], font: str,
                   size: float) -> tuple[Word, float, Word, float] | None:
        """The plain paragraph's hyphenation, the word's pieces cut where the word is: the
        hyphen takes the ground of the letter before it. A word carrying a note number stays whole."""
        pieces = getattr(word, "pieces", None)
        if not pieces or any(p.note is not None for p in pieces):
            return None
        note = self.frags[0].bb_note
        for head, _ in hyphenator.pairs(str(word)):
            cut = len(head)
            first, rest = _cut(pieces, cut)
            if not head.endswith(("-", "\u2013")):
                first.append(Piece("-", first[-1].ground))
            left = _word(first)
            width = word_width(left, font, size, note)
            if width <= room:
                right = _word(rest)
                return left, width, right, word_width(right, font, size, note)
        return None

    def drawPara(self, debug=0):
        canvas, style, bl = self.canv, self.style, self.blPara
        note: NoteStyle = bl.bb_note
        font, note_font = getFont(bl.fontName), getFont(note.font)
        lines = bl.lines
        leading = style.leading
        size = bl.fontSize
        cur_y = self.height - size if paraFontSizeHeightOffset else self.height - getattr(bl, "ascent", size)
        doc = canvas._doc
        escape = canvas._escape
        space = stringWidth(" ", bl.fontName, size)
        body_tail = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        note_tail = f"{fp_str(note.size)} Tf {fp_str(leading)} TL"
        text_rgb = fp_str(*toColor(bl.textColor).rgb()) + " rg"
        note_rgb = fp_str(*toColor(note.colour).rgb()) + " rg"
        note_ascent = note_font.face.ascent * note.size / 1000
        note_descent = note_font.face.descent * note.size / 1000
        justify = style.alignment == TA_JUSTIFY
        last_index = len(lines) - 1
        grounds: list[tuple[str, float, float, float]] = []  # colour, x1, x2, baseline
        links: list[tuple[str, tuple[float, float, float, float]]] = []
        code: list[str] = []
        state = {"font": None, "subset": None}

        def select(f, subset, tail) -> str:
            if state["font"] is f and state["subset"] == subset:
                return ""
            state["font"], state["subset"] = f, subset
            return f"{f.getSubsetInternalName(subset, doc)} {tail} "

        def show(text: str) -> str:
            out = []
            for subset, chunk in font.splitString(text, doc):
                out.append(f"{select(font, subset, body_tail)}({escape(chunk)}) Tj")
            return " ".join(out)

        x0 = style.leftIndent
        for i, (extra, words) in enumerate(lines):
            baseline = cur_y - i * leading
            gap = line_gap(extra, len(words) - 1, justify, i == last_index)
            if gap:
                code.append(f"{fp_str(gap)} Tw")
            ops: list[str] = []
            run: list[str] = []  # body text waiting to be shown, spaces included
            x = x0
            for k, word in enumerate(words):
                if k:
                    run.append(" ")
                    x += space + gap
                for piece in word.pieces:
                    width = piece_width(piece, bl.fontName, size, note)
                    if piece.note is None:
                        run.append(piece.text)
                    else:
                        if run:
                            ops.append(show("".join(run)))
                            run = []
                        for subset, chunk in note_font.splitString(piece.text, doc):
                            ops.append(f"{note_rgb} {fp_str(note.rise)} Ts {select(note_font, subset, note_tail)}"
                                       f"({escape(chunk)}) Tj 0 Ts {text_rgb}")
                        # a little wider than the digits: a target a finger or a mouse can hit
                        links.append((f"{note.prefix}{piece.text}",
                                      (x - 2, baseline + note.rise + note_descent, x + width + 2,
                                       baseline + note.rise + note_ascent)))
                    if piece.ground:
                        # one ground across the spaces between highlighted words, as ReportLab draws a span
                        if grounds and grounds[-1][0] == piece.ground and grounds[-1][3] == baseline \
                                and abs(grounds[-1][2] - x) <= space + gap + 1e-6:
                            grounds[-1] = (piece.ground, grounds[-1][1], x + width, baseline)
                        else:
                            grounds.append((piece.ground, x, x + width, baseline))
                    x += width
            if run:
                ops.append(show("".join(run)))
            code.append(" ".join(ops) + " T*")
            if gap:
                code.append("0 Tw")
        canvas.saveState()
        for colour, x1, x2, baseline in grounds:  # under the text, a line's height, as ReportLab's backColor
            canvas.setFillColor(toColor(colour))
            canvas.rect(x1, baseline + size - leading, x2 - x1, leading, stroke=0, fill=1)
        canvas.setFillColor(bl.textColor)
        tx = self.beginText(x0, cur_y)
        tx.setFont(bl.fontName, size, leading)
        tx._code.extend(code)
        canvas.drawText(tx)
        canvas.restoreState()
        for target, rect in links:
            canvas.linkRect("", target, rect, relative=1, thickness=0)
