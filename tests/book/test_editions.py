"""Editions, the change log and addenda: from the API, the CLI and the printed pack."""

from __future__ import annotations

import json

import pytest
from practicebook import doc_id, item_id, load_small_book, pdf_texts

from briefing.book.editions import changes, list_editions, publish
from briefing.book.items import add_documents, delete_item, update_item
from briefing.errors import BriefingError, NotFound
from briefing.library.annotations import add_annotation
from briefing.library.opening import open_store

NOTE = "Objectives and talking points"
STATEMENT = "Joint Statement of the Presidents of the Republic of Kazakhstan and the Republic of Azerbaijan"


@pytest.fixture
def small(sample_store):
    return sample_store, load_small_book(sample_store)


def titles(entries):
    return [e["title"] for e in entries]


def test_publish_numbers_editions_and_keeps_a_hash_per_item(small):
    store, book = small
    first = publish(store, book)
    assert first["edition"] == 1 and first["items"] == 5
    assert publish(store, book)["edition"] == 2
    editions = list_editions(store, book)
    assert [e["number"] for e in editions] == [1, 2]
    assert editions[0]["hash"] == editions[1]["hash"]  # nothing changed in between
    rows = store.rows("SELECT i.hash FROM book_edition_items i JOIN book_editions e ON e.id = i.edition_id "
                      "WHERE e.book_id = ? AND e.number = 1", [book])
    assert len(rows) == 5 and all(len(r["hash"]) == 64 for r in rows)


def test_nothing_changed_right_after_publishing(small):
    store, book = small
    publish(store, book)
    report = changes(store, book)
    assert report["since"] == 1 and report["added"] == report["removed"] == report["changed"] == []


def test_added_removed_and_changed_name_the_items_and_what_changed(small):
    store, book = small
    publish(store, book)
    update_item(store, item_id(store, book, NOTE), body="- **New.** A different point.")
    statement = doc_id(store, "joint-statement-2023-04-10")
    add_annotation(store, statement, "The Presidents approve the Regulations", "a fresh public note")
    store.execute("UPDATE documents SET text = text || '\n\nA late paragraph.' WHERE slug = 'kk-note-astana-visit-2023'")
    treaty_item = item_id(store, book, "Treaty on strategic partnership and allied relations between the Republic of "
                                       "Kazakhstan and the Republic of Azerbaijan")
    delete_item(store, treaty_item)
    add_documents(store, book, [doc_id(store, "middle-corridor-road-map-2022-2027")], section="Statements")
    report = changes(store, book, since=1)
    assert titles(report["added"]) == ["Road map for the development of the Middle Corridor (Trans-Caspian "
                                       "International Transport Route), 2022–2027"]
    assert [e["item"] for e in report["removed"]] == [treaty_item]
    assert report["removed"][0]["title"].startswith("Treaty on strategic partnership")
    changed = {e["title"]: e["what"] for e in report["changed"]}
    assert changed[NOTE] == ["note text"]
    assert changed[STATEMENT] == ["annotations"]
    assert any(what == ["document text"] for what in changed.values())
    assert len(changed) == 3


def test_private_notes_and_generated_blocks_are_tracked(small):
    store, book = small
    publish(store, book)
    add_annotation(store, doc_id(store, "joint-statement-2023-04-10"), "The Presidents approve", "mine", private=True)
    store.execute("UPDATE figures SET value_text = 'about 125' WHERE slug = 'documents-signed-between-countries-2022-08'")
    changed = {e["title"]: e["what"] for e in changes(store, book)["changed"]}
    assert changed == {STATEMENT: ["private notes"], "Key figures": ["generated content"]}


def test_changes_without_an_edition_or_with_a_wrong_one_are_clear_errors(small):
    store, book = small
    with pytest.raises(BriefingError, match="no edition yet"):
        changes(store, book)
    publish(store, book)
    with pytest.raises(NotFound, match="no edition 7"):
        changes(store, book, since=7)


def test_cli_publish_and_changes_json(sample_path, run_cli):
    with open_store(sample_path) as store:
        book = load_small_book(store)
    published = run_cli("--store", sample_path, "book", "publish", book, "--json")
    assert json.loads(published.stdout)["edition"] == 1
    run_cli("--store", sample_path, "book", "note", book, "--section", "Talking points", "--title", "Late news",
            "--body", "The hosts moved the press conference.")
    result = run_cli("--store", sample_path, "book", "changes", book, "--since", "1", "--json")
    data = json.loads(result.stdout)
    assert data["since"] == 1 and titles(data["added"]) == ["Late news"]
    assert data["removed"] == [] and data["changed"] == []
    text = run_cli("--store", sample_path, "book", "changes", book).stdout
    assert "Late news" in text and "Since edition 1" in text
    shown = json.loads(run_cli("--store", sample_path, "book", "show", book, "--json").stdout)
    assert [e["number"] for e in shown["editions"]] == [1]


# ---------------------------------------------------------------- the printed pack


@pytest.fixture
def printed(sample_path, run_cli, tmp_path):
    with open_store(sample_path) as store:
        book = load_small_book(store)

    def export(*extra) -> tuple[int, list[str] | str]:
        out = tmp_path / "pack.pdf"
        out.unlink(missing_ok=True)
        result = run_cli("--store", sample_path, "export", book, "-o", out, *extra)
        return result.exit_code, pdf_texts(out) if result.exit_code == 0 else result.output

    return sample_path, book, export


def test_cover_names_the_edition_and_the_pack_lists_changes_since_it(printed, run_cli):
    path, book, export = printed
    code, pages = export()
    assert code == 0 and "Edition" not in pages[0] and "Changes since" not in " ".join(pages)
    run_cli("--store", path, "book", "publish", book)
    code, pages = export()
    assert "Edition 1 of" in pages[0]
    assert "Changes since" not in " ".join(pages)  # the first edition as published: nothing to compare with
    with open_store(path) as store:
        update_item(store, item_id(store, book, NOTE), body="- **Alliance.** Point alpha, revised.")
    code, pages = export()
    assert "Edition 1 of" in pages[0] and "changes made since" in pages[0]
    assert "Changes since edition 1" in pages[1]  # in the contents
    log = next(p for p in pages[2:] if "Changes since edition 1" in p)
    assert "Changed (1)" in log and NOTE in log and "note text" in log
    assert "Added (0)" in log and "Removed (0)" in log
    run_cli("--store", path, "book", "publish", book)
    code, pages = export()
    assert "Edition 2 of" in pages[0]
    assert any("Changes since edition 1" in p and "Point" not in p and NOTE in p for p in pages[2:])


def test_addendum_holds_only_what_was_added_or_changed(printed, run_cli):
    path, book, export = printed
    code, message = export("--addendum")
    assert code == 1 and "no edition yet" in message
    run_cli("--store", path, "book", "publish", book)
    code, message = export("--addendum")
    assert code == 1 and "nothing was added, changed or removed since edition 1" in message
    with open_store(path) as store:
        add_annotation(store, doc_id(store, "joint-statement-2023-04-10"), "The Presidents approve", "Addendum note x-ray.")
        run_cli("--store", path, "book", "note", book, "--section", "Talking points", "--title", "Late news",
                "--body", "Press conference moved to the afternoon.")
    code, pages = export("--addendum")
    assert code == 0
    text = " ".join(pages)
    assert "Addendum to edition 1" in pages[0]
    assert all("OFFICIAL USE ONLY" in p for p in pages)
    assert "Late news" in text and "Press conference moved" in text
    assert "Addendum note x-ray" in text and "Joint Statement of the Presidents" in text
    assert "Point alpha about the Council" not in text  # unchanged since the edition
    assert "Key figures" not in text
    assert "Changes since edition 1" in pages[1]  # listed in the contents, like any section


def test_press_addendum_does_not_name_items_the_press_may_not_see(printed, run_cli):
    path, book, export = printed
    run_cli("--store", path, "book", "publish", book)
    with open_store(path) as store:
        store.execute("UPDATE documents SET text = text || ' Amended.' WHERE slug = 'treaty-strategic-partnership-2005'")
        store.execute("UPDATE documents SET text = text || ' Amended.' WHERE slug = 'kk-note-astana-visit-2023'")
    code, pages = export("--addendum", "--profile", "press")
    assert code == 0
    text = " ".join(pages)
    assert "Treaty on strategic partnership" not in pages[1]  # restricted: neither in the contents
    assert "Changed (1)" in text
