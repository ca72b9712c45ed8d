"""Opening the local store: one SQLite file, migrated, WAL, foreign keys on."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlite_utils import Database

from .errors import BriefingError, StoreBusy
from .schema import migrations

STORE_ENV = "BRIEFING_STORE"
APP_NAME = "briefing-book"
BUSY_TIMEOUT_MS = 5000


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

    def __init__(self, db: Database, path: Path | None):
        self.db = db
        self.path = path

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreBusy(f"{self.path}: the store is busy in another window or process; try again") from exc
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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def _backup_before_migrating(path: Path, conn: sqlite3.Connection) -> Path:
    """Copy the file aside, through SQLite's backup API so a live WAL is included."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-migration-{stamp}{path.suffix}")
    with sqlite3.connect(target) as copy:
        conn.backup(copy)
    copy.close()
    return target


def open_store(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the store at ``path``; ``":memory:"`` gives a scratch store."""
    if str(path) == ":memory:":
        db = Database(memory=True)
        _configure(db.conn)
        migrations.apply(db)
        return Store(db, None)
    file = resolve_store_path(path)
    if file.exists() and file.is_dir():
        raise BriefingError(f"{file}: is a folder, not a store file")
    file.parent.mkdir(parents=True, exist_ok=True)
    existed = file.exists() and file.stat().st_size > 0
    try:
        conn = sqlite3.connect(file, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        db = Database(conn)
        if migrate:
            if existed and migrations.pending(db):
                _backup_before_migrating(file, conn)
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreBusy(f"{file}: the store is busy in another window or process; try again") from exc
        raise BriefingError(f"{file}: not a Briefing Book store ({exc})") from exc
    return Store(db, file)
