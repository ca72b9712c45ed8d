"""The sample library's book: the March 2024 state visit to Baku, prepared before the visit."""

import json
import shutil

import pytest

from briefing.book.assembly import assemble_book as assemble
from briefing.book.books import find_book, get_book
from briefing.errors import BriefingError
from briefing.library.opening import open_store
from briefing.sample import load_sample, sample_dir
from tests.conftest import FIXTURES

TITLE = "Briefing for the state visit to the Republic of Azerbaijan"


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s["sections"] if isinstance(s, dict) else s.children)


def test_sample_book_has_every_section_filled(sample_store):
    book = get_book(sample_store, find_book(sample_store, TITLE))
    assert book["marking"] == "OFFICIAL USE ONLY" and book["event"]["slug"] == "tokayev-state-visit-baku-2024-03-12"
    assert book["template"] == "state-visit" and book["start_date"] == "2024-03-12"
    titles = [s["title"] for s in book["sections"]]
    assert titles == [
        "Scenesetter", "Programme", "Objectives and talking points", "Counterparts", "Agreements to be signed",
        "Agreements in force", "Key figures", "Chronology", "Speeches and statements", "Background documents",
    ]
    assert all(s["items"] for s in _walk(book["sections"]))
    to_sign = next(s for s in book["sections"] if s["title"] == "Agreements to be signed")
    docs = [i["document_id"] for i in to_sign["items"] if i["kind"] == "document"]
    dates = {sample_store.scalar("SELECT date FROM documents WHERE id = ?", [d]) for d in docs}
    assert len(docs) == 14 and dates == {"2024-03-12"}


def test_sample_book_assembles_as_before_the_visit(sample_store):
    content = assemble(sample_store, find_book(sample_store, TITLE))
    sections = {s.title: s for s in content.sections}
    signing = sections["Agreements to be signed"].items[0]
    assert signing.kind == "block" and "14 documents." in signing.markdown
    in_force = sections["Agreements in force"].items[0].markdown
    assert "Treaty on strategic partnership" in in_force and "2024-03-12" not in in_force
    chronology = sections["Chronology"].items[0].markdown
    assert "2023-04-10" in chronology and "State visit of President Tokayev" not in chronology
    figures = sections["Key figures"].items[0]
    assert [s.title for s in figures.series] == ["Bilateral trade turnover"]
    assert [p.label for p in figures.series[0].points] == ["2021", "2022"]
    host = sections["Counterparts"].items[0].markdown
    assert "### Ilham Aliyev" in host and "Tokayev" not in host.split("\n")[0]
    assert host.index("2023-04-10") < host.index("2022-08-24")  # earlier meetings, newest first
    talking = sections["Objectives and talking points"].items
    assert talking[0].markdown.startswith("### Objectives") and "- **Trade.**" in talking[0].markdown
    assert talking[1].kind == "block" and "| 13 |" in talking[1].markdown
    statement = next(i for i in sections["Speeches and statements"].items if "Joint Statement" in i.title)
    assert statement.markdown.count("<mark ") >= 3 and len(statement.notes) == 3
    remarks = next(i for i in sections["Speeches and statements"].items if i.title.startswith("Remarks"))
    assert "corridor tariffs" not in " ".join(n.markdown for n in remarks.notes)  # private note
    working = assemble(sample_store, find_book(sample_store, TITLE), profile="working")
    remarks = next(i for s in working.sections for i in s.items if i.title.startswith("Remarks"))
    assert "corridor tariffs" in " ".join(n.markdown for n in remarks.notes)


def test_loading_the_sample_again_adds_no_second_book(sample_store):
    report = load_sample(sample_store)
    assert report.added["books"] == 0
    assert sample_store.scalar("SELECT count(*) FROM books") == 1
    assert sample_store.scalar("SELECT count(*) FROM annotations") == 6


def _copy_sample(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(sample_dir(), folder)
    return folder


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda b: b["sections"][8]["items"].append({"kind": "document", "document": "no-such-doc"}), "unknown document 'no-such-doc'"),
        (lambda b: b["annotations"].append({"document": "joint-statement-2023-04-10", "quote": "words never said"}), "annotation 7"),
        (lambda b: b.update(event="no-such-event"), "unknown event"),
        (lambda b: b["sections"][0]["items"].append({"kind": "block", "block": {"type": "pie"}}), "unknown block type"),
    ],
)
def test_bad_book_data_names_the_file_and_loads_nothing(tmp_path, change, message):
    folder = _copy_sample(tmp_path)
    path = folder / "books" / "tokayev-baku-2024.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with open_store(tmp_path / "s.sqlite") as store:
        with pytest.raises(BriefingError, match=message) as info:
            load_sample(store, folder)
        assert "tokayev-baku-2024.json" in str(info.value)
        assert store.scalar("SELECT count(*) FROM books") == 0
        assert store.scalar("SELECT count(*) FROM documents") == 0


def test_fixture_library_has_no_books(store):
    assert load_sample(store, FIXTURES / "books").added["books"] == 0
