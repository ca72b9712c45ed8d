"""Backups of the store: online copies through SQLite's backup API, and restore.

Automatic copies (daily on start, before a migration, before a restore) go to a
``backups/`` folder beside the store and rotate: the newest ``KEEP`` of each
store are kept. A copy is taken from its own read connection, so it never waits
on (or blocks) a writer, and it is written to a temporary name and renamed, so a
crash never leaves a half-written backup under a real name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import BriefingError, ForeignSchema
from briefing.library.encryption import DATABASE_ERRORS, ERRORS, OPERATIONAL_ERRORS, connect, is_encrypted
from briefing.library.identity import describe, foreign_parts
from briefing.library.opening import check_store_path, open_store

if TYPE_CHECKING:
    from briefing.library.store import Store

KEEP = 7
BACKUP_DIR = "backups"
AUTOMATIC = ("daily", "migration", "before-restore")
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "briefing"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<date>\d{8})-(?P<time>\d{6})-(?P<micro>\d{6})-(?P<reason>[a-z-]+)\.sqlite$")


def backup_dir(store_path: Path) -> Path:
    return store_path.parent / BACKUP_DIR


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # directories cannot be opened for fsync on Windows; rename is durable enough there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_store(source: Path, target: Path, *, passphrase: str | None = None) -> Path:
    """Copy the store at ``source`` to ``target`` (a self-contained file, no WAL), atomically.

    The copy of an encrypted store is encrypted with the same passphrase.
    """
    target = Path(target)
    if target.exists() and target.is_dir():
        raise BriefingError(f"{target}: is a folder; give a file name for the backup")
    if target.resolve() == Path(source).resolve():
        raise BriefingError(f"{target}: is the store itself; choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    src = connect(source, passphrase, timeout=5)
    try:
        dest = connect(tmp, passphrase)
        try:
            src.backup(dest)
            # the copy should be one file: leave WAL so no -wal/-shm travels with it
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except ERRORS as exc:
        raise BriefingError(f"{target}: the backup failed ({exc})") from exc
    except OSError as exc:
        raise BriefingError(f"{target}: cannot write the backup ({exc.strerror or exc})") from exc
    finally:
        src.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            if leftover.exists():
                leftover.unlink()
    return target


def backups_of(store_path: Path) -> list[Path]:
    """This store's backups in the backups folder, oldest first."""
    folder = backup_dir(store_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if m and m["stem"] == store_path.stem:
            found.append(path)
    return sorted(found, key=lambda p: _NAME.match(p.name).group("date", "time", "micro"))


def _reason(path: Path) -> str:
    m = _NAME.match(path.name)
    return m["reason"] if m else ""


def rotate(store_path: Path, keep: int = KEEP, *, stale_after: float = 3600) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; manual ones are the user's to delete.

    Also clears partial copies left by a backup that was killed half-way (old
    enough that no running backup can still be writing them).
    """
    automatic = [p for p in backups_of(store_path) if _reason(p) in AUTOMATIC]
    doomed = automatic[: max(0, len(automatic) - keep)]
    folder = backup_dir(store_path)
    if folder.is_dir():
        cutoff = time.time() - stale_after
        for partial in folder.glob(f".{store_path.stem}-*.partial*"):
            if partial.stat().st_mtime < cutoff:
                doomed.append(partial)
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def make_backup(
    store_path: Path, reason: str, *, keep: int = KEEP, when: dt.datetime | None = None, passphrase: str | None = None
) -> Path:
    """A new backup in the backups folder named for the store, the time and the reason."""
    when = when or dt.datetime.now()
    name = f"{store_path.stem}-{when.strftime('%Y%m%d-%H%M%S-%f')}-{reason}.sqlite"
    target = copy_store(store_path, backup_dir(store_path) / name, passphrase=passphrase)
    if reason in AUTOMATIC:
        rotate(store_path, keep)
    return target


def _has_records(store: Store) -> bool:
    tables = ("documents", "books", "annotations", "people", "events", "figures")
    return any(store.scalar(f"SELECT EXISTS (SELECT 1 FROM {t})") for t in tables)


def ensure_daily_backup(store: Store, *, keep: int = KEEP, today: dt.date | None = None) -> Path | None:
    """Back the store up once a day, on the first open of that day; returns the new copy or None.

    An empty store is not worth a copy; a store in memory has no file to copy.
    """
    if store.path is None or not store.path.exists():
        return None
    today = today or dt.date.today()
    stamp = today.strftime("%Y%m%d")
    if any(_NAME.match(p.name)["date"] == stamp for p in backups_of(store.path)):
        return None
    if not _has_records(store):
        return None
    when = dt.datetime.combine(today, dt.datetime.now().time())
    return make_backup(store.path, "daily", keep=keep, when=when, passphrase=store.passphrase)


def _open_read_only(path: Path, passphrase: str | None) -> sqlite3.Connection:
    return connect(f"file:{path.resolve()}?mode=ro", passphrase, uri=True)


def validate_store_file(path: Path, passphrase: str | None = None) -> None:
    """Refuse anything that is not a sound Briefing Book store, naming the reason.

    With ``passphrase``, the file must be a store encrypted with it.
    """
    path = Path(path)
    if not path.is_file():
        raise BriefingError(f"{path}: no such file")
    if passphrase is None and is_encrypted(path):
        raise BriefingError(f"{path}: not a Briefing Book store (not an SQLite database, or an encrypted one)")
    if passphrase is not None and not is_encrypted(path):
        raise BriefingError(f"{path}: not encrypted, while the library is; decrypt the library first")
    try:
        conn = _open_read_only(path, passphrase)
    except ERRORS as exc:
        raise BriefingError(f"{path}: cannot be opened ({exc})") from exc
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise BriefingError(f"{path}: damaged, fails the integrity check ({problems[0]})")
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
        ).fetchone()
        applied = has_table and conn.execute(
            f"SELECT count(*) FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET]
        ).fetchone()[0]
        if not applied:
            raise BriefingError(f"{path}: an SQLite database, but not a Briefing Book store (no migrations table)")
        foreign = foreign_parts(conn)
        if foreign:
            raise ForeignSchema(f"{path}: refused, the library holds what Briefing Book did not make: {describe(foreign)}")
    except DATABASE_ERRORS as exc:
        if "malformed" in str(exc) or "corrupt" in str(exc):
            raise BriefingError(f"{path}: damaged, fails the integrity check ({exc})") from exc
        raise BriefingError(f"{path}: not a Briefing Book store ({exc})") from exc
    finally:
        conn.close()


def restore(store: Store, source: Path, *, keep: int = KEEP) -> Path:
    """Replace the store's content with ``source``; returns the backup taken of the current content.

    The copy goes through the backup API into the open store, which SQLite applies
    as one write transaction: another window sees either the old library or the
    restored one, and a crash half-way leaves the old one.
    """
    source = Path(source)
    if store.path is None:
        raise BriefingError("a store in memory cannot be restored into")
    if source.resolve() == store.path.resolve():
        raise BriefingError(f"{source}: is the store itself")
    validate_store_file(source, store.passphrase)
    safety = make_backup(store.path, "before-restore", keep=keep, passphrase=store.passphrase)
    src = _open_read_only(source, store.passphrase)
    try:
        src.backup(store.db.conn)
    except OPERATIONAL_ERRORS as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            from briefing.errors import StoreBusy

            raise StoreBusy(f"{store.path}: the store is busy in another window or process; try again") from exc
        raise BriefingError(f"{source}: cannot be restored ({exc})") from exc
    finally:
        src.close()
    # the file came in as a rollback-journal database; keep the store in WAL for concurrency
    store.db.conn.execute("PRAGMA journal_mode = WAL")
    return safety


def restore_file(store_path: Path, source: Path, *, keep: int = KEEP, passphrase: str | None = None) -> Path | None:
    """Restore over a store file too damaged to open: the damaged file is moved aside, not lost.

    Returns where the damaged file went (None when there was no file).
    """
    source = Path(source)
    check_store_path(store_path)  # a device or a FIFO is never moved aside and replaced
    validate_store_file(source, passphrase)
    if store_path.exists() and source.resolve() == store_path.resolve():
        raise BriefingError(f"{source}: is the store itself")
    # the copy is made and synced under a temporary name first; only then is the damaged file moved
    staged = copy_store(source, store_path.with_name(f".{store_path.name}.restoring"), passphrase=passphrase)
    kept = None
    if store_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        kept = backup_dir(store_path) / f"{store_path.stem}-{stamp}-replaced.sqlite"
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(store_path, kept)
    for side in ("-wal", "-shm"):
        # a log left by the damaged file must not be replayed onto the restored one
        stale = store_path.with_name(store_path.name + side)
        if stale.exists():
            if kept is not None:
                os.replace(stale, kept.with_name(kept.name + side))
            else:
                stale.unlink()
    os.replace(staged, store_path)
    _fsync_dir(store_path.parent)
    return kept


def backup_before_upgrade(store_path: Path, passphrase: str | None) -> Path:
    """The copy taken before a schema upgrade; it joins the rotation in ``backups/``."""
    return make_backup(store_path, "migration", passphrase=passphrase)


def open_library(
    path: str | os.PathLike[str] | None = None,
    *,
    passphrase: str | None = None,
    migrate: bool = True,
    on_upgrade: Callable[[list[str]], None] | None = None,
    create: bool = True,
    verify_schema: bool = True,
) -> Store:
    """``open_store`` as the app and the command line open the user's library: copied aside before an upgrade."""
    return open_store(
        path,
        passphrase=passphrase,
        migrate=migrate,
        on_upgrade=on_upgrade,
        before_upgrade=backup_before_upgrade,
        create=create,
        verify_schema=verify_schema,
    )
