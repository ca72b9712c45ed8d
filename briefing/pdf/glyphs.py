"""Characters the text fonts lack, printed in the symbol font instead of vanishing.

ReportLab has no font fallback: a character missing from a TrueType font is
drawn as nothing, so "500 / 1.4 ≈ 357" would print as "500 / 1.4 357". The Noto
text faces cover Latin, Cyrillic (Kazakh included) and the Azerbaijani letters
but few symbols; DejaVu Sans, shipped beside them, covers the arrows,
comparison signs, check marks and the like that notes and figures use. Other
scripts go to the faces ``briefing.fontfiles`` finds for them: a shipped face for
Arabic, Hebrew, Georgian and Armenian, a font of the system for Chinese and the
like; a run of characters no font has prints as one placeholder (U+FFFD) in the
symbol font, and the pre-flight check names them. A flag emoji prints as its
country's two letters (``fontfiles.flags_as_letters``). Arabic is shaped and
right-to-left runs drawn in display order (``briefing.pdf.bidi``). Text that
the text fonts cover whole (nearly all of it) goes through one regular
expression search and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from briefing.fontfiles import PLACEHOLDER, SYMBOLS, FontFile, ScriptFace, fallback_for, flags_as_letters, invisible
from briefing.pdf.bidi import display_order, holds_rtl, shape
from briefing.pdf.fonts import font_name, register_face, register_fonts


def _ranges(codepoints: Iterable[int]) -> str:
    """A regular-expression character class body for ``codepoints``, as ranges."""
    out: list[str] = []
    points = sorted(set(codepoints))
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = re.escape(chr(points[i])), re.escape(chr(points[j]))
        out.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(out)


def _cmap(font: str) -> set[int]:
    return set(pdfmetrics.getFont(font).face.charToGlyph)


class Glyphs:
    """Which characters need the fallback font, and paragraph markup that uses it."""

    def __init__(self, text_fonts: Iterable[str], fallback_font: str) -> None:
        fonts = list(text_fonts)
        covered = set.intersection(*(_cmap(f) for f in fonts)) if fonts else set()
        covered.update(range(0x20))  # control characters and line ends: nothing to draw
        self.fallback_font = fallback_font
        self._missing = re.compile(f"[^{_ranges(covered)}]+")
        self._fonts: dict[str, str | None] = {}  # a character the text fonts lack -> the font that prints it
        self._bold_faces: set[str] = set()  # those of them with a bold face (the symbol font's stays as it was)

    def missing(self, text: str) -> bool:
        """Whether ``text`` holds a character the text fonts cannot draw."""
        return not text.isascii() and self._missing.search(text) is not None

    def markup(self, text: str, bold: bool = False) -> str:
        """``text`` escaped for a ReportLab paragraph, with each run of characters the text fonts
        lack set in the first font that has them, and a placeholder for a run none has. ``bold``:
        the text is bold, so a script's face is named in its bold (inside ``<b>``, ReportLab's
        ``<font name>`` sets the face as named)."""
        if not self.missing(text):
            return escape(text)
        text = shape(flags_as_letters(text))
        out: list[str] = []
        last = 0
        for m in self._missing.finditer(text):
            out.append(escape(text[last:m.start()]))
            out.append(self._fallback_markup(m.group(), bold))
            last = m.end()
        out.append(escape(text[last:]))
        return "".join(out)

    def _fallback_markup(self, run: str, bold: bool) -> str:
        out: list[str] = []
        current: str | None = ""
        pieces: list[str] = []

        def flush() -> None:
            if not pieces:
                return
            if current is None:  # no font has them: one placeholder, visibly
                out.append(f'<font name="{self.fallback_font}">{PLACEHOLDER}</font>')
            else:
                name = f"{current}-bold" if bold and current in self._bold_faces else current
                out.append(f'<font name="{name}">{escape("".join(pieces))}</font>')
            pieces.clear()

        for c in run:
            font = self.font_for(c)
            if font is None and invisible(c):
                if c.isspace():
                    flush()
                    current = ""
                    out.append(" ")
                continue  # (a joiner or a variation selector: nothing to draw)
            if font != current:
                flush()
                current = font
            pieces.append(c)
        flush()
        return "".join(out)

    def line_runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """One line of ``text`` as drawn, left to right, in (piece, font) runs: ``font`` where it has
        the characters, the first font that has them elsewhere, the placeholder where none has.
        For what is drawn straight on the page (running foot, marking, watermark), not set as a
        paragraph."""
        if not self.missing(text):
            return [(text, font)]
        text = shape(flags_as_letters(text))
        if holds_rtl(text):
            text = "".join(ch for _, ch in display_order(text))
        runs: list[tuple[str, str]] = []
        for piece, name in self._pieces(text, font):
            if runs and runs[-1][1] == name:
                runs[-1] = (runs[-1][0] + piece, name)
            else:
                runs.append((piece, name))
        return runs

    def _pieces(self, text: str, font: str) -> Iterable[tuple[str, str]]:
        last = 0
        for m in self._missing.finditer(text):
            yield text[last:m.start()], font
            placeholder_due = False
            for c in m.group():
                found = self.font_for(c)
                if found is None:
                    if not invisible(c):
                        placeholder_due = True
                    elif c.isspace():
                        yield " ", font
                    continue
                if placeholder_due:
                    yield PLACEHOLDER, self.fallback_font
                    placeholder_due = False
                yield c, found
            if placeholder_due:
                yield PLACEHOLDER, self.fallback_font
            last = m.end()
        yield text[last:], font

    def draw_line(self, canv, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
        """Draw one line of ``text`` at (x, y), ``align`` "left", "centre" or "right" of x, each
        character in a font that has it (the canvas's own drawing has no fallback: it drew nothing).
        The canvas's font is ``font`` at ``size`` before and after."""
        runs = self.line_runs(text, font)
        if len(runs) == 1 and runs[0][1] == font:
            draw = {"left": canv.drawString, "centre": canv.drawCentredString, "right": canv.drawRightString}[align]
            draw(x, y, text)
            return
        widths = [pdfmetrics.stringWidth(piece, name, size) for piece, name in runs]
        x -= {"left": 0.0, "centre": sum(widths) / 2, "right": sum(widths)}[align]
        for (piece, name), width in zip(runs, widths):
            canv.setFont(name, size)
            canv.drawString(x, y, piece)
            x += width
        canv.setFont(font, size)

    def font_for(self, char: str) -> str | None:
        """The registered font that prints ``char`` (one the text fonts lack), or None."""
        try:
            return self._fonts[char]
        except KeyError:
            pass
        found = fallback_for(ord(char))
        if found == SYMBOLS:
            name: str | None = self.fallback_font
        elif isinstance(found, ScriptFace):
            name = font_name(found.family)
            register_fonts({found.family: {"regular": found.regular, "bold": found.bold}})
            self._bold_faces.add(name)
        elif isinstance(found, FontFile):
            name = _system_font_name(found)
            register_face(name, found.path, found.index)
        else:
            name = None
        self._fonts[char] = name
        return name


def _system_font_name(font: FontFile) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "", Path(font.path).stem)
    return font_name(f"system-{stem or 'font'}-{font.index}")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
