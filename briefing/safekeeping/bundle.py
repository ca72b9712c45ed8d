"""Offline sharing: one book, with what it needs, in one ``.briefing`` file.

A bundle is a zip holding exactly two members:

- ``manifest.json``: the format name and version, the book's title, counts,
  and the SHA-256 and size of the payload;
- ``payload.json``: the book (fields, sections, items), the documents it uses
  (with parties, speakers, tags), their annotations, and the people, events
  and figures its generated blocks read.

Zip rather than one JSON file: document texts compress several times over,
which matters on the removable media bundles travel on, and the manifest can
be read (and the checksum checked) without trusting the payload. Reading is
defensive: the file size, the member names, each member's declared size and
the bytes actually unpacked are all bounded before anything is parsed, so a
zip bomb or a path like ``../x`` is refused, not unpacked.

Private annotations stay out unless asked for. Importing merges in one
transaction: documents already present (same content hash, or same slug) are
reused, people, events and figures are matched by slug, every id is mapped
to the receiving store's, and a book whose title is taken is imported under
the title with " (imported)" (then " (imported 2)", ...) added.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.book.blocks import _date_range, _event_id, _ref_id, check_block, select_figures
from briefing.book.books import PAPERS
from briefing.book.templates import ITEM_KINDS
from briefing.errors import BriefingError, StoreBusy
from briefing.library.annotations import _check_color
from briefing.library.documents import DOCUMENT_FIELDS, add_document, content_hash
from briefing.library.encryption import _errors
from briefing.library.store import Store, now
from briefing.search import party_document_ids

FORMAT = "briefing-bundle"
VERSION = 1
MANIFEST = "manifest.json"
PAYLOAD = "payload.json"
# generous for a book with its documents, small enough that a hostile file cannot exhaust memory
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024

Progress = Callable[[int, int], None]
# a unique or foreign key a hand-made payload breaks, from either SQLite driver
INTEGRITY_ERRORS = _errors("IntegrityError")

BOOK_COLUMNS = ("slug", "title", "event_id", "destination", "start_date", "end_date", "prepared_for", "prepared_by",
                "marking", "paper", "edition_date", "version", "template", "settings", "created", "updated")
SECTION_COLUMNS = ("id", "parent_id", "position", "title", "role")
ITEM_COLUMNS = ("id", "section_id", "position", "kind", "title", "document_id", "excerpt", "annotation_ids", "body",
                "block", "marking")
ANNOTATION_COLUMNS = ("id", "document_id", "exact", "prefix", "suffix", "start", "end", "note", "color", "private",
                      "created", "updated")
PEOPLE_COLUMNS = ("id", "slug", "name", "role", "country", "variants", "biography")
EVENT_COLUMNS = ("id", "slug", "title", "kind", "start_date", "end_date", "place", "summary")
FIGURE_COLUMNS = ("id", "slug", "label", "value", "value_text", "unit", "as_of", "source_document_id", "said_by",
                  "series", "note")


@dataclass
class ImportReport:
    book_id: int
    title: str
    documents_added: int = 0
    documents_reused: int = 0
    annotations_added: int = 0
    added: dict[str, int] = field(default_factory=lambda: {"people": 0, "events": 0, "figures": 0})
    already_imported: bool = False  # this very bundle was merged before: nothing was changed

    def as_dict(self) -> dict[str, Any]:
        return {"book": self.book_id, "title": self.title, "documents_added": self.documents_added,
                "documents_reused": self.documents_reused, "annotations_added": self.annotations_added,
                **self.added, "already_imported": self.already_imported}


# ---------------------------------------------------------------- export


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
                self.figures.add(f["id"])
                if f["source_document_id"]:
                    self.documents.add(f["source_document_id"])
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
        "counts": {k: len(data[k]) for k in ("sections", "items", "documents", "annotations", "people", "events", "figures")},
        "payload": {"name": PAYLOAD, "bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()},
    }
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".bundle-", suffix=".tmp", dir=target.parent if target.parent.exists() else None)
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


# ---------------------------------------------------------------- reading


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{n} bytes"


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, expected: int | None = None) -> bytes:
    """The member's bytes, never more than ``limit`` (nor than ``expected`` + 1 when the manifest gives a size)."""
    if info.file_size > limit:
        raise BriefingError(f"too large: {info.filename} would unpack to more than {_mb(limit)}")
    with zf.open(info) as member:
        data = member.read(min(limit, expected if expected is not None else limit) + 1)  # headers can lie
    if len(data) > limit:
        raise BriefingError(f"too large: {info.filename} would unpack to more than {_mb(limit)}")
    return data


def read_bundle(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The manifest and the checked payload of a bundle; ``BriefingError`` naming the file and the reason."""
    source = Path(path)
    try:
        return _read(source)
    except BriefingError as exc:
        raise BriefingError(f"{source}: {exc}") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        # a zip damaged past its directory: bad CRC or header, broken deflate data, unsupported method or encryption
        raise BriefingError(f"{source}: damaged or truncated bundle ({exc})") from exc
    except OSError as exc:
        raise BriefingError(f"{source}: cannot read the bundle ({exc.strerror or exc})") from exc


def _read(source: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    if source.is_dir():
        raise BriefingError("is a folder, not a bundle")
    size = source.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BriefingError(f"too large for a bundle ({_mb(size)}; the limit is {_mb(MAX_FILE_BYTES)})")
    raw = source.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        if raw[:4] == b"PK\x03\x04":
            raise BriefingError("damaged or truncated bundle (the zip's directory is missing)")
        raise BriefingError("not a Briefing Book bundle (not a zip file)")
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if sorted(names) != sorted([MANIFEST, PAYLOAD]) or len(set(names)) != len(names):
            if MANIFEST not in names:
                raise BriefingError("not a Briefing Book bundle (no manifest)")
            strange = sorted(n for n in names if n not in (MANIFEST, PAYLOAD)) or names
            raise BriefingError(f"not a Briefing Book bundle (unexpected member {strange[0]!r})")
        by_name = {i.filename: i for i in infos}
        manifest = _json(_member(zf, by_name[MANIFEST], MAX_MANIFEST_BYTES), MANIFEST)
        _check_manifest(manifest)
        declared = manifest["payload"]["bytes"]
        payload_bytes = _member(zf, by_name[PAYLOAD], MAX_PAYLOAD_BYTES, declared)
    if len(payload_bytes) != declared or hashlib.sha256(payload_bytes).hexdigest() != manifest["payload"]["sha256"]:
        raise BriefingError("the checksum does not match: the bundle was changed or damaged after it was written")
    payload = _json(payload_bytes, PAYLOAD)
    check_payload(payload)
    return manifest, payload


def _json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BriefingError(f"{name} is not valid JSON ({exc.__class__.__name__})") from exc


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BriefingError("not a Briefing Book bundle (the manifest names another format)")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BriefingError("not a Briefing Book bundle (the manifest has no format version)")
    if version != VERSION:
        newer = " a newer version of Briefing Book wrote it" if version > VERSION else ""
        raise BriefingError(f"bundle format version {version} is not one this version reads ({VERSION});{newer}".rstrip(";"))
    info = manifest.get("payload")
    if not (isinstance(info, dict) and isinstance(info.get("sha256"), str) and isinstance(info.get("bytes"), int)
            and not isinstance(info.get("bytes"), bool) and info["bytes"] >= 0):
        raise BriefingError("the manifest does not describe the payload (no checksum or size)")
    if info["bytes"] > MAX_PAYLOAD_BYTES:
        raise BriefingError(f"too large: the payload would unpack to more than {_mb(MAX_PAYLOAD_BYTES)}")


# each record's fields and the JSON types they may hold (None is always allowed)
_S, _I, _N = (str,), (int,), (int, float)
_SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "sections": {"id": _I, "parent_id": _I, "position": _I, "title": _S, "role": _S},
    "items": {"id": _I, "section_id": _I, "position": _I, "kind": _S, "title": _S, "document_id": _I, "excerpt": _S,
              "annotation_ids": _S, "body": _S, "block": _S, "marking": _S},
    "documents": {"id": _I, "content_hash": _S, **{k: _S for k in DOCUMENT_FIELDS}, "source_document_id": _I,
                  "parties": (list,), "speakers": (list,), "tags": (list,)},
    "annotations": {"id": _I, "document_id": _I, "exact": _S, "prefix": _S, "suffix": _S, "start": _I, "end": _I,
                    "note": _S, "color": _S, "private": _I, "created": _S, "updated": _S},
    "people": {"id": _I, "slug": _S, "name": _S, "role": _S, "country": _S, "variants": _S, "biography": _S},
    "events": {"id": _I, "slug": _S, "title": _S, "kind": _S, "start_date": _S, "end_date": _S, "place": _S, "summary": _S},
    "event_people": {"event_id": _I, "person_id": _I, "role": _S},
    "event_documents": {"event_id": _I, "document_id": _I},
    "figures": {"id": _I, "slug": _S, "label": _S, "value": _N, "value_text": _S, "unit": _S, "as_of": _S,
                "source_document_id": _I, "said_by": _S, "series": _S, "note": _S},
}
_REQUIRED = {"sections": ("id", "title", "position"), "items": ("id", "section_id", "kind", "position"),
             "documents": ("id", "title"), "annotations": ("id", "document_id", "exact"), "people": ("id", "name"),
             "events": ("id", "title"), "event_people": ("event_id", "person_id"),
             "event_documents": ("event_id", "document_id"), "figures": ("id", "label")}
_BOOK_SHAPE = {k: _I if k == "event_id" else _S for k in BOOK_COLUMNS} | {"id": _I}


def _check_record(record: Any, shape: dict[str, tuple[type, ...]], required: tuple[str, ...], what: str) -> None:
    if not isinstance(record, dict):
        raise BriefingError(f"the payload is malformed ({what} is not a record)")
    for key in required:
        if record.get(key) is None:
            raise BriefingError(f"the payload is malformed ({what} has no {key})")
    for key, types in shape.items():
        value = record.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            raise BriefingError(f"the payload is malformed ({what}: {key} has the wrong type)")


def check_payload(payload: Any) -> None:
    """Shapes and references: every id a record names is held by the bundle."""
    if not isinstance(payload, dict):
        raise BriefingError("the payload is malformed (not a record)")
    _check_record(payload.get("book"), _BOOK_SHAPE, ("title",), "the book")
    for key, shape in _SHAPES.items():
        rows = payload.get(key)
        if not isinstance(rows, list):
            raise BriefingError(f"the payload is malformed (no list of {key})")
        for n, row in enumerate(rows):
            _check_record(row, shape, _REQUIRED[key], f"{key} #{n + 1}")
        if "id" in shape and len({r["id"] for r in rows}) != len(rows):
            raise BriefingError(f"the payload is malformed (two {key} share an id)")
    ids = {key: {r["id"] for r in payload[key]} for key in _SHAPES if "id" in _SHAPES[key]}

    def refer(key: str, field_name: str, target: str) -> None:
        for row in payload[key]:
            if row.get(field_name) is not None and row[field_name] not in ids[target]:
                raise BriefingError(f"the payload is malformed ({key} refer to a missing {target[:-1] if target != 'people' else 'person'})")

    refer("sections", "parent_id", "sections")
    refer("items", "section_id", "sections")
    refer("items", "document_id", "documents")
    refer("annotations", "document_id", "documents")
    refer("documents", "source_document_id", "documents")
    refer("figures", "source_document_id", "documents")
    refer("event_people", "event_id", "events")
    refer("event_people", "person_id", "people")
    refer("event_documents", "event_id", "events")
    refer("event_documents", "document_id", "documents")
    book = payload["book"]
    if book.get("event_id") is not None and book["event_id"] not in ids["events"]:
        raise BriefingError("the payload is malformed (the book refers to a missing event)")
    for doc in payload["documents"]:
        for party in doc.get("parties") or []:
            _check_record(party, {"name": _S, "country": _S, "signatory": _S}, ("name",), "a party")
        for speaker in doc.get("speakers") or []:
            _check_record(speaker, {"name": _S, "person_id": _I}, ("name",), "a speaker")
            if speaker.get("person_id") is not None and speaker["person_id"] not in ids["people"]:
                speaker["person_id"] = None  # the speaker's name stays; the link needs the person
        if not all(isinstance(t, str) for t in doc.get("tags") or []):
            raise BriefingError("the payload is malformed (a tag is not text)")


# ---------------------------------------------------------------- import


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
            return _merge(store, payload, progress, digest)
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


def _insert(store: Store, table: str, row: dict[str, Any]) -> int:
    return store.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    ).lastrowid


def _merge(store: Store, payload: dict[str, Any], progress: Progress | None, digest: str) -> ImportReport:
    total = len(payload["documents"]) + len(payload["items"]) + 1
    done = 0
    report = ImportReport(0, "")
    people: dict[int, int] = {}
    for p in payload["people"]:
        found = _by_slug(store, "people", p.get("slug"))
        if found is None:
            row = {k: p.get(k) for k in PEOPLE_COLUMNS if k != "id"}
            row["variants"] = row["variants"] or "[]"
            found = _insert(store, "people", row)
            report.added["people"] += 1
        people[p["id"]] = found
    events: dict[int, int] = {}
    for e in payload["events"]:
        found = _by_slug(store, "events", e.get("slug"))
        if found is None:
            row = {k: e.get(k) for k in EVENT_COLUMNS if k != "id"}
            row["kind"] = row["kind"] or "visit"
            found = _insert(store, "events", row)
            report.added["events"] += 1
        events[e["id"]] = found
    documents: dict[int, int] = {}
    fresh: set[int] = set()
    for doc in payload["documents"]:
        found = store.scalar("SELECT id FROM documents WHERE content_hash = ?", [content_hash(doc["title"], doc.get("text") or "")])
        found = found or _by_slug(store, "documents", doc.get("slug"))
        if found is None:
            fields = {k: doc[k] for k in DOCUMENT_FIELDS
                      if doc.get(k) is not None and k not in ("source_document_id", "source_path")}
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
    for link in payload["event_people"]:
        store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id, role) VALUES (?, ?, ?)",
                      [events[link["event_id"]], people[link["person_id"]], link.get("role")])
    for link in payload["event_documents"]:
        store.execute("INSERT OR IGNORE INTO event_documents (event_id, document_id) VALUES (?, ?)",
                      [events[link["event_id"]], documents[link["document_id"]]])
    figures: dict[int, int] = {}
    for f in payload["figures"]:
        found = _by_slug(store, "figures", f.get("slug"))
        if found is None:
            row = {k: f.get(k) for k in FIGURE_COLUMNS if k != "id"}
            row["source_document_id"] = documents.get(f.get("source_document_id"))
            found = _insert(store, "figures", row)
            report.added["figures"] += 1
        figures[f["id"]] = found
    annotations = _merge_annotations(store, payload["annotations"], documents, report)
    maps = {"documents": documents, "people": people, "events": events, "figures": figures}
    report.book_id, report.title = _merge_book(store, payload, maps, annotations, digest)
    done += len(payload["items"]) + 1
    if progress is not None:
        progress(done, total)
    return report


def _merge_annotations(store: Store, rows: list[dict], documents: dict[int, int], report: ImportReport) -> dict[int, int]:
    """Annotations onto their documents; one the receiver already has (same passage, note, colour) is reused."""
    mapped: dict[int, int] = {}
    for a in rows:
        doc_id = documents[a["document_id"]]
        color = _check_color(a.get("color") or "yellow")
        key = [doc_id, a["exact"], a.get("prefix") or "", a.get("suffix") or "", a.get("note"), color]
        found = store.scalar(
            "SELECT id FROM annotations WHERE document_id = ? AND exact = ? AND prefix = ? AND suffix = ? "
            "AND note IS ? AND color = ?", key)
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
            return maps[table].get(int(ref), ref)
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
                digest: str) -> tuple[int, str]:
    source = payload["book"]
    row = {k: source.get(k) for k in BOOK_COLUMNS}
    if not row["title"].strip():
        raise BriefingError("the book has no title")
    row["title"] = _free_title(store, row["title"])
    row["paper"] = (row["paper"] or "a4").lower()
    if row["paper"] not in PAPERS:
        raise BriefingError(f"unknown paper size {row['paper']!r}")
    settings = json.loads(row["settings"] or "{}")
    if not isinstance(settings, dict):
        raise BriefingError("the book's settings are not a record")
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
                "title": s["title"], "role": s.get("role")})
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
        })
    return book_id, row["title"]
