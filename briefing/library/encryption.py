"""Encryption at rest, optional: a store protected by a passphrase through SQLCipher.

The passphrase lives only in memory (typed at a hidden prompt or given in the
environment); it is never written to the store, a backup or a settings file.
SQLCipher derives the key from it (PBKDF2, per-file salt), so a wrong
passphrase is told apart from a damaged file only in that neither opens: the
message says both.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from briefing.errors import BriefingError

PASSPHRASE_ENV = "BRIEFING_PASSPHRASE"


class PassphraseNeeded(BriefingError):
    """The store is encrypted and no passphrase was given: ask for one."""


class WrongPassphrase(BriefingError):
    pass


def _sqlcipher() -> ModuleType | None:
    try:
        import sqlcipher3
    except ImportError:
        return None
    return sqlcipher3


def _driver() -> ModuleType:
    module = _sqlcipher()
    if module is None:
        raise BriefingError("encryption needs the sqlcipher3-wheels package, which is not installed")
    return module


def _errors(name: str) -> tuple[type[Exception], ...]:
    module = _sqlcipher()
    return (getattr(sqlite3, name),) + ((getattr(module, name),) if module else ())


# what either driver raises: catch these, not sqlite3's alone
DATABASE_ERRORS = _errors("DatabaseError")
OPERATIONAL_ERRORS = _errors("OperationalError")
ERRORS = _errors("Error")


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """A non-empty file without SQLite's plain header (encrypted, or not a database at all)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return False
    return _read_header(path) != _HEADER


_HEADER = b"SQLite format 3\x00"
_HEADER_FILES: dict[tuple[int, int], int] = {}  # (device, inode) -> a descriptor kept open
_HEADER_LOCK = threading.Lock()


def _read_header(path: Path) -> bytes:
    """The file's first 16 bytes, read without ever closing a handle on it.

    On POSIX, closing any handle on a file drops every lock this process holds
    on it, the locks of its open SQLite connections included (the standard
    library's and SQLCipher's alike). Another process could then take the store
    for its own, checkpoint and delete the write-ahead log this process still
    uses, and this process would next read a "malformed" store (SQLite's "How To
    Corrupt An SQLite Database File", section 2.2). So the descriptor used to
    read a store's header stays open for the life of the process: one per file.
    Windows locks belong to the handle, so there a plain read is safe.
    """
    if not hasattr(os, "pread"):
        with open(path, "rb") as fh:
            return fh.read(16)
    with _HEADER_LOCK:
        st = os.stat(path)
        fd = _HEADER_FILES.get((st.st_dev, st.st_ino))
        if fd is not None and os.fstat(fd).st_nlink == 0:
            # the file it was opened on is deleted and its inode number reused: nobody else
            # can open that file any more, so closing this handle endangers no lock
            os.close(fd)
            fd = None
        if fd is None:
            fd = os.open(path, os.O_RDONLY)
            _HEADER_FILES[(st.st_dev, st.st_ino)] = fd
        return os.pread(fd, 16, 0)


def _literal(passphrase: str) -> str:
    if not passphrase:
        raise BriefingError("the passphrase is empty")
    if "\x00" in passphrase:
        raise BriefingError("the passphrase holds a NUL character")
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: str | os.PathLike[str], passphrase: str | None = None, **kwargs: Any) -> sqlite3.Connection:
    """Open ``path`` with the standard driver, or with SQLCipher keyed by ``passphrase``.

    The key is checked at once by reading the schema, so a wrong passphrase is a
    clear error here rather than an odd one later.
    """
    if passphrase is None:
        return sqlite3.connect(path, **kwargs)
    module = _driver()
    conn = module.connect(str(path), **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would log a wrong key to stderr
        conn.execute(f"PRAGMA key = {_literal(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongPassphrase(f"{path}: wrong passphrase (or the file is not a Briefing Book store)") from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _checkpoint(path: Path, passphrase: str | None) -> None:
    conn = connect(path, passphrase, timeout=5)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _swap_in(staged: Path, path: Path) -> None:
    """Put ``staged`` in place of ``path``, with no log of the old file left to replay onto it."""
    os.replace(staged, path)
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)


def _export(path: Path, source_key: str | None, target_key: str | None) -> Path:
    """Copy the store into a new file with another key (or none) through sqlcipher_export."""
    module = _driver()
    staged = path.with_name(f".{path.name}.rekeying")
    staged.unlink(missing_ok=True)
    conn = module.connect(str(path), timeout=5)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            conn.execute(f"PRAGMA key = {_literal(source_key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        key = _literal(target_key) if target_key is not None else "''"  # '' attaches a plain database
        conn.execute(f"ATTACH DATABASE ? AS target KEY {key}", [str(staged)])
        conn.execute("SELECT sqlcipher_export('target')")
        conn.execute("DETACH DATABASE target")
    except module.DatabaseError as exc:
        staged.unlink(missing_ok=True)
        if "not a database" in str(exc):
            raise WrongPassphrase(f"{path}: wrong passphrase") from exc
        raise BriefingError(f"{path}: cannot be re-encrypted ({exc})") from exc
    finally:
        conn.close()
    check = connect(staged, target_key)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BriefingError(f"{path}: the converted copy failed its integrity check; nothing was changed")
        check.execute("PRAGMA journal_mode = WAL")
    finally:
        check.close()
    return staged


def encrypt_store(path: str | os.PathLike[str], passphrase: str) -> None:
    """Turn a plain store into an encrypted one, in place (close other windows first)."""
    path = Path(path)
    if is_encrypted(path):
        raise BriefingError(f"{path}: is already encrypted")
    _literal(passphrase)
    _checkpoint(path, None)
    _swap_in(_export(path, None, passphrase), path)


def decrypt_store(path: str | os.PathLike[str], passphrase: str) -> None:
    """Turn an encrypted store back into a plain one, in place."""
    path = Path(path)
    if not is_encrypted(path):
        raise BriefingError(f"{path}: is not encrypted")
    _checkpoint(path, passphrase)
    _swap_in(_export(path, passphrase, None), path)
