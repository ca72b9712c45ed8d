"""Checking a store: SQLite's own checks, its schema's identity, the search indexes, and repairing them.

The search index is derived data, so when it is out of step with the documents
it is rebuilt, and so is the index of the user's notes; damage to the tables themselves is reported, never "repaired"
here (the remedy is ``briefing restore`` from a backup). Neither is a schema
holding what the app did not make (``identity``): it is reported, and nothing
is written to such a library, the index included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from briefing.importing.available import problems as import_problems
from briefing.library.encryption import DATABASE_ERRORS
from briefing.library.identity import foreign_parts
from briefing.library.note_index import has_note_index, note_index_in_step, rebuild_note_index
from briefing.library.search_index import expected_index_row, rebuild_search_index
from briefing.library.store import Store

Progress = Callable[[int, int], None]


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)  # ["ok"] when sound
    foreign: list[str] = field(default_factory=list)  # schema objects and migrations the app did not make
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)
    fts_error: str | None = None
    missing_from_index: list[int] = field(default_factory=list)
    orphans_in_index: list[int] = field(default_factory=list)
    stale_in_index: list[int] = field(default_factory=list)
    rebuilt: int | None = None  # documents reindexed, when the index was rebuilt
    fts_error_after: str | None = None
    importers: list[str] = field(default_factory=list)  # importers that cannot run on this installation
    notes_out_of_step: bool = False  # the index of the user's notes misses a note or holds an old one
    notes_rebuilt: int | None = None  # notes indexed, when that index was rebuilt

    @property
    def index_out_of_step(self) -> bool:
        return bool(self.fts_error or self.missing_from_index or self.orphans_in_index or self.stale_in_index)

    @property
    def ok(self) -> bool:
        """Sound now: tables intact and the index (after any rebuild) in step."""
        index_fine = not self.index_out_of_step or (self.rebuilt is not None and self.fts_error_after is None)
        notes_fine = not self.notes_out_of_step or self.notes_rebuilt is not None
        return self.integrity == ["ok"] and not self.foreign and not self.foreign_keys and index_fine and notes_fine

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok, "index_out_of_step": self.index_out_of_step}

    def lines(self) -> list[str]:
        """The findings, one line each, as a person reads them (the command and the app show these)."""
        out = [f"Integrity: {'ok' if self.integrity == ['ok'] else '; '.join(self.integrity[:5])}"]
        if self.foreign:
            out += [f"Schema: holds what Briefing Book did not make: {part}" for part in self.foreign]
        else:
            out.append("Schema: ok")
        broken = len(self.foreign_keys)
        out.append("Links between records: ok" if not broken else f"Links between records: {broken} broken")
        if self.fts_error:
            out.append(f"Search index: damaged ({self.fts_error})")
        for ids, what in (
            (self.missing_from_index, "documents missing from it"),
            (self.orphans_in_index, "entries for deleted documents"),
            (self.stale_in_index, "entries out of date"),
        ):
            if ids:
                out.append(f"Search index: {len(ids)} {what}")
        if not self.index_out_of_step:
            out.append("Search index: ok")
        elif self.rebuilt is not None:
            state = "ok" if self.fts_error_after is None else f"still damaged ({self.fts_error_after})"
            out.append(f"Search index: rebuilt for {self.rebuilt} documents; {state}")
        if not self.notes_out_of_step:
            out.append("Notes index: ok")
        elif self.notes_rebuilt is not None:
            noun = "note" if self.notes_rebuilt == 1 else "notes"
            out.append(f"Notes index: was out of step; rebuilt for {self.notes_rebuilt} {noun}")
        else:
            out.append("Notes index: out of step with the notes")
        out += [f"Import: {line}" for line in self.importers] or ["Import: every format can be read"]
        return out


def fts_integrity_error(store: Store) -> str | None:
    try:
        store.execute("INSERT INTO search_index(search_index) VALUES('integrity-check')")
    except DATABASE_ERRORS as exc:
        if store.read_only and "readonly" in str(exc).lower():
            return None  # a read-only library cannot run the index's own check; the comparison below still runs
        return str(exc)
    return None


def _index_differences(store: Store, progress: Progress | None) -> tuple[list[int], list[int], list[int]]:
    doc_ids = [r[0] for r in store.execute("SELECT id FROM documents ORDER BY id").fetchall()]
    index_ids = {r[0] for r in store.execute("SELECT rowid FROM search_index").fetchall()}
    missing = [i for i in doc_ids if i not in index_ids]
    orphans = sorted(index_ids - set(doc_ids))
    stale = []
    for n, doc_id in enumerate(doc_ids, 1):
        if doc_id in index_ids:
            row = store.execute(
                "SELECT title_fold, body_fold, title_key, body_key, facets FROM search_index WHERE rowid = ?", [doc_id]
            ).fetchone()
            if tuple(row) != expected_index_row(store, doc_id):
                stale.append(doc_id)
        if progress and (n % 200 == 0 or n == len(doc_ids)):
            progress(n, len(doc_ids))
    return missing, orphans, stale


def check_store(store: Store, *, repair: bool = True, progress: Progress | None = None) -> CheckReport:
    """Run the integrity, foreign-key and index checks; rebuild the index when it is out of step."""
    report = CheckReport(importers=import_problems())
    report.integrity = [r[0] for r in store.execute("PRAGMA integrity_check").fetchall()]
    report.foreign = foreign_parts(store.db.conn)
    report.foreign_keys = [
        {"table": r[0], "rowid": r[1], "parent": r[2]} for r in store.execute("PRAGMA foreign_key_check").fetchall()
    ]
    report.fts_error = fts_integrity_error(store)
    # a read transaction (deferred: it does not block writers in other windows),
    # so the comparison sees one consistent state of the library
    conn = store.db.conn
    conn.execute("BEGIN")
    try:
        report.missing_from_index, report.orphans_in_index, report.stale_in_index = _index_differences(store, progress)
        # a library from before the notes index (0012), opened without migrating, has none to compare
        report.notes_out_of_step = has_note_index(conn) and not note_index_in_step(store)
    finally:
        conn.execute("ROLLBACK")
    if repair and report.notes_out_of_step and report.integrity == ["ok"] and not report.foreign \
            and not store.read_only:
        report.notes_rebuilt = rebuild_note_index(store)
    if repair and report.index_out_of_step and report.integrity == ["ok"] and not report.foreign \
            and not store.read_only:
        if report.fts_error:
            # a damaged index cannot even delete its rows: first rebuild its
            # structure from the text it stores, then rewrite every document's row
            store.execute("INSERT INTO search_index(search_index) VALUES('rebuild')")
        report.rebuilt = rebuild_search_index(store)
        report.fts_error_after = fts_integrity_error(store)
    return report
