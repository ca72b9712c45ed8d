"""Merging a bundle's book into the library, in one transaction.

A bundle is untrusted input: its import adds the book and records of its own,
and never edits a record the library already had. So a record is reused only
when the library holds the same one:

- a document with the same content (title and text, ``content_hash``);
- a person, a visit or a figure with the same slug and the same fields (a visit
  also with at least the same participants and documents);
- a highlight on a reused document with the same passage, note and colour.

A record whose slug is taken by a different one is added beside it under the
slug with "-2" (then "-3", ...) and listed in the report (``kept_apart``): the
library's own record is not changed, so another book that prints it prints it
as before. A highlight the bundle puts on a document the library already had
is left out (``annotations_left_out``): added, it would print in every book
that uses the document. Roles, portraits and programmes go only to the people
and visits the import added. Documents the bundle links as translations of each
other are linked here too, and an item keeps the translation it prints beside
its document; a link the library cannot take is left out with a note in the
report (``notes``; see ``bundle_links``). Every id is mapped to the receiving
store's, in generated blocks' specifications too; an id the bundle does not
carry names nothing. Values are checked as any other entry checks them (settings, figures,
dates, colours). A book whose title is taken is imported under the title with
" (imported)" (then " (imported 2)", ...) added, and the same file merged twice
adds no second book. Nothing is written when the bundle is refused.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing.book.audience import check_audience
from briefing.book.blocks import check_block
from briefing.book.books import PAPERS
from briefing.book.templates import ITEM_KINDS
from briefing.book.validation import check_settings
from briefing.dates import is_partial_date
from briefing.errors import BriefingError, StoreBusy
from briefing.library.annotations import _check_color
from briefing.library.documents import DOCUMENT_FIELDS, add_document, content_hash
from briefing.library.encryption import _errors
from briefing.library.figures import check_status
from briefing.library.note_index import index_missing_notes
from briefing.library.portraits import make_portrait, put_portrait
from briefing.library.programme import PROGRAMME_FIELDS, check_item
from briefing.library.store import Store, now
from briefing.library.values import check_figure
from briefing.safekeeping.bundle_format import BOOK_COLUMNS, EVENT_COLUMNS, FIGURE_COLUMNS, PEOPLE_COLUMNS
from briefing.safekeeping.bundle_links import item_translation, merge_translations
from briefing.safekeeping.bundle_reading import read_bundle

Progress = Callable[[int, int], None]
# a unique or foreign key a hand-made payload breaks, from either SQLite driver
INTEGRITY_ERRORS = _errors("IntegrityError")


@dataclass
class ImportReport:
    book_id: int
    title: str
    documents_added: int = 0
    documents_reused: int = 0
    annotations_added: int = 0
    added: dict[str, int] = field(default_factory=lambda: {"people": 0, "events": 0, "figures": 0})
    already_imported: bool = False  # this very bundle was merged before: nothing was changed
    # records whose slug the library's own different record holds: added beside it, e.g. "person 'x' as 'x-2'"
    kept_apart: list[str] = field(default_factory=list)
    annotations_left_out: int = 0  # highlights on documents the library already had: not added to them
    translations_linked: int = 0  # documents linked as translations of each other by this import
    notes: list[str] = field(default_factory=list)  # what was left out of the bundle, and why (bundle_links)

    def as_dict(self) -> dict[str, Any]:
        return {"book": self.book_id, "title": self.title, "documents_added": self.documents_added,
                "documents_reused": self.documents_reused, "annotations_added": self.annotations_added,
                **self.added, "already_imported": self.already_imported, "kept_apart": self.kept_apart,
                "annotations_left_out": self.annotations_left_out,
                "translations_linked": self.translations_linked, "notes": self.notes}



def import_bundle(store: Store, path: str | os.PathLike[str], *, progress: Progress | None = None) -> ImportReport:
    """Merge a bundle into the store in one transaction; nothing is written when it is refused."""
    manifest, payload = read_bundle(path)
    digest = manifest["payload"]["sha256"]
    try:
        with store.atomic():
            # the same file merged again (a second click, a second copy of the stick) adds no second book
            earlier = store.one("SELECT id, title FROM books WHERE json_extract(settings, '$.imported_bundle') = ?",
                                [digest])
            if earlier:
                return ImportReport(earlier["id"], earlier["title"], already_imported=True)
            report = _merge(store, payload, progress, digest)
            index_missing_notes(store.db.conn)  # the notes merged in are searched as the user's own
            return report
    except StoreBusy:
        raise
    except BriefingError as exc:
        raise BriefingError(f"{path}: not imported: {exc}") from exc
    except (ValueError, TypeError, KeyError, RecursionError, *INTEGRITY_ERRORS) as exc:
        # a payload that passed its checksum but holds data no store would (a hand-made file)
        raise BriefingError(f"{path}: not imported: the payload is malformed ({exc.__class__.__name__}: {exc})") from exc


def _free_title(store: Store, title: str) -> str:
    if not store.scalar("SELECT 1 FROM books WHERE title = ?", [title]):
        return title
    n = 1
    while True:
        candidate = f"{title} (imported)" if n == 1 else f"{title} (imported {n})"
        if not store.scalar("SELECT 1 FROM books WHERE title = ?", [candidate]):
            return candidate
        n += 1


def _by_slug(store: Store, table: str, slug: str | None) -> int | None:
    return store.scalar(f"SELECT id FROM {table} WHERE slug = ?", [slug]) if slug else None


_SLUG_TRIES = 50


def _slots(slug: str) -> list[str]:
    """Where a record of this slug may go: the slug, then "-2", "-3"..."""
    return [slug] + [f"{slug}-{n}" for n in range(2, _SLUG_TRIES + 1)]


def _free_slug(store: Store, table: str, slug: str | None) -> str | None:
    """The first of ``slug``'s slots no record holds; None when all are taken (the record goes without one)."""
    return next((s for s in _slots(slug) if not _by_slug(store, table, s)), None) if slug else None


def _add_or_reuse(store: Store, table: str, row: dict[str, Any], what: str, report: ImportReport,
                  reusable: Callable[[int], bool] = lambda found: True) -> tuple[int, bool]:
    """The id of the library's record of ``row``'s slug (or one of its slots) holding the same fields
    and ``reusable``; else of ``row`` added under the first free slot. And whether it was added.
    A record without a slug is always added: nothing says it is the library's."""
    slug = row.get("slug")
    if slug:
        fields = [k for k in row if k != "slug"]
        same = f"SELECT id FROM {table} WHERE slug = ? " + "".join(f"AND {k} IS ? " for k in fields)
        for candidate in _slots(slug):
            if not _by_slug(store, table, candidate):
                break
            found = store.scalar(same, [candidate, *(row[k] for k in fields)])
            if found is not None and reusable(found):
                return found, False
    free = _free_slug(store, table, slug)
    if slug and free != slug:
        report.kept_apart.append(f"{what} {slug!r}" + (f" as {free!r}" if free else " without a slug"))
    return _insert(store, table, {**row, "slug": free} if "slug" in row else row), True


def _insert(store: Store, table: str, row: dict[str, Any]) -> int:
    return store.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    ).lastrowid


def _merge(store: Store, payload: dict[str, Any], progress: Progress | None, digest: str) -> ImportReport:
    total = len(payload["documents"]) + len(payload["items"]) + 1
    done = 0
    report = ImportReport(0, "")
    people: dict[int, int] = {}
    new_people: set[int] = set()
    for p in payload["people"]:
        row = {k: p.get(k) for k in PEOPLE_COLUMNS if k != "id"}
        row["variants"] = row["variants"] or "[]"
        people[p["id"]], added = _add_or_reuse(store, "people", row, "person", report)
        if added:
            report.added["people"] += 1
            new_people.add(p["id"])
    documents: dict[int, int] = {}
    fresh: set[int] = set()
    for doc in payload["documents"]:
        found = store.scalar("SELECT id FROM documents WHERE content_hash = ?", [content_hash(doc["title"], doc.get("text") or "")])
        if found is None:
            fields = {k: doc[k] for k in DOCUMENT_FIELDS
                      if doc.get(k) is not None and k not in ("source_document_id", "source_path")}
            if fields.get("slug"):
                fields["slug"] = _free_slug(store, "documents", fields["slug"])
                if fields["slug"] != doc["slug"]:
                    report.kept_apart.append(f"document {doc['slug']!r}"
                                             + (f" as {fields['slug']!r}" if fields["slug"] else " without a slug"))
            speakers = [{"name": s["name"], "person_id": people.get(s.get("person_id"))} for s in doc.get("speakers") or []]
            found = add_document(store, fields, parties=doc.get("parties") or [], speakers=speakers, tags=doc.get("tags") or [])
            fresh.add(found)
            report.documents_added += 1
        else:
            report.documents_reused += 1
        documents[doc["id"]] = found
        done += 1
        if progress is not None:
            progress(done, total)
    for doc in payload["documents"]:
        source = doc.get("source_document_id")
        if documents[doc["id"]] in fresh and source is not None:
            store.execute("UPDATE documents SET source_document_id = ? WHERE id = ?", [documents[source], documents[doc["id"]]])
    events: dict[int, int] = {}
    new_events: set[int] = set()
    for e in payload["events"]:
        row = {k: e.get(k) for k in EVENT_COLUMNS if k != "id"}
        row["kind"] = row["kind"] or "visit"
        _check_dates(row, f"visit {row.get('title')!r}")
        people_in = {(people[r["person_id"]], r.get("role")) for r in payload["event_people"] if r["event_id"] == e["id"]}
        docs_in = {documents[r["document_id"]] for r in payload["event_documents"] if r["event_id"] == e["id"]}

        def has_all(found: int, people_in=people_in, docs_in=docs_in) -> bool:
            # a visit is the same only when it already has every participant and document the bundle gives it
            there = {(r["person_id"], r["role"]) for r in store.rows(
                "SELECT person_id, role FROM event_people WHERE event_id = ?", [found])}
            there_docs = {r["document_id"] for r in store.rows(
                "SELECT document_id FROM event_documents WHERE event_id = ?", [found])}
            return people_in <= there and docs_in <= there_docs

        events[e["id"]], added = _add_or_reuse(store, "events", row, "visit", report, has_all)
        if added:
            report.added["events"] += 1
            new_events.add(e["id"])
    _merge_hand_made(store, payload, people, new_people, events, new_events)
    for link in payload["event_people"]:  # the links of the visits this import added, and no others
        if link["event_id"] in new_events:
            store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id, role) VALUES (?, ?, ?)",
                          [events[link["event_id"]], people[link["person_id"]], link.get("role")])
    for link in payload["event_documents"]:
        if link["event_id"] in new_events:
            store.execute("INSERT OR IGNORE INTO event_documents (event_id, document_id) VALUES (?, ?)",
                          [events[link["event_id"]], documents[link["document_id"]]])
    figures = _merge_figures(store, payload["figures"], documents, report)
    annotations = _merge_annotations(store, payload["annotations"], documents, fresh, report)
    report.translations_linked = merge_translations(store, payload, documents, report.notes)
    maps = {"documents": documents, "people": people, "events": events, "figures": figures}
    report.book_id, report.title = _merge_book(store, payload, maps, annotations, digest, report.notes)
    done += len(payload["items"]) + 1
    if progress is not None:
        progress(done, total)
    return report


def _derived_ids(figure: dict[str, Any]) -> list[int]:
    raw = figure.get("derived_from")
    if raw is None:
        return []
    ids = json.loads(raw)
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise BriefingError(f"figure {figure.get('label')!r}: what it is derived from is not a list of figures")
    return ids


def _merge_figures(store: Store, rows: list[dict], documents: dict[int, int], report: ImportReport) -> dict[int, int]:
    """The bundle's figures, those another is derived from first, so that a derived one names the
    receiver's ids (and is reused only when the library's holds the same derivation)."""
    figures: dict[int, int] = {}
    sent = {f["id"] for f in rows}
    pending = list(rows)
    while pending:
        ready = [f for f in pending if all(i in figures or i not in sent for i in _derived_ids(f))]
        if not ready:
            raise BriefingError("the figures are derived from one another in a loop")
        for f in ready:
            row = {k: f.get(k) for k in FIGURE_COLUMNS if k != "id"}
            row["source_document_id"] = documents.get(f.get("source_document_id"))
            check_figure(row)
            derived_from = [figures[i] for i in _derived_ids(f) if i in figures]  # one the bundle lacks names none
            check_status({**row, "derived_from": derived_from})
            row["derived_from"] = json.dumps(derived_from) if derived_from else None
            figures[f["id"]], added = _add_or_reuse(store, "figures", row, "figure", report)
            if added:
                report.added["figures"] += 1
        pending = [f for f in pending if f["id"] not in figures]
    return figures


def _check_dates(row: dict[str, Any], what: str) -> None:
    for key in ("start_date", "end_date", "edition_date"):
        if row.get(key) and not is_partial_date(row[key]):
            raise BriefingError(f"{what}: {key.replace('_', ' ')} {row[key]!r} is not a date like 2024-03-12")


def _merge_hand_made(store: Store, payload: dict[str, Any], people: dict[int, int], new_people: set[int],
                     events: dict[int, int], new_events: set[int]) -> None:
    """Roles and portraits of the people this merge added, the programmes of the visits it added:
    a record the library already had keeps its own. A portrait is checked and made anew as one the
    user dropped would be."""
    for r in payload["person_roles"]:
        if r["person_id"] in new_people:
            _insert(store, "person_roles", {"person_id": people[r["person_id"]], "role": r["role"],
                                            "organisation": r.get("organisation"), "start_date": r.get("start_date"),
                                            "end_date": r.get("end_date")})
    for p in payload["portraits"]:
        target = people[p["person_id"]]
        if p["person_id"] in new_people and not store.scalar("SELECT 1 FROM portraits WHERE person_id = ?", [target]):
            put_portrait(store, target, make_portrait(base64.b64decode(p["data"], validate=True)))
    sent = {e["id"]: e for e in payload["events"]}
    bare = {events[e] for e in new_events
            if not store.scalar("SELECT 1 FROM programme_items WHERE event_id = ?", [events[e]])}
    for item in payload["programme"]:
        target = events[item["event_id"]]
        if target in bare:
            row = check_item({k: item.get(k) for k in PROGRAMME_FIELDS}, sent[item["event_id"]])
            _insert(store, "programme_items", {**row, "event_id": target})


def _merge_annotations(store: Store, rows: list[dict], documents: dict[int, int], fresh: set[int],
                       report: ImportReport) -> dict[int, int]:
    """Annotations onto the documents this merge added; on a document the library already had, one
    it has too (same passage, note, colour) is reused and any other left out."""
    mapped: dict[int, int] = {}
    for a in rows:
        doc_id = documents[a["document_id"]]
        color = _check_color(a.get("color") or "yellow")
        key = [doc_id, a["exact"], a.get("prefix") or "", a.get("suffix") or "", a.get("note"), color]
        found = store.scalar(
            "SELECT id FROM annotations WHERE document_id = ? AND exact = ? AND prefix = ? AND suffix = ? "
            "AND note IS ? AND color = ?", key)
        if found is None and doc_id not in fresh:
            report.annotations_left_out += 1
            continue
        if found is None:
            stamp = now()
            found = _insert(store, "annotations", {
                "document_id": doc_id, "exact": a["exact"], "prefix": a.get("prefix") or "",
                "suffix": a.get("suffix") or "", "start": a.get("start"), "end": a.get("end"), "note": a.get("note"),
                "color": color, "private": int(bool(a.get("private"))), "created": a.get("created") or stamp,
                "updated": a.get("updated") or stamp,
            })
            report.annotations_added += 1
        mapped[a["id"]] = found
    return mapped


def _remap_block(text: str, maps: dict[str, dict[int, int]]) -> str:
    """Ids in a block specification become the receiver's; slugs and "book" stay as they are."""
    block = check_block(text)

    def one(ref: Any, table: str) -> Any:
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            # an id the bundle does not carry would name an unrelated record here: it names none
            return maps[table].get(int(ref), f"#{ref}")
        return ref

    if "document" in block:
        block["document"] = one(block["document"], "documents")
    if block.get("event") not in (None, "book"):
        block["event"] = one(block["event"], "events")
    if "person" in block:
        block["person"] = one(block["person"], "people")
    for key, table in (("people", "people"), ("figures", "figures")):
        if key in block:
            block[key] = [one(ref, table) for ref in block[key]]
    return json.dumps(block, ensure_ascii=False, sort_keys=True)


def _merge_book(store: Store, payload: dict[str, Any], maps: dict[str, dict[int, int]], annotations: dict[int, int],
                digest: str, notes: list[str]) -> tuple[int, str]:
    source = payload["book"]
    row = {k: source.get(k) for k in BOOK_COLUMNS}
    if not row["title"].strip():
        raise BriefingError("the book has no title")
    row["title"] = _free_title(store, row["title"])
    row["paper"] = (row["paper"] or "a4").lower()
    if row["paper"] not in PAPERS:
        raise BriefingError(f"unknown paper size {row['paper']!r}")
    settings = check_settings(json.loads(row["settings"] or "{}"))
    _check_dates(row, "the book")
    settings["imported_bundle"] = digest
    row["settings"] = json.dumps(settings, ensure_ascii=False, sort_keys=True)
    row["event_id"] = maps["events"].get(row["event_id"])
    if row["slug"] and _by_slug(store, "books", row["slug"]):
        row["slug"] = None  # slugs are unique; the imported copy goes by its title and id
    row["created"] = row["created"] or now()
    row["updated"] = now()
    book_id = _insert(store, "books", row)
    sections: dict[int, int] = {}
    pending = list(payload["sections"])
    while pending:  # parents before children; a cycle leaves some unplaced
        placed = [s for s in pending if s.get("parent_id") is None or s["parent_id"] in sections]
        if not placed:
            raise BriefingError("the book's sections nest in a loop")
        for s in placed:
            sections[s["id"]] = _insert(store, "book_sections", {
                "book_id": book_id, "parent_id": sections.get(s.get("parent_id")), "position": s["position"],
                "title": s["title"], "role": s.get("role"), "audience": check_audience(s.get("audience"))})
        pending = [s for s in pending if s["id"] not in sections]
    for item in payload["items"]:
        if item["kind"] not in ITEM_KINDS:
            raise BriefingError(f"unknown item kind {item['kind']!r}")
        if item["kind"] in ("document", "excerpt") and item.get("document_id") is None:
            raise BriefingError(f"a {item['kind']} item has no document")
        ids = item.get("annotation_ids")
        if ids is not None:
            listed = json.loads(ids)
            if not isinstance(listed, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in listed):
                raise BriefingError("an item's annotations are not a list of ids")
            ids = json.dumps([annotations[i] for i in listed if i in annotations])
        _insert(store, "book_items", {
            "section_id": sections[item["section_id"]], "position": item["position"], "kind": item["kind"],
            "title": item.get("title"), "document_id": maps["documents"].get(item.get("document_id")),
            "excerpt": item.get("excerpt"), "annotation_ids": ids, "body": item.get("body"),
            "block": _remap_block(item["block"], maps) if item.get("block") else None, "marking": item.get("marking"),
            "audience": check_audience(item.get("audience")),
            "parallel_document_id": item_translation(store, item, maps["documents"], notes),
        })
    return book_id, row["title"]
