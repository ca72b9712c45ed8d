"""What a pack prints once: a document's own table of particulars, and figures the book gives already.

Two repeats a careful editor strikes out:

- a document that opens with a table of its particulars ("Date of signature",
  "Instrument", "Kazakh party", ...) under the details box that already gives
  them: the rows the box shows are dropped, the others ("No. in the list of 14")
  join the box, and the table goes;
- a table in a document or note that gives again the figures of the book's
  figures block ("Key figures"): its rows for those figures are dropped (the
  table goes when none is left) and a line says where the figures are, with
  their sources and status, linked to them.

Both work on the Markdown's nodes (``briefing.pdf.markdown``), at print time;
the library's text is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.book.content import BookContent, DocumentMeta, ItemContent, SectionContent
from briefing.pdf.markdown import _HEADING, XREF, Node, plain_text, table_rows

# a particulars table's label -> the field of the details box it repeats
_FIELDS = (
    (re.compile(r"^(date|dated|signed|signing|date of (signature|signing|adoption)|adopted)\b"), "date"),
    (re.compile(r"^(instrument|type of (instrument|document)|kind|document type)\b"), "instrument"),
    (re.compile(r"^(parties|party|signatories|signatory|.{1,40} party|.{1,40} side)$"), "parties"),
    (re.compile(r"^(place|venue|place of (signature|signing|adoption))\b"), "place"),
    (re.compile(r"^(languages?|language of the text)\b"), "language"),
)
_NUMBER = re.compile(r"\d[\d,.\u202f\u00a0']*")
_WORD = re.compile(r"[^\W\d_]{5,}")
_COMMON = {"between", "their", "which", "there", "about", "other", "under", "after", "total", "figure", "value",
           "number", "count"}


def _field(label: str) -> str | None:
    label = " ".join(label.casefold().rstrip(":").split())
    for pattern, name in _FIELDS:
        if pattern.search(label):
            return name
    return None


def _shown(meta: DocumentMeta) -> set[str]:
    shown = {name for name in ("date", "place", "language") if getattr(meta, name)}
    if meta.instrument or meta.kind:
        shown.add("instrument")
    if meta.parties:
        shown.add("parties")
    return shown


def particulars(table_rows: list[list[str]], meta: DocumentMeta) -> list[tuple[str, str]] | None:
    """The rows of a particulars table that the details box does not show, to be added to it;
    None when the table is not one (not two columns of label and value, or no row repeats the box)."""
    if not table_rows or any(len(row) != 2 for row in table_rows):
        return None
    shown = _shown(meta)
    kept, repeated = [], 0
    for label, value in table_rows:
        name = _field(label)
        if name is not None and name in shown:
            repeated += 1
        elif label.strip() or value.strip():
            kept.append((label.strip().rstrip(":"), value.strip()))
    return kept if repeated else None


# -- figures ---------------------------------------------------------------------------------
@dataclass
class Figure:
    label: str
    value: str
    numbers: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)


@dataclass
class FigureBlock:
    """The book's figures block: where it is (its anchor and title) and the figures it gives."""

    key: str
    title: str
    figures: list[Figure]


def _numbers(text: str) -> frozenset[str]:
    found = set()
    for m in _NUMBER.finditer(text):
        number = re.sub(r"[,\u202f\u00a0']", "", m[0]).rstrip(".")
        if number:
            found.add(number.rstrip("0").rstrip(".") if "." in number else number)
    return frozenset(found)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in _COMMON)


def figure(label: str, value: str) -> Figure:
    return Figure(label, value, _numbers(value), _words(label))


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line.strip().strip("|"))]


def figure_blocks(sections: list[SectionContent], prefix: str = "s") -> list[FigureBlock]:
    """The figures blocks of a book, keyed as ``Story`` keys its items' anchors."""
    found: list[FigureBlock] = []
    for i, section in enumerate(sections, 1):
        key = f"{prefix}{i}"
        for j, item in enumerate(section.items, 1):
            figures = _block_figures(item)
            if figures:
                found.append(FigureBlock(f"{key}-i{j}", item.title, figures))
        found += figure_blocks(section.children, f"{key}.")
    return found


def _block_figures(item: ItemContent) -> list[Figure]:
    if item.kind != "block":
        return []
    lines = item.markdown.lstrip().splitlines()
    if not lines or _cells(lines[0])[:2] != ["Figure", "Value"]:
        return []
    figures = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = _cells(line)
        if len(cells) >= 2:
            figures.append(figure(cells[0], cells[1]))
    return figures


def repeats_a_figure(label: str, value: str, known: list[Figure]) -> bool:
    """Whether a table row (a figure's name and its value) gives a figure already in ``known``:
    a number of its value is that figure's, and its name shares a word with the figure's."""
    numbers, words = _numbers(value), _words(label)
    return bool(numbers) and any(numbers & f.numbers and words & f.words for f in known)


_VALUE_HEADER = re.compile(r"^(value|amount|figure|number|total)\b", re.I)


class Repeats:
    """One book's repeats: its figures blocks, found once, and what each item's text repeats."""

    def __init__(self, content: BookContent) -> None:
        self.blocks = figure_blocks(content.sections)

    def prepare(self, item: ItemContent, details: list[tuple[str, str]]) -> Callable[[list], list]:
        """For ``MarkdownRenderer.flowables``: the item's nodes without what the pack prints
        elsewhere; the rows of a particulars table that the details box lacks go to ``details``."""

        def run(nodes: list) -> list:
            out: list = []
            leading = item.meta is not None and item.kind in ("document", "excerpt")
            for n in nodes:
                if not isinstance(n, Node):
                    out.append(n)
                    continue
                if n.tag == "table" and leading:
                    rows, header = table_rows(n)
                    extra = particulars([[plain_text(c) for c in r] for r in rows[header:]], item.meta)
                    if extra is not None and all(not plain_text(c).strip() for r in rows[:header] for c in r):
                        details.extend(extra)
                        leading = False
                        continue
                if n.tag == "table" and self.blocks and item.kind != "block":
                    out.extend(self._without_figures(n))
                else:
                    out.append(n)
                if n.tag not in _HEADING:
                    leading = False
            return out

        return run

    def _without_figures(self, table: Node) -> list:
        rows, header = table_rows(table)
        if not rows[header:]:
            return [table]
        column = 1
        if header:
            names = [plain_text(c).strip() for c in rows[0]]
            column = next((i for i, name in enumerate(names) if i and _VALUE_HEADER.match(name)), 1)
        for block in self.blocks:
            kept, dropped = [], 0
            for row in rows[header:]:
                cells = [plain_text(c) for c in row]
                if len(cells) > column and repeats_a_figure(cells[0], cells[column], block.figures):
                    dropped += 1
                else:
                    kept.append(row)
            if dropped >= min(2, len(rows) - header):
                note = Node(XREF, {"href": block.key}, [
                    f"The figures also given under \u201c{block.title}\u201d are printed there only, "
                    "with their sources and status."])
                if not kept:
                    return [note]
                head = [Node("thead", children=[Node("tr", children=r)]) for r in rows[:header]]
                body = Node("tbody", children=[Node("tr", children=r) for r in kept])
                return [Node("table", table.attrs, [*head, body]), note]
        return [table]
