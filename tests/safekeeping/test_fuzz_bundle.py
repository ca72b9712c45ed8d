"""Hostile bundles: every file ends as a clean import or a clean refusal that changes nothing.

Hypothesis builds raw bytes, damaged copies of a real bundle (bytes flipped,
cut, inserted) and, hardest, bundles with a correct checksum around a payload
whose values were replaced by arbitrary JSON, the way a hand-made file would
be. ``import_bundle`` must either import (the store then passes its checks
and holds the book) or raise ``BriefingError`` with one line naming the file,
leaving every table as it was.

Bounded here (BRIEFING_FUZZ_EXAMPLES, default 30, derandomized so a run is
repeatable); ``tools/fuzz.py --only bundle`` runs more with fresh randomness.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.book.books import create_book
from briefing.book.items import add_item
from briefing.book.sections import add_section
from briefing.errors import BriefingError
from briefing.library.annotations import add_annotation
from briefing.library.documents import add_document
from briefing.library.events import add_event
from briefing.library.figures import add_figure
from briefing.library.opening import open_store
from briefing.library.people import add_person
from briefing.safekeeping import bundle
from briefing.safekeeping.check import check_store

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="BRIEFING_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
STATS: Counter[str] = Counter()
REASONS: Counter[str] = Counter()
TABLES = ("documents", "annotations", "books", "book_sections", "book_items", "people", "events", "figures",
          "event_people", "event_documents", "document_tags", "tags", "search_index")


@cache
def small_bundle() -> bytes:
    """A book using every kind of record a bundle carries, small enough to fuzz quickly."""
    store = open_store(":memory:")
    person = add_person(store, {"slug": "p-one", "name": "Anna Example", "country": "AZ", "variants": ["A. Example"]})
    doc = add_document(store, {"slug": "d-one", "kind": "agreement", "title": "Agreement on trade", "date": "2020-05-01",
                               "text": "The parties agree to trade more.\n\n1. Lower tariffs.\n2. Open a corridor."},
                       parties=[{"name": "Azerbaijan", "country": "AZ"}], speakers=[{"name": "Anna Example", "person_id": person}],
                       tags=["trade"])
    event = add_event(store, {"slug": "e-one", "title": "Visit to Baku", "start_date": "2020-05-01", "place": "Baku"},
                      people=[person], documents=[doc])
    figure = add_figure(store, {"slug": "f-one", "label": "Trade", "value": 1.5, "unit": "bn USD", "as_of": "2020",
                                "source_document_id": doc})
    note = add_annotation(store, doc, "Lower tariffs", note="ask about this")
    add_annotation(store, doc, "Open a corridor", note="mine", private=True)
    book = create_book(store, "Fuzz book", event_id=event)
    section = add_section(store, book, "Background")
    sub = add_section(store, book, "Details", parent_id=section)
    add_item(store, section, "document", document_id=doc)
    add_item(store, sub, "excerpt", document_id=doc, annotation_ids=[note])
    add_item(store, sub, "note", title="Remember", body="*Be brief.*")
    for block in ({"type": "agreements", "event": "book"}, {"type": "figures", "figures": [figure]},
                  {"type": "counterparts", "people": ["p-one"]}, {"type": "commitments", "document": doc},
                  {"type": "chronology", "person": person}):
        add_item(store, section, "block", block=block)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "small.briefing"
        bundle.export_bundle(store, book, path, include_private=True)
        return path.read_bytes()


def small_payload() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.briefing"
        path.write_bytes(small_bundle())
        return bundle.read_bundle(path)[1]


def sealed(payload: Any) -> bytes:
    """A bundle around ``payload`` with a correct manifest and checksum."""
    data = json.dumps(payload).encode()
    manifest = {"format": bundle.FORMAT, "version": bundle.VERSION, "book": "x", "created": "2024",
                "counts": {}, "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    with tempfile.SpooledTemporaryFile() as raw:
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(bundle.MANIFEST, json.dumps(manifest))
            zf.writestr(bundle.PAYLOAD, data)
        raw.seek(0)
        return raw.read()


def counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def check_bundle(data: bytes) -> str:
    """Import ``data`` as a bundle into a fresh store; assert the outcome is clean; returns it."""
    STATS["inputs"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.briefing"
        path.write_bytes(data)
        store = open_store(":memory:")
        try:
            before = counts(store)
            try:
                report = bundle.import_bundle(store, path)
            except BriefingError as exc:
                message = str(exc)
                assert message.startswith(f"{path}: ") and "\n" not in message, message
                assert counts(store) == before, f"refused, yet the store changed: {message}"
                REASONS[re.sub(r"\(.*", "", message[len(str(path)) + 2:]).strip()[:70]] += 1
                STATS["refused"] += 1
                return "refused"
            assert store.scalar("SELECT title FROM books WHERE id = ?", [report.book_id]) == report.title
            assert check_store(store, repair=False).ok
            STATS["imported"] += 1
            return "imported"
        finally:
            store.close()


@FUZZ
@given(st.binary(max_size=3000))
@example(b"")
@example(b"PK\x05\x06" + b"\x00" * 18)
@example(b"PK\x03\x04" + b"\x00" * 100)
def test_raw_bytes(data):
    check_bundle(data)


@FUZZ
@given(st.data())
def test_damaged_copy(data):
    original = bytearray(small_bundle())
    how = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    at = data.draw(st.integers(0, len(original) - 1))
    if how == "flip":
        original[at] ^= data.draw(st.integers(1, 255))
    elif how == "cut":
        del original[at:]
    else:
        original[at:at] = data.draw(st.binary(min_size=1, max_size=64))
    check_bundle(bytes(original))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found += _paths(inner, (*prefix, n))
    return found


@FUZZ
@given(st.data())
def test_sealed_payload_with_hostile_values(data):
    payload = small_payload()
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(payload) if p]
        where = data.draw(st.sampled_from(paths))
        target = payload
        for key in where[:-1]:
            target = target[key]
        action = data.draw(st.sampled_from(["replace", "delete", "block"]))
        if action == "delete":
            del target[where[-1]]
        elif action == "block" and isinstance(target, dict) and "block" in target:
            target["block"] = data.draw(JSON.map(json.dumps) | st.text(max_size=60))
        else:
            target[where[-1]] = data.draw(JSON)
        if not isinstance(payload, dict):
            break
    check_bundle(sealed(payload))


def test_the_small_bundle_itself_imports():
    assert check_bundle(small_bundle()) == "imported"
    assert check_bundle(sealed(small_payload())) == "imported"


# -- bundles built by hand: slug collisions, oversize documents, lying manifests ---------------------------------

ROWS = ("documents", "annotations", "people", "events", "figures", "event_people", "event_documents", "person_roles",
        "portraits", "programme_items")


def _rows(store) -> dict[str, list[tuple]]:
    return {t: [tuple(r.values()) for r in store.rows(f"SELECT * FROM {t} ORDER BY rowid")] for t in ROWS}


# what a colliding record may change: the fields a slug does not name
_CHANGEABLE = {
    "people": ("name", "role", "country", "biography"),
    "events": ("title", "place", "summary", "start_date"),
    "figures": ("label", "value", "unit", "as_of"),
    "documents": ("title", "text", "date"),
}


@FUZZ
@given(st.data())
def test_slug_collisions_never_change_the_receivers_records(data):
    """A library holding the small book's records receives a bundle whose records share their slugs with
    other content, and more links: whatever it holds, the library's own rows stay as they were."""
    payload = small_payload()
    for _ in range(data.draw(st.integers(1, 6))):
        table = data.draw(st.sampled_from(sorted(_CHANGEABLE)))
        record = data.draw(st.sampled_from(payload[table]))
        key = data.draw(st.sampled_from(_CHANGEABLE[table]))
        record[key] = data.draw(st.text(min_size=1, max_size=20) if key != "value" else st.floats(-1e9, 1e9))
    if data.draw(st.booleans()):  # a stranger joins the visit
        payload["people"].append({"id": 777, "slug": data.draw(st.sampled_from(["p-one", "p-new"])), "name": "Stranger"})
        payload["event_people"].append({"event_id": payload["events"][0]["id"], "person_id": 777, "role": None})
    if data.draw(st.booleans()):  # a planted note on the document the receiver has
        payload["annotations"].append({"id": 888, "document_id": payload["documents"][0]["id"],
                                       "exact": "Lower tariffs", "note": data.draw(st.text(max_size=20)),
                                       "color": "yellow", "private": 0})
    with tempfile.TemporaryDirectory() as tmp:
        home, hostile = Path(tmp) / "home.briefing", Path(tmp) / "hostile.briefing"
        home.write_bytes(small_bundle())
        hostile.write_bytes(sealed(payload))
        store = open_store(":memory:")
        try:
            bundle.import_bundle(store, home)
            before = _rows(store)
            try:
                report = bundle.import_bundle(store, hostile)
            except BriefingError as exc:
                assert _rows(store) == before, str(exc)
                STATS["refused"] += 1
                return
            after = _rows(store)
            for table in ROWS:
                assert after[table][: len(before[table])] == before[table], table
            assert check_store(store, repair=False).ok
            assert store.scalar("SELECT title FROM books WHERE id = ?", [report.book_id]) == report.title
            STATS["imported"] += 1
        finally:
            store.close()


@FUZZ
@given(st.integers(0, 3000), st.sampled_from(["a", "ж", "𝔸"]))
def test_oversize_documents_are_refused_by_the_file_import_limit(length, letter):
    from briefing.safekeeping import bundle_reading

    payload = small_payload()
    payload["documents"][0]["text"] = letter * length
    limit = 2000
    original = bundle_reading.MAX_DOCUMENT_BYTES
    bundle_reading.MAX_DOCUMENT_BYTES = limit
    try:
        outcome = check_bundle(sealed(payload))
    finally:
        bundle_reading.MAX_DOCUMENT_BYTES = original
    assert outcome == ("refused" if len((letter * length).encode()) > limit else "imported")


@FUZZ
@given(st.dictionaries(st.sampled_from(["book", "counts", "created", "include_private", "app_version"]), JSON,
                       max_size=5))
def test_lying_manifests_are_never_believed(announced):
    payload = small_payload()
    data = json.dumps(payload).encode()
    manifest = {**announced, "format": bundle.FORMAT, "version": bundle.VERSION,
                "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lying.briefing"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(bundle.MANIFEST, json.dumps(manifest))
            zf.writestr(bundle.PAYLOAD, data)
        read, _ = bundle.read_bundle(path)
        assert read["book"] == payload["book"]["title"]
        assert read["counts"]["documents"] == len(payload["documents"])
        assert read["manifest_matches"] == ({"book": announced.get("book"), "counts": announced.get("counts")}
                                            == {"book": read["book"], "counts": read["counts"]})
        assert check_bundle(path.read_bytes()) == "imported"
