"""A write workload on a store, and the check that nothing it committed was lost.

Run as a script, it writes documents, edits, annotations and multi-document
batches in a loop, each its own transaction, and after each commit prints one
line naming what is now durable (flushed, so a parent that kills it knows what
was committed before the kill):

    doc ID VERSION        a document now holds "version VERSION" of its text
    ann ID DOC            annotation ID on document DOC
    batch ID ID ...       documents written together in one transaction
    note ID VERSION       a book note now holds "version VERSION" of its text

``verify`` opens the store afterwards and checks it is sound and holds all of it.
Used by the crash, concurrency and soak tests (tools/crash_soak.py).
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

WORDS = ["caspian", "transit", "corridor", "pipeline", "ministry", "delegation", "memorandum", "cooperation", "trade", "Астана", "Баку", "Тоқаев", "Алиев", "logistics", "ferry", "port", "Aktau", "Alat", "energy", "visit", "agreement"]


def _text(rng: random.Random, tag: str, n: int, version: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 400)))
    return f"{tag} {n} version {version}. The parties agreed on transit. {body}"


def run(store_path: str, tag: str, count: int, seed: int) -> int:
    from briefing.book.books import create_book
    from briefing.book.items import add_item, move_item, update_item
    from briefing.book.sections import add_section
    from briefing.library.annotations import add_annotation
    from briefing.library.documents import add_document, update_document
    from briefing.library.opening import open_store

    rng = random.Random(seed)
    out = sys.stdout
    store = open_store(store_path)
    mine: dict[int, int] = {}  # doc id -> version
    notes: dict[int, int] = {}  # book note id -> version
    book_sections: list[int] = []
    i = 0
    while count <= 0 or i < count:
        i += 1
        step = rng.random()
        if step >= 0.8:  # editing a book: the notes, their order, new sections
            if not book_sections:
                book = create_book(store, f"{tag} book", template="Ministerial meeting")
                book_sections.append(add_section(store, book, f"{tag} notes"))
            section = rng.choice(book_sections)
            if rng.random() < 0.5 or not notes:
                note = add_item(store, section, "note", title=f"{tag} note {i}", body=f"version 1. {_text(rng, tag, i, 1)}")
                notes[note] = 1
                print(f"note {note} 1", file=out, flush=True)
            elif rng.random() < 0.7:
                note = rng.choice(list(notes))
                notes[note] += 1
                update_item(store, note, body=f"version {notes[note]}. {_text(rng, tag, i, notes[note])}")
                print(f"note {note} {notes[note]}", file=out, flush=True)
            else:
                move_item(store, rng.choice(list(notes)), position=0)
            continue
        step /= 0.8
        if step < 0.4 or not mine:
            doc_id = add_document(store, {"title": f"{tag} document {i}", "text": _text(rng, tag, i, 1)}, tags=[tag])
            mine[doc_id] = 1
            print(f"doc {doc_id} 1", file=out, flush=True)
        elif step < 0.65:
            doc_id = rng.choice(list(mine))
            version = mine[doc_id] + 1
            update_document(store, doc_id, {"text": _text(rng, tag, i, version)})
            mine[doc_id] = version
            print(f"doc {doc_id} {version}", file=out, flush=True)
        elif step < 0.9:
            doc_id = rng.choice(list(mine))
            ann = add_annotation(store, doc_id, "The parties agreed on transit", note=f"{tag} note {i}")
            print(f"ann {ann} {doc_id}", file=out, flush=True)
        else:
            with store.atomic():
                ids = [
                    add_document(store, {"title": f"{tag} batch {i}.{k}", "text": _text(rng, tag, i * 100 + k, 1)})
                    for k in range(rng.randint(2, 6))
                ]
            mine.update(dict.fromkeys(ids, 1))
            print("batch " + " ".join(map(str, ids)), file=out, flush=True)
    store.close()
    return 0


@dataclass
class Committed:
    """What a workload reported as committed."""

    versions: dict[int, int] = field(default_factory=dict)
    annotations: dict[int, int] = field(default_factory=dict)
    notes: dict[int, int] = field(default_factory=dict)

    def count(self) -> int:
        return len(self.versions) + len(self.annotations) + len(self.notes)

    def read(self, output: str) -> Committed:
        for line in output.splitlines():
            parts = line.split()
            # a kill can cut the last line short: only whole lines count
            if not parts or not line.strip() or not all(p.isdigit() for p in parts[1:]):
                continue
            if parts[0] == "doc" and len(parts) == 3:
                doc_id, version = int(parts[1]), int(parts[2])
                self.versions[doc_id] = max(version, self.versions.get(doc_id, 0))
            elif parts[0] == "ann" and len(parts) == 3:
                self.annotations[int(parts[1])] = int(parts[2])
            elif parts[0] == "note" and len(parts) == 3:
                note, version = int(parts[1]), int(parts[2])
                self.notes[note] = max(version, self.notes.get(note, 0))
            elif parts[0] == "batch":
                self.versions.update({int(p): 1 for p in parts[1:] if int(p) not in self.versions})
        return self


_VERSION = re.compile(r"^\S+ \d+ version (\d+)\.")


def verify(store_path: Path | str, committed: Committed) -> list[str]:
    """Problems found (an empty list when the store is sound and holds everything committed)."""
    problems = []
    conn = sqlite3.connect(store_path)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:3]}")
        try:
            conn.execute("INSERT INTO search_index(search_index) VALUES('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"FTS integrity-check: {exc}")
        docs = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM documents")}
        index = {r[0] for r in conn.execute("SELECT rowid FROM search_index")}
        if set(docs) != index:
            problems.append(f"search index out of step: {len(set(docs) ^ index)} rows differ")
        for doc_id, version in committed.versions.items():
            if doc_id not in docs:
                problems.append(f"document {doc_id} was committed and is gone")
                continue
            m = _VERSION.match(docs[doc_id])
            # a later edit may have committed just before the kill, before it was reported
            if not m or int(m.group(1)) < version:
                problems.append(f"document {doc_id} lost an edit: has {m and m.group(1)}, committed {version}")
        annotations = {r[0]: r[1] for r in conn.execute("SELECT id, document_id FROM annotations")}
        for ann, doc_id in committed.annotations.items():
            if annotations.get(ann) != doc_id:
                problems.append(f"annotation {ann} was committed and is gone")
        bodies = {r[0]: r[1] for r in conn.execute("SELECT id, body FROM book_items WHERE kind = 'note'")}
        for note, version in committed.notes.items():
            m = re.match(r"version (\d+)\.", bodies.get(note) or "")
            if not m or int(m.group(1)) < version:
                problems.append(f"book note {note} lost an edit: has {m and m.group(1)}, committed {version}")
    finally:
        conn.close()
    return problems


@dataclass
class CrashRun:
    kills: int = 0
    commits_seen: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


IMPORT_FILES = Path(__file__).parent / "fixtures" / "import" / "good"
KINDS = {"workload": 10, "sample": 2, "import": 2, "export": 2, "app": 1, "check": 1, "backup": 1}


def _child(kind: str, store_path: Path, seed: int) -> list[str]:
    if kind == "workload":
        return [sys.executable, str(Path(__file__)), str(store_path), "--tag", f"k{seed}", "--seed", str(seed)]
    cli = [sys.executable, "-m", "briefing", "--store", str(store_path)]
    return {
        "sample": [*cli, "init", "--sample"],
        # the same files again and again: after the first whole run each is a duplicate, so the
        # kills also land in the duplicate checks; a fresh copy of the folder each round would
        # only measure the parsers
        "import": [*cli, "import", str(IMPORT_FILES), "--tag", f"i{seed}"],
        "export": [*cli, "export", "1", "-o", str(store_path.parent / "pack.pdf"), "--force"],
        "app": [*cli],  # the desktop app, offscreen: a first start seeds the sample library
        "check": [*cli, "check"],
        "backup": [*cli, "backup"],
    }[kind]


def _pdf_problem(path: Path) -> str | None:
    """An exported pack is whole or absent: never a partial file under the final name."""
    if not path.exists():
        return None
    try:
        from pypdf import PdfReader

        pages = len(PdfReader(path).pages)
    except Exception as exc:  # noqa: BLE001  (any failure to read is the finding)
        return f"{path.name} is not a whole PDF: {exc}"
    return None if pages else f"{path.name} has no pages"


def crash_rounds(store_path: Path, rounds: int, *, seed: int = 0, max_delay: float = 0.8, log=None) -> CrashRun:
    """Start a writer, SIGKILL it at a random moment, check the store; ``rounds`` times on one store.

    Most children run the workload (documents, annotations and book edits; kills
    land mid-transaction, mid-commit, mid-checkpoint); others load the sample
    library (one long transaction), import a folder of files, export a book to
    PDF, start the desktop app (offscreen), run ``briefing check`` or
    ``briefing backup``. The first rounds on a new store
    can land mid-migration. After each kill the store must open as the app
    opens it, pass the checks, and hold everything reported committed so far.
    """
    import os
    import signal
    import subprocess
    import time

    from briefing.library.opening import open_store
    from briefing.sample import sample_dir

    sample_docs = len(list((sample_dir() / "documents").glob("*.md")))
    rng = random.Random(seed)
    run = CrashRun()
    committed = Committed()
    checked_backups: set[str] = set()  # a backup once whole stays whole: check each once
    for n in range(rounds):
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        child = subprocess.Popen(
            _child(kind, store_path, seed * 100_000 + n),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(store_path.parent)},
        )
        time.sleep(rng.uniform(0.05, max_delay))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        if child.returncode == -signal.SIGKILL:
            run.kills += 1
        run.by_kind[kind] = run.by_kind.get(kind, 0) + 1
        before = committed.count()
        committed.read(out)
        run.commits_seen += committed.count() - before
        try:
            open_store(store_path).close()  # opens (and finishes any migration) as the app would
        except Exception as exc:  # noqa: BLE001  (any failure to open is the finding)
            run.problems.append(f"round {n} ({kind}): the store does not open: {exc}")
            break
        problems = verify(store_path, committed)
        pdf = _pdf_problem(store_path.parent / "pack.pdf")
        if pdf:
            problems.append(pdf)
        with closing(sqlite3.connect(store_path)) as conn:  # a connection's "with" commits; it does not close
            slugged = conn.execute("SELECT count(*) FROM documents WHERE slug IS NOT NULL").fetchone()[0]
        if slugged not in (0, sample_docs):
            problems.append(f"the sample library is half there: {slugged} of {sample_docs} documents")
        for name in os.listdir(store_path.parent / "backups") if (store_path.parent / "backups").is_dir() else []:
            if name.endswith(".sqlite") and name not in checked_backups:
                checked_backups.add(name)
                b = sqlite3.connect(store_path.parent / "backups" / name)
                if [r[0] for r in b.execute("PRAGMA integrity_check")] != ["ok"]:
                    problems.append(f"backup {name} is damaged")
                b.close()
        if problems:
            run.problems += [f"round {n} ({kind}): {p}" for p in problems]
            break
        if log:
            log(n + 1, run)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--tag", default="w")
    parser.add_argument("--count", type=int, default=0, help="how many operations (0: until killed)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    return run(args.store, args.tag, args.count, args.seed)


if __name__ == "__main__":
    sys.exit(main())
