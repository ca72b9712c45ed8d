"""Characters the text fonts lack, printed in the symbol font instead of vanishing.

ReportLab has no font fallback: a character missing from a TrueType font is
drawn as nothing, so "500 / 1.4 ≈ 357" would print as "500 / 1.4 357". The Noto
text faces cover Latin, Cyrillic (Kazakh included) and the Azerbaijani letters
but few symbols; DejaVu Sans, shipped beside them, covers the arrows,
comparison signs, check marks and the like that notes and figures use. Text that
the text fonts cover whole (nearly all of it) goes through one regular
expression search and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportlab.pdfbase import pdfmetrics


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
        self._fallback_cmap: set[int] | None = None  # read when first needed: most books never do

    @property
    def _fallback_has(self) -> set[int]:
        if self._fallback_cmap is None:
            self._fallback_cmap = _cmap(self.fallback_font)
        return self._fallback_cmap

    def missing(self, text: str) -> bool:
        """Whether ``text`` holds a character the text fonts cannot draw."""
        return not text.isascii() and self._missing.search(text) is not None

    def markup(self, text: str) -> str:
        """``text`` escaped for a ReportLab paragraph, with the characters the text fonts
        lack set in the fallback font (those it lacks too are left as they are)."""
        if not self.missing(text):
            return escape(text)
        out: list[str] = []
        last = 0
        for m in self._missing.finditer(text):
            run = "".join(c for c in m.group() if ord(c) in self._fallback_has)
            if not run:
                continue
            out.append(escape(text[last:m.start()]))
            out.append(f'<font name="{self.fallback_font}">{escape(m.group())}</font>')
            last = m.end()
        out.append(escape(text[last:]))
        return "".join(out)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
