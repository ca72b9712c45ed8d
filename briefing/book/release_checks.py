"""Pre-flight checks that what a book prints neither contradicts it nor leaks.

``release_findings`` adds to the pre-flight check (``briefing.book.preflight``,
which turns each finding into a warning):

- ``no-marking``: the book has no marking (every page prints UNMARKED);
- ``figure-status``: a figure the book shows has no status, or is derived from
  a figure no longer in the library;
- ``future-source``: a source dated after the edition or after the visit's
  start: a document the book prints, the document one of them came from, or a
  figure's source. The visit's own agreements and statements, dated within the
  visit, are what it is to sign, not sources; their sources are;
- ``internal-in-release``: text written for the principal that a releasable-only
  cut (the press pack) would print: a releasable item under a section meant for
  the principal (its heading would print), or whose text holds one of the marks
  of internal guidance the profile names ("Desk note:", "Points to watch"...).

Each finding is a dict of ``Problem``'s fields but the severity: ``code``,
``where``, ``message`` and the ids an editor needs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from briefing.book.audience import RELEASABLE, written_for_principal
from briefing.book.blocks import select_figures
from briefing.book.items import item_title
from briefing.book.profiles import allowed_by, load_profile, profile_names
from briefing.dates import format_date
from briefing.errors import BriefingError
from briefing.library import markings
from briefing.library.figures import FIGURE_STATUSES, decode_figure
from briefing.library.store import Store

CODES = ("no-marking", "figure-status", "future-source", "internal-in-release")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_SIGNED_AT_THE_VISIT = ("agreement", "joint-statement")

Finding = dict[str, Any]


def _walk(sections: list[dict], path: tuple[str, ...] = (), inside: tuple[dict, ...] = ()
          ) -> Iterator[tuple[tuple[str, ...], tuple[dict, ...], dict]]:
    """(section titles, sections, item) for every item, in the book's order."""
    for section in sections:
        here, chain = (*path, section["title"]), (*inside, section)
        for item in section["items"]:
            yield here, chain, item
        yield from _walk(section["sections"], here, chain)


def _where(path: tuple[str, ...], item: dict) -> str:
    return " › ".join((*path, item_title(item)))


def _first_day(date: str | None) -> dt.date | None:
    m = _DATE.fullmatch((date or "").strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _last_day(date: str | None) -> dt.date | None:
    m = _DATE.fullmatch((date or "").strip())
    if not m:
        return None
    year, month = int(m[1]), int(m[2] or 12)
    try:
        return dt.date(year, month, int(m[3] or calendar.monthrange(year, month)[1]))
    except ValueError:
        return None


def release_findings(store: Store, book: dict[str, Any], figure_ids: list[int]) -> list[Finding]:
    """The findings above for ``book`` (``get_book``'s tree); ``figure_ids``: the figures its blocks show."""
    found: list[Finding] = []
    if not (book.get("marking") or "").strip():
        found.append({"code": "no-marking", "where": "the book",
                      "message": "the book has no marking, so every page and the cover print UNMARKED: set one "
                                 f"with 'briefing book set {book['id']} --marking M' ({', '.join(markings.levels())})"})
    found += _figure_status(store, book, figure_ids)
    found += _future_sources(store, book, figure_ids)
    found += _internal_in_release(store, book)
    return found


# ---------------------------------------------------------------- figures


def _figure_items(book: dict[str, Any], figure_ids: list[int], store: Store) -> dict[int, tuple[str, dict, dict]]:
    """Each figure shown, with where the first block showing it is."""
    wanted = set(figure_ids)
    where: dict[int, tuple[str, dict, dict]] = {}
    for path, chain, item in _walk(book["sections"]):
        if item["kind"] == "block" and (item.get("block") or {}).get("type") == "figures":
            try:
                shown = select_figures(store, item["block"])
            except BriefingError:
                continue
            for f in shown:
                if f["id"] in wanted:
                    where.setdefault(f["id"], (_where(path, item), chain[-1], item))
    return where


def _figure_status(store: Store, book: dict[str, Any], figure_ids: list[int]) -> list[Finding]:
    if not figure_ids:
        return []
    places = _figure_items(book, figure_ids, store)
    found = []
    marks = ", ".join("?" for _ in figure_ids)
    for f in store.rows(f"SELECT * FROM figures WHERE id IN ({marks}) ORDER BY label, as_of DESC, id", figure_ids):
        f = decode_figure(f)
        where, section, item = places[f["id"]]
        ids = {"section_id": section["id"], "item_id": item["id"], "figure_id": f["id"]}
        name = f"figure {f['id']} ({f['label']}, {f['as_of'] or 'undated'})"
        if not f["status"]:
            found.append({"code": "figure-status", "where": where, **ids, "message":
                          f"{name} has no status: say whether it is {', '.join(FIGURE_STATUSES[:-1])} or "
                          f"{FIGURE_STATUSES[-1]} ('briefing figure edit {f['id']} --status ...')"})
        elif f["status"] == "derived":
            gone = [i for i in f["derived_from"] if not store.scalar("SELECT 1 FROM figures WHERE id = ?", [i])]
            if gone:
                found.append({"code": "figure-status", "where": where, **ids, "message":
                              f"{name} is derived from figure {', '.join(map(str, gone))}, which is no longer in "
                              "the library: its derivation cannot be shown"})
    return found


# ---------------------------------------------------------------- dates


def _limits(book: dict[str, Any]) -> list[tuple[dt.date, str]]:
    """The dates no source may be after, each with how a message names it."""
    limits = []
    edition = _last_day(book.get("edition_date"))
    if edition:
        limits.append((edition, f"this edition ({format_date(book['edition_date'])})"))
    start_text = book.get("start_date") or (book.get("event") or {}).get("start_date")
    start = _last_day(start_text)
    if start:
        limits.append((start, f"the visit's start ({format_date(start_text)})"))
    return limits


def _future_sources(store: Store, book: dict[str, Any], figure_ids: list[int]) -> list[Finding]:
    limits = _limits(book)
    if not limits:
        return []
    visit = (_first_day(book.get("start_date")), _last_day(book.get("end_date") or book.get("start_date")))
    cited: dict[int, list[tuple[str, dict, dict, str]]] = {}  # source id -> (where, section, item, how it is cited)
    for path, chain, item in _walk(book["sections"]):
        if not item.get("document_id"):
            continue
        doc = store.one("SELECT id, title, kind, date, source_document_id FROM documents WHERE id = ?",
                        [item["document_id"]])
        if doc is None:
            continue
        where = _where(path, item)
        day = _first_day(doc["date"])
        own = doc["kind"] in _SIGNED_AT_THE_VISIT and day and visit[0] and visit[1] and visit[0] <= day <= visit[1]
        if not own:
            cited.setdefault(doc["id"], []).append((where, chain[-1], item, ("printed", "")))
        if doc["source_document_id"]:
            cited.setdefault(doc["source_document_id"], []).append((where, chain[-1], item, ("document", doc["title"])))
    places = _figure_items(book, figure_ids, store)
    if figure_ids:
        marks = ", ".join("?" for _ in figure_ids)
        for f in store.rows(f"SELECT id, label, source_document_id FROM figures WHERE id IN ({marks}) "
                            "AND source_document_id IS NOT NULL ORDER BY id", figure_ids):
            where, section, item = places[f["id"]]
            cited.setdefault(f["source_document_id"], []).append((where, section, item, ("figure", f["label"])))
    found = []
    for doc_id, uses in cited.items():
        doc = store.one("SELECT id, title, date FROM documents WHERE id = ?", [doc_id])
        day = _first_day(doc["date"]) if doc else None
        if day is None:
            continue
        after = [name for limit, name in limits if day > limit]
        if not after:
            continue
        where, section, item, _ = uses[0]
        found.append({"code": "future-source", "where": where, "section_id": section["id"], "item_id": item["id"],
                      "document_id": doc_id, "message":
                      f"document {doc_id} ({_quoted(doc['title'])}) is dated {format_date(doc['date'])}, after "
                      f"{' and after '.join(after)}: the pack {_uses([u[3] for u in uses])}, which could not be known "
                      "when it went up. Date the edition later, or cite what was known then"})
    return found


def _uses(uses: list[tuple[str, str]]) -> str:
    """ "prints it; it is the source of 14 documents it prints (“A”, “B” and 12 more) and of the figure “C”"."""
    printed = any(kind == "printed" for kind, _ in uses)
    parts = []
    for kind, noun in (("document", "document"), ("figure", "figure")):
        names = list(dict.fromkeys(name for k, name in uses if k == kind))
        if not names:
            continue
        listed = ", ".join(_quoted(n, 50) for n in names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        parts.append(f"of the {noun} {listed}" if len(names) == 1 else f"of {len(names)} {noun}s it prints ({listed})")
    source = "cites it as the source " + " and ".join(parts) if parts else ""
    return " and ".join(x for x in ("prints it" if printed else "", source) if x)


def _quoted(text: str, limit: int = 70) -> str:
    text = " ".join(str(text or "").split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "\u201d"


# ---------------------------------------------------------------- audience


def _internal_in_release(store: Store, book: dict[str, Any]) -> list[Finding]:
    profiles = [load_profile(name) for name in profile_names()]
    press = next((p for p in profiles if p.releasable_only), None)
    if press is None:
        return []
    found = []
    for path, chain, item in _walk(book["sections"]):
        if item.get("effective_audience") != RELEASABLE:
            continue
        doc = store.one("SELECT title, text, marking FROM documents WHERE id = ?", [item["document_id"]]) \
            if item.get("document_id") else None
        if not allowed_by(press, item.get("marking") or (doc or {}).get("marking")):
            continue  # the press cut leaves it out for its marking
        if item["kind"] == "excerpt" and not item.get("excerpt"):
            continue  # highlights only: the press cut prints no highlights
        ids = {"section_id": chain[-1]["id"], "item_id": item["id"]}
        if item.get("document_id"):
            ids["document_id"] = item["document_id"]
        where = _where(path, item)
        inner = [s["title"] for s in chain if s.get("effective_audience") == "internal"]
        if inner:
            found.append({"code": "internal-in-release", "where": where, **ids, "message":
                          f"releasable, but under {_quoted(inner[-1])}, a section written for the principal: the "
                          f"{press.title.lower()} would print that heading. Move the item to a releasable section, "
                          "or make it internal"})
        text = _printed_text(item, doc)
        marks = written_for_principal(text, press.internal_markers)
        if marks:
            found.append({"code": "internal-in-release", "where": where, **ids, "message":
                          "releasable, but its text reads as written for the principal ("
                          + ", ".join(_quoted(m) for m in marks) + f"): the {press.title.lower()} would print it. "
                          f"Make the item internal ('briefing book set-item {book['id']} {item['id']} "
                          "--audience internal') or take those lines out"})
    return found


def _printed_text(item: dict[str, Any], doc: dict[str, Any] | None) -> str:
    parts = [item.get("title") or ""]
    if item["kind"] == "note":
        parts.append(item.get("body") or "")
    elif item["kind"] == "excerpt":
        parts.append(item.get("excerpt") or "")
    elif doc is not None:
        parts += [doc["title"] or "", doc["text"] or ""]
    return "\n".join(parts)
