"""A code block (fenced or indented text) whose lines too long for the page wrap.

ReportLab's Preformatted sets each line as written, however far past the margin it runs.
Here a line wider than the frame is cut where it fits, after a space or a separator when
that leaves the line at least half full (``briefing.pdf.longwords``), and each continuation
starts with CONTINUATION so that the reader sees it is one line. A block whose lines fit
is ReportLab's own.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Preformatted

from briefing.pdf.longwords import BREAK_AFTER, cut

CONTINUATION = "\u2192 "  # "→ ", in the monospaced font
_CODE_BREAKS = BREAK_AFTER | frozenset(" ,;:([{")


def wrapped_lines(lines: list[str], width: float, font: str, size: float) -> list[str]:
    """``lines`` with each one wider than ``width`` points cut into lines that fit, the
    continuations marked."""

    def measure(text: str) -> float:
        return stringWidth(text, font, size)

    out: list[str] = []
    mark = measure(CONTINUATION)
    for line in lines:
        if measure(line) <= width:
            out.append(line)
            continue
        at = cut(line, width, measure, _CODE_BREAKS) or 1
        out.append(line[:at].rstrip(" "))
        rest = line[at:]
        while rest:
            at = cut(rest, width - mark, measure, _CODE_BREAKS) or 1
            out.append(CONTINUATION + rest[:at].rstrip(" "))
            rest = rest[at:]
    return out


class CodeBlock(Preformatted):
    """Preformatted text wrapped to the frame it is laid out in (see the module's notes)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__(text, style)
        self._written = self.lines
        self._wrapped_for: float | None = None

    def wrap(self, availWidth, availHeight):
        if availWidth != self._wrapped_for:
            style = self.style
            room = availWidth - style.leftIndent - style.rightIndent
            self.lines = wrapped_lines(self._written, room, style.fontName, style.fontSize)
            self._wrapped_for = availWidth
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        return super().split(availWidth, availHeight)  # (its parts hold the lines as wrapped here)
