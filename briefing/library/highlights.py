"""Highlights woven into a document's Markdown as ``<mark>`` tags, for renderers.

A highlight may cross paragraphs, list items, table cells and emphasis; a
``<mark>`` must not, or the Markdown falls apart. So each highlight is cut into
pieces of plain text between the markup, and each piece gets its own tag.
Where highlights overlap, the one that starts later wins the overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Markup that must stay outside a <mark>: block markers at the start of a line,
# rule and table-delimiter lines, emphasis and code delimiters, link syntax,
# inline HTML, table pipes and line breaks.
_MARKUP = re.compile(
    r"(?m)^[ \t]*(?:#{1,6}|>|[-*+]|\d{1,3}[.)])[ \t]+"
    r"|^[ \t]*[-=*_:| ]{3,}[ \t]*$"
    r"|`[^`\n]*`"
    r"|\]\([^)\n]*\)"
    r"|<[^>\n]+>"
    r"|[*_\[\]|\n]+"
)


@dataclass
class Highlight:
    start: int
    end: int
    color: str
    note: int | None = None  # the endnote number shown after the passage
    ident: int | None = None  # the annotation's id, for views that act on a click (not in exports)


def _markup_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The markup inside ``text[a:b]``; only the lines it touches are scanned."""
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    hi = len(text) if hi < 0 else hi + 1
    return [
        (max(m.start(), a), min(m.end(), b))
        for m in _MARKUP.finditer(text, lo, hi)
        if m.end() > a and m.start() < b
    ]


def _owners(highlights: list[Highlight]) -> list[tuple[int, int, int]]:
    """Disjoint runs ``(start, end, index)``: who owns each stretch of highlighted text."""
    cuts = sorted({p for h in highlights for p in (h.start, h.end)})
    runs: list[tuple[int, int, int]] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [i for i, h in enumerate(highlights) if h.start <= a and h.end >= b]
        if not covering:
            continue
        owner = max(covering, key=lambda i: (highlights[i].start, -highlights[i].end, i))
        if runs and runs[-1][1] == a and runs[-1][2] == owner:
            runs[-1] = (runs[-1][0], b, owner)
        else:
            runs.append((a, b, owner))
    return runs


def weave(text: str, highlights: list[Highlight]) -> str:
    """``text`` with every highlight wrapped in ``<mark class="COLOR" [data-note="N"]>`` pieces."""
    highlights = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    if not highlights:
        return text
    pieces: list[tuple[int, int, int]] = []
    for a, b, owner in _owners(highlights):
        # the plain stretches between markup, without white space at their ends
        cursor = a
        for m_start, m_end in [*_markup_spans(text, a, b), (b, b)]:
            start, end = cursor, m_start
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                pieces.append((start, end, owner))
            cursor = max(cursor, m_end)
    last_piece = {owner: n for n, (_, _, owner) in enumerate(pieces)}
    out: list[str] = []
    pos = 0
    for n, (a, b, owner) in enumerate(pieces):
        h = highlights[owner]
        note = f' data-note="{h.note}"' if h.note is not None and last_piece[owner] == n else ""
        ident = f' data-annotation="{h.ident}"' if h.ident is not None else ""
        out += [text[pos:a], f'<mark class="{h.color}"{ident}{note}>', text[a:b], "</mark>"]
        pos = b
    out.append(text[pos:])
    return "".join(out)
