"""briefing edit, delete, merge and reanalyse: their output, their JSON and their refusals."""

from __future__ import annotations

import json

from briefing.library.documents import add_document, get_document
from briefing.library.opening import open_store

BOOK = "Briefing for the state visit to the Republic of Azerbaijan"
NOTE = 6  # the sample's background note, in the book's "Background documents"
STATEMENT = 12  # the sample's joint statement: in the book, with three highlights


def _doc(path, doc_id: int) -> dict:
    with open_store(path) as store:
        return get_document(store, doc_id)


# ---------------------------------------------------------------- edit


def test_edit_prints_each_change_old_to_new(run_cli, sample_path):
    result = run_cli("--store", sample_path, "edit", NOTE, "--title", "Relations since 2005", "--date", "2024-01",
                     "--place", "", "--party", "Republic of Kazakhstan", "--party", "SOCAR (az)", "--tag", "energy")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Document {NOTE}:"
    assert "  title: “Background note: Kazakhstan–Azerbaijan relations, 2005–2024” → “Relations since 2005”" in lines
    assert "  parties: (none) → Republic of Kazakhstan (KZ); SOCAR (AZ)" in lines
    doc = _doc(sample_path, NOTE)
    assert doc["title"] == "Relations since 2005" and doc["place"] is None and doc["tags"] == ["energy"]
    assert doc["user_fields"] == ["title", "date", "place", "parties", "tags"]


def test_edit_json(run_cli, sample_path):
    result = run_cli("--store", sample_path, "edit", NOTE, "--kind", "article", "--language", "EN", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {"id": NOTE, "changes": {"kind": {"old": "note", "new": "article"}}, "user_fields": ["kind", "language"]}


def test_edit_refusals(run_cli, sample_path):
    nothing = run_cli("--store", sample_path, "edit", NOTE)
    assert nothing.exit_code == 2 and "nothing to change" in nothing.output
    bad_date = run_cli("--store", sample_path, "edit", NOTE, "--date", "2024-13")
    assert bad_date.exit_code == 1 and "'2024-13' is not a date" in bad_date.output
    missing = run_cli("--store", sample_path, "edit", 999, "--title", "x")
    assert missing.exit_code == 1 and "no document with id 999" in missing.output
    bad_kind = run_cli("--store", sample_path, "edit", NOTE, "--kind", "memo")
    assert bad_kind.exit_code == 2


# ---------------------------------------------------------------- delete


def test_delete_refuses_a_document_in_use_and_says_where(run_cli, sample_path):
    with open_store(sample_path) as store:
        free = add_document(store, {"title": "Unused", "text": "Nothing uses this."})
    result = run_cli("--store", sample_path, "delete", free, NOTE, STATEMENT)
    assert result.exit_code == 1
    assert f"document {NOTE} “Background note: Kazakhstan–Azerbaijan relations, 2005–2024” is used in “{BOOK}” " \
           "(section “Background documents”)" in result.output
    assert "holds 3 annotations" in result.output and "Give --force" in result.output
    assert _doc(sample_path, free)["title"] == "Unused"  # all or none


def test_delete_json_refusal_lists_the_usages(run_cli, sample_path):
    result = run_cli("--store", sample_path, "delete", STATEMENT, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["deleted"] == []
    (usage,) = data["refused"]
    assert usage["id"] == STATEMENT and usage["annotations"] == 3
    assert {(b["book"], b["how"]) for b in usage["books"]} == {(BOOK, "item"), (BOOK, "block")}


def test_delete_with_force(run_cli, sample_path):
    result = run_cli("--store", sample_path, "delete", STATEMENT, NOTE, "--force")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "With them went 2 book items and 3 annotations."
    assert "no document" in run_cli("--store", sample_path, "show", STATEMENT).output


def test_delete_json(run_cli, sample_path):
    with open_store(sample_path) as store:
        free = add_document(store, {"title": "Unused", "text": "Nothing uses this."})
    data = json.loads(run_cli("--store", sample_path, "delete", free, "--json").output)
    assert [d["id"] for d in data["deleted"]] == [free]


def test_delete_an_unknown_id(run_cli, sample_path):
    result = run_cli("--store", sample_path, "delete", NOTE, 999, "--force")
    assert result.exit_code == 1 and "no document with id 999" in result.output
    assert _doc(sample_path, NOTE)


# ---------------------------------------------------------------- merge


def test_merge(run_cli, sample_path):
    with open_store(sample_path) as store:
        text = get_document(store, STATEMENT)["text"]
        copy = add_document(store, {"title": "The statement, again", "text": "Copied.\n\n" + text}, tags=["copy"])
    result = run_cli("--store", sample_path, "merge", copy, STATEMENT)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Merged {STATEMENT} “Joint Statement of the Presidents") and f"into {copy} “The" in lines[0]
    assert "3 annotations" in lines[1] and "1 book item" in lines[1]
    assert "no document" in run_cli("--store", sample_path, "show", STATEMENT).output
    assert len(json.loads(run_cli("--store", sample_path, "annotations", copy, "--json").output)) == 3


def test_merge_json_and_refusals(run_cli, sample_path):
    with open_store(sample_path) as store:
        copy = add_document(store, {"title": "Copy", "text": "Copied."})
    data = json.loads(run_cli("--store", sample_path, "merge", copy, NOTE, "--json").output)
    assert data["kept"]["id"] == copy and data["removed"]["id"] == NOTE and data["moved"]["book_items"] == 1
    same = run_cli("--store", sample_path, "merge", copy, copy)
    assert same.exit_code == 1 and "cannot be merged with itself" in same.output
    gone = run_cli("--store", sample_path, "merge", copy, NOTE)
    assert gone.exit_code == 1 and f"no document with id {NOTE}" in gone.output


# ---------------------------------------------------------------- reanalyse


def _imported(run_cli, store_path, tmp_path) -> int:
    path = tmp_path / "ferry.md"
    path.write_text("# Kazakhstan and Azerbaijan open a new ferry line\n\n"
                    "Baku, 12 March 2024 (Kazinform): The ferry line links Aktau and Baku.\n", encoding="utf-8")
    run_cli("--store", store_path, "init")
    doc_id = json.loads(run_cli("--store", store_path, "import", path, "--json").output)["imported"][0]["id"]
    with open_store(store_path) as store:  # as an older importer read it
        store.execute("UPDATE documents SET title = 'By Aida\x1b[31m Bekova' WHERE id = ?", [doc_id])
    return doc_id


def test_reanalyse_dry_run_shows_old_and_new(run_cli, store_path, tmp_path):
    doc_id = _imported(run_cli, store_path, tmp_path)
    result = run_cli("--store", store_path, "reanalyse", doc_id, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output  # what came from outside is printed as plain text
    lines = result.output.splitlines()
    assert lines[0] == f"{doc_id} “By Aida[31m Bekova” (read from its file):"
    assert "  title: “By Aida[31m Bekova” → “Kazakhstan and Azerbaijan open a new ferry line”" in lines
    assert lines[-1] == "1 of 1 document read again, 1 would change (dry run: nothing written)."
    assert _doc(store_path, doc_id)["title"] == "By Aida\x1b[31m Bekova"


def test_reanalyse_writes_and_keeps_what_the_user_set(run_cli, store_path, tmp_path):
    doc_id = _imported(run_cli, store_path, tmp_path)
    run_cli("--store", store_path, "edit", doc_id, "--place", "Aktau")
    result = run_cli("--store", store_path, "reanalyse", "--all", "--json")
    assert result.exit_code == 0, result.output
    (found,) = json.loads(result.output)["documents"]
    assert found["changes"]["title"]["new"] == "Kazakhstan and Azerbaijan open a new ferry line"
    assert found["kept"] == {"place": {"user": "Aktau", "importer": "Baku"}}
    doc = _doc(store_path, doc_id)
    assert doc["title"] == "Kazakhstan and Azerbaijan open a new ferry line" and doc["place"] == "Aktau"
    again = run_cli("--store", store_path, "reanalyse", doc_id)
    assert f"{doc_id} “Kazakhstan and Azerbaijan open a new ferry line” (read from its file):" in again.output
    assert "  place: kept as you set it, “Aktau” (the importer reads “Baku”)" in again.output


def test_reanalyse_says_which_documents_it_could_not_read(run_cli, sample_path):
    result = run_cli("--store", sample_path, "reanalyse", 1)
    assert result.exit_code == 1
    assert "1 “Official: Upcoming visit of Kazakh president to upgrade bilateral ties”: not read again: " \
           "not imported from a file" in result.output


def test_reanalyse_needs_ids_or_all(run_cli, sample_path):
    assert run_cli("--store", sample_path, "reanalyse").exit_code == 2
    assert run_cli("--store", sample_path, "reanalyse", 1, "--all").exit_code == 2


# ---------------------------------------------------------------- bundles


def test_a_bundle_carries_what_the_user_set(run_cli, sample_path, store_path, tmp_path):
    run_cli("--store", sample_path, "edit", NOTE, "--title", "Relations since 2005")
    bundle = tmp_path / "visit.briefing"
    assert run_cli("--store", sample_path, "bundle", "export", 1, "-o", bundle).exit_code == 0
    run_cli("--store", store_path, "init")
    assert run_cli("--store", store_path, "bundle", "import", bundle).exit_code == 0
    with open_store(store_path) as store:
        doc_id = store.scalar("SELECT id FROM documents WHERE title = 'Relations since 2005'")
        assert get_document(store, doc_id)["user_fields"] == ["title"]


def test_text_from_the_library_is_printed_as_one_plain_line():
    from briefing.cli.documents import plain

    assert plain("Title\x1b[2J with\u202e turned\x9b text\nand\ta new line") == "Title[2J with turned text and a new line"
    assert plain("Қазақстан мен Әзербайжан", limit=10) == "Қазақстан…"
