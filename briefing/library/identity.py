"""Whether a SQLite file holds only what this version's migrations made: its schema's identity.

A library is a file from outside as much as any document: a restored backup,
a copy from a colleague, a file left by a newer version. SQLite runs whatever
a file's schema holds, so a trigger planted in it (``AFTER INSERT ON
annotations BEGIN DELETE FROM book_items; END``) would run inside the app's
own transactions. Every open, restore and check therefore compares the
file's schema with the one the migrations it records produce, and refuses
anything else: a trigger, view, table or index the app did not create, one
whose definition differs, a migration this version does not know (a newer
version's library) or a ``user_version`` the app never sets.

The schema after each migration is kept in ``resources/schema.json`` rather
than replayed at every open (a replay costs ~20 ms, the comparison ~1 ms);
``tests/library/test_identity.py`` checks the file against a fresh replay, and
``python -m briefing.library.identity`` writes it anew after a new migration.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import sys
from functools import cache
from typing import Any

from briefing.resources import resource_path

MIGRATION_SET = "briefing"
MIGRATIONS_TABLE = "_sqlite_migrations"
USER_VERSION = 0  # the app never sets it; a newer version that does is not this one's to open
# tables SQLite itself makes: AUTOINCREMENT counters and the planner's statistics (ANALYZE, PRAGMA optimize)
SQLITE_OWN = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}
SCHEMA_FILE = "schema.json"

Shape = dict[str, str]  # "type name" -> digest of its definition


def _normal_sql(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _fts_columns(conn: sqlite3.Connection, name: str) -> str:
    # An FTS5 table's options (prefix lengths) changed during development without a
    # migration of their own; what the app relies on is the module and its columns.
    columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")').fetchall()]
    return "virtual fts5(" + ", ".join(columns) + ")"


def _definition(conn: sqlite3.Connection, kind: str, name: str, sql: str | None) -> str:
    normal = _normal_sql(sql)
    if kind == "table" and re.match(r"CREATE VIRTUAL TABLE", normal, re.IGNORECASE):
        normal = _fts_columns(conn, name)
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest()


def shape_of(conn: sqlite3.Connection) -> Shape:
    """Every schema object of the file, SQLite's own tables left out, with a digest of its definition."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    return {f"{kind} {name}": _definition(conn, kind, name, sql) for kind, name, sql in rows if name not in SQLITE_OWN}


def applied_migrations(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(migration set, name) of every recorded migration, in the order applied; [] without the table."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not has_table:
        return []
    try:
        return [tuple(r) for r in conn.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE} ORDER BY rowid")]
    except sqlite3.DatabaseError:
        return [("?", "an unreadable migrations table")]


@cache
def expected_shapes() -> dict[str, Shape]:
    """The schema after each migration, by the migration's name; "" is a new, empty file."""
    with resource_path(SCHEMA_FILE).open(encoding="utf-8") as f:
        stages: dict[str, Any] = json.load(f)["after"]
    return {"": {}, **stages}


def replay_shapes() -> dict[str, Shape]:
    """The schema after each migration, made by applying the migrations to an empty database."""
    from sqlite_utils import Database

    from briefing.library.schema import migrations

    names = [m.name for m in migrations._migrations]
    shapes: dict[str, Shape] = {}
    for index, name in enumerate(names):
        db = Database(memory=True)
        stop = names[index + 1] if index + 1 < len(names) else None
        migrations.apply(db, stop_before=stop) if stop else migrations.apply(db)
        shapes[name] = shape_of(db.conn)
        db.close()
    return shapes


def foreign_parts(conn: sqlite3.Connection) -> list[str]:
    """What in the file this version of the app did not make, each named; [] for a sound library or a new file."""
    found: list[str] = []
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    if user_version != USER_VERSION:
        found.append(f"user_version {user_version} (the app leaves it at {USER_VERSION})")
    applied = applied_migrations(conn)
    known = expected_shapes()
    others = [name for migration_set, name in applied if migration_set != MIGRATION_SET]
    ours = [name for migration_set, name in applied if migration_set == MIGRATION_SET]
    unknown = [name for name in ours if name not in known]
    found += [f"migration {name!r} of another program" for name in others]
    if unknown:
        found += [f"migration {name!r}, from a newer version of Briefing Book" for name in unknown]
        return found  # a newer schema cannot be compared with this version's
    order = list(known)[1:]
    if ours != order[: len(ours)]:
        found.append("migrations applied out of order: " + ", ".join(ours))
        return found
    expected = known[ours[-1] if ours else ""]
    actual = shape_of(conn)
    for key in sorted(actual):
        kind, _, name = key.partition(" ")
        if key not in expected:
            found.append(f"{kind} {name!r}, which Briefing Book does not create")
        elif actual[key] != expected[key]:
            found.append(f"{kind} {name!r}, whose definition is not Briefing Book's")
    if ours and not found:
        missing = sorted(set(expected) - set(actual))
        found += [f"{key.partition(' ')[0]} {key.partition(' ')[2]!r} missing" for key in missing]
    elif not ours and actual and not found:
        found.append("no migrations table")
    return found


def describe(parts: list[str], limit: int = 3) -> str:
    """One line naming what is foreign: the first few parts and how many more."""
    shown = "; ".join(parts[:limit])
    return shown + (f"; and {len(parts) - limit} more" if len(parts) > limit else "")


def write_schema_file() -> None:
    """Write ``resources/schema.json`` from a replay of the migrations (after adding one)."""
    path = resource_path(SCHEMA_FILE)
    data = {
        "about": "The schema after each migration (type and name -> digest of its definition); "
        "written by python -m briefing.library.identity, checked by the tests.",
        "after": replay_shapes(),
    }
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    write_schema_file()
