"""Highlights and notes on documents, anchored so they survive edits and re-imports.

An annotation remembers its passage the way the W3C Web Annotation model does:
the exact text with up to ``CONTEXT`` characters before and after it
(TextQuoteSelector) and its offsets into the document's ``text``
(TextPositionSelector). ``locate()`` finds the passage again after the text has
changed; when it cannot, the annotation is an orphan (``None``).

Offsets are always into the stored Markdown ``text``. A quote chosen from a
rendered view (no ``**``, list markers or hard line breaks) is matched
loosely, and the annotation stores the passage as it stands in the Markdown.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from briefing.errors import BriefingError, NotFound
from briefing.library.highlights import Highlight, weave
from briefing.library.note_index import index_annotation_note
from briefing.library.store import Store, now

CONTEXT = 32
COLORS: dict[str, str] = {
    # name -> highlight colour used in exports (the PDF and the JSON-LD stylesheet)
    "yellow": "#fff176",
    "green": "#a5d6a7",
    "blue": "#90caf9",
    "pink": "#f48fb1",
    "orange": "#ffcc80",
    "purple": "#ce93d8",
    "red": "#ef9a9a",
    "grey": "#cfd8dc",
}
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EDITABLE = ("note", "color", "private")

# Markdown syntax that a rendered view does not show: block markers at the
# start of a line, and emphasis/code delimiters anywhere.
_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}|>|[-*+]|\d{1,3}[.)])[ \t]+|[*_`]+")
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
# Small edits: a passage whose words changed a little is still found if it is at
# least this similar (0-100, rapidfuzz's partial ratio) and not too short.
_FUZZY_SCORE = 80
_FUZZY_MIN = 12


# ---------------------------------------------------------------- matching


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text folded for loose matching, and for each of its characters the index in ``text``.

    Case, typographic quotes and dashes, runs of white space and Markdown
    markup do not count.
    """
    out: list[str] = []
    index: list[int] = []
    skip = _skipped_spans(text)
    pending_space = -1
    i = 0
    n = len(text)
    span = 0
    while i < n:
        if span < len(skip) and i == skip[span][0]:
            i = skip[span][1]
            span += 1
            continue
        ch = text[i]
        if ch.isspace():
            if pending_space < 0:
                pending_space = i
            i += 1
            continue
        if pending_space >= 0:
            if out:
                out.append(" ")
                index.append(pending_space)
            pending_space = -1
        for folded in ch.translate(_TYPOGRAPHY).casefold():
            out.append(folded)
            index.append(i)
        i += 1
    return "".join(out), index


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _MARKUP.finditer(text):
        # keep the white space inside a block marker: it separates words
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _best(
    text: str, starts: Iterable[int], length: int, prefix: str, suffix: str, hint: int | None
) -> int | None:
    """The occurrence whose surroundings agree best with the context, then the nearest to ``hint``."""
    best_key = None
    best = None
    for start in starts:
        before = text[max(0, start - len(prefix)) : start]
        after = text[start + length : start + length + len(suffix)]
        score = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        distance = abs(start - hint) if hint is not None else 0
        key = (-score, distance, start)
        if best_key is None or key < best_key:
            best_key, best = key, start
    return best


def _occurrences(text: str, needle: str) -> list[int]:
    found = []
    start = text.find(needle)
    while start >= 0 and needle:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _span_back(index: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    """A span of the normalised text as a span of the original text."""
    return index[start], index[end - 1] + len(text[index[end - 1]])


def locate(text: str, annotation: Mapping[str, Any]) -> tuple[int, int] | None:
    """Where the annotation's passage is in ``text`` now, or ``None`` (an orphan).

    In order: the exact text at the stored offsets; the exact text elsewhere,
    choosing the occurrence whose context matches best; the same loosely
    (case, white space, Markdown markup ignored); finally a passage edited a
    little, found between its unchanged context.
    """
    exact = annotation["exact"]
    prefix = annotation.get("prefix") or ""
    suffix = annotation.get("suffix") or ""
    hint = annotation.get("start")
    if not exact:
        return None
    if hint is not None and text[hint : hint + len(exact)] == exact:
        return hint, hint + len(exact)
    starts = _occurrences(text, exact)
    if starts:
        start = _best(text, starts, len(exact), prefix, suffix, hint)
        return start, start + len(exact)

    norm, index = _normalise(text)
    n_exact = _normalise(exact)[0].strip()
    n_prefix = _normalise(prefix)[0]
    n_suffix = _normalise(suffix)[0]
    n_hint = _norm_position(index, hint)
    if n_exact:
        starts = _occurrences(norm, n_exact)
        if starts:
            start = _best(norm, starts, len(n_exact), n_prefix, n_suffix, n_hint)
            return _span_back(index, text, start, start + len(n_exact))
    return _edited(text, norm, index, n_exact, n_prefix, n_suffix)


def _norm_position(index: list[int], position: int | None) -> int | None:
    if position is None:
        return None
    return bisect.bisect_left(index, position)


def _edited(text: str, norm: str, index: list[int], exact: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    """A passage edited a little: the best approximate match, placed by its context first."""
    if len(exact) < _FUZZY_MIN:
        return None  # a few letters match too many places to tell
    offset, region = 0, norm
    wide = prefix + exact + suffix
    if wide != exact:
        around = fuzz.partial_ratio_alignment(wide, norm, score_cutoff=_FUZZY_SCORE)
        if around is not None:
            offset = max(0, around.dest_start - _FUZZY_MIN)
            region = norm[offset : around.dest_end + _FUZZY_MIN]
    found = fuzz.partial_ratio_alignment(exact, region, score_cutoff=_FUZZY_SCORE)
    if found is None:
        return None
    start, end = offset + found.dest_start, offset + found.dest_end
    # the alignment has the old passage's length: widen it to whole words
    while start > 0 and norm[start - 1].isalnum() and norm[start].isalnum():
        start -= 1
    while end < len(norm) and norm[end - 1].isalnum() and norm[end].isalnum():
        end += 1
    # and over the punctuation the passage began or ended with
    if exact[-1:] and not exact[-1].isalnum() and norm[end : end + 1] == exact[-1]:
        end += 1
    if exact[:1] and not exact[0].isalnum() and start > 0 and norm[start - 1] == exact[0]:
        start -= 1
    while start < end and norm[start] == " ":
        start += 1
    while end > start and norm[end - 1] == " ":
        end -= 1
    return _span_back(index, text, start, end) if end > start else None


def find_quote(text: str, quote: str, *, occurrence: int | None = None, near: int | None = None) -> tuple[int, int]:
    """The span of ``quote`` in ``text``: exactly if possible, else loosely (rendered text).

    ``occurrence`` (1-based) picks the n-th match; ``near`` picks the match
    closest to that offset; by default the first.
    """
    quote = quote.strip() if quote.strip() else quote
    spans = [(s, s + len(quote)) for s in _occurrences(text, quote)]
    if not spans:
        norm, index = _normalise(text)
        n_quote = _normalise(quote)[0].strip()
        if n_quote:
            spans = [_span_back(index, text, s, s + len(n_quote)) for s in _occurrences(norm, n_quote)]
    if not spans:
        raise BriefingError(f"the passage {_short(quote)!r} is not in the document")
    if occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise BriefingError(f"the passage {_short(quote)!r} occurs {len(spans)} time(s), not {occurrence}")
        return spans[occurrence - 1]
    if near is not None:
        return min(spans, key=lambda span: abs(span[0] - near))
    return spans[0]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def selectors_for(text: str, start: int, end: int) -> dict[str, Any]:
    """The quote and position selectors of ``text[start:end]``."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
        "start": start,
        "end": end,
    }


# ---------------------------------------------------------------- the store


def _check_color(color: str) -> str:
    name = (color or "").strip().lower()
    if name == "gray":
        name = "grey"
    if name not in COLORS:
        raise BriefingError(f"unknown colour {color!r}; expected one of {', '.join(COLORS)}")
    return name


def _document_text(store: Store, doc_id: int) -> str:
    text = store.scalar("SELECT text FROM documents WHERE id = ?", [doc_id])
    if text is None:
        raise NotFound(f"no document with id {doc_id}")
    return text


def _decode(row: dict) -> dict:
    row["private"] = bool(row["private"])
    return row


def add_annotation(
    store: Store,
    doc_id: int,
    quote: str,
    note: str | None = None,
    color: str = "yellow",
    private: bool = False,
    *,
    occurrence: int | None = None,
    start: int | None = None,
) -> int:
    """Highlight ``quote`` in document ``doc_id``; returns the new annotation's id.

    ``start`` is a hint (an offset near the chosen passage) used when the quote
    occurs more than once; ``occurrence`` picks the n-th one instead. A quote
    that is not in the document is an error.
    """
    if not (quote or "").strip():
        raise BriefingError("an annotation needs a passage to highlight (the quote is empty)")
    color = _check_color(color)
    text = _document_text(store, doc_id)
    begin, end = find_quote(text, quote, occurrence=occurrence, near=start)
    stamp = now()
    row = {
        "document_id": doc_id,
        **selectors_for(text, begin, end),
        "note": note or None,
        "color": color,
        "private": int(bool(private)),
        "created": stamp,
        "updated": stamp,
    }
    with store.atomic() as db:
        annotation_id = db["annotations"].insert(row).last_pk
        index_annotation_note(db.conn, annotation_id)
        return annotation_id


def get_annotation(store: Store, annotation_id: int) -> dict:
    row = store.one(
        "SELECT a.*, d.title AS document_title FROM annotations a JOIN documents d ON d.id = a.document_id "
        "WHERE a.id = ?",
        [annotation_id],
    )
    if row is None:
        raise NotFound(f"no annotation with id {annotation_id}")
    return _decode(row)


def update_annotation(store: Store, annotation_id: int, **changes: Any) -> dict:
    """Change the note, colour or private flag; returns the annotation as it now is."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise BriefingError(f"cannot change {', '.join(sorted(unknown))} of an annotation")
    get_annotation(store, annotation_id)
    row: dict[str, Any] = {}
    if "note" in changes:
        row["note"] = changes["note"] or None
    if "color" in changes:
        row["color"] = _check_color(changes["color"])
    if "private" in changes:
        row["private"] = int(bool(changes["private"]))
    row["updated"] = now()
    with store.atomic() as db:
        db["annotations"].update(annotation_id, row)
        index_annotation_note(db.conn, annotation_id)
    return get_annotation(store, annotation_id)


def delete_annotation(store: Store, annotation_id: int) -> None:
    with store.atomic() as db:
        if not db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id]).rowcount:
            raise NotFound(f"no annotation with id {annotation_id}")


def list_annotations(store: Store, doc_id: int | None = None, *, include_private: bool = True) -> list[dict]:
    """Annotations, of one document or all, in document order."""
    sql = (
        "SELECT a.*, d.title AS document_title FROM annotations a JOIN documents d ON d.id = a.document_id"
    )
    where, params = [], []
    if doc_id is not None:
        _document_text(store, doc_id)
        where.append("a.document_id = ?")
        params.append(doc_id)
    if not include_private:
        where.append("a.private = 0")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.document_id, a.start, a.id"
    return [_decode(r) for r in store.rows(sql, params)]


def anchored(store: Store, doc_id: int, *, include_private: bool = True, text: str | None = None) -> list[dict]:
    """The document's annotations, each with ``span`` = its current ``(start, end)`` or ``None`` (orphan)."""
    text = _document_text(store, doc_id) if text is None else text
    found = []
    for a in list_annotations(store, doc_id, include_private=include_private):
        a["span"] = locate(text, a)
        found.append(a)
    return found


def marked_text(store: Store, doc_id: int, *, include_private: bool = True) -> tuple[str, list[dict]]:
    """For a reader view: the document's Markdown with each highlight as
    ``<mark class="COLOR" data-annotation="ID">`` pieces, and its annotations,
    each with ``span`` (``None`` for an orphan, which has no mark)."""
    text = _document_text(store, doc_id)
    found = anchored(store, doc_id, include_private=include_private, text=text)
    marks = [Highlight(a["span"][0], a["span"][1], a["color"], ident=a["id"]) for a in found if a["span"]]
    return weave(text, marks), found


def reanchor(store: Store, doc_id: int) -> dict[str, list[int]]:
    """After the text changed: store each annotation's new position and context.

    Returns ``{"moved": [...], "orphans": [...]}`` (annotation ids). Orphans are
    kept as they were, so a later edit that restores the passage finds them again.
    """
    text = _document_text(store, doc_id)
    moved, orphans = [], []
    with store.atomic() as db:
        for a in anchored(store, doc_id, text=text):
            if a["span"] is None:
                orphans.append(a["id"])
                continue
            fresh = selectors_for(text, *a["span"])
            if any(fresh[k] != a[k] for k in fresh):
                db["annotations"].update(a["id"], fresh)
                moved.append(a["id"])
    return {"moved": moved, "orphans": orphans}


# ---------------------------------------------------------------- W3C export


def document_iri(doc_id: int) -> str:
    return f"urn:briefing:document:{doc_id}"


def _iso(stamp: str | None) -> str | None:
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp).isoformat().replace("+00:00", "Z")
    except ValueError:
        return stamp


def to_web_annotation(a: Mapping[str, Any]) -> dict[str, Any]:
    """One annotation in the W3C Web Annotation data model (JSON-LD, without @context)."""
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": a["exact"], "prefix": a["prefix"], "suffix": a["suffix"]}
    ]
    if a.get("start") is not None and a.get("end") is not None:
        selectors.append({"type": "TextPositionSelector", "start": a["start"], "end": a["end"]})
    result: dict[str, Any] = {
        "id": f"urn:briefing:annotation:{a['id']}",
        "type": "Annotation",
        "motivation": "commenting" if a.get("note") else "highlighting",
        "created": _iso(a["created"]),
        "modified": _iso(a["updated"]),
        "stylesheet": {"type": "CssStylesheet", "value": f".{a['color']} {{ background-color: {COLORS[a['color']]} }}"},
        "target": {
            "type": "SpecificResource",
            "source": document_iri(a["document_id"]),
            "styleClass": a["color"],
            "selector": selectors,
        },
    }
    if a.get("document_title"):
        result["target"]["label"] = a["document_title"]
    if a.get("note"):
        result["body"] = {"type": "TextualBody", "value": a["note"], "format": "text/markdown", "purpose": "commenting"}
    return result


def web_annotation_collection(annotations: list[Mapping[str, Any]], label: str = "Briefing Book annotations") -> dict:
    """An AnnotationCollection holding one AnnotationPage with every annotation."""
    return {
        "@context": ANNO_CONTEXT,
        "id": "urn:briefing:annotations",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": {
            "id": "urn:briefing:annotations:page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [to_web_annotation(a) for a in annotations],
        },
    }


def export_annotations(
    store: Store, path: str | os.PathLike[str], doc_id: int | None = None, *, include_private: bool = False
) -> int:
    """Write the annotations as W3C Web Annotation JSON-LD; returns how many.

    Private notes stay out unless asked for. The file is written aside and
    renamed, so a failure never leaves half a file.
    """
    annotations = list_annotations(store, doc_id, include_private=include_private)
    data = json.dumps(web_annotation_collection(annotations), ensure_ascii=False, indent=2)
    target = Path(path)
    if target.is_dir():
        raise BriefingError(f"{target}: is a folder; give a file name such as notes.jsonld")
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(data + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BriefingError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    return len(annotations)
