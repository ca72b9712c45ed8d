"""A Markdown table keeps its header row through the import's clean-up, though a row of short
words between bars reads like a site's menu."""

from __future__ import annotations

from briefing.importing.cleanup import drop_leftovers, table_lines

TABLE = "| A | B | C |\n|---|:-:|---|\n| 0 | x | https://example.org/a |\n| 1 | y | z |"


def test_a_tables_header_row_stays():
    text = f"# Figures\n\nThe table:\n\n{TABLE}\n\nAfter the table."
    assert drop_leftovers(text) == text


def test_a_menu_outside_a_table_still_goes():
    text = f"Home | News | Contacts\n\nThe article's first paragraph.\n\n{TABLE}"
    assert drop_leftovers(text) == f"The article's first paragraph.\n\n{TABLE}"


def test_table_lines_are_the_header_the_rule_and_the_rows():
    lines = ["Intro", "", *TABLE.split("\n"), "", "| not | a table |", "text"]
    assert table_lines(lines) == [2, 3, 4, 5]
    assert table_lines(["A | B", "--- | ---", "1 | 2"]) == [0, 1, 2]  # (without outer bars)
