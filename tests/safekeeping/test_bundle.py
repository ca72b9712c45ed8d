"""Bundles: a book travels to a fresh store whole, merges without duplicates, and bad files change nothing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from briefing.book.assembly import assemble_book
from briefing.book.books import find_book, get_book, list_books
from briefing.book.items import add_item
from briefing.errors import BriefingError
from briefing.library.annotations import add_annotation
from briefing.library.opening import open_store
from briefing.safekeeping import bundle, bundle_reading
from briefing.safekeeping.bundle import export_bundle, import_bundle, read_bundle

TABLES = ("documents", "annotations", "books", "book_sections", "book_items", "people", "events", "figures",
          "event_people", "event_documents", "document_tags", "search_index")


def snapshot(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def sample_book(store) -> int:
    return list_books(store)[0]["id"]


def shape(sections: list[dict]) -> list:
    """The tree as the reader sees it: section titles, item kinds, titles, documents' titles, texts, blocks."""
    return [
        (s["title"], s["role"],
         [(i["kind"], i["title"], i["document_title"], i["excerpt"], i["body"], i["block"], i["marking"]) for i in s["items"]],
         shape(s["sections"]))
        for s in sections
    ]


def rendered(store, book_id: int) -> list:
    def walk(sections):
        return [(s.title, [(i.kind, i.title, i.markdown) for i in s.items], walk(s.children)) for s in sections]

    return walk(assemble_book(store, book_id).sections)


def write_bundle(path: Path, payload: dict | bytes, manifest: dict | None = None, extra: dict | None = None) -> Path:
    """A bundle made by hand, with a correct checksum unless the manifest says otherwise."""
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    info = {"format": bundle.FORMAT, "version": bundle.VERSION, "book": "x", "created": "2024-01-01",
            "counts": {}, "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    info.update(manifest or {})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(bundle.MANIFEST, json.dumps(info))
        zf.writestr(bundle.PAYLOAD, data)
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return path


@pytest.fixture
def exported(sample_store, tmp_path) -> Path:
    path = tmp_path / "book.briefing"
    export_bundle(sample_store, sample_book(sample_store), path)
    return path


def test_round_trip_into_a_fresh_store_then_pdf(run_cli, sample_store, exported, tmp_path):
    fresh_path = tmp_path / "fresh.sqlite"
    run_cli("--store", fresh_path, "init")  # only init makes a library
    result = run_cli("--store", fresh_path, "bundle", "import", exported, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    source_id = sample_book(sample_store)
    with open_store(fresh_path) as fresh:
        original, copy = get_book(sample_store, source_id), get_book(fresh, report["book"])
        assert copy["title"] == original["title"]
        assert {k: v for k, v in copy["settings"].items() if k != "imported_bundle"} == original["settings"]
        assert copy["paper"] == original["paper"]
        assert copy["event"]["title"] == original["event"]["title"]
        assert shape(copy["sections"]) == shape(original["sections"])
        # generated blocks read the people, events and figures the bundle brought: same tables, same biographies
        assert rendered(fresh, report["book"]) == rendered(sample_store, source_id)
        assert report["documents_added"] == fresh.scalar("SELECT count(*) FROM documents") > 0
        # the search index follows the new documents
        assert fresh.scalar("SELECT count(*) FROM search_index") == report["documents_added"]
    pdf = tmp_path / "copy.pdf"
    result = run_cli("--store", fresh_path, "export", str(report["book"]), "-o", pdf, "--json", "--force")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.split("\nPre-flight")[0])["pages"] > 1
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_same_bundle_twice_changes_nothing(run_cli, sample_store, exported, tmp_path):
    with open_store(tmp_path / "other.sqlite") as other:
        first = import_bundle(other, exported)
        before = snapshot(other)
        again = import_bundle(other, exported)
        assert again.already_imported and again.book_id == first.book_id and again.title == first.title
        assert snapshot(other) == before
    result = run_cli("--store", tmp_path / "other.sqlite", "bundle", "import", exported)
    assert result.exit_code == 0 and "already imported as book" in result.output


def test_a_newer_bundle_of_the_book_adds_no_document_and_titles_the_second_copy(sample_store, exported, tmp_path):
    newer = tmp_path / "newer.briefing"
    book_id = sample_book(sample_store)
    section = get_book(sample_store, book_id)["sections"][0]["id"]
    add_item(sample_store, section, "note", title="Late news", body="The ferry timetable was agreed.")
    export_bundle(sample_store, book_id, newer)
    with open_store(tmp_path / "other.sqlite") as other:
        first = import_bundle(other, exported)
        before = snapshot(other)
        second = import_bundle(other, newer)
        after = snapshot(other)
        assert not second.already_imported
        assert second.documents_added == 0 and second.documents_reused == first.documents_added
        assert second.annotations_added == 0 and second.added == {"people": 0, "events": 0, "figures": 0}
        assert after["documents"] == before["documents"] and after["annotations"] == before["annotations"]
        assert after["books"] == before["books"] + 1
        assert second.title == f"{first.title} (imported)"
        assert "Late news" in [i.get("title") for i in get_book(other, second.book_id)["sections"][0]["items"]]


def test_import_into_its_own_store_reuses_everything(sample_store, exported):
    before = snapshot(sample_store)
    report = import_bundle(sample_store, exported)
    assert report.documents_added == 0 and report.annotations_added == 0
    assert snapshot(sample_store)["documents"] == before["documents"]
    assert find_book(sample_store, report.title) == report.book_id


def test_private_annotations_stay_home_unless_asked(run_cli, sample_store, sample_path, tmp_path):
    book_id = sample_book(sample_store)
    doc = sample_store.one(
        "SELECT d.id, d.text FROM book_items i JOIN book_sections s ON s.id = i.section_id "
        "JOIN documents d ON d.id = i.document_id WHERE s.book_id = ? AND length(d.text) > 200 LIMIT 1", [book_id])
    quote = doc["text"][40:120].strip()
    add_annotation(sample_store, doc["id"], quote, note="only for me", private=True)
    sample_store.close()
    plain, private = tmp_path / "plain.briefing", tmp_path / "private.briefing"
    assert run_cli("--store", sample_path, "bundle", "export", str(book_id), "-o", plain).exit_code == 0
    result = run_cli("--store", sample_path, "bundle", "export", str(book_id), "-o", private, "--include-private")
    assert result.exit_code == 0, result.output
    shared = read_bundle(plain)[1]
    assert "only for me" not in json.dumps(shared)
    assert shared["annotations"] and not any(a["private"] for a in shared["annotations"])
    manifest, payload = read_bundle(private)
    assert manifest["include_private"] is True
    assert "only for me" in [a["note"] for a in payload["annotations"] if a["private"]]
    with open_store(tmp_path / "fresh.sqlite") as fresh:
        import_bundle(fresh, private)
        assert fresh.scalar("SELECT count(*) FROM annotations WHERE private = 1 AND note = 'only for me'") == 1


def _truncated(exported: Path, tmp: Path) -> Path:
    data = exported.read_bytes()
    return _write(tmp / "cut.briefing", data[: len(data) // 2])


def _tampered(exported: Path, tmp: Path) -> Path:
    manifest, payload = read_bundle(exported)
    payload["book"]["title"] = "Something else"
    return write_bundle(tmp / "tampered.briefing", payload, {"payload": manifest["payload"]})


def _flipped(exported: Path, tmp: Path) -> Path:
    # one byte changed inside the compressed payload: the zip's own check or ours catches it
    data = bytearray(exported.read_bytes())
    data[len(data) // 2] ^= 0xFF
    return _write(tmp / "flipped.briefing", bytes(data))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _foreign_zip(exported: Path, tmp: Path) -> Path:
    with zipfile.ZipFile(tmp / "photos.briefing", "w") as zf:
        zf.writestr("holiday.jpg", b"\xff\xd8\xff" + b"0" * 100)
    return tmp / "photos.briefing"


def _newer(exported: Path, tmp: Path) -> Path:
    return write_bundle(tmp / "newer.briefing", read_bundle(exported)[1], {"version": bundle.VERSION + 1})


def _other_format(exported: Path, tmp: Path) -> Path:
    return write_bundle(tmp / "other.briefing", read_bundle(exported)[1], {"format": "someone-elses-bundle"})


def _traversal(exported: Path, tmp: Path) -> Path:
    return write_bundle(tmp / "sneaky.briefing", read_bundle(exported)[1], extra={"../../evil.txt": "x"})


def _bomb(exported: Path, tmp: Path) -> Path:
    # zeros that compress a thousandfold, the manifest claiming a small payload: read no further than it says
    zeros = b"0" * (8 * 1024 * 1024)
    return write_bundle(tmp / "bomb.briefing", zeros, {"payload": {"bytes": 100, "sha256": "0" * 64}})


def _dangling(exported: Path, tmp: Path) -> Path:
    payload = read_bundle(exported)[1]
    payload["items"][0]["section_id"] = 999_999
    return write_bundle(tmp / "dangling.briefing", payload)


def _bad_late(exported: Path, tmp: Path) -> Path:
    # checks out until the merge reaches the book's items, after the documents were written
    payload = read_bundle(exported)[1]
    payload["items"][-1]["kind"] = "hologram"
    return write_bundle(tmp / "late.briefing", payload)


def _looping(exported: Path, tmp: Path) -> Path:
    payload = read_bundle(exported)[1]
    first, second = payload["sections"][0], payload["sections"][1]
    first["parent_id"], second["parent_id"] = second["id"], first["id"]
    return write_bundle(tmp / "loop.briefing", payload)


BAD = {
    "truncated": (_truncated, "truncated"),
    "tampered": (_tampered, "checksum does not match"),
    "flipped": (_flipped, ""),
    "plain text": (lambda e, t: _write(t / "notes.briefing", b"just some notes\n"), "not a zip file"),
    "foreign zip": (_foreign_zip, "no manifest"),
    "newer format": (_newer, "format version 2"),
    "other format": (_other_format, "another format"),
    "path traversal": (_traversal, "unexpected member '../../evil.txt'"),
    "zip bomb": (_bomb, "checksum does not match"),
    "dangling reference": (_dangling, "missing section"),
    "bad item late": (_bad_late, "unknown item kind"),
    "sections loop": (_looping, "loop"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_bundle_is_refused_in_one_line_and_changes_nothing(run_cli, sample_store, sample_path, exported, tmp_path, case):
    make, reason = BAD[case]
    bad = make(exported, tmp_path)
    before = snapshot(sample_store)
    result = run_cli("--store", sample_path, "bundle", "import", bad)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad}: "), result.output
    assert reason in lines[0]
    assert "Traceback" not in result.output
    assert snapshot(sample_store) == before


def test_oversized_file_is_refused_before_reading(sample_store, exported, monkeypatch):
    monkeypatch.setattr(bundle_reading, "MAX_FILE_BYTES", exported.stat().st_size - 1)
    with pytest.raises(BriefingError, match="too large for a bundle"):
        import_bundle(sample_store, exported)


def test_payload_larger_than_the_limit_is_refused(sample_store, exported, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_reading, "MAX_PAYLOAD_BYTES", 1000)
    with pytest.raises(BriefingError, match="too large"):
        read_bundle(exported)
    # an honest manifest does not help a payload past the limit: the zip's size is checked before unpacking
    bomb = write_bundle(tmp_path / "bomb.briefing", b"0" * (8 * 1024 * 1024))
    monkeypatch.setattr(bundle_reading, "MAX_PAYLOAD_BYTES", 1024 * 1024)
    with pytest.raises(BriefingError, match=r"bomb.briefing: too large"):
        read_bundle(bomb)


def test_export_replaces_the_file_only_when_complete(sample_store, tmp_path, monkeypatch):
    target = tmp_path / "book.briefing"
    target.write_bytes(b"previous")
    with pytest.raises(BriefingError):
        export_bundle(sample_store, 999_999, target)
    assert target.read_bytes() == b"previous"

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    with pytest.raises(BriefingError, match="book.briefing: cannot write the bundle .No space left"):
        export_bundle(sample_store, sample_book(sample_store), target)
    assert target.read_bytes() == b"previous"
    assert not list(tmp_path.glob(".book.briefing.*"))


def test_check_only_reads_without_writing(run_cli, exported, tmp_path):
    fresh = tmp_path / "fresh.sqlite"
    result = run_cli("--store", fresh, "bundle", "import", exported, "--check")
    assert result.exit_code == 0 and "a valid bundle" in result.output
    with open_store(fresh) as store:
        assert store.scalar("SELECT count(*) FROM books") == 0


def test_the_bundle_is_a_zip_of_two_members(exported):
    with zipfile.ZipFile(io.BytesIO(exported.read_bytes())) as zf:
        assert sorted(zf.namelist()) == [bundle.MANIFEST, bundle.PAYLOAD]
        manifest = json.loads(zf.read(bundle.MANIFEST))
    assert manifest["format"] == "briefing-bundle" and manifest["version"] == 1
    assert manifest["counts"]["documents"] > 0 and len(manifest["payload"]["sha256"]) == 64
