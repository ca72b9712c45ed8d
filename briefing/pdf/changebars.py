"""Change bars: a rule in the left margin beside what changed since the edition the pack names.

Printed the way amended manuals and loose-leaf services mark their pages: a
reader holding the edition finds what is new at a glance. An item added or
changed since the edition (``ItemContent.changed``) gets a ``ChangeBar`` before
its heading and one after its last line; the bar runs between them, across as
many pages as the item takes (each page's part drawn when the page ends).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

BAR_WIDTH = 2.0
BAR_OFFSET = 9.0  # points left of the text


class ChangeBar(Flowable):
    """Where a changed item starts (``start``) or ends: nothing to see, a bar drawn from one to the other."""

    def __init__(self, start: bool) -> None:
        super().__init__()
        self.start = start

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        doc = getattr(canv, "_doctemplate", None)
        if doc is None:
            return
        x, y = canv.absolutePosition(0, 0)
        if self.start:
            doc.change_bar_from = y
            return
        top = getattr(doc, "change_bar_from", None)
        if top is None:
            return
        draw_bar(canv, doc, top, y, origin=(x, y))
        doc.change_bar_from = None


def draw_bar(canv, doc, top: float, bottom: float, origin: tuple[float, float] = (0.0, 0.0)) -> None:
    """The bar from ``top`` to ``bottom`` (page coordinates), in the left margin."""
    if top - bottom < 1:
        return
    colour = doc.theme.colour("marking")
    ox, oy = origin
    x = doc.leftMargin - BAR_OFFSET
    canv.saveState()
    canv.setStrokeColor(colour)
    canv.setLineWidth(BAR_WIDTH)
    canv.line(x - ox, top - oy, x - ox, bottom - oy)
    canv.restoreState()


def page_ends(canv, doc) -> None:
    """At a page's end: the part of an open bar on this page; the rest goes on from the next page's top."""
    top = getattr(doc, "change_bar_from", None)
    if top is None:
        return
    draw_bar(canv, doc, top, doc.bottomMargin)
    doc.change_bar_from = doc.pagesize[1] - doc.topMargin
