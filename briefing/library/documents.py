"""Documents: agreements, joint statements, speeches, articles and notes.

Each write keeps the search index in step inside the caller's transaction.
A document's ``user_fields`` names the fields the user corrected by hand
(``USER_FIELDS``); ``update_document`` leaves those alone for every other
writer (an import, a re-analysis, a merge of bundles).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from briefing.errors import BriefingError, NotFound
from briefing.library.schema import DOCUMENT_KINDS, INSTRUMENTS
from briefing.library.search_index import (
    IMPACT_INSERT,
    INDEX_INSERT,
    facets_of,
    index_rows,
    index_text,
    reindex_document,
    unindex_document,
)
from briefing.library.store import Store, now

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
    "user_fields",
)
# What the user may correct by hand (``briefing edit``, the reader's details pane), as
# ``user_fields`` names them; "parties" and "tags" stand for the document's lists of them.
USER_FIELDS = ("title", "date", "kind", "place", "language", "publisher", "author", "instrument", "parties", "tags")
# documents per transaction when loading many: large enough that commits are
# rare, small enough that cancelling answers quickly
BATCH_SIZE = 1000


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


def user_fields_of(value: Any) -> list[str]:
    """A document's user-set fields from what the store or a bundle holds (JSON text or a list), in ``USER_FIELDS`` order.

    Names this version does not know (a newer version's) are dropped; anything
    but a list of names is refused, since a bundle brings this from outside.
    """
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise BriefingError("a document's user-set fields must be a list of field names")
    return [name for name in USER_FIELDS if name in value]


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
    prepared = _prepare({**doc, "parties": list(parties), "speakers": list(speakers), "tags": list(tags)}, now())
    with store.atomic():
        return _write(store, prepared, {})


def add_documents(
    store: Store,
    docs: Iterable[Mapping[str, Any]],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[int]:
    """Insert many documents, one transaction per batch; returns their ids in order.

    Each mapping holds the document's fields and may hold ``parties``,
    ``speakers`` and ``tags`` as ``add_document`` takes them. A batch is
    checked before any of it is written, so a bad document leaves the batches
    before it stored and nothing of its own batch. ``cancel`` is asked between
    batches; the batches already stored stay.
    """
    docs = docs if isinstance(docs, list) else list(docs)
    batches = [docs[first : first + batch_size] for first in range(0, len(docs), batch_size)]
    ids: list[int] = []
    tag_ids: dict[str, int] = {}
    stamp = now()
    for batch in batches:
        if cancel is not None and cancel():
            break
        prepared = [_prepare(doc, stamp) for doc in batch]  # all checked before any is written
        with store.atomic():
            ids.extend(_write(store, item, tag_ids) for item in prepared)
        if progress is not None:
            progress(len(ids), len(docs))
    return ids


def _prepare_batch(docs: list[Mapping[str, Any]], stamp: str) -> list[tuple]:
    return [_prepare(doc, stamp) for doc in docs]


def _prepare(doc: Mapping[str, Any], stamp: str) -> tuple:
    """Everything about one document that needs no database: checked row, links, search columns, marks."""
    _check(doc)
    row = {k: doc.get(k) for k in DOCUMENT_FIELDS if doc.get(k) is not None}
    row.setdefault("kind", "article")
    row.setdefault("text", "")
    if "user_fields" in row:
        row["user_fields"] = json.dumps(user_fields_of(row["user_fields"]))
    row["content_hash"] = content_hash(row["title"], row["text"])
    row["created"] = row["updated"] = stamp
    parties = [dict(p) for p in doc.get("parties") or ()]
    speakers = [{"name": s} if isinstance(s, str) else dict(s) for s in doc.get("speakers") or ()]
    tags = [name.strip() for name in doc.get("tags") or () if name.strip()]
    columns, marks = index_rows(*index_text(row, parties, speakers, tags))
    columns = (*columns, facets_of(row, parties, tags))
    return row, parties, speakers, tags, columns, marks


def _write(store: Store, prepared: tuple, tag_ids: dict[str, int]) -> int:
    """Write one prepared document, its links and its search rows (the caller holds the transaction).

    Plain prepared statements rather than table helpers: loading a library
    spends its time here, and SQLite's statement cache does the rest.
    """
    row, parties, speakers, tags, columns, marks = prepared
    conn = store.db.conn
    doc_id = conn.execute(
        f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    ).lastrowid
    _write_links(store, doc_id, parties, speakers, tags, tag_ids)
    conn.execute(INDEX_INSERT, [doc_id, *columns])
    conn.execute(IMPACT_INSERT, [doc_id, marks])
    return doc_id


def update_document(
    store: Store,
    doc_id: int,
    changes: Mapping[str, Any],
    *,
    tags: Iterable[str] | None = None,
    parties: Iterable[Mapping[str, Any]] | None = None,
    speakers: Iterable[Mapping[str, Any] | str] | None = None,
    by_user: bool = False,
) -> list[str]:
    """Change a document's fields, and its tags, parties or speakers when given; returns what changed.

    ``by_user`` is a correction made by hand: the fields it sets (even to the
    value they had) join the document's ``user_fields``. Any other writer
    leaves user-set fields as the user left them: its values for them are
    dropped. The names returned are fields, "tags", "parties" and "speakers"
    whose value is not what it was.
    """
    current = get_document(store, doc_id)
    user_set = set(current["user_fields"])
    changes = {k: v for k, v in changes.items() if k in DOCUMENT_FIELDS and k != "user_fields"}
    lists: dict[str, list | None] = {
        "tags": None if tags is None else [name.strip() for name in tags if name.strip()],
        "parties": None if parties is None else [dict(p) for p in parties],
        "speakers": None if speakers is None else [{"name": s} if isinstance(s, str) else dict(s) for s in speakers],
    }
    if by_user:
        user_set |= {k for k in changes if k in USER_FIELDS} | {k for k, v in lists.items() if v is not None and k in USER_FIELDS}
    else:
        changes = {k: v for k, v in changes.items() if k not in user_set}
        lists = {k: None if k in user_set else v for k, v in lists.items()}
    merged = {**current, **changes}
    _check(merged)
    changed = [k for k, v in changes.items() if v != current[k]]
    changed += [k for k, v in lists.items() if v is not None and _link_values(k, v) != _link_values(k, current[k])]
    row = {k: changes[k] for k in changes}
    row["content_hash"] = content_hash(merged["title"], merged["text"])
    other = store.scalar("SELECT id FROM documents WHERE content_hash = ? AND id != ?", [row["content_hash"], doc_id])
    if other is not None:
        raise BriefingError(f"document {other} already has this title and text; merge the two instead")
    row["user_fields"] = json.dumps([name for name in USER_FIELDS if name in user_set])
    row["updated"] = now()
    with store.atomic() as db:
        db["documents"].update(doc_id, row)
        for key, table in (("tags", "document_tags"), ("parties", "document_parties"), ("speakers", "document_speakers")):
            if lists[key] is not None:
                db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
        _write_links(store, doc_id, lists["parties"] or (), lists["speakers"] or (), lists["tags"] or ())
        reindex_document(store, doc_id)
    return changed


def _link_values(key: str, values: list) -> list:
    """A list of tags, parties or speakers as compared for a change (tags without regard to order or case)."""
    if key == "tags":
        return sorted({name.casefold() for name in values})
    if key == "parties":
        return [(p["name"], p.get("country"), p.get("signatory")) for p in values]
    return [(s["name"], s.get("person_id")) for s in values]


def delete_document(store: Store, doc_id: int) -> None:
    with store.atomic() as db:
        if not db.execute("DELETE FROM documents WHERE id = ?", [doc_id]).rowcount:
            raise NotFound(f"no document with id {doc_id}")
        unindex_document(db.conn, doc_id)


def tag_id(store: Store, name: str) -> int:
    name = name.strip()
    found = store.scalar("SELECT id FROM tags WHERE name = ?", [name])
    if found:
        return found
    return store.execute("INSERT INTO tags (name) VALUES (?)", [name]).lastrowid


def _write_links(store: Store, doc_id: int, parties, speakers, tags, tag_ids: dict[str, int] | None = None) -> None:
    conn = store.db.conn
    conn.executemany(
        "INSERT INTO document_parties (document_id, position, name, country, signatory) VALUES (?, ?, ?, ?, ?)",
        [(doc_id, i, p["name"], p.get("country"), p.get("signatory")) for i, p in enumerate(parties)],
    )
    conn.executemany(
        "INSERT INTO document_speakers (document_id, position, name, person_id) VALUES (?, ?, ?, ?)",
        [
            (doc_id, i, s["name"], s.get("person_id"))
            for i, s in enumerate({"name": s} if isinstance(s, str) else s for s in speakers)
        ],
    )
    cache = {} if tag_ids is None else tag_ids
    for name in tags:
        name = name.strip()
        if name:
            if name not in cache:
                cache[name] = tag_id(store, name)
            conn.execute(
                "INSERT OR IGNORE INTO document_tags (document_id, tag_id) VALUES (?, ?)", [doc_id, cache[name]]
            )


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
    doc["user_fields"] = user_fields_of(doc.get("user_fields"))
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
