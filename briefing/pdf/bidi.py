"""Right-to-left runs (Arabic, Persian, Hebrew) in the pack's left-to-right paragraphs.

ReportLab draws a line's characters left to right as they are stored. A
paragraph here is still broken into lines in the order it is read (logical
order); only when a line is drawn are its characters put in display order by
the Unicode bidirectional algorithm (python-bidi's), the paragraph's direction
left to right. A Hebrew or Arabic run then reads right to left inside an
English or Russian sentence, and a run that wraps goes on at the next line's
start, where its reader looks for it. Numbers inside such a run keep their
digits' order, brackets are mirrored, and a combining mark stays after its
letter (the font draws it back over the letter).

Arabic letters take their joined forms (initial, medial, final: Unicode's
presentation forms, arabic-reshaper's) before lines are broken, since those
forms' widths are what is drawn; the harakat are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from functools import cache

RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def holds_rtl(text: str) -> bool:
    return not text.isascii() and RTL.search(text) is not None


@cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def shape(text: str) -> str:
    """``text`` with its Arabic letters in their joined forms (still in logical order)."""
    if text.isascii() or _ARABIC.search(text) is None:
        return text
    return _reshaper().reshape(text)


def display_order(text: str) -> list[tuple[int, str]]:
    """The characters of a left-to-right line in the order they are drawn: (index in
    ``text``, character as drawn, mirrored where it must be). Formatting characters the
    algorithm removes (embedding marks, soft hyphens) are left out."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 0, "L"
    uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    chars = storage["chars"]
    # a reversed run puts a combining mark before its letter: put it back after
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and chars[j]["level"] % 2 and unicodedata.combining(chars[j]["ch"]):
            j += 1
        if j > i and j < len(chars):
            chars[i:j + 1] = [chars[j], *chars[i:j]]
        i = j + 1
    return [(ch["index"], ch["ch"]) for ch in chars]


def _visual_frags(frags: list) -> list:
    """A line's fragments (ReportLab's ``FragLine.words``) in display order: each fragment's
    characters go where the algorithm puts them, consecutive ones of one fragment joined."""
    owners: list[int] = []
    text_parts: list[str] = []
    still = []  # fragments with no text (anchors, images): drawn first, as they were
    for n, f in enumerate(frags):
        text = getattr(f, "text", "")
        if hasattr(f, "cbDefn") or not text:
            still.append(f)
            continue
        text_parts.append(text)
        owners += [n] * len(text)
    text = "".join(text_parts)
    out = list(still)
    current, pieces = None, []
    for index, char in display_order(text):
        owner = owners[index]
        if owner != current and pieces:
            out.append(_with_text(frags[current], "".join(pieces)))
            pieces = []
        current = owner
        pieces.append(char)
    if pieces:
        out.append(_with_text(frags[current], "".join(pieces)))
    return out


def _with_text(frag, text: str):
    clone = copy(frag)
    clone.text = text
    return clone


def _visual_line(line, kind: int):
    if kind == 0:  # (extra space, words) of one font
        extra, words = line
        text = " ".join(words)
        if not holds_rtl(text):
            return line
        return extra, "".join(c for _, c in display_order(text)).split(" ")
    text = "".join(getattr(f, "text", "") for f in line.words)
    if not holds_rtl(text):
        return line
    visual = copy(line)
    visual.words = _visual_frags(line.words)
    return visual


def has_rtl_lines(para) -> bool:
    """Whether any of a paragraph's broken lines (ReportLab's ``blPara``) holds right-to-left text."""
    if para.kind == 0:
        return any(holds_rtl(" ".join(words)) for _, words in para.lines)
    return any(holds_rtl(getattr(f, "text", "")) for line in para.lines for f in line.words)


@contextmanager
def drawn_in_display_order(paragraph) -> Iterator[None]:
    """While drawing, ``paragraph``'s lines in display order; its lines as broken (logical
    order, which splitting across pages reads) are given back after."""
    logical = paragraph.blPara
    visual = copy(logical)
    visual.lines = [_visual_line(line, logical.kind) for line in logical.lines]
    paragraph.blPara = visual
    try:
        yield
    finally:
        paragraph.blPara = logical
