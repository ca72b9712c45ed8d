"""Documents: agreements, joint statements, speeches, articles and notes.

Each write keeps the search index in step inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import BriefingError, NotFound
from .fold import fold_text, key_text
from .schema import DOCUMENT_KINDS, INSTRUMENTS
from .store import Store, now

DOCUMENT_FIELDS = (
    "slug",
    "kind",
    "title",
    "date",
    "place",
    "language",
    "publisher",
    "author",
    "url",
    "text",
    "summary",
    "marking",
    "instrument",
    "source_document_id",
    "source_path",
)


def content_hash(title: str, text: str) -> str:
    """Same content, same hash: whitespace and case do not make a new document."""
    normal = " ".join((title + "\n" + text).split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _check(doc: Mapping[str, Any]) -> None:
    if not (doc.get("title") or "").strip():
        raise BriefingError("a document needs a title")
    kind = doc.get("kind", "article")
    if kind not in DOCUMENT_KINDS:
        raise BriefingError(f"unknown kind {kind!r}; expected one of {', '.join(DOCUMENT_KINDS)}")
    instrument = doc.get("instrument")
    if instrument and instrument not in INSTRUMENTS:
        raise BriefingError(f"unknown instrument {instrument!r}; expected one of {', '.join(INSTRUMENTS)}")


def find_duplicate(store: Store, title: str, text: str) -> int | None:
    return store.scalar("SELECT id FROM documents WHERE content_hash = ?", [content_hash(title, text)])


def add_document(
    store: Store,
    doc: Mapping[str, Any],
    *,
    parties: Iterable[Mapping[str, Any]] = (),
    speakers: Iterable[Mapping[str, Any] | str] = (),
    tags: Iterable[str] = (),
) -> int:
    """Insert one document with its parties, speakers and tags; returns its id.

    Call inside ``store.atomic()`` when it is part of a larger unit of work.
    """
    _check(doc)
    row = {k: doc.get(k) for k in DOCUMENT_FIELDS if doc.get(k) is not None}
    row.setdefault("kind", "article")
    row.setdefault("text", "")
    row["content_hash"] = content_hash(row["title"], row["text"])
    row["created"] = row["updated"] = now()
    with store.atomic() as db:
        doc_id = db["documents"].insert(row).last_pk
        _write_links(store, doc_id, parties, speakers, tags)
        reindex_document(store, doc_id)
    return doc_id


def update_document(store: Store, doc_id: int, changes: Mapping[str, Any], *, tags: Iterable[str] | None = None) -> None:
    current = get_document(store, doc_id)
    merged = {**current, **changes}
    _check(merged)
    row = {k: changes[k] for k in DOCUMENT_FIELDS if k in changes}
    row["content_hash"] = content_hash(merged["title"], merged["text"])
    row["updated"] = now()
    with store.atomic() as db:
        db["documents"].update(doc_id, row)
        if tags is not None:
            db.execute("DELETE FROM document_tags WHERE document_id = ?", [doc_id])
            _write_links(store, doc_id, (), (), tags)
        reindex_document(store, doc_id)


def delete_document(store: Store, doc_id: int) -> None:
    with store.atomic() as db:
        if not db.execute("DELETE FROM documents WHERE id = ?", [doc_id]).rowcount:
            raise NotFound(f"no document with id {doc_id}")
        db.execute("DELETE FROM search_index WHERE rowid = ?", [doc_id])


def tag_id(store: Store, name: str) -> int:
    name = name.strip()
    found = store.scalar("SELECT id FROM tags WHERE name = ?", [name])
    if found:
        return found
    return store.db["tags"].insert({"name": name}).last_pk


def _write_links(store: Store, doc_id: int, parties, speakers, tags) -> None:
    db = store.db
    for position, party in enumerate(parties):
        db["document_parties"].insert(
            {
                "document_id": doc_id,
                "position": position,
                "name": party["name"],
                "country": party.get("country"),
                "signatory": party.get("signatory"),
            }
        )
    for position, speaker in enumerate(speakers):
        if isinstance(speaker, str):
            speaker = {"name": speaker}
        db["document_speakers"].insert(
            {
                "document_id": doc_id,
                "position": position,
                "name": speaker["name"],
                "person_id": speaker.get("person_id"),
            }
        )
    for name in tags:
        if name.strip():
            db.execute(
                "INSERT OR IGNORE INTO document_tags (document_id, tag_id) VALUES (?, ?)",
                [doc_id, tag_id(store, name)],
            )


def searchable_text(store: Store, doc_id: int) -> tuple[str, str]:
    """The title and the body that search sees: text, summary, place, parties, speakers, tags."""
    doc = store.one(
        "SELECT title, text, summary, place, publisher, author, instrument FROM documents WHERE id = ?",
        [doc_id],
    )
    if doc is None:
        raise NotFound(f"no document with id {doc_id}")
    extra = [
        r["name"] + " " + (r["country"] or "")
        for r in store.rows("SELECT name, country FROM document_parties WHERE document_id = ?", [doc_id])
    ]
    extra += [r["name"] for r in store.rows("SELECT name FROM document_speakers WHERE document_id = ?", [doc_id])]
    extra += [
        r["name"]
        for r in store.rows(
            "SELECT t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id WHERE dt.document_id = ?", [doc_id]
        )
    ]
    parts = [doc["summary"], doc["text"], doc["place"], doc["publisher"], doc["author"], doc["instrument"], *extra]
    return doc["title"], "\n".join(p for p in parts if p)


def reindex_document(store: Store, doc_id: int) -> None:
    title, body = searchable_text(store, doc_id)
    store.db.execute("DELETE FROM search_index WHERE rowid = ?", [doc_id])
    store.db.execute(
        "INSERT INTO search_index (rowid, title_fold, body_fold, title_key, body_key) VALUES (?, ?, ?, ?, ?)",
        [doc_id, fold_text(title), fold_text(body), key_text(title), key_text(body)],
    )


def rebuild_search_index(store: Store) -> int:
    with store.atomic() as db:
        db.execute("DELETE FROM search_index")
        ids = [r[0] for r in db.execute("SELECT id FROM documents").fetchall()]
        for doc_id in ids:
            reindex_document(store, doc_id)
    return len(ids)


def get_document(store: Store, doc_id: int) -> dict[str, Any]:
    """Every field of the document, with parties, speakers, tags and linked records."""
    doc = store.one("SELECT * FROM documents WHERE id = ?", [doc_id])
    if doc is None:
        raise NotFound(f"no document with id {doc_id}")
    doc["parties"] = store.rows(
        "SELECT name, country, signatory FROM document_parties WHERE document_id = ? ORDER BY position", [doc_id]
    )
    doc["speakers"] = store.rows(
        "SELECT s.name, s.person_id, p.name AS person FROM document_speakers s "
        "LEFT JOIN people p ON p.id = s.person_id WHERE s.document_id = ? ORDER BY s.position",
        [doc_id],
    )
    doc["tags"] = [
        r["name"]
        for r in store.rows(
            "SELECT t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id "
            "WHERE dt.document_id = ? ORDER BY t.name",
            [doc_id],
        )
    ]
    doc["linked"] = linked_records(store, doc_id, doc.get("source_document_id"))
    return doc


def linked_records(store: Store, doc_id: int, source_id: int | None) -> dict[str, list[dict]]:
    linked: dict[str, list[dict]] = {
        "events": store.rows(
            "SELECT e.id, e.title, e.start_date, e.place FROM events e "
            "JOIN event_documents ed ON ed.event_id = e.id WHERE ed.document_id = ? ORDER BY e.start_date",
            [doc_id],
        ),
        "derived": store.rows(
            "SELECT id, title, kind, date FROM documents WHERE source_document_id = ? ORDER BY id", [doc_id]
        ),
        "figures": store.rows(
            "SELECT id, label, value, value_text, unit, as_of FROM figures WHERE source_document_id = ? ORDER BY id",
            [doc_id],
        ),
    }
    if source_id:
        linked["source"] = store.rows("SELECT id, title, kind, date FROM documents WHERE id = ?", [source_id])
    return linked


def list_documents(store: Store, *, kind: str | None = None, limit: int | None = None) -> list[dict]:
    sql = "SELECT id, title, kind, date, language, instrument FROM documents"
    params: list[Any] = []
    if kind:
        sql += " WHERE kind = ?"
        params.append(kind)
    sql += " ORDER BY date DESC, id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return store.rows(sql, params)


def counts_by_kind(store: Store) -> dict[str, int]:
    counts = {kind: 0 for kind in DOCUMENT_KINDS}
    for row in store.rows("SELECT kind, count(*) AS n FROM documents GROUP BY kind"):
        counts[row["kind"]] = row["n"]
    return counts


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
