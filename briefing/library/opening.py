"""Opening a library file: where it lives, creating or decrypting it, WAL and foreign keys, migrations.

A store that needs a schema upgrade is first copied aside by the caller's
``before_upgrade`` hook (the safekeeping layer's backup), so this layer never
imports the one above it.

The path must name a file: an empty path is an error (never the default
library), and a folder, a device, a FIFO or a socket is refused before anything
is opened or created beside it. A library in a place this user cannot write
(a read-only folder, disk or file) opens read-only: it is read as it stands,
never switched to WAL nor migrated, and a write is refused with "the library
is read-only" (``Store.read_only``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import platformdirs
from sqlite_utils import Database

from briefing.errors import BriefingError, ForeignSchema, StoreBusy
from briefing.library.encryption import DATABASE_ERRORS, PassphraseNeeded, connect, is_encrypted
from briefing.library.identity import describe, foreign_parts
from briefing.library.schema import migrations
from briefing.library.store import Store, _busy_as_error, _is_busy, busy_message

STORE_ENV = "BRIEFING_STORE"
APP_NAME = "briefing-book"
BUSY_TIMEOUT_MS = 5000
# told the library file and its passphrase before a schema upgrade, to copy it aside
BeforeUpgrade = Callable[[Path, str | None], object]


def default_store_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.sqlite"


def resolve_store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--store wins over BRIEFING_STORE, which wins over the user's data directory.

    An empty ``explicit`` path is an error, as is a path to something other than a
    regular file: neither may stand for the default library, nor be written over."""
    if explicit is not None and not str(explicit).strip():
        raise BriefingError("the library's path is empty: give a file, or leave --store out for the default library")
    if explicit:
        path = Path(explicit).expanduser()
    elif os.environ.get(STORE_ENV):
        path = Path(os.environ[STORE_ENV]).expanduser()
    else:
        path = default_store_path()
    check_store_path(path)
    return path


def check_store_path(file: Path) -> None:
    """Refuse a path that exists and is not a regular file (a link to one will do), before anything is opened."""
    if file.exists() and file.is_dir():
        raise BriefingError(f"{file}: is a folder, not a store file")
    if file.exists() and not file.is_file():
        raise BriefingError(f"{file}: not a regular file, so not a library")


def writable(file: Path) -> bool:
    """Whether this user may change the library: its file and the folder its journal goes in."""
    return os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)


def _connect_read_only(file: Path, passphrase: str | None) -> sqlite3.Connection:
    """The library opened for reading only. A WAL library in a folder where SQLite cannot make its
    shared-memory file opens as immutable, when no write-ahead log holds changes it would miss."""
    uri = f"file:{quote(str(file.resolve()))}?mode=ro"
    try:
        conn = connect(uri, passphrase, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except DATABASE_ERRORS:
        log = file.with_name(file.name + "-wal")
        if log.exists() and log.stat().st_size > 0:
            raise
    return connect(uri + "&immutable=1", passphrase, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


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
    before_upgrade: BeforeUpgrade | None = None,
) -> None:
    """Apply pending migrations under the write lock, after ``before_upgrade`` copied the store aside.

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
    if existed and file is not None and before_upgrade is not None:
        before_upgrade(file, passphrase)
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


def migrate(store: Store, *, before_upgrade: BeforeUpgrade | None = None) -> None:
    """Bring an open store (for example one just restored) up to the current schema."""
    _migrate(store.db, store.path, existed=True, passphrase=store.passphrase, before_upgrade=before_upgrade)


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    passphrase: str | None = None,
    on_upgrade: Callable[[list[str]], None] | None = None,
    before_upgrade: BeforeUpgrade | None = None,
    create: bool = True,
    verify_schema: bool = True,
) -> Store:
    """Open the store at ``path``, creating it when ``create``; ``":memory:"`` gives a scratch store.

    Without ``create`` a missing or empty file is an error naming it: commands
    that read or edit a library never make one by accident. A file whose schema
    holds anything this version's migrations did not make is refused before
    anything is written to it (see ``identity``); ``verify_schema=False`` (only with
    ``migrate=False``) opens it anyway, for ``check`` to report what is foreign.

    With ``passphrase`` the store is encrypted (a new one is created encrypted);
    an encrypted store opened without one raises PassphraseNeeded, a wrong one
    WrongPassphrase. ``on_upgrade(names)`` is told before an existing store is
    brought up to date by the named migrations (some rebuild the search index);
    ``before_upgrade(path, passphrase)`` runs just before, to copy the file aside.
    """
    if not verify_schema and migrate:
        raise ValueError("a library whose schema was not verified is never migrated")
    if str(path) == ":memory:":
        db = Database(memory=True)
        _configure(db.conn)
        _migrate(db, None, existed=False)
        return Store(db, None)
    file = resolve_store_path(path)
    existed = file.exists() and file.stat().st_size > 0
    if not create and not existed:
        reason = "is empty" if file.exists() else "does not exist"
        raise BriefingError(f"{file}: no library here (the file {reason}); make one with 'briefing init'")
    file.parent.mkdir(parents=True, exist_ok=True)
    if existed and passphrase is None and is_encrypted(file):
        raise PassphraseNeeded(
            f"{file}: the library is encrypted (or not a Briefing Book store); "
            "give its passphrase (--ask-passphrase, or the BRIEFING_PASSPHRASE variable)"
        )
    if existed and passphrase is not None and not is_encrypted(file):
        raise BriefingError(f"{file}: the library is not encrypted; open it without a passphrase")
    read_only = existed and not writable(file)
    try:
        conn = _connect_read_only(file, passphrase) if read_only else connect(file, passphrase,
                                                                              timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
        foreign = foreign_parts(conn) if verify_schema else []
        if foreign:
            conn.close()
            raise ForeignSchema(f"{file}: refused, the library holds what Briefing Book did not make: {describe(foreign)}")
        db = Database(conn)
        if read_only:
            if migrate and migrations.pending(db):
                conn.close()
                raise BriefingError(f"{file}: the library is read-only, and this version must bring it up to date "
                                    "before it can read it: copy it to a folder of your own first")
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            if migrate:
                _migrate(db, file, existed, passphrase, on_upgrade, before_upgrade)
    except DATABASE_ERRORS as exc:
        if _is_busy(exc):
            raise StoreBusy(busy_message(file)) from exc
        raise BriefingError(f"{file}: not a Briefing Book store ({exc})") from exc
    return Store(db, file, passphrase, read_only=read_only)
