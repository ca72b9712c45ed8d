"""Opening the local store: one SQLite file, migrated, WAL, foreign keys on."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlite_utils import Database

from .encryption import DATABASE_ERRORS, OPERATIONAL_ERRORS, PassphraseNeeded, connect, is_encrypted
from .errors import BriefingError, StoreBusy
from .schema import migrations

STORE_ENV = "BRIEFING_STORE"
APP_NAME = "briefing-book"
BUSY_TIMEOUT_MS = 5000
T = TypeVar("T")


def default_store_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.sqlite"


def resolve_store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--store wins over BRIEFING_STORE, which wins over the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    return default_store_path()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A migrated SQLite library. Use ``atomic()`` around every unit of work."""

    def __init__(self, db: Database, path: Path | None, passphrase: str | None = None):
        self.db = db
        self.path = path
        # kept in memory only, so backups of an encrypted store are made encrypted
        self.passphrase = passphrase
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
        with _busy_as_error(self.path):
            conn.execute("BEGIN IMMEDIATE")
        try:
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


def _is_busy(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, OPERATIONAL_ERRORS) and ("locked" in text or "busy" in text)


@contextmanager
def _busy_as_error(path: Path | None) -> Iterator[None]:
    try:
        yield
    except OPERATIONAL_ERRORS as exc:
        if _is_busy(exc):
            raise StoreBusy(busy_message(path)) from exc
        raise


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # a write statement run outside atomic() takes the write lock up front too
    conn.isolation_level = "IMMEDIATE"


def _migrate(
    db: Database,
    file: Path | None,
    existed: bool,
    passphrase: str | None = None,
    on_upgrade: Callable[[list[str]], None] | None = None,
) -> None:
    """Apply pending migrations under the write lock, copying the store aside first.

    Two processes opening an old store at once: the second waits for the lock,
    then finds nothing pending. The copy is taken before the lock, from a
    separate connection (a connection cannot back itself up inside its own
    write transaction); it joins the rotation in ``backups/``.
    """
    pending = migrations.pending(db)
    if not pending:
        return
    if existed and on_upgrade is not None:
        on_upgrade([m.name for m in pending])
    if existed and file is not None:
        from .backup import make_backup

        make_backup(file, "migration", passphrase=passphrase)
    conn = db.conn
    with _busy_as_error(file):
        conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # each migration nests as a savepoint in this transaction
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def migrate(store: Store) -> None:
    """Bring an open store (for example one just restored) up to the current schema."""
    _migrate(store.db, store.path, existed=True, passphrase=store.passphrase)


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    passphrase: str | None = None,
    on_upgrade: Callable[[list[str]], None] | None = None,
) -> Store:
    """Open (creating if needed) the store at ``path``; ``":memory:"`` gives a scratch store.

    With ``passphrase`` the store is encrypted (a new one is created encrypted);
    an encrypted store opened without one raises PassphraseNeeded, a wrong one
    WrongPassphrase. ``on_upgrade(names)`` is told before an existing store is
    brought up to date by the named migrations (some rebuild the search index).
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
        _configure(db.conn)
        _migrate(db, None, existed=False)
        return Store(db, None)
    file = resolve_store_path(path)
    if file.exists() and file.is_dir():
        raise BriefingError(f"{file}: is a folder, not a store file")
    file.parent.mkdir(parents=True, exist_ok=True)
    existed = file.exists() and file.stat().st_size > 0
    if existed and passphrase is None and is_encrypted(file):
        raise PassphraseNeeded(
            f"{file}: the library is encrypted (or not a Briefing Book store); "
            "give its passphrase (--ask-passphrase, or the BRIEFING_PASSPHRASE variable)"
        )
    if existed and passphrase is not None and not is_encrypted(file):
        raise BriefingError(f"{file}: the library is not encrypted; open it without a passphrase")
    try:
        conn = connect(file, passphrase, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        db = Database(conn)
        if migrate:
            _migrate(db, file, existed, passphrase, on_upgrade)
    except DATABASE_ERRORS as exc:
        if _is_busy(exc):
            raise StoreBusy(busy_message(file)) from exc
        raise BriefingError(f"{file}: not a Briefing Book store ({exc})") from exc
    return Store(db, file, passphrase)
