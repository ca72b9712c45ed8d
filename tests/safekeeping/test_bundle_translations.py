"""Bundles carry translation links: documents linked as translations of each other stay linked in the
receiving library (through its own ids), an item printed beside its translation still is, and a link
that names a missing document, or a document and itself, is left out with a note."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from briefing.book.assembly import assemble_book
from briefing.book.books import create_book, get_book
from briefing.book.items import add_item
from briefing.book.parallel import set_side_by_side
from briefing.book.sections import add_section
from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.opening import open_store
from briefing.library.translations import are_linked, link, translations_of
from briefing.safekeeping import bundle
from briefing.safekeeping.bundle import export_bundle, import_bundle, read_bundle

TEXTS = {
    "en": "Article 1. The Parties shall develop cooperation in culture.\n\nArticle 2. It enters into force.",
    "ru": "Статья 1. Стороны развивают сотрудничество в области культуры.\n\nСтатья 2. Вступает в силу.",
    "kk": "1-бап. Тараптар мәдениет саласындағы ынтымақтастықты дамытады.\n\n2-бап. Күшіне енеді.",
    "az": "Maddə 1. Tərəflər mədəniyyət sahəsində əməkdaşlığı inkişaf etdirirlər.\n\nMaddə 2. Qüvvəyə minir.",
}


def _doc(store, language: str, title: str | None = None) -> int:
    return add_document(store, {"kind": "agreement", "title": title or f"Memorandum on culture ({language})",
                                "language": language, "date": "2024-03-12", "text": TEXTS[language]})


@pytest.fixture
def sent(tmp_path) -> dict:
    """A book printing the English memorandum beside its Russian translation, and the Kazakh and
    Azerbaijani versions of it one after the other; the English is linked to all three."""
    store = open_store(tmp_path / "sender.sqlite")
    docs = {lang: _doc(store, lang) for lang in ("en", "ru", "kk", "az")}
    outside = _doc(store, "en", "A document the book does not print")
    for lang in ("ru", "kk", "az"):
        link(store, docs["en"], docs[lang])
    link(store, docs["ru"], outside)  # the book does not print it: neither it nor its link travels
    book = create_book(store, "Culture")
    section = add_section(store, book, "Agreements")
    side = add_item(store, section, "document", document_id=docs["en"])
    set_side_by_side(store, side, docs["ru"])
    add_item(store, section, "document", document_id=docs["kk"])
    add_item(store, section, "document", document_id=docs["az"])
    path = tmp_path / "culture.briefing"
    export_bundle(store, book, path)
    store.close()
    return {"path": path, "docs": docs}


def _receiver(tmp_path, name: str = "receiver.sqlite"):
    store = open_store(tmp_path / name)
    for n in range(3):  # ids of its own, so that the bundle's cannot be taken as they are
        add_document(store, {"kind": "note", "title": f"Own note {n}", "text": f"Text {n}"})
    return store


def _by_language(store) -> dict[str, int]:
    return {r["language"]: r["id"] for r in store.rows("SELECT id, language FROM documents WHERE title LIKE "
                                                       "'Memorandum on culture%'")}


def rewrite(source: Path, target: Path, change) -> Path:
    """The bundle at ``source`` with its payload changed by ``change(payload)``, its checksum made anew."""
    _manifest, payload = read_bundle(source)
    change(payload)
    data = json.dumps(payload).encode()
    info = {"format": bundle.FORMAT, "version": bundle.VERSION, "book": payload["book"]["title"], "counts": {},
            "payload": {"name": bundle.PAYLOAD, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(bundle.MANIFEST, json.dumps(info))
        zf.writestr(bundle.PAYLOAD, data)
    return target


def test_the_bundle_carries_the_links_between_its_documents(sent):
    manifest, payload = read_bundle(sent["path"])
    docs = sent["docs"]
    assert manifest["version"] == 1  # an older app still reads it, without the links
    assert sorted((r["document_id"], r["translation_id"]) for r in payload["translations"]) == sorted(
        tuple(sorted((docs["en"], docs[lang]))) for lang in ("ru", "kk", "az"))
    assert {d["title"] for d in payload["documents"]} == {f"Memorandum on culture ({lang})" for lang in TEXTS}
    assert [i["parallel_document_id"] for i in payload["items"]] == [docs["ru"], None, None]


def test_the_links_are_restored_through_the_receivers_ids(sent, tmp_path):
    store = _receiver(tmp_path)
    report = import_bundle(store, sent["path"])
    assert report.translations_linked == 3 and report.notes == []
    mine = _by_language(store)
    assert mine != sent["docs"]  # the receiver numbers them its own way
    assert [t["id"] for t in translations_of(store, mine["en"])] == sorted(mine[lang] for lang in ("ru", "kk", "az"))
    assert not are_linked(store, mine["ru"], mine["kk"])
    item = get_book(store, report.book_id)["sections"][0]["items"][0]
    assert item["document_id"] == mine["en"] and item["parallel_document_id"] == mine["ru"]
    printed = assemble_book(store, report.book_id).sections[0].items[0]
    assert printed.parallel is not None and printed.parallel.document_id == mine["ru"]
    store.close()


def test_a_document_the_receiver_already_has_is_linked_as_it_is(sent, tmp_path):
    store = _receiver(tmp_path)
    own = _doc(store, "kk")  # the same text: the bundle's is not added again
    report = import_bundle(store, sent["path"])
    assert report.documents_reused == 1 and report.translations_linked == 3
    assert are_linked(store, _by_language(store)["en"], own)
    store.close()


def test_a_bundle_written_before_links_imports_as_it_did(sent, tmp_path):
    def older(payload):
        del payload["translations"]
        for item in payload["items"]:
            del item["parallel_document_id"]

    path = rewrite(sent["path"], tmp_path / "older.briefing", older)
    store = _receiver(tmp_path)
    report = import_bundle(store, path)
    assert report.translations_linked == 0 and report.notes == [] and report.documents_added == 4
    assert store.scalar("SELECT count(*) FROM document_translations") == 0
    assert all(i["parallel_document_id"] is None for i in get_book(store, report.book_id)["sections"][0]["items"])
    store.close()


def test_links_to_missing_documents_or_to_themselves_are_left_out_with_a_note(sent, tmp_path):
    docs = sent["docs"]

    def hostile(payload):
        twin = dict(next(d for d in payload["documents"] if d["id"] == docs["az"]), id=9000)  # az's text again
        payload["documents"].append(twin)
        payload["translations"] += [
            {"document_id": docs["en"], "translation_id": 424242},  # not in the bundle
            {"document_id": docs["kk"], "translation_id": docs["kk"]},  # itself
            {"document_id": docs["az"], "translation_id": 9000},  # itself once merged: one text
            {"document_id": None, "translation_id": docs["ru"]},
            {"document_id": docs["kk"], "translation_id": docs["en"]},  # again, the other way round
        ]
        payload["items"][1]["parallel_document_id"] = 424242  # kk beside a document the bundle lacks
        payload["items"][2]["parallel_document_id"] = docs["ru"]  # az beside ru: never linked

    path = rewrite(sent["path"], tmp_path / "hostile.briefing", hostile)
    store = _receiver(tmp_path)
    report = import_bundle(store, path)
    mine = _by_language(store)
    assert report.translations_linked == 3  # the good ones
    assert store.scalar("SELECT count(*) FROM document_translations") == 3
    assert store.scalar("SELECT count(*) FROM document_translations WHERE document_id = translation_id") == 0
    notes = "\n".join(report.notes)
    assert "document 424242 (not in the bundle)" in notes and "does not hold both documents" in notes
    assert notes.count("it links a document to itself") == 2
    assert "document None (not in the bundle)" in notes
    assert "prints its document alone: its translation is not in the bundle" in notes
    assert "prints its document alone: the two are not linked as translations here" in notes
    items = get_book(store, report.book_id)["sections"][0]["items"]
    assert [i["parallel_document_id"] for i in items] == [mine["ru"], None, None]
    assert report.as_dict()["notes"] == report.notes
    store.close()


def test_a_link_the_receiving_library_refuses_is_left_out_with_its_reason(sent, tmp_path):
    store = _receiver(tmp_path)
    own = _doc(store, "ru")
    store.execute("UPDATE documents SET language = 'en' WHERE id = ?", [own])  # here it says it is English
    report = import_bundle(store, sent["path"])
    assert any("are both in en" in n for n in report.notes)
    item = get_book(store, report.book_id)["sections"][0]["items"][0]
    assert item["parallel_document_id"] is None  # not linked here: printed alone, said in a note
    assert any("prints its document alone" in n for n in report.notes)
    store.close()


@pytest.mark.parametrize("bad", [{"document_id": "7", "translation_id": 8}, "7-8",
                                 {"document_id": 7, "translation_id": 2 ** 70}])
def test_a_link_of_the_wrong_shape_refuses_the_bundle_and_writes_nothing(sent, tmp_path, bad):
    path = rewrite(sent["path"], tmp_path / "bad.briefing", lambda p: p["translations"].append(bad))
    store = _receiver(tmp_path)
    before = store.scalar("SELECT count(*) FROM documents")
    with pytest.raises(BriefingError, match="bad.briefing: .*malformed .*translations #4"):
        import_bundle(store, path)
    assert store.scalar("SELECT count(*) FROM documents") == before
    assert store.scalar("SELECT count(*) FROM books") == 0
    store.close()


def test_the_command_line_says_what_it_linked_and_left_out(sent, tmp_path, run_cli):
    def hostile(payload):
        payload["translations"].append({"document_id": sent["docs"]["en"], "translation_id": 424242})

    path = rewrite(sent["path"], tmp_path / "hostile.briefing", hostile)
    _receiver(tmp_path).close()
    result = run_cli("--store", tmp_path / "receiver.sqlite", "bundle", "import", path)
    assert result.exit_code == 0, result.output
    assert "Linked 3 pair(s) of documents as translations of each other" in result.output
    assert "Left out the translation link between \u201cMemorandum on culture (en)\u201d and document 424242" \
           in result.output
