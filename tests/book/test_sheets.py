"""Replacement sheets: a changed item's pages widened until no item on them runs beyond, with every
item that was on them and what was added beside them."""

from __future__ import annotations

from briefing.book.editions import ItemState
from briefing.book.sheets import replacement_sheets


def _order(*items: tuple[int, str]) -> list[ItemState]:
    return [ItemState(item, n, section, f"Item {item}", "note", None) for n, (item, section) in enumerate(items)]


# the edition: item 1 alone on 3; 2 and 3 share 4, 3 runs to 5 where 4 starts and runs to 6;
# 5 alone on 7; 6 and 7 on 8 (a new section); 8 on 9
PAGES = {1: (3, 3), 2: (4, 4), 3: (4, 5), 4: (5, 6), 5: (7, 7), 6: (8, 8), 7: (8, 8), 8: (9, 9)}
BOOK = _order((1, "A"), (2, "B"), (3, "B"), (4, "B"), (5, "B"), (6, "C"), (7, "C"), (8, "C"))


def _sheets(order=BOOK, changed=(), added=(), pages=PAGES):
    return [(s.first, s.last, s.items) for s in replacement_sheets(pages, order, set(changed), set(added))]


def test_a_changed_item_is_reprinted_with_all_that_shared_its_pages():
    assert _sheets(changed={2}) == [(4, 6, [2, 3, 4])]  # 3 shares 4 and runs to 5, where 4 runs on to 6
    assert _sheets(changed={4}) == [(4, 6, [2, 3, 4])]
    assert _sheets(changed={1}) == [(3, 3, [1])]  # alone on its page: the page alone
    assert _sheets(changed={6}) == [(8, 8, [6, 7])]


def test_sheets_that_meet_become_one_and_others_stay_apart():
    assert _sheets(changed={1, 2, 7}) == [(3, 3, [1]), (4, 6, [2, 3, 4]), (8, 8, [6, 7])]
    meeting = {**PAGES, 5: (6, 7)}  # 5 now starts on 4's last page
    assert _sheets(changed={2}, pages=meeting) == [(4, 7, [2, 3, 4, 5])]
    assert _sheets(changed={2, 5}, pages=meeting) == [(4, 7, [2, 3, 4, 5])]


def test_a_removed_item_is_not_reprinted_and_an_added_one_beside_the_sheet_goes_in():
    without_3 = [s for s in BOOK if s.item_id != 3]
    assert _sheets(order=without_3, changed={2}) == [(4, 6, [2, 4])]
    # 9 added after 4 in B, 10 after 6 in C, 11 as the first of C (after 5 of B, before 6 of C)
    book = _order((1, "A"), (2, "B"), (3, "B"), (4, "B"), (9, "B"), (5, "B"), (11, "C"), (6, "C"), (10, "C"),
                  (7, "C"), (8, "C"))
    assert _sheets(order=book, changed={2, 7}, added={9, 10, 11}) == [(4, 6, [2, 3, 4, 9]), (8, 8, [11, 6, 10, 7])]
    # added beside no sheet: an insert of its own
    assert _sheets(order=book, changed={1}, added={9, 10, 11}) == [(3, 3, [1])]


def test_an_added_item_of_another_section_does_not_join():
    book = _order((1, "A"), (12, "A2"), (2, "B"), (3, "B"), (4, "B"), (5, "B"), (6, "C"), (7, "C"), (8, "C"))
    assert _sheets(order=book, changed={1, 2}, added={12}) == [(3, 3, [1]), (4, 6, [2, 3, 4])]


def test_without_the_editions_pages_there_is_no_sheet():
    assert _sheets(changed={2}, pages={}) == []
    assert _sheets(changed={99}) == []  # an item the edition's pack did not print


def test_an_item_removed_since_takes_out_its_own_pages_and_reprints_its_neighbours():
    def sheets(removed, changed=()):
        order = [s for s in BOOK if s.item_id not in removed]
        return [(s.first, s.last, s.items, s.withdrawn)
                for s in replacement_sheets(PAGES, order, set(changed), set(), set(removed))]

    assert sheets({1}) == [(3, 3, [], [1])]  # alone on its page: the page comes out, nothing goes in
    assert sheets({3}) == [(4, 6, [2, 4], [3])]  # sharing pages: they are reprinted without it
    assert sheets({1, 5}, changed={2}) == [(3, 3, [], [1]), (4, 6, [2, 3, 4], []), (7, 7, [], [5])]
    assert sheets({6}) == [(8, 8, [7], [6])]
