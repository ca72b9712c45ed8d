"""The store: one SQLite library behind a connection, with transactions and small query helpers.

``briefing.library.opening`` finds, creates, decrypts and migrates the file;
everything else works on the ``Store`` it returns.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from briefing.errors import DiskFull, StoreBusy, StoreReadOnly
from briefing.library.encryption import OPERATIONAL_ERRORS

T = TypeVar("T")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A migrated SQLite library. Use ``atomic()`` around every unit of work."""

    def __init__(self, db: Database, path: Path | None, passphrase: str | None = None, *, read_only: bool = False):
        self.db = db
        self.path = path
        # kept in memory only, so backups of an encrypted store are made encrypted
        self.passphrase = passphrase
        self.read_only = read_only  # opened from a place this user cannot write to: every write is refused
        self._memo: dict[str, tuple[tuple[int, int], Any]] = {}

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One unit of work: all of it is committed, or none of it.

        The outermost block starts with BEGIN IMMEDIATE, taking the write lock
        before reading: a deferred transaction that reads and then writes can
        find another process committed in between and fail at once with
        "database is locked" (no busy wait helps there). Inner blocks are
        savepoints. When another process holds the lock longer than the busy
        timeout, the caller gets StoreBusy rather than a hang.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with _busy_as_error(self.path), self.db.atomic():
                yield self.db
            return
        if self.read_only:
            raise StoreReadOnly(read_only_message(self.path))
        with _busy_as_error(self.path):
            conn.execute("BEGIN IMMEDIATE")
        try:
            with _busy_as_error(self.path):
                yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            with _busy_as_error(self.path):
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def execute(self, sql: str, params: tuple | list | dict = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def rows(self, sql: str, params: tuple | list | dict = ()) -> list[dict]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def one(self, sql: str, params: tuple | list | dict = ()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: tuple | list | dict = ()):
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the library changes, in this connection or another process."""
        # data_version moves when another connection commits, total_changes when this one writes
        version = (self.scalar("PRAGMA data_version"), self.db.conn.total_changes)
        found = self._memo.get(key)
        if found is None or found[0] != version:
            found = (version, compute())
            self._memo[key] = found
        return found[1]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def busy_message(path: Path | None) -> str:
    return f"{path or 'the store'}: the store is busy in another window or process; try again"


def read_only_message(path: Path | None) -> str:
    return (f"the library is read-only: {path or 'the store'} is in a place you cannot write to; nothing was "
            "changed (copy it to a folder of your own to edit it)")


def full_message(path: Path | None) -> str:
    return (f"{path or 'the store'}: the disk is full, so the change was not saved and the library is as it was; "
            "free some space and try again")


def plain_error(exc: BaseException, path: Path | None) -> Exception | None:
    """The plain-words error for a database error a user can act on (busy, read-only, disk full); else None."""
    if not isinstance(exc, OPERATIONAL_ERRORS):
        return None
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy(busy_message(path))
    if "readonly" in text or "read-only" in text:
        return StoreReadOnly(read_only_message(path))
    if "disk is full" in text or "disk full" in text:
        return DiskFull(full_message(path))
    return None


def _is_busy(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, OPERATIONAL_ERRORS) and ("locked" in text or "busy" in text)


@contextmanager
def _busy_as_error(path: Path | None) -> Iterator[None]:
    """A busy, read-only or full library as an error in plain words (``plain_error``)."""
    try:
        yield
    except OPERATIONAL_ERRORS as exc:
        plain = plain_error(exc, path)
        if plain is not None:
            raise plain from exc
        raise
