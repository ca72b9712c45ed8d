"""The block of a document's particulars (kind, date, place, parties, source) above its text.

It looks like a two-column table on a tinted ground with a rule down its left
edge, and it used to be one: a ReportLab Table, whose general sizing and style
machinery cost more than the few label/value rows it held, once per document.
This flowable lays the rows out directly: a fixed label column, the values in
the rest of the width, each cell a paragraph aligned to the top of its row.
A block taller than the space left splits between rows like the table did.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph

from briefing.book.content import DocumentMeta
from briefing.dates import format_date
from briefing.pdf.typography import Typesetter

PAD_LEFT_LABEL = 8  # clear of the rule down the left edge
PAD_LEFT, PAD_RIGHT = 6, 6
PAD_ROW = 1.6  # above and below each row
PAD_EDGE = 5  # above the first row and below the last
RULE_WIDTH = 2


def details(meta: DocumentMeta, item_kind: str, typesetter: Typesetter,
            extra: list[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The box's rows as label and text: the instrument ("Memorandum") rather than the kind
    of record ("Agreement"), the date in the book's style, the language by its name; ``extra``
    (rows of the document's own table of particulars that the box lacks) before the source."""
    kind = _words(meta.kind) if meta.kind else ""
    rows = []
    if meta.instrument:
        rows.append(("Instrument", _words(meta.instrument)))
    elif kind:
        rows.append(("Kind", kind))
    if item_kind == "excerpt":
        rows[:1] = [("Kind", f"Excerpt from {_words(meta.instrument or meta.kind or '').lower() or 'a document'}")]
    rows += [
        ("Date", format_date(meta.date)),
        ("Place", meta.place),
        ("Parties", "; ".join(meta.parties)),
        ("Speakers", "; ".join(meta.speakers)),
        ("Publisher", meta.publisher),
        ("Author", meta.author),
        ("Language", typesetter.name(meta.language)),
        *extra,
    ]
    return [(label, value) for label, value in rows if value]


def label_width(labels: list[str], font: str, size: float, least: float, most: float) -> float:
    """The label column: as wide as the longest label, within ``least`` and ``most``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max((stringWidth(label, font, size) for label in labels), default=0)
    return min(max(least, widest + PAD_LEFT_LABEL + PAD_RIGHT + 1), most)


def _words(kind: str) -> str:
    return kind.replace("_", " ").replace("-", " ").strip().capitalize()


class MetaBlock(Flowable):
    def __init__(self, rows: list[tuple[Paragraph, Paragraph]], label_width: float, *, background: Color,
                 rule: Color, first: bool = True, last: bool = True) -> None:
        super().__init__()
        self.rows, self.label_width = rows, label_width
        self.background, self.rule = background, rule
        self.first, self.last = first, last  # whether this part holds the block's first / last row
        self._heights: list[float] = []

    def _padding(self, i: int) -> tuple[float, float]:
        top = PAD_EDGE if (i == 0 and self.first) else PAD_ROW
        bottom = PAD_EDGE if (i == len(self.rows) - 1 and self.last) else PAD_ROW
        return top, bottom

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        value_width = availWidth - self.label_width - PAD_LEFT - PAD_RIGHT
        label_width = self.label_width - PAD_LEFT_LABEL - PAD_RIGHT
        self._heights = []
        for i, (label, value) in enumerate(self.rows):
            top, bottom = self._padding(i)
            h = max(label.wrap(label_width, availHeight)[1], value.wrap(value_width, availHeight)[1])
            self._heights.append(top + h + bottom)
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used, k = 0.0, 0
        while k < len(self.rows) and used + self._heights[k] <= availHeight:
            used += self._heights[k]
            k += 1
        if k == 0 or k == len(self.rows):
            return []
        common = dict(background=self.background, rule=self.rule)
        head = MetaBlock(self.rows[:k], self.label_width, first=self.first, last=False, **common)
        tail = MetaBlock(self.rows[k:], self.label_width, first=False, last=self.last, **common)
        tail.spaceAfter, tail.keepWithNext = getattr(self, "spaceAfter", 0), getattr(self, "keepWithNext", 0)
        return [head, tail]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.background)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setStrokeColor(self.rule)
        canv.setLineWidth(RULE_WIDTH)
        canv.line(0, 0, 0, self.height)
        canv.restoreState()
        y = self.height
        for i, ((label, value), h) in enumerate(zip(self.rows, self._heights)):
            top, _ = self._padding(i)
            label.drawOn(canv, PAD_LEFT_LABEL, y - top - label.height)
            value.drawOn(canv, self.label_width + PAD_LEFT, y - top - value.height)
            y -= h
