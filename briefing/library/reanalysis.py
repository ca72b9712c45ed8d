"""Reading imported documents again with the current importer: new title, date, kind and structure.

A document imported from a file keeps the file's path (``source_path``). Its
file is read again by the importer's ``prepare`` (handed in by the caller:
the importer stands above the library), or, when the file is gone, its
stored text is, with the title as its heading. What the new reading finds
replaces what the old one did: the details, the text and its structure
(kind, instrument, parties, speakers, the signed documents an article
lists), except for the fields the user set by hand, which stay (``kept``
shows where the importer reads them otherwise). From the stored text, which
lacks the file's own metadata, a detail found empty keeps its value.

Highlights keep their quote and context and are anchored again in the new
text (``annotations.reanchor``); one whose passage is gone stays as it was,
an orphan. Each document is one transaction; ``dry_run`` says what would
change and writes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from briefing.errors import BriefingError, NotFound
from briefing.library.annotations import list_annotations, locate, reanchor
from briefing.library.document_undo import Recorder, Undo
from briefing.library.documents import add_document, content_hash, get_document, update_document
from briefing.library.events import event_on
from briefing.library.people import list_people, match_person
from briefing.library.store import Store

# the details a reading replaces, besides the text
DETAILS = ("title", "kind", "date", "place", "language", "publisher", "author", "url", "instrument")


class Reading(Protocol):
    """What the importer's ``prepare`` gives for one file."""

    doc: dict[str, Any]
    parties: list[dict]
    speakers: list[str]
    instruments: list[Any]  # each with .title, .instrument and .parties


Prepare = Callable[..., Reading]  # prepare(path, kind=None)


@dataclass
class Reanalysed:
    """One document read again: what changed (old, new), what stayed because the user set it, and why not, if not."""

    id: int
    title: str
    source: str | None = None  # "file" or "stored text"; None when it was not read
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    kept: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # user-set: (the user's value, the importer's)
    text: tuple[int, int] | None = None  # the text's length in characters before and after, when it changed
    listed: list[dict] = field(default_factory=list)  # signed documents it lists: {"title", "id", "new"}
    annotations: dict[str, list[int]] = field(default_factory=lambda: {"moved": [], "orphans": []})
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.text or any(item["new"] for item in self.listed))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "changes": {k: {"old": old, "new": new} for k, (old, new) in self.changes.items()},
            "kept": {k: {"user": mine, "importer": theirs} for k, (mine, theirs) in self.kept.items()},
            "text": {"old_characters": self.text[0], "new_characters": self.text[1]} if self.text else None,
            "listed": self.listed,
            "annotations": self.annotations,
            "problem": self.problem,
        }


@dataclass
class Reanalysis:
    """Every document read again, whether it was written, and how to undo what was."""

    documents: list[Reanalysed]
    dry_run: bool
    undo: Undo = field(default_factory=Undo)
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "cancelled": self.cancelled, "documents": [d.as_dict() for d in self.documents]}


def _listed_record(doc: dict) -> bool:
    """An agreement record made for an item of a list of signed documents: it has no file of its own."""
    return doc["kind"] == "agreement" and doc["text"] == doc["title"] and doc["source_document_id"] is not None


def reanalysable(store: Store) -> list[int]:
    """The documents imported from a file, other than the records made for the signed documents they list."""
    return [
        r["id"]
        for r in store.rows(
            "SELECT id FROM documents WHERE source_path IS NOT NULL "
            "AND NOT (kind = 'agreement' AND text = title AND source_document_id IS NOT NULL) ORDER BY id"
        )
    ]


def reanalyse_documents(
    store: Store,
    ids: Iterable[int] | None,
    prepare: Prepare,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Reanalysis:
    """Read documents ``ids`` (``None``: every one imported from a file) again with ``prepare``.

    Each document is its own transaction; one that cannot be read again says
    why in ``problem`` and the others go on. ``cancel`` is asked between
    documents; those done stay done.
    """
    ids = reanalysable(store) if ids is None else list(dict.fromkeys(ids))
    result = Reanalysis([], dry_run)
    recorder = Recorder(store)
    people = list_people(store)
    for done, doc_id in enumerate(ids, start=1):
        if cancel is not None and cancel():
            result.cancelled = True
            break
        result.documents.append(_one(store, doc_id, prepare, dry_run, recorder, people))
        if progress is not None:
            progress(done, len(ids))
    result.undo = recorder.undo
    return result


def _one(store: Store, doc_id: int, prepare: Prepare, dry_run: bool, recorder: Recorder, people: list[dict]) -> Reanalysed:
    try:
        doc = get_document(store, doc_id)
    except NotFound as exc:
        return Reanalysed(doc_id, "", problem=str(exc))
    found = Reanalysed(doc_id, doc["title"])
    if _listed_record(doc):
        found.problem = f"listed in document {doc['source_document_id']}, not imported from a file of its own"
        return found
    if not doc["source_path"]:
        found.problem = "not imported from a file"
        return found
    kind = doc["kind"] if "kind" in doc["user_fields"] else None
    try:
        reading, found.source = _read(doc, prepare, kind)
    except BriefingError as exc:
        found.problem = str(exc)
        return found
    except Exception as exc:  # a reader choking on a file must not stop the others
        found.problem = f"could not be read ({exc.__class__.__name__}: {exc})"
        return found
    proposal = _compare(store, doc, reading, found)
    if found.problem or dry_run or not found.changed:
        return found
    try:
        with store.atomic():
            _apply(store, doc, reading, proposal, found, recorder, people)
    except BriefingError as exc:
        found.problem = str(exc)
    return found


def _read(doc: dict, prepare: Prepare, kind: str | None) -> tuple[Reading, str]:
    """The file read again, or else the stored text under its title; and which it was."""
    path = Path(doc["source_path"])
    if path.is_file():
        return prepare(path, kind=kind), "file"
    if not doc["text"].strip() or doc["text"].strip() == doc["title"].strip():
        raise BriefingError(f"the original file {path} is gone, and the library holds no text of it to read again")
    with tempfile.TemporaryDirectory(prefix="briefing-reanalyse-") as folder:
        copy = Path(folder) / "document.md"
        copy.write_text(f"# {' '.join(doc['title'].split())}\n\n{doc['text']}\n", encoding="utf-8")
        return prepare(copy, kind=kind), "stored text"


def _names(parties_or_speakers: list) -> list[str]:
    return [p if isinstance(p, str) else p["name"] for p in parties_or_speakers]


def _compare(store: Store, doc: dict, reading: Reading, found: Reanalysed) -> dict[str, Any]:
    """What the new reading would change, filled into ``found``; returns the values to write."""
    fresh = reading.doc
    from_file = found.source == "file"
    user_set = set(doc["user_fields"])
    proposal: dict[str, Any] = {}
    for name in DETAILS:
        new = fresh.get(name) or None
        if new is None and (not from_file or name == "url"):
            continue  # the stored text lacks the file's metadata; a page's address is never dropped
        if new == doc[name]:
            continue
        if name in user_set:
            found.kept[name] = (doc[name], new)
        else:
            found.changes[name] = (doc[name], new)
            proposal[name] = new
    text = fresh.get("text") or ""
    if text.strip() and text != doc["text"]:
        found.text = (len(doc["text"]), len(text))
        proposal["text"] = text
    for name, current in (("parties", doc["parties"]), ("speakers", doc["speakers"])):
        new = list(getattr(reading, name, []) or [])
        if _names(new) == _names(current) or (not new and not from_file):
            continue
        if name in user_set:
            found.kept[name] = (_names(current), _names(new))
        else:
            found.changes[name] = (_names(current), _names(new))
            proposal[name] = new
    title = proposal.get("title", doc["title"])
    other = store.scalar(
        "SELECT id FROM documents WHERE content_hash = ? AND id != ?",
        [content_hash(title, proposal.get("text", doc["text"])), doc["id"]],
    )
    if other is not None:
        found.problem = f"it would read the same as document {other}; merge the two instead"
    if "text" in proposal:
        for a in list_annotations(store, doc["id"]):
            span = locate(proposal["text"], a)
            if span is None:
                found.annotations["orphans"].append(a["id"])
            elif span != (a["start"], a["end"]):
                found.annotations["moved"].append(a["id"])
    for item in getattr(reading, "instruments", []) or []:
        existing = _listed_id(store, item.title)
        if existing != doc["id"]:
            found.listed.append({"title": item.title, "id": existing, "new": existing is None})
    return proposal


def _listed_id(store: Store, title: str) -> int | None:
    """The agreement record already in the library for a listed signed document (as the importer finds it)."""
    return store.scalar("SELECT id FROM documents WHERE content_hash = ?", [content_hash(title, title)]) or store.scalar(
        "SELECT id FROM documents WHERE kind = 'agreement' AND title = ? COLLATE NOCASE ORDER BY id LIMIT 1", [title]
    )


def _apply(
    store: Store, doc: dict, reading: Reading, proposal: dict, found: Reanalysed, recorder: Recorder, people: list[dict]
) -> None:
    doc_id = doc["id"]
    recorder.changing("documents", "id = ?", [doc_id])
    recorder.changing("annotations", "document_id = ?", [doc_id])
    recorder.links_changing(doc_id)
    fields = {k: v for k, v in proposal.items() if k not in ("parties", "speakers")}
    speakers = None
    if "speakers" in proposal:
        text, date = proposal.get("text", doc["text"]), proposal.get("date", doc["date"])
        speakers = [
            {"name": name, "person_id": match_person(store, name, people, text=text, date=date)}
            for name in _names(proposal["speakers"])
        ]
    update_document(store, doc_id, fields, parties=proposal.get("parties"), speakers=speakers)
    recorder.links_written(doc_id)
    if "text" in proposal:
        found.annotations = reanchor(store, doc_id)
    if "date" in proposal:
        _follow_date(store, recorder, doc_id, doc["date"], proposal["date"])
    _add_listed(store, recorder, reading, found, {**doc, **fields})


def _follow_date(store: Store, recorder: Recorder, doc_id: int, old: str | None, new: str | None) -> None:
    """The link to the visit under way on the document's date moves with the date, as an import would have made it."""
    before, after = event_on(store, old), event_on(store, new)
    if before == after:
        return
    if before is not None:
        recorder.deleting("event_documents", "event_id = ? AND document_id = ?", [before, doc_id])
        store.execute("DELETE FROM event_documents WHERE event_id = ? AND document_id = ?", [before, doc_id])
    if after is not None and not store.scalar(
        "SELECT 1 FROM event_documents WHERE event_id = ? AND document_id = ?", [after, doc_id]
    ):
        store.execute("INSERT INTO event_documents (event_id, document_id) VALUES (?, ?)", [after, doc_id])
        recorder.added("event_documents", {"event_id": after, "document_id": doc_id})


def _add_listed(store: Store, recorder: Recorder, reading: Reading, found: Reanalysed, doc: dict) -> None:
    """A record for each signed document the new reading lists that the library lacks, linked as an import links it."""
    items = {item.title: item for item in getattr(reading, "instruments", []) or []}
    event_id = event_on(store, doc["date"])
    place = store.scalar("SELECT place FROM events WHERE id = ?", [event_id]) if event_id else None
    for listed in found.listed:
        if listed["id"] is None:
            item = items[listed["title"]]
            record = {
                "kind": "agreement",
                "title": item.title,
                "text": item.title,
                "instrument": item.instrument,
                "date": doc["date"],
                "place": place or doc["place"],
                "language": doc["language"],
                "source_document_id": doc["id"],
                "source_path": doc["source_path"],
            }
            listed["id"] = add_document(store, record, parties=item.parties)
            recorder.added("documents", {"id": listed["id"]})
        elif store.scalar("SELECT source_document_id IS NULL FROM documents WHERE id = ?", [listed["id"]]):
            recorder.changing("documents", "id = ?", [listed["id"]])
            store.execute("UPDATE documents SET source_document_id = ? WHERE id = ?", [doc["id"], listed["id"]])
        if event_id is not None and not store.scalar(
            "SELECT 1 FROM event_documents WHERE event_id = ? AND document_id = ?", [event_id, listed["id"]]
        ):
            store.execute("INSERT INTO event_documents (event_id, document_id) VALUES (?, ?)", [event_id, listed["id"]])
            recorder.added("event_documents", {"event_id": event_id, "document_id": listed["id"]})
