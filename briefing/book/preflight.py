"""The pre-flight check: what to fix in a book before it goes up.

``run_preflight`` walks the book and returns problems, each with a severity,
a code, where it is (a readable path plus the ids an editor needs to open the
item) and a message. Codes:

- ``empty-section``: a section with no items and no subsections;
- ``stale-figure``: a figure older than the book's limit (setting
  ``stale_figure_months``, default 12) at the visit's start date;
- ``conflicting-figure``: figures with the same label and unit but different
  values (figures of one series at different dates are a time series, not a
  conflict); the message gives every value with its source and date, newest first;
- ``marking``: an item marked above the book (or with a marking not on the
  scale) -- the only error;
- ``orphan-annotation``: a highlight whose passage is no longer in its document;
- ``missing-source``: a document or figure in the book without a source or a date;
- ``unprintable``: a block definition or a setting export cannot use as stored
  (``validation.printing_problems``) -- an error;
- ``link-as-text``: a link in a note or document that the pack prints as its
  text (a scheme other than http, https and mailto, or a place the text does
  not have), judged as the renderer judges it (``markup``);
- ``no-font``: a document or note holding characters that no font the pack can use
  prints (``briefing.fontfiles``): they would print as a placeholder; one warning
  per item, naming the scripts;
- ``no-marking``, ``figure-status``, ``future-source``, ``internal-in-release``:
  an unmarked book, a figure without a status, a source dated after the edition
  or the visit's start, text written for the principal in the press cut
  (``release_checks``).

A stale or conflicting figure marked not to be quoted (status ``do-not-quote``)
is still reported, and the message says so: it stays off the card and the press
cut, and the full pack shows it with the reason.

Export, distribution and the pocket card call ``require_clean`` first: what
export would refuse is what this check calls an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from briefing.book.blocks import check_block, select_figures
from briefing.book.books import get_book
from briefing.book.items import item_title
from briefing.book.markup import links_printed_as_text
from briefing.book.release_checks import CODES as RELEASE_CODES
from briefing.book.release_checks import release_findings
from briefing.book.validation import printing_problems, usable_settings
from briefing.errors import BriefingError
from briefing.fontfiles import PLACEHOLDER, scripts_of, unprintable
from briefing.library import markings
from briefing.library.annotations import locate
from briefing.library.store import Store

ERROR, WARNING = "error", "warning"
CODES = ("empty-section", "stale-figure", "conflicting-figure", "marking", "orphan-annotation", "missing-source",
         "unprintable", "link-as-text", "no-font", *RELEASE_CODES)
DEFAULT_STALE_MONTHS = 12
_AS_OF = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass
class Problem:
    severity: str  # "error" or "warning"
    code: str
    where: str  # "Section › Subsection › Item"
    message: str
    section_id: int | None = None
    item_id: int | None = None
    document_id: int | None = None
    figure_id: int | None = None
    annotation_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class PreflightFailed(BriefingError):
    """The check found errors and the caller did not force the export."""

    def __init__(self, book_id: int, problems: list[Problem]):
        self.book_id, self.problems = book_id, problems
        errors = [p for p in problems if p.severity == ERROR]
        lines = [f"book {book_id} fails its pre-flight check with {_count(len(errors), 'error')} (use --force to go ahead):"]
        lines += [f"  {p.code}: {p.where}: {p.message}" for p in errors]
        super().__init__("\n".join(lines))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    return f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}"


def require_clean(store: Store, book_id: int, *, force: bool = False) -> list[Problem]:
    """The book's problems; raises ``PreflightFailed`` on an error unless ``force``."""
    problems = run_preflight(store, book_id)
    if not force and any(p.severity == ERROR for p in problems):
        raise PreflightFailed(book_id, problems)
    return problems


def stale_limit(book: dict[str, Any]) -> int:
    """The book's limit for a figure's age; the default when the setting is missing or out of shape
    (the check reports that as ``unprintable``)."""
    return usable_settings(book.get("settings")).get("stale_figure_months", DEFAULT_STALE_MONTHS)


def reference_date(book: dict[str, Any]) -> tuple[dt.date, str]:
    """The date figures are judged at: the visit's start, else today; and how to call it."""
    start = book.get("start_date") or (book.get("event") or {}).get("start_date")
    parsed = period_end(start) if start else None
    if parsed is None:
        return dt.date.today(), "today"
    # a visit dated by month or year starts at the beginning of it
    m = _AS_OF.fullmatch(start)
    assert m is not None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    return dt.date(year, month, day), f"the visit's start on {start}"


def period_end(as_of: str | None) -> dt.date | None:
    """The last day a figure "as of 2022" or "as of 2022-08" speaks for."""
    m = _AS_OF.fullmatch((as_of or "").strip())
    if not m:
        return None
    year = int(m[1])
    month = int(m[2] or 12)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(m[3] or last)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


# ---------------------------------------------------------------- the walk



def _walk(sections: list[dict], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict, dict | None]]:
    """(section path, section, item) for every section (item ``None``) and every item in it."""
    for section in sections:
        here = (*path, section["title"])
        yield here, section, None
        for item in section["items"]:
            yield here, section, item
        yield from _walk(section["sections"], here)


def _where(path: tuple[str, ...], item: dict | None = None) -> str:
    return " › ".join((*path, item_title(item)) if item else path)


def _value(f: dict[str, Any]) -> str:
    if f.get("value_text"):
        return f["value_text"]
    if f.get("value") is None:
        return "no value"
    return f"{f['value']:g}" + (f" {f['unit']}" if f.get("unit") else "")


def _source(f: dict[str, Any]) -> str:
    title = f.get("source_title") or "no source"
    return f"{title} ({f['source_date']})" if f.get("source_date") else title


def _key(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _has_source(doc: dict[str, Any]) -> bool:
    return any(doc.get(k) for k in ("url", "source_document_id", "source_path", "publisher"))


def run_preflight(store: Store, book_id: int) -> list[Problem]:
    """Every problem found in the book, errors first, then in the book's order."""
    book = get_book(store, book_id)
    limit = stale_limit(book)
    ref_date, ref_name = reference_date(book)
    problems: list[Problem] = []
    book_marking = book.get("marking")
    book_rank = 0
    if book_marking and markings.rank(book_marking) is None:
        problems.append(Problem(ERROR, "marking", "the book", f"the book's marking {book_marking!r} is not on the scale "
                                f"({', '.join(markings.levels())})"))
        book_rank = len(markings.levels())  # nothing can be judged above an unknown marking; do not pile up errors
    elif book_marking:
        book_rank = markings.rank(book_marking) or 0

    locations = {item["id"]: (path, section) for path, section, item in _walk(book["sections"]) if item}
    for item, message in printing_problems(book, check_block):
        if item is None:
            problems.append(Problem(ERROR, "unprintable", "the book", message))
        else:
            path, section = locations[item["id"]]
            problems.append(Problem(ERROR, "unprintable", _where(path, item), message, section_id=section["id"],
                                    item_id=item["id"]))
    documents_seen: set[int] = set()
    figures_seen: dict[int, tuple[tuple[str, ...], dict]] = {}
    for path, section, item in _walk(book["sections"]):
        if item is None:
            if not section["items"] and not section["sections"]:
                problems.append(Problem(WARNING, "empty-section", _where(path), "this section has nothing in it",
                                        section_id=section["id"]))
            continue
        where = _where(path, item)
        ids = {"section_id": section["id"], "item_id": item["id"]}
        doc = store.one("SELECT * FROM documents WHERE id = ?", [item["document_id"]]) if item["document_id"] else None
        marking = item.get("marking") or (doc or {}).get("marking")
        problems += _marking_problem(marking, book_marking, book_rank, where, ids)
        if doc is not None and doc["id"] not in documents_seen:
            documents_seen.add(doc["id"])
            problems += _document_problems(store, doc, where, ids)
            problems += _link_problems(doc["text"], f"document {doc['id']}", where, {**ids, "document_id": doc["id"]})
            problems += _font_problems(f"{doc['title'] or ''}\n{doc['text'] or ''}",
                                       f"document {doc['id']} ({doc['title']})", where, {**ids, "document_id": doc["id"]})
        if item["kind"] == "note":
            problems += _link_problems(item.get("body") or "", "the note", where, ids)
            problems += _font_problems(f"{item.get('title') or ''}\n{item.get('body') or ''}", "the note", where, ids)
        if item["kind"] == "block" and (item.get("block") or {}).get("type") == "figures":
            try:
                shown = select_figures(store, item["block"])
            except BriefingError:
                continue  # an unprintable block: reported above
            for f in shown:
                figures_seen.setdefault(f["id"], (path, item))
    shown = _figures_by_id(store, list(figures_seen))
    newest = {}  # of a series only the latest point speaks for now; older points are its history
    for f in shown:  # newest first
        newest.setdefault(f["series"] or f"#{f['id']}", f["id"])
    for f in shown:
        path, item = figures_seen[f["id"]]
        ids = {"section_id": item["section_id"], "item_id": item["id"], "figure_id": f["id"]}
        latest = newest[f["series"] or f"#{f['id']}"] == f["id"]
        problems += _figure_problems(f, _where(path, item), ids, limit if latest else None, ref_date, ref_name)
    problems += _conflicts(store, figures_seen)
    problems += [Problem(WARNING, **found) for found in release_findings(store, book, list(figures_seen))]
    return sorted(problems, key=lambda p: p.severity != ERROR)


def _marking_problem(marking: str | None, book_marking: str | None, book_rank: int, where: str, ids: dict) -> list[Problem]:
    if not marking or not marking.strip():
        return []
    rank = markings.rank(marking)
    if rank is None:
        return [Problem(ERROR, "marking", where, f"marking {marking!r} is not on the scale ({', '.join(markings.levels())})",
                        **ids)]
    if rank > book_rank:
        book = f"the book's {markings.canonical(book_marking)}" if book_marking else "the book, which has no marking"
        return [Problem(ERROR, "marking", where, f"marked {markings.canonical(marking)}, above {book}", **ids)]
    return []


def _document_problems(store: Store, doc: dict[str, Any], where: str, ids: dict) -> list[Problem]:
    found: list[Problem] = []
    ids = {**ids, "document_id": doc["id"]}
    lacking = [what for what, ok in (("source", _has_source(doc)), ("date", bool(doc.get("date")))) if not ok]
    if lacking:
        found.append(Problem(WARNING, "missing-source", where,
                             f"document {doc['id']} ({doc['title']}) has no {' and no '.join(lacking)}", **ids))
    for a in store.rows("SELECT * FROM annotations WHERE document_id = ? ORDER BY start, id", [doc["id"]]):
        if locate(doc["text"], a) is None:
            quote = " ".join(a["exact"].split())
            quote = quote if len(quote) <= 70 else quote[:67] + "…"
            found.append(Problem(WARNING, "orphan-annotation", where,
                                 f"highlight {a['id']} (\u201c{quote}\u201d) can no longer be found in document {doc['id']}",
                                 annotation_id=a["id"], **ids))
    return found


def _link_problems(markdown: str, what: str, where: str, ids: dict) -> list[Problem]:
    found = links_printed_as_text(markdown)
    if not found:
        return []
    shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return [Problem(WARNING, "link-as-text", where,
                    f"{what} links to {shown}: printed as text (a pack links only to http, https and mailto "
                    "addresses and to headings of the same text)", **ids)]


def _font_problems(text: str, what: str, where: str, ids: dict) -> list[Problem]:
    lacking = unprintable(text)
    if not lacking:
        return []
    shown = lacking[:8] + ("…" if len(lacking) > 8 else "")
    return [Problem(WARNING, "no-font", where,
                    f"{what} holds characters no installed font can print: {shown} ({', '.join(scripts_of(lacking))}); "
                    f"install a TrueType font that has them, or they print as {PLACEHOLDER}", **ids)]


def _figures_by_id(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT f.*, d.title AS source_title, d.date AS source_date FROM figures f "
        f"LEFT JOIN documents d ON d.id = f.source_document_id WHERE f.id IN ({', '.join('?' for _ in ids)}) "
        "ORDER BY f.as_of DESC, f.id",
        ids,
    )


def _figure_problems(f: dict, where: str, ids: dict, limit: int | None, ref_date: dt.date, ref_name: str) -> list[Problem]:
    """Missing source or date; stale (judged only when ``limit`` is given)."""
    found: list[Problem] = []
    name = f"{f['label']} ({_value(f)})"
    lacking = [what for what, ok in (("source", f.get("source_title")), ("date", f.get("as_of"))) if not ok]
    if lacking:
        found.append(Problem(WARNING, "missing-source", where, f"figure {name} has no {' and no '.join(lacking)}", **ids))
    end = period_end(f.get("as_of"))
    if end is not None and limit is not None:
        age = months_between(end, ref_date)
        if age > limit:
            found.append(Problem(
                WARNING, "stale-figure", where,
                f"figure {name} is as of {f['as_of']}: {age} months old at {ref_name} (limit {limit} months); "
                f"source {_source(f)}" + ("; it is marked not to be quoted" if f.get("status") == "do-not-quote" else ""),
                **ids,
            ))
    return found


def _differ(a: dict, b: dict) -> bool:
    if a["value"] is not None and b["value"] is not None:
        if a["value"] == b["value"]:
            return False
    elif _key(a["value_text"]) == _key(b["value_text"]):
        return False
    # one series at different dates is a time series, not two answers to one question
    return not (a["series"] and a["series"] == b["series"] and a["as_of"] != b["as_of"])


def _conflicts(store: Store, in_book: dict[int, tuple[tuple[str, ...], dict]]) -> list[Problem]:
    if not in_book:
        return []
    book_figures = _figures_by_id(store, list(in_book))
    found: list[Problem] = []
    done: set[tuple[str, str]] = set()
    for f in book_figures:
        key = (_key(f["label"]), _key(f["unit"]))
        if key in done:
            continue
        done.add(key)
        same = [g for g in store.rows(
            "SELECT f.*, d.title AS source_title, d.date AS source_date FROM figures f "
            "LEFT JOIN documents d ON d.id = f.source_document_id WHERE f.label = ? COLLATE NOCASE "
            "ORDER BY f.as_of DESC, f.id", [f["label"]]) if _key(g["unit"]) == key[1]]
        clashing = [g for g in same if any(_differ(g, h) for h in same if h is not g)]
        if len(clashing) < 2:
            continue
        clashing.sort(key=lambda g: (g["as_of"] or "", g["source_date"] or ""), reverse=True)  # newest first
        path, item = in_book[f["id"]]
        values = "; ".join(
            f"{_value(g)} as of {g['as_of'] or 'an unknown date'} ({_source(g)}"
            + (f", said by {g['said_by']}" if g.get("said_by") else "")
            + ("" if g["id"] in in_book else ", not in this book")
            + (", not to be quoted" if g.get("status") == "do-not-quote" else "")
            + ")"
            for g in clashing
        )
        found.append(Problem(
            WARNING, "conflicting-figure", _where(path, item),
            f"sources differ on {f['label']}: {values}",
            section_id=item["section_id"], item_id=item["id"], figure_id=clashing[0]["id"],
        ))
    return found
