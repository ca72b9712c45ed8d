"""Nested lists as people type them, for python-markdown (the PDF and the app's views)."""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_LIST_LINE = re.compile(r"^( *)(?:[-*+]|\d{1,9}[.)])[ \t]")


def nest_lists_by_indent(lines: list[str]) -> list[str]:
    """Re-indent nested lists to python-markdown's four spaces per level.

    People (and other editors) nest a list under an item with two or three
    spaces, as CommonMark allows; python-markdown would read those lines as
    text of the item above. Each list line's depth is found from the indents
    above it and written as four spaces a level; indented text inside an item
    moves with it. Text whose list indents are all multiples of four is left alone.
    """
    if not any((m := _LIST_LINE.match(line)) and len(m.group(1)) % 4 for line in lines):
        return lines
    out: list[str] = []
    levels: list[int] = []  # the original indent of each open list level
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        item = None if fenced else _LIST_LINE.match(line)
        if item:
            while levels and indent < levels[-1] - 1:
                levels.pop()
            if not levels or indent >= levels[-1] + 2:
                levels.append(indent)
            out.append(" " * (4 * (len(levels) - 1)) + stripped)
        elif not stripped or fenced:
            out.append(line)
        elif indent == 0:
            levels.clear()
            out.append(line)
        elif levels:
            inside = sum(1 for level in levels if level < indent)  # the item this text belongs to
            out.append(" " * (4 * max(inside, 1)) + stripped)
        else:
            out.append(line)
    return out


class _Reindent(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return nest_lists_by_indent(lines)


class NestedLists(Extension):
    """python-markdown extension: lists nested by two, three or four spaces."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (python-markdown's name)
        md.preprocessors.register(_Reindent(md), "nested_lists", 27)  # before fenced code (25) and HTML
