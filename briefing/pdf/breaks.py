"""Page breaks as a book takes them: headings stay with what follows, tables leave no orphan rows.

- ``KeepWithNext``: what ReportLab makes of flowables marked ``keepWithNext``
  (headings, a bold label line, the details box). ReportLab keeps the whole group
  together, so a heading over a long table moved the table to the next page and
  left the rest of the page empty; here, when the group does not fit, the heading
  stays with the *start* of what follows (its first lines or rows, as that
  flowable splits), and only when nothing of it fits does the group move on.
- ``BookTable``: a table split across pages keeps at least two body rows at the
  foot of the page and two at the top of the next (a header repeats above
  them), moves to the next page rather than leave fewer, and splits a row
  inside itself only when the row alone is too tall for a page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak

MIN_ROWS = 2  # body rows kept together on either side of a page break
TOLERANCE = 1.0  # points


def _at_top(flowable: Flowable) -> bool:
    frame = getattr(flowable, "_frame", None)
    if frame is None:
        doc = getattr(getattr(flowable, "canv", None), "_doctemplate", None)
        frame = getattr(doc, "frame", None)
    return bool(getattr(frame, "_atTop", True))


class KeepWithNext(KeepTogether):
    """Headings (and whatever else keeps with the next) with at least the start of that next."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = self._content
        if aH >= self._H or _at_top(self) or len(content) < 2:
            return super().split(aW, aH)
        heads, last = content[:-1], content[-1]
        used = 0.0
        for n, head in enumerate(heads):
            used += head.wrapOn(self.canv, aW, aH)[1] + head.getSpaceAfter()
            if n:
                used += head.getSpaceBefore()
        used += last.getSpaceBefore()
        room = aH - used - TOLERANCE
        # (a group or a table of ReportLab's own splits by its own rules: it moves on whole)
        splits = isinstance(last, BookTable) or not isinstance(last, (KeepTogether, Table))
        if room > 0 and splits:
            parts = last.splitOn(self.canv, aW, room)
            if len(parts) > 1 and not isinstance(parts[0], ActionFlowable) \
                    and parts[0].wrapOn(self.canv, aW, room)[1] <= room:
                return [*heads, *parts]
        return [FrameBreak(), *content]


class BookTable(Table):
    """A table that breaks between pages like a book's (see the module's notes)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        heights = list(self._rowHeights)
        count = len(heights)
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        body = count - repeat
        fit, used = 0, 0.0
        while fit < count and used + heights[fit] <= availHeight + 1e-6:
            used += heights[fit]
            fit += 1
        if fit >= count or body <= 0:
            return super().split(availWidth, availHeight)
        if fit >= repeat and heights[fit] > _page_height(self, availHeight) - sum(heights[:repeat]):
            # the next row is taller than a page and will be split inside whatever happens: it starts
            # here, under the rows before it (ReportLab would first split before it, and the rest
            # would follow on the same page below a repeated header)
            return self._splitRows(availHeight, doInRowSplit=1) or super().split(availWidth, availHeight)
        least = min(MIN_ROWS, body)
        if count - fit < least:  # too few left for the next page: give them company
            fit = count - least
        if fit - repeat < least:  # too few here
            if heights[max(fit, repeat)] > _page_height(self, availHeight) - sum(heights[:repeat]):
                return super().split(availWidth, availHeight)  # a row taller than a page: split inside it
            return [] if not _at_top(self) else super().split(availWidth, availHeight)
        return self._splitRows(sum(heights[:fit]) + 1e-3, doInRowSplit=0) or super().split(availWidth, availHeight)


def _page_height(flowable: Flowable, fallback: float) -> float:
    """The height of a whole frame (what a row must fit to stay whole)."""
    doc = getattr(getattr(flowable, "canv", None), "_doctemplate", None)
    frame = getattr(doc, "frame", None)
    return getattr(frame, "_height", None) or fallback


class NewPage(Flowable):
    """A page break, unless the page is still empty: an addendum's replacement or insert pages
    start on a sheet of their own."""

    locChanger = 1  # (never inside a group kept together)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is not None and not frame._atTop:
            frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self) -> None:
        pass
