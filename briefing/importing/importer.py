"""Importing files into the store: one transaction per file, a report of what happened to each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.importing.available import FORMAT_NAMES
from briefing.importing.cleanup import drop_leftovers, unlink
from briefing.importing.formats import Unavailable, read_file, walk
from briefing.importing.kinds import detect_kind
from briefing.importing.metadata import analyse, clean_title
from briefing.importing.ocr import PageProgress
from briefing.importing.pdf import SCAN_TAG
from briefing.importing.source import Rejected
from briefing.importing.speakers import speakers
from briefing.importing.structure import (
    Instrument,
    addressable_provisions,
    instrument_type,
    parties_of,
    signed_documents,
)
from briefing.importing.titles import FILE_NAME
from briefing.library.documents import add_document, find_duplicate, update_document
from briefing.library.encryption import DATABASE_ERRORS
from briefing.library.events import event_on, link_document
from briefing.library.people import list_people, match_person
from briefing.library.schema import DOCUMENT_KINDS
from briefing.library.store import Store
from briefing.library.translations import proposals
from briefing.library.values import printable


@dataclass
class ImportReport:
    """What became of each file: imported (with its new id), rejected (with the reason), or a duplicate."""

    imported: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    # agreement records for the items of lists of signed documents:
    # {"source_id", "id", "title", "instrument", "reused"}; "reused" when the record was
    # already in the library (its full text, or listed by another article) and only linked
    derived: list[dict] = field(default_factory=list)
    cancelled: bool = False
    # one line per importer that could not run here (its files are in rejected, marked "unavailable")
    problems: list[str] = field(default_factory=list)
    # why the import stopped before the end (the disk is full), in one plain sentence
    stopped: str | None = None
    # documents proposed as translations of each other (briefing.library.translations.proposals)
    translations: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        found = {"imported": self.imported, "rejected": self.rejected, "duplicates": self.duplicates}
        if self.problems:
            found["problems"] = self.problems
        if self.stopped:
            found["stopped"] = self.stopped
        if self.translations:
            found["translations"] = self.translations
        return found

    def summary(self) -> str:
        """One line: "Imported 1 (and 3 signed documents listed in them, 11 of them already
        in the library), 0 duplicates, 0 rejected." """
        listed, reused = len(self.derived), sum(1 for d in self.derived if d.get("reused"))
        signed = ""
        if listed and reused == listed:
            signed = f" (and {_count(listed, 'signed document')} listed in them, already in the library and now linked)"
        elif listed:
            signed = f" (and {_count(listed, 'signed document')} listed in them"
            signed += f", {reused} of them already in the library and now linked)" if reused else ")"
        pairs = "".join(
            f"\nDocuments {a} and {b} share instrument, parties and date: translations of each other? "
            f"'briefing link-translation {a} {b}' links them." for a, b in (t["documents"] for t in self.translations))
        return (
            f"Imported {len(self.imported)}{signed}, {_count(len(self.duplicates), 'duplicate')}, "
            f"{len(self.rejected)} rejected.{pairs}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class Prepared:
    """One file made ready for the store, before any of it is written."""

    doc: dict[str, Any]
    parties: list[dict]
    speakers: list[str]
    instruments: list[Instrument]
    tags: list[str] = field(default_factory=list)  # tags the reader gave ("scan without text")
    warnings: list[str] = field(default_factory=list)


def prepare(path: Path, *, kind: str | None = None, page_progress: PageProgress | None = None) -> Prepared:
    """Read, clean and analyse one file (no store needed); raises Rejected."""
    source = read_file(path, page_progress=page_progress)
    text = drop_leftovers(source.text)
    if not text.strip():
        raise Rejected("nothing left once menus, share links and notices are dropped")
    meta = analyse(source, text)
    body = unlink(meta.body or text)
    chosen = kind or (source.kind if source.kind in DOCUMENT_KINDS else None) or detect_kind(meta.title, body)
    if chosen in ("joint-statement", "agreement"):
        body = addressable_provisions(body)
    doc: dict[str, Any] = {
        "title": meta.title,
        "kind": chosen,
        "date": meta.date,
        "place": meta.place,
        "language": meta.language,
        "publisher": meta.publisher,
        "author": meta.author,
        "url": source.url,
        "text": body,
        "source_path": printable(str(path.resolve())),  # a name that is not UTF-8 is stored as \xNN
    }
    if SCAN_TAG in source.tags:
        # no headline to read: the file's own title or its name; the name also keeps two such scans apart
        own = source.title if source.title and not FILE_NAME.search(source.title) else None
        doc["title"] = clean_title(own) if own and own != path.stem else _title_of_file(path)
        doc["text"] = f"{doc['text']}\n\nFile: {printable(path.name)}"
    parties: list[dict] = []
    if chosen == "agreement":
        doc["instrument"] = instrument_type(meta.title)
        parties = parties_of(meta.title)
    elif chosen == "joint-statement":
        doc["instrument"] = "statement"
    instruments = [] if chosen == "agreement" else signed_documents(body)
    said = [] if chosen == "agreement" else speakers(body, title=meta.title)
    return Prepared(
        doc=doc, parties=parties, speakers=said, instruments=instruments, tags=list(source.tags), warnings=source.warnings
    )


def _title_of_file(path: Path) -> str:
    return printable(" ".join(path.stem.replace("_", " ").replace("-", " ").split()) or path.name)


def import_paths(
    store: Store,
    paths: list[Path | str],
    *,
    kind: str | None = None,
    tags: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    page_progress: Callable[[Path, int, int], None] | None = None,
) -> ImportReport:
    """Import files and folders (recursively). Each file is one transaction: it is stored
    whole or not at all. ``should_cancel`` is asked between files; files already imported stay.
    ``page_progress(path, page, pages)`` is told as the pages of a scan are read with OCR.
    A full disk stops the import: ``report.stopped`` says so, and the files not reached
    are listed as not imported."""
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise Rejected(f"unknown kind {kind!r}; expected one of {', '.join(DOCUMENT_KINDS)}")
    files = list(walk([Path(p) for p in paths]))
    report = ImportReport()
    people = list_people(store)
    if progress is not None:
        progress(0, len(files))
    with _commits_without_sync(store):
        for done, path in enumerate(files, start=1):
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                break
            pages = None if page_progress is None else (lambda page, total, path=path: page_progress(path, page, total))
            try:
                _import_one(store, path, kind, list(tags), people, report, pages)
            except DiskFull:
                _stop_for_full_disk(report, files[done - 1 :])
                break
            if progress is not None:
                progress(done, len(files))
    report.problems = sorted({r["problem"] for r in report.rejected if r.get("problem")})
    report.translations = proposals(store, [r["id"] for r in report.imported])
    return report


class DiskFull(Exception):
    """The library's disk (or the library's size limit) is full: nothing more can be stored."""


def _full(exc: Exception) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL or "disk is full" in str(exc)


SQLITE_FULL = 13
DISK_FULL = "not imported: the disk is full"


def _stop_for_full_disk(report: ImportReport, left: list[Path]) -> None:
    report.stopped = (
        f"The disk is full, so the import stopped at {left[0].name}: {_count(len(report.imported), 'file')} "
        f"imported before it, {len(left)} not imported; free some space and import those again."
    )
    report.rejected.extend({"path": str(path), "reason": DISK_FULL} for path in left)


@contextmanager
def _commits_without_sync(store: Store) -> Iterator[None]:
    """One commit per file, without waiting for the disk at each (synchronous NORMAL).

    In WAL mode that keeps the library consistent whatever happens; a power cut
    can lose the last files imported, which importing again brings back. Waiting
    for the disk at every commit took half the time of importing a web page.
    """
    if store.path is None or store.db.conn.in_transaction:
        yield
        return
    before = store.scalar("PRAGMA synchronous")
    store.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        store.execute(f"PRAGMA synchronous = {int(before)}")


def _import_one(
    store: Store, path: Path, kind: str | None, tags: list[str], people: list[dict], report: ImportReport,
    page_progress: PageProgress | None = None,
) -> None:
    try:
        prepared = prepare(path, kind=kind, page_progress=page_progress)
    except Unavailable as exc:
        reason = f"not imported: {FORMAT_NAMES[exc.format]} import is not available on this installation"
        report.rejected.append({"path": str(path), "reason": reason, "problem": str(exc)})
        return
    except Rejected as exc:
        report.rejected.append({"path": str(path), "reason": str(exc)})
        return
    except (MemoryError, RecursionError) as exc:
        report.rejected.append({"path": str(path), "reason": f"too complex to read ({exc.__class__.__name__})"})
        return
    except Exception as exc:  # a library choking on a damaged file must not end the whole run
        report.rejected.append({"path": str(path), "reason": f"could not be read ({exc.__class__.__name__}: {exc})"})
        return
    doc = prepared.doc
    existing = find_duplicate(store, doc["title"], doc["text"])
    if existing is not None:
        report.duplicates.append({"path": str(path), "id": existing})
        return
    derived: list[dict] = []
    try:
        with store.atomic():
            doc_id = add_document(
                store,
                doc,
                parties=prepared.parties,
                speakers=[
                    {"name": n, "person_id": match_person(store, n, people, text=doc["text"], date=doc["date"])}
                    for n in prepared.speakers
                ],
                tags=[*tags, *(t for t in prepared.tags if t not in tags)],
            )
            event_id = event_on(store, doc["date"])
            if event_id is not None:
                link_document(store, event_id, doc_id)
            # the documents were signed where the event took place, which an article's dateline
            # (where it was written) need not be
            event_place = store.scalar("SELECT place FROM events WHERE id = ?", [event_id]) if event_id else None
            for item in prepared.instruments:
                record_id, reused = _add_instrument(store, item, doc, doc_id, tags, place=event_place)
                if event_id is not None:
                    link_document(store, event_id, record_id)
                derived.append(
                    {
                        "source_id": doc_id,
                        "id": record_id,
                        "title": item.title,
                        "instrument": item.instrument,
                        "reused": reused,
                    }
                )
    except sqlite3.IntegrityError:
        # the same content committed by another window between our check and our write
        report.duplicates.append({"path": str(path), "id": find_duplicate(store, doc["title"], doc["text"])})
        return
    except (*DATABASE_ERRORS, BriefingError) as exc:  # SQLite's error, or the store's own word for it
        if _full(exc):
            raise DiskFull(str(exc)) from exc
        raise
    report.derived.extend(derived)
    report.imported.append(
        {
            "path": str(path),
            "id": doc_id,
            "title": doc["title"],
            "kind": doc["kind"],
            "date": doc["date"],
            "language": doc["language"],
            **({"warnings": prepared.warnings} if prepared.warnings else {}),
        }
    )


def _add_instrument(
    store: Store, item: Instrument, article: dict, article_id: int, tags: list[str], *, place: str | None = None
) -> tuple[int, bool]:
    """(record id, whether it was already there) for an item of a list of signed documents,
    placed where the linked event took place (``place``) or else at the article's place.

    An instrument already in the store under the same title (its full text, or listed by
    another article) is reused, not stored twice, and linked to the new article: an
    instrument with no source yet takes the article as its source, and the article joins
    the events the instrument is linked to (the signing it reports on).
    """
    existing = find_duplicate(store, item.title, item.title) or store.scalar(
        "SELECT id FROM documents WHERE kind = 'agreement' AND title = ? COLLATE NOCASE ORDER BY id LIMIT 1",
        [item.title],
    )
    if existing is not None:
        if store.scalar("SELECT source_document_id IS NULL FROM documents WHERE id = ?", [existing]):
            update_document(store, existing, {"source_document_id": article_id})
        for event_id in store.rows("SELECT event_id FROM event_documents WHERE document_id = ?", [existing]):
            link_document(store, event_id["event_id"], article_id)
        return existing, True
    record = {
        "kind": "agreement",
        "title": item.title,
        "text": item.title,
        "instrument": item.instrument,
        "date": article["date"],
        "place": place or article["place"],
        "language": article["language"],
        "source_document_id": article_id,
        "source_path": article["source_path"],
    }
    return add_document(store, record, parties=item.parties, tags=tags), False
