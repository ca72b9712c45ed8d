"""Replacement sheets: the pages of an edition an addendum reprints whole, so that its reader can
take the old pages out and put the new ones in their place.

A changed item seldom has its pages to itself: the item before it may end on its
first page and the next one start on its last. Reprinting the changed item alone
would leave the reader unable to take the old pages out without losing those
neighbours. So a sheet starts from the pages a changed item was printed on in the
edition (its page map, ``editions.edition_pages``) and widens them until no item
printed on them runs beyond them; sheets that meet become one. The sheet reprints
every item that was on those pages, as it stands now (an item removed since is
simply not reprinted), and an item added between two of them, or beside one of
them in its section, goes in with them. The reader swaps pages 13–14 for however
many pages the sheet now takes.

An item removed since is handled the same way: its pages are widened like a
changed item's, so that a neighbour sharing them is reprinted rather than lost.
A sheet left with nothing to reprint (the removed items had those pages to
themselves) is pages to take out and nothing to put in.

Pages are counted one side each: a pack printed on both sides of the paper may
need a neighbouring page reprinted too, which a sheet does not do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.book.editions import ItemState

Pages = dict[int, tuple[int, int]]  # item id -> first and last page in the edition


@dataclass
class Sheet:
    first: int  # the edition's pages it replaces
    last: int
    items: list[int] = field(default_factory=list)  # what it prints, in book order: every item now on those pages
    withdrawn: list[int] = field(default_factory=list)  # items printed on those pages and removed since


def _close(first: int, last: int, pages: Pages) -> tuple[int, int]:
    """``first``–``last`` widened until no item printed on them runs beyond them."""
    while True:
        wider_first, wider_last = first, last
        for start, end in pages.values():
            if start <= wider_last and end >= wider_first:
                wider_first, wider_last = min(wider_first, start), max(wider_last, end)
        if (wider_first, wider_last) == (first, last):
            return first, last
        first, last = wider_first, wider_last


def _spans(pages: Pages, changed: set[int]) -> list[tuple[int, int]]:
    """The edition's page ranges the changed items force to be reprinted, closed and merged."""
    spans = sorted(pages[c] for c in changed if c in pages)
    while True:
        merged: list[tuple[int, int]] = []
        for first, last in sorted(_close(a, b, pages) for a, b in spans):
            if merged and first <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
            else:
                merged.append((first, last))
        if merged == spans:
            return merged
        spans = merged


def replacement_sheets(pages: Pages, order: list[ItemState], changed: set[int], added: set[int],
                       removed: set[int] | None = None) -> list[Sheet]:
    """The sheets an addendum prints for the ``changed`` and ``removed`` items the edition's ``pages``
    place, in book order; ``order`` is the book now. An ``added`` item joins a sheet when the item
    before it (or, failing that, after it) in its section is on the sheet. A sheet of removed items
    alone has no ``items``: its pages are taken out and nothing put in."""
    removed = removed or set()
    sheets = [Sheet(first, last) for first, last in _spans(pages, changed | removed)]
    if not sheets:
        return []
    sheet_of: dict[int, Sheet] = {}
    for item, (first, last) in pages.items():
        for sheet in sheets:
            if sheet.first <= first and last <= sheet.last:
                sheet_of[item] = sheet
    for n, state in enumerate(order):
        if state.item_id in added:
            before = next((s for s in reversed(order[:n]) if s.item_id not in added), None)
            after = next((s for s in order[n + 1:] if s.item_id not in added), None)
            near = [s for s in (before, after) if s is not None and s.section == state.section and s.item_id in sheet_of]
            if near:
                sheet_of[state.item_id] = sheet_of[near[0].item_id]
    now = [s.item_id for s in order]
    for item in now:
        if item in sheet_of:
            sheet_of[item].items.append(item)
    for item in sorted(removed & set(sheet_of), key=lambda i: pages[i]):
        sheet_of[item].withdrawn.append(item)
    return [s for s in sheets if s.items or s.withdrawn]
