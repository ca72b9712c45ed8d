"""Reading imported documents again: the new reading replaces the old, except what the user set."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from document_state import library_state

from briefing.errors import BriefingError
from briefing.library.annotations import add_annotation, anchored
from briefing.library.corrections import edit_document
from briefing.library.document_undo import restore
from briefing.library.documents import add_document, get_document
from briefing.library.reanalysis import reanalysable, reanalyse_documents
from briefing.search import search

TEXT = "Baku, 12 March 2024. The presidents discussed the Middle Corridor and the Caspian ports."
JUNK = "Also read: Weather in Astana\n\n"


@dataclass
class Reading:
    doc: dict[str, Any]
    parties: list[dict] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    instruments: list[Any] = field(default_factory=list)


@dataclass
class Listed:
    title: str
    instrument: str = "memorandum"
    parties: list[dict] = field(default_factory=list)


class Importer:
    """A stand-in for the importer's prepare: the heading is the title, the rest the text, ``fields`` the details."""

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        self.calls: list[tuple[Path, str | None, str]] = []

    def __call__(self, path: Path, *, kind: str | None = None) -> Reading:
        content = path.read_text(encoding="utf-8")
        self.calls.append((path, kind, content))
        heading, _, body = content.partition("\n\n")
        fields = dict(self.fields)
        doc = {"title": heading.lstrip("# ").strip(), "kind": kind or fields.pop("kind", "article"),
               "text": body.strip(), "source_path": str(path)}
        lists = {k: fields.pop(k) for k in ("parties", "speakers", "instruments") if k in fields}
        return Reading({**doc, **fields}, **lists)


@pytest.fixture
def imported(store, tmp_path) -> tuple[int, Path]:
    """A document an older importer read badly: a byline for a title, a wrong date and place, a junk line kept."""
    path = tmp_path / "news.md"
    path.write_text(f"# Leaders discuss the Middle Corridor\n\n{TEXT}\n", encoding="utf-8")
    doc_id = add_document(store, {"title": "By Aida Bekova", "date": "2024-03-11", "place": "Monday",
                                  "text": JUNK + TEXT, "source_path": str(path), "language": "en"})
    return doc_id, path


def test_a_dry_run_says_what_would_change_and_writes_nothing(store, imported):
    doc_id, _ = imported
    before = library_state(store)
    result = reanalyse_documents(store, [doc_id], Importer(date="2024-03-12", place="Baku"), dry_run=True)
    assert library_state(store) == before
    found = result.documents[0]
    assert found.source == "file" and found.problem is None
    assert found.changes == {
        "title": ("By Aida Bekova", "Leaders discuss the Middle Corridor"),
        "date": ("2024-03-11", "2024-03-12"),
        "place": ("Monday", "Baku"),
        "language": ("en", None),  # what the file gives is the whole reading
    }
    assert found.text == (len(JUNK + TEXT), len(TEXT))
    assert result.as_dict()["documents"][0]["changes"]["date"] == {"old": "2024-03-11", "new": "2024-03-12"}


def test_the_new_reading_is_written_and_highlights_stay_anchored(store, imported):
    doc_id, _ = imported
    highlight = add_annotation(store, doc_id, "the Middle Corridor", note="ask about tariffs")
    result = reanalyse_documents(store, [doc_id], Importer(date="2024-03-12", place="Baku", language="en"))
    doc = get_document(store, doc_id)
    assert (doc["title"], doc["date"], doc["place"], doc["text"]) == (
        "Leaders discuss the Middle Corridor", "2024-03-12", "Baku", TEXT)
    assert result.documents[0].annotations == {"moved": [highlight], "orphans": []}
    (a,) = anchored(store, doc_id)
    assert doc["text"][a["span"][0] : a["span"][1]] == "the Middle Corridor" and a["start"] == a["span"][0]
    assert [r.id for r in search(store, "Leaders").results] == [doc_id]
    assert search(store, "Bekova").results == []


def test_fields_the_user_set_stay_and_are_reported(store, imported):
    doc_id, _ = imported
    edit_document(store, doc_id, {"title": "My own title", "kind": "speech"})
    importer = Importer(date="2024-03-12")
    found = reanalyse_documents(store, [doc_id], importer).documents[0]
    doc = get_document(store, doc_id)
    assert doc["title"] == "My own title" and doc["kind"] == "speech" and doc["date"] == "2024-03-12"
    assert found.kept == {"title": ("My own title", "Leaders discuss the Middle Corridor")}
    assert importer.calls[0][1] == "speech"  # the importer reads it as the kind the user chose


def test_a_document_whose_file_is_gone_is_read_from_its_stored_text(store, imported):
    doc_id, path = imported
    path.unlink()
    importer = Importer(date="2024-03-12")
    found = reanalyse_documents(store, [doc_id], importer).documents[0]
    assert found.source == "stored text" and found.problem is None
    assert importer.calls[0][2] == f"# By Aida Bekova\n\n{JUNK}{TEXT}\n"
    doc = get_document(store, doc_id)
    # the stored text lacks the file's metadata: what it does not give stays
    assert (doc["date"], doc["place"], doc["language"]) == ("2024-03-12", "Monday", "en")
    assert doc["source_path"] == str(path)


def test_what_cannot_be_read_again_says_why_and_the_others_go_on(store, imported, tmp_path):
    doc_id, path = imported
    by_hand = add_document(store, {"title": "Typed in", "text": "No file."})
    gone = add_document(store, {"title": "Scan", "text": "", "source_path": str(tmp_path / "scan.pdf")})
    listed = add_document(store, {"title": "Memorandum on ports", "text": "Memorandum on ports", "kind": "agreement",
                                  "source_document_id": doc_id, "source_path": str(path)})
    result = reanalyse_documents(store, [by_hand, gone, listed, doc_id, 999], Importer())
    problems = {d.id: d.problem for d in result.documents}
    assert problems[by_hand] == "not imported from a file"
    assert "is gone, and the library holds no text" in problems[gone]
    assert problems[listed] == f"listed in document {doc_id}, not imported from a file of its own"
    assert problems[999] == "no document with id 999"
    assert problems[doc_id] is None


@pytest.mark.parametrize("error", [BriefingError("too large"), ValueError("bad zip")])
def test_a_file_the_importer_refuses_is_named_with_its_reason(store, imported, error):
    doc_id, _ = imported

    def refusing(path: Path, *, kind: str | None = None) -> Reading:
        raise error

    found = reanalyse_documents(store, [doc_id], refusing).documents[0]
    assert "too large" in found.problem or "ValueError: bad zip" in found.problem
    assert get_document(store, doc_id)["title"] == "By Aida Bekova"


def test_a_reading_that_would_duplicate_another_document_is_refused(store, imported):
    doc_id, _ = imported
    twin = add_document(store, {"title": "Leaders discuss the Middle Corridor", "text": TEXT})
    found = reanalyse_documents(store, [doc_id], Importer()).documents[0]
    assert found.problem == f"it would read the same as document {twin}; merge the two instead"
    assert get_document(store, doc_id)["title"] == "By Aida Bekova"


def test_signed_documents_the_new_reading_lists_are_added_and_linked(sample_store, tmp_path):
    path = tmp_path / "signing.md"
    path.write_text(f"# Documents signed in Baku\n\n{TEXT}\n", encoding="utf-8")
    doc_id = add_document(sample_store, {"title": "Documents signed in Baku", "text": TEXT, "date": "2024-03-11",
                                         "source_path": str(path)})
    existing = "Treaty on strategic partnership and allied relations between the Republic of Kazakhstan and the Republic of Azerbaijan"
    importer = Importer(date="2024-03-12", instruments=[Listed("Memorandum on Caspian ports"), Listed(existing)])
    found = reanalyse_documents(sample_store, [doc_id], importer).documents[0]
    new = [item for item in found.listed if item["new"]]
    assert [item["title"] for item in new] == ["Memorandum on Caspian ports"]
    record = get_document(sample_store, new[0]["id"])
    assert (record["kind"], record["instrument"], record["source_document_id"]) == ("agreement", "memorandum", doc_id)
    # the date moved onto the state visit of 12 March 2024: the article and its record are linked to it
    visit = sample_store.scalar("SELECT id FROM events WHERE start_date = '2024-03-12'")
    assert visit in [e["id"] for e in get_document(sample_store, doc_id)["linked"]["events"]]
    assert visit in [e["id"] for e in record["linked"]["events"]]


def test_a_reanalysis_is_undone_whole(sample_store, tmp_path):
    path = tmp_path / "signing.md"
    path.write_text(f"# Documents signed in Baku\n\n{TEXT}\n", encoding="utf-8")
    doc_id = add_document(sample_store, {"title": "Old title", "text": JUNK + TEXT, "date": "2024-03-11",
                                         "source_path": str(path)}, parties=[{"name": "Someone"}])
    add_annotation(sample_store, doc_id, "Caspian ports")
    before = library_state(sample_store)
    importer = Importer(date="2024-03-12", kind="agreement", instrument="memorandum",
                        parties=[{"name": "Republic of Kazakhstan", "country": "KZ"}], speakers=["Ilham Aliyev"],
                        instruments=[Listed("Memorandum on Caspian ports")])
    result = reanalyse_documents(sample_store, [doc_id], importer)
    assert {"kind", "instrument", "parties", "speakers"} <= set(result.documents[0].changes)
    speaker = get_document(sample_store, doc_id)["speakers"][0]
    assert speaker["person"] == "Ilham Aliyev"  # speakers are linked to the people in the library
    restore(sample_store, result.undo)
    assert library_state(sample_store) == before


def test_all_means_every_document_imported_from_a_file(store, imported):
    doc_id, path = imported
    add_document(store, {"title": "Typed in", "text": "No file."})
    add_document(store, {"title": "Memorandum on ports", "text": "Memorandum on ports", "kind": "agreement",
                         "source_document_id": doc_id, "source_path": str(path)})
    assert reanalysable(store) == [doc_id]
    result = reanalyse_documents(store, None, Importer(), dry_run=True)
    assert [d.id for d in result.documents] == [doc_id]


def test_progress_and_cancel_between_documents(store, imported):
    doc_id, _ = imported
    seen: list[tuple[int, int]] = []
    result = reanalyse_documents(store, [doc_id], Importer(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 1)] and not result.cancelled
    result = reanalyse_documents(store, [doc_id], Importer(), cancel=lambda: True)
    assert result.cancelled and result.documents == []


def test_with_the_real_importer(store, tmp_path):
    from briefing.importing import import_paths, prepare
    from briefing.library.documents import update_document

    path = tmp_path / "visit.md"
    path.write_text("# Kazakhstan and Azerbaijan open a new ferry line\n\n"
                    "Baku, 12 March 2024 (Kazinform): The ferry line links Aktau and Baku.\n", encoding="utf-8")
    doc_id = import_paths(store, [path]).imported[0]["id"]
    expected = get_document(store, doc_id)
    update_document(store, doc_id, {"title": "By Aida Bekova", "date": "2024-03-11"})  # as an older importer read it
    found = reanalyse_documents(store, [doc_id], prepare).documents[0]
    assert found.changes["title"] == ("By Aida Bekova", expected["title"])
    assert get_document(store, doc_id)["date"] == expected["date"]
