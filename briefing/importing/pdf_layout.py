"""A PDF's laid-out text boxes turned into Markdown: running heads and page numbers out, headlines marked.

What pdfminer hands over is each page's text boxes, each line with its height on
the page and its type size. From those:

- a box in the top or bottom margin of a page that repeats on other pages (page
  numbers set aside), is set smaller than the body, or is only a page number
  ("Page 2 of 5", "- 3 -", "Стр. 1 из 2") is the page's furniture, not text;
- a box set clearly larger than the body is a heading: its lines are one
  headline however many lines it wraps onto;
- the other boxes' lines are joined into paragraphs (``paragraphs``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple


class Line(NamedTuple):
    text: str
    y: float  # the height of its baseline on the page
    size: float  # its type size (points)


@dataclass
class Box:
    lines: list[Line]
    top: float
    bottom: float


@dataclass
class Page:
    height: float
    boxes: list[Box] = field(default_factory=list)
    images: int = 0  # pictures drawn on the page (a scan is one picture and no text)
    ocr: str | None = None  # the text OCR read on a scanned page


# the share of the page's height at its top and bottom where running heads and page numbers sit
MARGIN = 0.1
# a box this much larger than the body's type is a heading; this much smaller in a margin, furniture
HEADING_RATIO = 1.3
SMALL_RATIO = 0.92
HEADING_WORDS = 40
_ITEM_START = re.compile(r"^(?:\d{1,3}[.)]|[-•–]|\(?[a-z]\))\s")
PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|стр\.?|страница|бет|səh\.?|səhifə|p\.)\s*)?\d{1,4}"
    r"(?:\s*(?:of|из|/|-|—)\s*\d{1,4})?\W*$",
    re.I,
)


def body_size(pages: list[Page]) -> float:
    """The type size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for box in page.boxes:
            for line in box.lines:
                sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _in_margin(page: Page, box: Box) -> bool:
    return box.bottom >= page.height * (1 - MARGIN) or box.top <= page.height * MARGIN


def _key(box: Box) -> str:
    """A box's text with its numbers blanked, to match a running head across pages."""
    return re.sub(r"\d+", "#", " ".join(line.text for line in box.lines)).casefold()


def furniture(pages: list[Page], body: float) -> set[tuple[int, int]]:
    """(page, box) of every running head, running foot and page number."""
    repeats = Counter(_key(box) for page in pages for box in page.boxes if _in_margin(page, box))
    found: set[tuple[int, int]] = set()
    for p, page in enumerate(pages):
        for b, box in enumerate(page.boxes):
            if not _in_margin(page, box) or len(box.lines) > 3:
                continue
            text = " ".join(line.text for line in box.lines)
            smaller = body and max(line.size for line in box.lines) < body * SMALL_RATIO
            if PAGE_NUMBER.match(text) or smaller or (len(pages) > 1 and repeats[_key(box)] >= 2):
                found.add((p, b))
    return found


def ocr_paragraphs(text: str) -> list[str]:
    """OCR's output (lines, paragraphs between blank lines) as paragraphs, hyphenated words made whole."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        joined = re.sub(r"(\w)-\n(?=[a-zа-яёәғқңөұүһіəçğıöşü])", r"\1", block.strip())
        joined = " ".join(joined.split())
        if joined:
            found.append(joined)
    return found


def page_text(page: Page, body: float, skip: set[int]) -> str:
    if page.ocr is not None:
        return "\n\n".join(ocr_paragraphs(page.ocr))
    out: list[str] = []
    for b, box in enumerate(page.boxes):
        if b in skip:
            continue
        for group in _by_size(box.lines):
            words = sum(len(line.text.split()) for line in group)
            if body and group[0].size >= body * HEADING_RATIO and words <= HEADING_WORDS:
                out.append("# " + " ".join(line.text for line in group))
            else:
                out += paragraphs(group)
    return "\n\n".join(out)


def _by_size(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines set in the same size (a headline and the text under it may share a box)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and abs(groups[-1][-1].size - line.size) <= 0.5:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def paragraphs(lines: list[Line]) -> list[str]:
    """The paragraphs of one text box: its lines joined, words hyphenated across lines
    made whole; a wider gap than the box's line spacing, or a numbered or bulleted
    item, starts a new paragraph."""
    gaps = sorted(a.y - b.y for a, b in zip(lines, lines[1:]) if a.y - b.y > 0)
    leading = gaps[len(gaps) // 4] if gaps else 0.0  # most gaps are within paragraphs
    found: list[str] = []
    current = ""
    for n, line in enumerate(lines):
        if current:
            gap = lines[n - 1].y - line.y
            if gap <= 0 or gap > leading * 1.3 or _ITEM_START.match(line.text):
                found.append(current)
                current = ""
        if current.endswith("-") and not current.endswith(" -") and line.text[:1].islower():
            current = current[:-1] + line.text  # a word hyphenated across lines
        else:
            current = f"{current} {line.text}" if current else line.text
    if current:
        found.append(current)
    return found


def document_text(pages: list[Page]) -> str:
    body = body_size(pages)
    drop = furniture(pages, body)
    texts = [page_text(page, body, {b for p2, b in drop if p2 == p}) for p, page in enumerate(pages)]
    return "\n\n".join(t for t in texts if t)
