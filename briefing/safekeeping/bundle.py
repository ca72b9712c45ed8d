"""Offline sharing: one book, with what it needs, in one ``.briefing`` file.

A bundle is a zip holding exactly two members:

- ``manifest.json``: the format name and version, the book's title, counts,
  and the SHA-256 and size of the payload;
- ``payload.json``: the book (fields, sections, items), the documents it uses
  (with parties, speakers, tags, and which of them are translations of each
  other), their annotations, and the people, events and figures its generated
  blocks read.

Zip rather than one JSON file: document texts compress several times over,
which matters on the removable media bundles travel on, and the manifest can
be read (and the checksum checked) without trusting the payload. Reading is
defensive: sizes are bounded before anything is unpacked or parsed.

Private annotations stay out unless asked for. Importing merges in one
transaction and treats the file as untrusted: it adds the book and its own
records and never edits one the library had (a document is reused only when
its content is the same, a person, visit or figure only when its slug and
details are; see ``bundle_merge``), every id is mapped to the receiving
store's, and a book whose title is taken is imported under the title with
" (imported)" (then " (imported 2)", ...) added.

This module writes bundles, and is the one the command line and the app
import from; ``bundle_reading`` reads and checks a bundle file,
``bundle_merge`` merges one into the library, and ``bundle_format`` holds the
names and columns all three follow.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.book.blocks import _date_range, _event_id, _ref_id, check_block, select_figures
from briefing.errors import BriefingError
from briefing.files import temporary_beside
from briefing.library.documents import DOCUMENT_FIELDS
from briefing.library.figures import decode_figure
from briefing.library.store import Store, now
from briefing.safekeeping.bundle_format import (
    ANNOTATION_COLUMNS,
    BOOK_COLUMNS,
    COUNTED,
    EVENT_COLUMNS,
    FIGURE_COLUMNS,
    FORMAT,
    ITEM_COLUMNS,
    MANIFEST,
    PAYLOAD,
    PEOPLE_COLUMNS,
    PORTRAIT_COLUMNS,
    PROGRAMME_COLUMNS,
    ROLE_COLUMNS,
    SECTION_COLUMNS,
    VERSION,
)
from briefing.safekeeping.bundle_links import bundle_translations
from briefing.safekeeping.bundle_merge import ImportReport, import_bundle
from briefing.safekeeping.bundle_reading import check_payload, read_bundle
from briefing.search import party_document_ids

__all__ = ["FORMAT", "MANIFEST", "PAYLOAD", "VERSION", "ImportReport", "bundle_payload", "check_payload",
           "export_bundle", "import_bundle", "read_bundle"]


def _select(store: Store, table: str, columns: tuple[str, ...], ids: set[int]) -> list[dict]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return store.rows(f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({marks}) ORDER BY id", sorted(ids))


class _Needs:
    """The records a book's items and generated blocks read, gathered as id sets."""

    def __init__(self, store: Store, book: dict):
        self.store = store
        self.book = book
        self.documents: set[int] = set()
        self.people: set[int] = set()
        self.events: set[int] = set()
        self.figures: set[int] = set()

    def block(self, spec: dict) -> None:
        # the same selections the block builders make (briefing.book.blocks), so the
        # receiving store computes the same block from what the bundle brings
        store, book, kind = self.store, self.book, spec["type"]
        if kind == "agreements":
            kinds = spec.get("kinds") or ["agreement"]
            where = [f"d.kind IN ({', '.join('?' for _ in kinds)})"]
            params: list[Any] = list(kinds)
            dates, date_params = _date_range("d.date", spec, book)
            where, params = where + dates, params + date_params
            if spec.get("party"):
                where.append(f"d.id IN ({', '.join(str(i) for i in party_document_ids(store, spec['party'])) or 'NULL'})")
            if spec.get("event"):
                event_id = _event_id(store, spec["event"], book)
                where.append("d.id IN (SELECT document_id FROM event_documents WHERE event_id = ?)")
                params.append(event_id)
                if event_id:
                    self.events.add(event_id)
            self.documents |= {r["id"] for r in store.rows(f"SELECT d.id FROM documents d WHERE {' AND '.join(where)}", params)}
        elif kind == "chronology":
            where, params = _date_range("e.start_date", spec, book)
            if spec.get("kinds"):
                where.append(f"e.kind IN ({', '.join('?' for _ in spec['kinds'])})")
                params += list(spec["kinds"])
            if spec.get("person"):
                person = _ref_id(store, "people", spec["person"])
                if person:
                    self.people.add(person)
                where.append("e.id IN (SELECT event_id FROM event_people WHERE person_id = ?)")
                params.append(person)
            sql = "SELECT e.id FROM events e" + (f" WHERE {' AND '.join(where)}" if where else "")
            self.events |= {r["id"] for r in store.rows(sql, params)}
        elif kind == "figures":
            for f in select_figures(store, spec):
                self.figure(f["id"])
        elif kind == "counterparts":
            event_id = _event_id(store, spec.get("event", "book"), book)
            if spec.get("people"):
                people = {_ref_id(store, "people", ref) for ref in spec["people"]} - {None}
            elif event_id:
                people = {r["person_id"] for r in store.rows("SELECT person_id FROM event_people WHERE event_id = ?", [event_id])}
            else:
                people = set()
            self.people |= people
            if event_id:
                self.events.add(event_id)
            for person in people:  # the biographies list the person's meetings
                self.events |= {r["event_id"] for r in store.rows("SELECT event_id FROM event_people WHERE person_id = ?", [person])}
        elif kind == "commitments":
            doc = _ref_id(store, "documents", spec["document"])
            if doc:
                self.documents.add(doc)
        elif kind == "programme":
            event_id = _event_id(store, spec.get("event", "book"), book)
            if event_id:
                self.events.add(event_id)

    def figure(self, figure_id: int) -> None:
        """A figure with its source and the figures it is derived from (its derivation names them)."""
        if figure_id in self.figures:
            return
        f = self.store.one("SELECT id, source_document_id, derived_from FROM figures WHERE id = ?", [figure_id])
        if f is None:
            return
        self.figures.add(figure_id)
        if f["source_document_id"]:
            self.documents.add(f["source_document_id"])
        for other in decode_figure(f)["derived_from"]:
            self.figure(other)

    def close_events(self) -> None:
        """Each event brings its people and what was signed there (the chronology's last column)."""
        if not self.events:
            return
        marks = ", ".join("?" for _ in self.events)
        ids = sorted(self.events)
        self.people |= {r["person_id"] for r in self.store.rows(f"SELECT person_id FROM event_people WHERE event_id IN ({marks})", ids)}
        self.documents |= {r["document_id"] for r in self.store.rows(
            "SELECT ed.document_id FROM event_documents ed JOIN documents d ON d.id = ed.document_id "
            f"WHERE ed.event_id IN ({marks}) AND d.kind IN ('agreement', 'joint-statement')", ids)}


def bundle_payload(store: Store, book_id: int, *, include_private: bool = False) -> dict[str, Any]:
    """The book and everything it needs, as plain data (ids are this store's)."""
    book = store.one(f"SELECT id, {', '.join(BOOK_COLUMNS)} FROM books WHERE id = ?", [book_id])
    if book is None:
        raise BriefingError(f"no book with id {book_id}")
    sections = store.rows(f"SELECT {', '.join(SECTION_COLUMNS)} FROM book_sections WHERE book_id = ? ORDER BY id", [book_id])
    items = store.rows(
        f"SELECT {', '.join('i.' + c for c in ITEM_COLUMNS)} FROM book_items i JOIN book_sections s ON s.id = i.section_id "
        "WHERE s.book_id = ? ORDER BY i.id",
        [book_id],
    )
    needs = _Needs(store, book)
    if book["event_id"]:
        needs.events.add(book["event_id"])
    for item in items:
        if item["document_id"]:
            needs.documents.add(item["document_id"])
        if item["parallel_document_id"]:  # printed beside its translation: the translation comes too
            needs.documents.add(item["parallel_document_id"])
        if item["block"]:
            needs.block(check_block(item["block"]))
    needs.close_events()
    documents = _documents(store, needs.documents)
    needs.people |= {s["person_id"] for d in documents for s in d["speakers"] if s["person_id"]}
    annotations = _select_annotations(store, needs.documents, include_private)
    kept = {a["id"] for a in annotations}
    for item in items:
        if item["annotation_ids"]:
            item["annotation_ids"] = json.dumps([i for i in json.loads(item["annotation_ids"]) if i in kept])
    events = sorted(needs.events)
    marks = ", ".join("?" for _ in events)
    return {
        "book": book,
        "sections": sections,
        "items": items,
        "documents": documents,
        "annotations": annotations,
        "people": _select(store, "people", PEOPLE_COLUMNS, needs.people),
        "events": _select(store, "events", EVENT_COLUMNS, needs.events),
        "event_people": [r for r in store.rows(f"SELECT event_id, person_id, role FROM event_people WHERE event_id IN ({marks})", events)
                         if r["person_id"] in needs.people] if events else [],
        "event_documents": [r for r in store.rows(f"SELECT event_id, document_id FROM event_documents WHERE event_id IN ({marks})", events)
                            if r["document_id"] in needs.documents] if events else [],
        "figures": _select(store, "figures", FIGURE_COLUMNS, needs.figures),
        "translations": bundle_translations(store, needs.documents),
        **_hand_made(store, needs.people, needs.events),
    }


def _hand_made(store: Store, people: set[int], events: set[int]) -> dict[str, list[dict]]:
    """The people's roles over time and portraits, and the events' programmes."""
    def rows(table: str, columns: tuple[str, ...], key: str, ids: set[int]) -> list[dict]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        return store.rows(f"SELECT {', '.join(columns)} FROM {table} WHERE {key} IN ({marks}) ORDER BY {key}, rowid",
                          sorted(ids))

    portraits = rows("portraits", PORTRAIT_COLUMNS, "person_id", people)
    for p in portraits:
        p["data"] = base64.b64encode(p["data"]).decode("ascii")
    return {
        "person_roles": rows("person_roles", ROLE_COLUMNS, "person_id", people),
        "portraits": portraits,
        "programme": rows("programme_items", PROGRAMME_COLUMNS, "event_id", events),
    }


def _documents(store: Store, ids: set[int]) -> list[dict]:
    docs = _select(store, "documents", ("id", "content_hash", *DOCUMENT_FIELDS), ids)
    for doc in docs:
        doc["parties"] = store.rows(
            "SELECT name, country, signatory FROM document_parties WHERE document_id = ? ORDER BY position", [doc["id"]])
        doc["speakers"] = store.rows(
            "SELECT name, person_id FROM document_speakers WHERE document_id = ? ORDER BY position", [doc["id"]])
        doc["tags"] = [r["name"] for r in store.rows(
            "SELECT t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id WHERE dt.document_id = ? ORDER BY dt.rowid",
            [doc["id"]])]
        doc.pop("source_path")  # a path on the sender's machine means nothing to the receiver
        if doc["source_document_id"] not in ids:
            doc["source_document_id"] = None
    return docs


def _select_annotations(store: Store, doc_ids: set[int], include_private: bool) -> list[dict]:
    if not doc_ids:
        return []
    sql = (f"SELECT {', '.join(ANNOTATION_COLUMNS)} FROM annotations WHERE document_id IN "
           f"({', '.join('?' for _ in doc_ids)})" + ("" if include_private else " AND private = 0") + " ORDER BY id")
    return store.rows(sql, sorted(doc_ids))


def export_bundle(store: Store, book_id: int, path: str | os.PathLike[str], *, include_private: bool = False) -> dict[str, Any]:
    """Write the book's bundle to ``path`` (replaced only when complete); returns the manifest."""
    payload = json.dumps(bundle_payload(store, book_id, include_private=include_private),
                         ensure_ascii=False, sort_keys=True).encode("utf-8")
    data = json.loads(payload)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": now(),
        "app_version": __version__,
        "book": data["book"]["title"],
        "include_private": include_private,
        "counts": {k: len(data[k]) for k in COUNTED},
        "payload": {"name": PAYLOAD, "bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()},
    }
    target = Path(path)
    try:
        fd, tmp = temporary_beside(target, ".tmp")  # 0666 less the umask, as every file the app writes
    except OSError as exc:
        raise BriefingError(f"{target}: cannot write the bundle ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.writestr(PAYLOAD, payload)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BriefingError(f"{target}: cannot write the bundle ({exc.strerror or exc})") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return manifest

