"""Generated blocks: parts of a book computed from the store when the book is exported.

A block is a JSON specification kept in a book item, e.g.
``{"type": "agreements", "party": "AZ", "since": "2022"}``. ``compute_block``
turns it into Markdown (tables, lists) and chart series, using the book for
relative filters: ``"event": "book"`` is the book's visit, ``"before": "book"``
means dated before the visit starts.

Types and their options:

- ``agreements``: signed documents; ``since``, ``until``, ``before``, ``party``
  (name in any script or country code), ``instrument`` (one or a list),
  ``event``, ``kinds`` (document kinds, default ``["agreement"]``).
- ``chronology``: visits and meetings; ``since``, ``until``, ``before``,
  ``kinds`` (event kinds), ``person``, ``limit``.
- ``figures``: key figures with their sources and status; ``figures`` (slugs
  or ids), ``labels``, ``series``; figures in a series are also drawn as a
  chart. A derived or approximate value is marked "≈" and its derivation
  printed; a figure not to be quoted says why, and a cut handed outside
  (``for_release``) leaves it out.
- ``counterparts``: biographies; ``people`` (slugs or ids) or ``event``
  (default: the book's visit), ``country``; each with the earlier meetings and
  visits the person took part in, newest first.
- ``commitments``: the numbered points of a statement; ``document`` (slug or id).
- ``programme``: a visit's programme, day by day, in the visit's local time;
  ``event`` (default: the book's visit).

The counterparts block prints each person's portrait as a Markdown image
whose address is ``portrait:`` and the start of its digest; ``BlockResult.images``
carries the pictures by that address, and the PDF draws only those.
Whatever comes from the library (names, titles, places) is escaped so that it
prints as written rather than as Markdown or HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.book.block_helpers import (
    _date_range,
    _event_id,
    _missing,
    _ref_id,
    _signed,
    cell,
    literal,
    table,
    when,
)
from briefing.book.content import Series, SeriesPoint
from briefing.book.counterparts_block import _counterparts
from briefing.book.programme_block import programme_markdown
from briefing.book.validation import check_block_values
from briefing.errors import BriefingError
from briefing.library.figures import STATUS_WORDS, decode_figure, derivation, status_mark
from briefing.library.schema import INSTRUMENTS
from briefing.library.store import Store
from briefing.search import party_document_ids

BLOCK_TYPES: dict[str, dict[str, Any]] = {
    # type -> its default title and the options it accepts
    "agreements": {
        "title": "Agreements",
        "options": {"since", "until", "before", "party", "instrument", "event", "kinds"},
    },
    "chronology": {
        "title": "Chronology of visits and meetings",
        "options": {"since", "until", "before", "kinds", "person", "limit"},
    },
    "figures": {"title": "Key figures", "options": {"figures", "labels", "series"}},
    "counterparts": {"title": "Counterparts", "options": {"people", "event", "country", "before"}},
    "commitments": {"title": "Commitments", "options": {"document"}},
    "programme": {"title": "Programme", "options": {"event"}},
}
_COMMON = {"type", "title"}
_LISTS = {"kinds", "figures", "labels", "series", "people"}
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class BlockResult:
    title: str
    markdown: str
    series: list[Series] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # "portrait:<digest>" -> JPEG bytes


def parse_block(spec: str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except json.JSONDecodeError as exc:
            raise BriefingError(f"block specification is not valid JSON ({exc})") from exc
    if not isinstance(spec, Mapping):
        raise BriefingError("a block specification is a JSON object with a type")
    return dict(spec)


def check_block(spec: str | Mapping[str, Any]) -> dict[str, Any]:
    """The specification, checked: a known type, known options, dates that are dates."""
    block = parse_block(spec)
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        raise BriefingError(f"unknown block type {kind!r}; expected one of {', '.join(BLOCK_TYPES)}")
    unknown = set(block) - _COMMON - BLOCK_TYPES[kind]["options"]
    if unknown:
        raise BriefingError(f"a {kind} block has no option {', '.join(sorted(unknown))}")
    check_block_values(block)  # each value of its option's shape
    for key in ("since", "until"):
        if block.get(key) and not _DATE.fullmatch(str(block[key])):
            raise BriefingError(f"{kind} block: {key} {block[key]!r} is not a date like 2022 or 2022-08-24")
    if block.get("before") not in (None, "book") and not _DATE.fullmatch(str(block["before"])):
        raise BriefingError(f"{kind} block: before {block['before']!r} is neither 'book' nor a date")
    instruments = block.get("instrument")
    for name in [instruments] if isinstance(instruments, str) else instruments or []:
        if name not in INSTRUMENTS:
            raise BriefingError(f"agreements block: unknown instrument {name!r}; expected one of {', '.join(INSTRUMENTS)}")
    for key in _LISTS & set(block):
        value = block[key]
        if isinstance(value, (str, int)):
            block[key] = [value]  # one name where a list is expected
        elif not isinstance(value, list):
            raise BriefingError(f"{kind} block: {key} should be a list")
    if "limit" in block and (not isinstance(block["limit"], int) or block["limit"] < 1):
        raise BriefingError(f"{kind} block: limit should be a whole number above 0")
    if kind == "commitments" and not block.get("document"):
        raise BriefingError("a commitments block needs the statement's document (id or slug)")
    return block


# ---------------------------------------------------------------- blocks


def compute_block(store: Store, spec: str | Mapping[str, Any], book: Mapping[str, Any] | None = None, *,
                  internal_notes: bool = True, for_release: bool = False) -> BlockResult:
    """The block's content now: Markdown and chart series. ``internal_notes``: False for
    a cut that leaves out the desk's own notes (the press profile); ``for_release``: True for
    a cut handed outside (only releasable content), which leaves out figures not to be quoted
    and the forms of address and pronunciations written for the principal."""
    block = check_block(spec)
    book = book or {}
    title = block.get("title") or BLOCK_TYPES[block["type"]]["title"]
    if block["type"] == "figures":
        markdown, series = _figures(store, block, book, internal_notes=internal_notes, for_release=for_release)
    elif block["type"] == "programme":
        event_id = _event_id(store, block.get("event", "book"), book)
        if event_id is None:
            reason = "the book is not linked to a visit" if block.get("event", "book") == "book" else \
                f"no event {block['event']!r}"
            return BlockResult(title, _missing(reason))
        return BlockResult(title, programme_markdown(store, event_id, internal_notes=internal_notes, literal=literal))
    elif block["type"] == "counterparts":
        markdown, images = _counterparts(store, block, book, for_release=for_release)
        return BlockResult(title, markdown, images=images)
    else:
        markdown, series = _BUILDERS[block["type"]](store, block, book)
    return BlockResult(title, markdown, series)


def _agreements(store: Store, block: dict, book: Mapping[str, Any]) -> tuple[str, list[Series]]:
    kinds = block.get("kinds") or ["agreement"]
    where = [f"d.kind IN ({', '.join('?' for _ in kinds)})"]
    params: list[Any] = list(kinds)
    dates, date_params = _date_range("d.date", block, book)
    where += dates
    params += date_params
    instruments = block.get("instrument")
    if instruments:
        names = [instruments] if isinstance(instruments, str) else list(instruments)
        where.append(f"d.instrument IN ({', '.join('?' for _ in names)})")
        params += names
    if block.get("party"):
        ids = party_document_ids(store, block["party"])
        where.append(f"d.id IN ({', '.join(str(i) for i in ids) or 'NULL'})")
    if block.get("event"):
        event_id = _event_id(store, block["event"], book)
        if event_id is None:
            return _missing("the book is not linked to a visit" if block["event"] == "book" else f"no event {block['event']!r}"), []
        where.append("d.id IN (SELECT document_id FROM event_documents WHERE event_id = ?)")
        params.append(event_id)
    rows = store.rows(
        f"SELECT d.id, d.date, d.title, d.instrument FROM documents d WHERE {' AND '.join(where)} ORDER BY d.date, d.id",
        params,
    )
    if not rows:
        return "*No agreements match.*", []
    parties = _parties(store, [r["id"] for r in rows])
    body = table(
        ["Date", "Title", "Instrument", "Parties"],
        [[r["date"], r["title"], _instrument_word(r["instrument"]), "; ".join(parties.get(r["id"], []))] for r in rows],
    )
    return f"{body}\n\n{len(rows)} document{'s' if len(rows) != 1 else ''}.", []


def _instrument_word(instrument: str | None) -> str:
    """"action_plan" as the details box names it: "Action plan" (an initial capital only, so "MoU" stays)."""
    words = (instrument or "").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _parties(store: Store, doc_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not doc_ids:
        return found
    for r in store.rows(
        f"SELECT document_id, name FROM document_parties WHERE document_id IN ({', '.join('?' for _ in doc_ids)}) "
        "ORDER BY document_id, position",
        doc_ids,
    ):
        found.setdefault(r["document_id"], []).append(r["name"])
    return found


def _chronology(store: Store, block: dict, book: Mapping[str, Any]) -> tuple[str, list[Series]]:
    where, params = _date_range("e.start_date", block, book)
    if block.get("kinds"):
        where.append(f"e.kind IN ({', '.join('?' for _ in block['kinds'])})")
        params += list(block["kinds"])
    if block.get("person"):
        person_id = _ref_id(store, "people", block["person"])
        where.append("e.id IN (SELECT event_id FROM event_people WHERE person_id = ?)")
        params.append(person_id)
    sql = "SELECT e.* FROM events e" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY e.start_date, e.id"
    events = store.rows(sql, params)
    if block.get("limit"):
        events = events[-int(block["limit"]) :]
    if not events:
        return "*No visits or meetings in this period.*", []
    signed = _signed(store, [e["id"] for e in events])
    rows = [
        [when(e["start_date"], e["end_date"]), e["title"], e["place"], "; ".join(signed.get(e["id"], []))] for e in events
    ]
    return table(["Date", "Visit or meeting", "Place", "Documents signed"], rows), []


def select_figures(store: Store, spec: str | Mapping[str, Any]) -> list[dict[str, Any]]:
    """The figures a figures block shows, with their source's title and date (for checks and the card);
    ``derived_from`` a list of ids."""
    block = check_block(spec)
    where: list[str] = []
    params: list[Any] = []
    chosen = block.get("figures")
    if chosen:
        ids = [_ref_id(store, "figures", ref) for ref in chosen]
        where.append(f"f.id IN ({', '.join(str(i) for i in ids if i) or 'NULL'})")
    if block.get("labels"):
        where.append(f"f.label IN ({', '.join('?' for _ in block['labels'])})")
        params += list(block["labels"])
    if block.get("series"):
        where.append(f"f.series IN ({', '.join('?' for _ in block['series'])})")
        params += list(block["series"])
    figures = [decode_figure(f) for f in store.rows(
        "SELECT f.*, d.title AS source_title, d.date AS source_date FROM figures f "
        "LEFT JOIN documents d ON d.id = f.source_document_id"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY f.label, f.as_of DESC, f.id",
        params,
    )]
    if chosen:
        # in the order the user chose them
        order = {i: n for n, i in enumerate(ids)}
        figures.sort(key=lambda f: order.get(f["id"], len(order)))
    return figures


def figure_value(f: Mapping[str, Any]) -> str:
    """A figure's value as printed: its words, else the number and unit; "≈" before a derived or
    approximate one that does not say so itself ("about 500", "more than 90")."""
    value = f["value_text"] or (f"{f['value']:g}" if f["value"] is not None else "—")
    if f["unit"] and f["value_text"] is None and f["value"] is not None:
        value = f"{value} {f['unit']}"
    mark = status_mark(f)
    return f"{mark} {value}" if mark and not value.lstrip().casefold().startswith(_SAYS_SO) else value


# words that already say a value is not exact: no "≈" before them
_SAYS_SO = ("\u2248", "~", "about", "around", "some ", "approximately", "roughly", "nearly", "almost", "over ",
            "more than", "less than", "up to", "c.", "ca.", "circa", "under ")


def _figures(store: Store, block: dict, book: Mapping[str, Any], internal_notes: bool = True,
             for_release: bool = False) -> tuple[str, list[Series]]:
    figures = select_figures(store, block)
    if for_release:  # a cut handed outside never carries a figure not to be quoted
        figures = [f for f in figures if f["status"] != "do-not-quote"]
    if not figures:
        return "*No figures.*", []
    rows = []
    notes = []
    caveats = []
    for f in figures:
        source = f["source_title"] or "no source"
        if f["source_date"]:
            source += f" ({f['source_date']})"
        if f["status"] == "derived":
            source = "not stated in any source (derived: see below)"  # its source gives only what it comes from
        status = STATUS_WORDS.get(f["status"] or "", "not set")
        rows.append([f["label"], figure_value(f), f["as_of"], status, source, f["said_by"]])
        caveat = _caveat(store, f, for_release)
        if caveat:
            caveats.append(f"- *{literal(f['label'])}, {literal(f['as_of'] or 'undated')}:* {literal(caveat)}.")
        if f["note"] and internal_notes:
            notes.append(f"- *{cell(f['label'])}, {f['as_of'] or 'undated'}:* {' '.join(f['note'].split())}")
    markdown = table(["Figure", "Value", "As of", "Status", "Source", "Said by"], rows)
    if caveats:
        quoted = any(f["status"] == "do-not-quote" for f in figures)  # never so in a cut for release
        heading = "How the figures were obtained" + (", and which not to quote" if quoted else "")
        markdown += f"\n\n{heading}:\n\n" + "\n".join(caveats)
    if notes:
        markdown += "\n\nNotes on the figures:\n\n" + "\n".join(notes)
    return markdown, _series(store, figures)


def _caveat(store: Store, f: Mapping[str, Any], for_release: bool) -> str:
    """What a reader must know of a figure's status: its derivation, why it is approximate, why
    it is not to be quoted (not in a cut handed outside, which leaves such figures out)."""
    reason = " ".join(str(f.get("reason") or "").split()).rstrip(".")
    if f["status"] == "derived":
        text = derivation(store, f) + "; no source states it"
        return text + (f" ({reason})" if reason and not for_release else "")
    if f["status"] == "approximate":
        return "approximate" + (f": {reason}" if reason else "")
    if f["status"] == "do-not-quote" and not for_release:
        return f"not to be quoted: {reason}"
    return ""


def _series(store: Store, figures: list[dict]) -> list[Series]:
    groups: dict[str, list[dict]] = {}
    for f in figures:
        if f["series"] and f["value"] is not None and f["status"] != "do-not-quote":
            groups.setdefault(f["series"], []).append(f)
    charts = []
    for key in sorted(groups):
        points = sorted(groups[key], key=lambda f: str(f["as_of"] or ""))
        if len(points) < 2:
            continue
        # a derived point cites no source: none states it
        sources = list(dict.fromkeys(f["source_title"] for f in points if f["source_title"] and f["status"] != "derived"))
        apart = [f for f in points if f["status"] in ("derived", "approximate")]
        note = "; ".join(f"\u2248 {f['as_of'] or '?'}: {_caveat(store, f, True)}" for f in apart) or None
        charts.append(
            Series(
                title=points[-1]["label"][:1].upper() + points[-1]["label"][1:],
                unit=points[-1]["unit"],
                points=[SeriesPoint(str(f["as_of"] or "?"), float(f["value"]), f["status"]) for f in points],
                source="; ".join(sources) or None,
                note=note,
            )
        )
    return charts


_POINT = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")


def numbered_points(markdown: str) -> list[tuple[int, str]]:
    """The top-level numbered list items of a Markdown text, each with its continuation lines."""
    points: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        match = _POINT.match(line)
        if match:
            current = [match.group(2).strip()]
            points.append((int(match.group(1)), current))
        elif current is not None and line.strip() and not line.lstrip().startswith("#") and (
            line.startswith((" ", "\t")) or not re.match(r"^\s*([-*+]|\d+[.)])\s", line)
        ):
            current.append(line.strip())
        elif not line.strip() or line.lstrip().startswith("#"):
            current = None
    return [(n, " ".join(parts)) for n, parts in points]


def _commitments(store: Store, block: dict, book: Mapping[str, Any]) -> tuple[str, list[Series]]:
    doc_id = _ref_id(store, "documents", block["document"])
    if doc_id is None:
        return _missing(f"no document {block['document']!r} in the library"), []
    doc = store.one("SELECT id, title, date, place, text FROM documents WHERE id = ?", [doc_id])
    points = numbered_points(doc["text"])
    source = ", ".join(x for x in (doc["title"], doc["place"], doc["date"]) if x)
    if not points:
        return _missing(f"{doc['title']} has no numbered points"), []
    rows = []
    for number, text in points:
        lead = _LEAD.match(text)
        area, words = (lead.group(1).rstrip(".:"), lead.group(2)) if lead else ("", text)
        rows.append([number, area, words])
    return table(["No.", "Area", "Commitment"], rows) + f"\n\nSource: {source}.", []


_BUILDERS = {
    "agreements": _agreements,
    "chronology": _chronology,
    "commitments": _commitments,
}
