"""Bundles as untrusted input: an import adds its own book and records and edits nothing the library had;
it takes no more than a file import would, reads only regular files, and describes what it verified.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from briefing.book.assembly import assemble_book
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
from briefing.safekeeping import bundle, bundle_reading
from briefing.safekeeping.bundle import export_bundle, import_bundle, read_bundle

TABLES = ("documents", "annotations", "people", "events", "figures", "event_people", "event_documents")


def seal(path: Path, payload: dict, manifest: dict | None = None) -> Path:
    data = json.dumps(payload).encode()
    info = {"format": bundle.FORMAT, "version": bundle.VERSION, "created": "2024-01-01",
            "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    info.update(manifest or {})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(bundle.MANIFEST, json.dumps(info))
        zf.writestr(bundle.PAYLOAD, data)
    return path


def rows(store, table: str) -> list[tuple]:
    return [tuple(r.values()) for r in store.rows(f"SELECT * FROM {table} ORDER BY rowid")]


def contents(store) -> dict[str, list[tuple]]:
    return {t: rows(store, t) for t in TABLES}


def rendered(store, book_id: int) -> list:
    def walk(sections):
        return [(s.title, [(i.kind, i.title, i.markdown, [n.markdown for n in i.notes]) for i in s.items],
                 walk(s.children)) for s in sections]

    return walk(assemble_book(store, book_id).sections)


@pytest.fixture
def home(tmp_path):
    """The receiver's library: a visit with its counterpart and agreement, a figure, a book that prints them."""
    store = open_store(tmp_path / "home.sqlite")
    person = add_person(store, {"slug": "p-one", "name": "Anna Example", "country": "AZ"})
    doc = add_document(store, {"slug": "d-one", "kind": "agreement", "title": "Agreement on trade",
                               "date": "2020-05-01", "text": "The parties agree to trade more."})
    event = add_event(store, {"slug": "e-one", "title": "Visit to Baku", "start_date": "2020-05-01", "place": "Baku"},
                      people=[person], documents=[doc])
    add_figure(store, {"slug": "f-one", "label": "Trade", "value": 1.5, "unit": "bn USD", "as_of": "2020",
                       "source_document_id": doc})
    book = create_book(store, "Our book", event_id=event)
    section = add_section(store, book, "Background")
    add_item(store, section, "document", document_id=doc)
    # blocks that read the book's own visit and figure (a chronology of every visit, or figures chosen by
    # label, read the whole library, and so show what any import adds, as they show a file imported)
    for block in ({"type": "agreements", "event": "book"}, {"type": "counterparts"},
                  {"type": "figures", "figures": ["f-one"]}):
        add_item(store, section, "block", block=block)
    yield store, book
    store.close()


def hostile_bundle(tmp_path: Path) -> Path:
    """A "tiny harmless book" made elsewhere, whose records share the receiver's slugs with other content,
    and which puts a note on the receiver's own document."""
    other = open_store(":memory:")
    stranger = add_person(other, {"slug": "p-one", "name": "Mr Stranger", "country": "XX"})
    own = add_document(other, {"slug": "d-one", "kind": "agreement", "title": "Secret protocol",
                               "date": "2020-05-01", "text": "Nobody agreed to this."})
    theirs = add_document(other, {"slug": "d-home", "kind": "agreement", "title": "Agreement on trade",
                                  "date": "2020-05-01", "text": "The parties agree to trade more."})
    add_annotation(other, theirs, "agree to trade", note="PLANTED NOTE")
    event = add_event(other, {"slug": "e-one", "title": "Visit to Baku", "start_date": "2020-05-01", "place": "Baku"},
                      people=[stranger], documents=[own])
    add_figure(other, {"slug": "f-one", "label": "Trade", "value": 999.0, "unit": "bn USD", "as_of": "2020",
                       "source_document_id": own})
    book = create_book(other, "Tiny harmless book", event_id=event)
    section = add_section(other, book, "Notes")
    add_item(other, section, "document", document_id=theirs)
    add_item(other, section, "block", block={"type": "counterparts"})
    add_item(other, section, "block", block={"type": "figures", "labels": ["Trade"]})
    path = tmp_path / "harmless.briefing"
    export_bundle(other, book, path)
    other.close()
    return path


def test_an_import_edits_nothing_the_library_had(home, tmp_path):
    store, book = home
    before, printed = contents(store), rendered(store, book)
    report = import_bundle(store, hostile_bundle(tmp_path))
    after = contents(store)
    for table in TABLES:  # the library's own rows are all there as they were; the bundle's are added
        assert after[table][: len(before[table])] == before[table], table
    assert rendered(store, book) == printed  # the receiver's book prints as before
    assert "PLANTED NOTE" not in json.dumps(rendered(store, book))
    assert report.annotations_left_out == 1 and report.annotations_added == 0
    assert report.documents_reused == 1 and report.documents_added == 1
    assert sorted(report.kept_apart) == ["document 'd-one' as 'd-one-2'", "figure 'f-one' as 'f-one-2'",
                                         "person 'p-one' as 'p-one-2'", "visit 'e-one' as 'e-one-2'"]
    # the imported book has what it brought: its own visit, stranger and figure
    assert store.scalar("SELECT value FROM figures WHERE slug = 'f-one'") == 1.5
    assert store.scalar("SELECT value FROM figures WHERE slug = 'f-one-2'") == 999.0
    imported = rendered(store, report.book_id)
    assert "Mr Stranger" in json.dumps(imported) and "Anna Example" not in json.dumps(imported)


def test_the_same_records_are_reused_and_a_second_import_adds_no_copy(home, tmp_path):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    with open_store(tmp_path / "other.sqlite") as other:
        first = import_bundle(other, path)
        before = contents(other)
        add_item(other, other.scalar("SELECT id FROM book_sections WHERE book_id = ?", [first.book_id]), "note",
                 title="Mine", body="x")  # the bundle differs from what was imported: not the same file
        seal(tmp_path / "again.briefing", {**read_bundle(path)[1], "book": {**read_bundle(path)[1]["book"],
                                                                            "title": "Again"}})
        second = import_bundle(other, tmp_path / "again.briefing")
        assert second.kept_apart == [] and second.added == {"people": 0, "events": 0, "figures": 0}
        assert contents(other) == before


def test_a_visit_lacking_what_the_bundle_gives_it_is_not_extended(home, tmp_path):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    payload = read_bundle(path)[1]
    extra = {"id": 9999, "slug": "p-extra", "name": "Extra Person"}
    payload["people"].append(extra)
    payload["event_people"].append({"event_id": payload["events"][0]["id"], "person_id": 9999, "role": None})
    links = rows(store, "event_people")
    report = import_bundle(store, seal(tmp_path / "extended.briefing", payload))
    assert rows(store, "event_people")[: len(links)] == links
    assert store.scalar("SELECT count(*) FROM event_people WHERE event_id = (SELECT id FROM events WHERE slug = "
                        "'e-one')") == len(links)
    assert "visit 'e-one' as 'e-one-2'" in report.kept_apart


def test_a_document_larger_than_a_file_import_takes_is_refused(home, tmp_path, monkeypatch):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    payload = read_bundle(path)[1]
    payload["documents"][0]["text"] = "word " * 3000
    big = seal(tmp_path / "big.briefing", payload)
    monkeypatch.setattr(bundle_reading, "MAX_DOCUMENT_BYTES", 10_000)
    before = contents(store)
    with pytest.raises(BriefingError, match="more than a file import takes"):
        import_bundle(store, big)
    payload["documents"][0]["text"] = "short"
    payload["documents"][0]["title"] = "T" * (bundle_reading.MAX_FIELD_CHARS + 1)
    with pytest.raises(BriefingError, match="has a title of 100,001 characters"):
        import_bundle(store, seal(tmp_path / "long.briefing", payload))
    assert contents(store) == before


def test_the_default_limits_match_a_file_import():
    from briefing.importing.source import MAX_FILE_BYTES

    assert bundle_reading.MAX_DOCUMENT_BYTES == MAX_FILE_BYTES
    assert bundle_reading.MAX_PAYLOAD_BYTES <= 256 * 1024 * 1024


@pytest.mark.parametrize("value, words", [
    (2**63, "number too large"), (float("nan"), "not a finite number"), (float("inf"), "not a finite number")])
def test_numbers_no_store_holds_are_refused(home, tmp_path, value, words):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    payload = read_bundle(path)[1]
    payload["figures"][0]["value"] = value
    with pytest.raises(BriefingError, match=words):
        import_bundle(store, seal(tmp_path / "n.briefing", payload))


@pytest.mark.parametrize("settings, words", [('{"keywords": 5}', "keywords should be a list"),
                                             ('{"visit": {}}', "visit should be text"),
                                             ('{"colour": 1}', "no setting 'colour'")])
def test_settings_out_of_shape_are_refused(home, tmp_path, settings, words):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    payload = read_bundle(path)[1]
    payload["book"]["settings"] = settings
    before = contents(store)
    with pytest.raises(BriefingError, match=words):
        import_bundle(store, seal(tmp_path / "s.briefing", payload))
    assert contents(store) == before


def test_an_id_the_bundle_does_not_carry_names_nothing_here(home, tmp_path):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    payload = read_bundle(path)[1]
    block_item = next(i for i in payload["items"] if i["block"])
    mine = store.scalar("SELECT id FROM figures")
    block_item["block"] = json.dumps({"type": "figures", "figures": [mine + 1000, mine]})
    report = import_bundle(store, seal(tmp_path / "ids.briefing", payload))
    stored = json.loads(store.scalar("SELECT block FROM book_items WHERE section_id IN (SELECT id FROM book_sections "
                                     "WHERE book_id = ?) AND block IS NOT NULL LIMIT 1", [report.book_id]))
    assert stored["figures"][0] == f"#{mine + 1000}"  # not in the bundle: names no figure of this library
    assert isinstance(stored["figures"][1], int)  # in the bundle: the receiver's id of it


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")
def test_only_regular_files_are_read(tmp_path, run_cli, home):
    store, _ = home
    zero = tmp_path / "zero.briefing"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.briefing"
    os.mkfifo(fifo)
    for path in (zero, fifo):
        with pytest.raises(BriefingError, match="not a regular file"):
            read_bundle(path)  # returns at once: a FIFO without a writer does not hang it
    result = run_cli("--store", store.path, "bundle", "import", fifo, "--check")
    assert result.exit_code == 1 and "not a regular file" in result.output
    with pytest.raises(BriefingError, match="is a folder"):
        read_bundle(tmp_path)


def test_check_reports_the_verified_payload_not_the_manifest(home, tmp_path, run_cli):
    store, book = home
    path = tmp_path / "own.briefing"
    export_bundle(store, book, path)
    payload = read_bundle(path)[1]
    lying = seal(tmp_path / "lying.briefing", payload, {"book": "One-page memo", "counts": {"documents": 1}})
    result = run_cli("--store", store.path, "bundle", "import", lying, "--check")
    assert result.exit_code == 0, result.output
    assert "'Our book'" in result.output and f"({len(payload['documents'])} documents" in result.output
    assert "its manifest announced something else, ignored" in result.output
    manifest, _ = read_bundle(lying)
    assert manifest["book"] == "Our book" and manifest["counts"]["documents"] == len(payload["documents"])
    assert manifest["manifest_matches"] is False
    bare = seal(tmp_path / "bare.briefing", payload)  # a manifest without counts, book or date
    result = run_cli("--store", store.path, "bundle", "import", bare, "--check")
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert read_bundle(path)[0]["manifest_matches"] is True
