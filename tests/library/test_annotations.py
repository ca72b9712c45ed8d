import json

import pytest

from briefing.errors import BriefingError, NotFound
from briefing.library.annotations import (
    add_annotation,
    anchored,
    delete_annotation,
    export_annotations,
    find_quote,
    get_annotation,
    list_annotations,
    locate,
    reanchor,
    selectors_for,
    update_annotation,
)
from briefing.library.documents import add_document, update_document

TEXT = (
    "# Joint statement\n\n"
    "1. **Foundations.** Relations between the two countries rest on a shared history,\n"
    "related languages and common traditions.\n"
    "2. **Security.** The sides will coordinate in the United Nations and the OSCE.\n"
    "3. **Transport.** The sides will coordinate on the Middle Corridor.\n"
)


@pytest.fixture
def doc(store):
    return add_document(store, {"title": "Joint statement", "kind": "joint-statement", "text": TEXT})


def test_add_stores_quote_context_and_offsets(store, doc):
    ann_id = add_annotation(store, doc, "shared history", note="**Key** line", color="green")
    a = get_annotation(store, ann_id)
    assert TEXT[a["start"] : a["end"]] == "shared history" == a["exact"]
    assert TEXT.endswith(a["suffix"]) is False and TEXT[a["end"] :].startswith(a["suffix"])
    assert TEXT[: a["start"]].endswith(a["prefix"]) and len(a["prefix"]) == 32
    assert a["note"] == "**Key** line" and a["color"] == "green" and a["private"] is False
    assert a["created"] == a["updated"]


def test_quote_not_in_document_is_an_error(store, doc):
    with pytest.raises(BriefingError, match="not in the document"):
        add_annotation(store, doc, "a passage nobody wrote")
    with pytest.raises(NotFound):
        add_annotation(store, 9999, "anything")
    with pytest.raises(BriefingError, match="unknown colour"):
        add_annotation(store, doc, "shared history", color="chartreuse")
    assert list_annotations(store) == []


def test_quote_from_rendered_text_matches_the_markdown(store, doc):
    # as copied from a rendered view: no ** and no hard line break
    ann_id = add_annotation(store, doc, "Foundations. Relations between the two countries rest on a shared history, related")
    a = get_annotation(store, ann_id)
    assert a["exact"].startswith("Foundations.**") and a["exact"].endswith("history,\nrelated")


def test_occurrence_and_hint_pick_the_passage(store, doc):
    first = get_annotation(store, add_annotation(store, doc, "The sides will coordinate"))
    second = get_annotation(store, add_annotation(store, doc, "The sides will coordinate", occurrence=2))
    near = get_annotation(store, add_annotation(store, doc, "The sides will coordinate", start=len(TEXT) - 10))
    assert first["start"] < second["start"] == near["start"]
    with pytest.raises(BriefingError, match="occurs 2 time"):
        add_annotation(store, doc, "The sides will coordinate", occurrence=3)


def test_update_and_delete(store, doc):
    ann_id = add_annotation(store, doc, "shared history", note="old")
    a = update_annotation(store, ann_id, note="new *note*", color="pink", private=True)
    assert (a["note"], a["color"], a["private"]) == ("new *note*", "pink", True)
    assert update_annotation(store, ann_id, note=None)["note"] is None
    with pytest.raises(BriefingError):
        update_annotation(store, ann_id, exact="x")
    delete_annotation(store, ann_id)
    with pytest.raises(NotFound):
        delete_annotation(store, ann_id)


def test_list_filters_by_document_and_privacy(store, doc):
    other = add_document(store, {"title": "Other", "text": "Another shared history."})
    add_annotation(store, doc, "OSCE", private=True)
    add_annotation(store, doc, "shared history")
    add_annotation(store, other, "Another")
    assert [a["exact"] for a in list_annotations(store, doc)] == ["shared history", "OSCE"]
    assert len(list_annotations(store)) == 3
    assert [a["exact"] for a in list_annotations(store, doc, include_private=False)] == ["shared history"]


# ------------------------------------------------------------ re-anchoring


def _anchor(text: str, quote: str, occurrence: int | None = None) -> dict:
    return selectors_for(text, *find_quote(text, quote, occurrence=occurrence))


def test_locate_at_stored_offset():
    a = _anchor(TEXT, "shared history")
    assert locate(TEXT, a) == (a["start"], a["end"])


def test_locate_after_text_inserted_before():
    a = _anchor(TEXT, "Middle Corridor")
    edited = "Preface added later.\n\n" + TEXT
    start, end = locate(edited, a)
    assert edited[start:end] == "Middle Corridor"


def test_locate_prefers_matching_context_over_offset():
    # both lines say "The sides will coordinate"; the second is the one annotated
    a = _anchor(TEXT, "The sides will coordinate", occurrence=2)
    edited = TEXT.replace("2. **Security.**", "2. **Security and a much longer heading.**")
    start, end = locate(edited, a)
    assert edited[start:].startswith("The sides will coordinate on the Middle Corridor")


def test_locate_ignores_reflowed_whitespace_and_case():
    a = _anchor(TEXT, "shared history,\nrelated languages")
    edited = TEXT.replace("shared history,\nrelated languages", "Shared  history, related\nlanguages")
    start, end = locate(edited, a)
    assert edited[start:end] == "Shared  history, related\nlanguages"


def test_locate_survives_a_small_edit_inside_the_passage():
    a = _anchor(TEXT, "rest on a shared history,\nrelated languages and common traditions")
    edited = TEXT.replace("common traditions", "shared traditions")
    start, end = locate(edited, a)
    assert edited[start:end] == "rest on a shared history,\nrelated languages and shared traditions"


def test_locate_orphan_when_passage_is_gone():
    a = _anchor(TEXT, "rest on a shared history,\nrelated languages")
    edited = TEXT.replace("1. **Foundations.** Relations between the two countries rest on a shared history,\n"
                          "related languages and common traditions.\n", "")
    assert locate(edited, a) is None
    assert locate("", a) is None


def test_reanchor_after_reimport(store, doc):
    ann_id = add_annotation(store, doc, "Middle Corridor")
    gone = add_annotation(store, doc, "OSCE")
    update_document(store, doc, {"text": "New opening paragraph.\n\n" + TEXT.replace(" and the OSCE", "")})
    spans = {a["id"]: a["span"] for a in anchored(store, doc)}
    assert spans[gone] is None and spans[ann_id] is not None
    changed = reanchor(store, doc)
    assert changed == {"moved": [ann_id], "orphans": [gone]}
    a = get_annotation(store, ann_id)
    text = store.scalar("SELECT text FROM documents WHERE id = ?", [doc])
    assert text[a["start"] : a["end"]] == "Middle Corridor"


# ------------------------------------------------------------ W3C export


def test_export_web_annotation_jsonld(store, doc, tmp_path):
    add_annotation(store, doc, "shared history", note="Say this *first*", color="blue")
    add_annotation(store, doc, "OSCE")
    add_annotation(store, doc, "Middle Corridor", note="mine only", private=True)
    path = tmp_path / "notes.jsonld"
    assert export_annotations(store, path) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    page = data["first"]
    assert page["type"] == "AnnotationPage"
    first = page["items"][0]
    assert first["type"] == "Annotation" and first["motivation"] == "commenting"
    assert first["body"] == {
        "type": "TextualBody",
        "value": "Say this *first*",
        "format": "text/markdown",
        "purpose": "commenting",
    }
    assert first["target"]["source"] == f"urn:briefing:document:{doc}"
    kinds = {s["type"]: s for s in first["target"]["selector"]}
    assert kinds["TextQuoteSelector"]["exact"] == "shared history"
    assert TEXT[kinds["TextPositionSelector"]["start"] : kinds["TextPositionSelector"]["end"]] == "shared history"
    assert page["items"][1]["motivation"] == "highlighting" and "body" not in page["items"][1]
    assert export_annotations(store, path, include_private=True) == 3


def test_export_to_a_folder_is_a_clear_error(store, doc, tmp_path):
    with pytest.raises(BriefingError, match="is a folder"):
        export_annotations(store, tmp_path)


# ------------------------------------------------------------ CLI


def test_cli_annotate_list_export(run_cli, store_path, tmp_path):
    from briefing.library.opening import open_store

    with open_store(store_path) as s:
        doc_id = add_document(s, {"title": "Joint statement", "text": TEXT})
    result = run_cli("--store", store_path, "annotate", doc_id, "--quote", "shared history", "--note", "**Open** with this",
                     "--color", "green")
    assert result.exit_code == 0, result.output
    ann_id = int(result.output.strip())
    data = json.loads(run_cli("--store", store_path, "annotate", doc_id, "--quote", "OSCE", "--private", "--json").output)
    assert data["private"] is True and data["exact"] == "OSCE"

    listed = json.loads(run_cli("--store", store_path, "annotations", doc_id, "--json").output)
    assert [a["id"] for a in listed] == [ann_id, data["id"]]
    assert listed[0]["note"] == "**Open** with this" and listed[0]["color"] == "green"
    text = run_cli("--store", store_path, "annotations").output
    assert "shared history" in text and "(private)" in text

    out = tmp_path / "all.jsonld"
    result = run_cli("--store", store_path, "annotations", "--export", out)
    assert result.exit_code == 0 and "1 annotation" in result.output
    assert json.loads(out.read_text())["first"]["items"][0]["body"]["value"] == "**Open** with this"


def test_cli_quote_not_found(run_cli, store_path):
    from briefing.library.opening import open_store

    with open_store(store_path) as s:
        doc_id = add_document(s, {"title": "Joint statement", "text": TEXT})
    result = run_cli("--store", store_path, "annotate", doc_id, "--quote", "not there at all")
    assert result.exit_code == 1
    assert "not in the document" in result.output and "Traceback" not in result.output
    result = run_cli("--store", store_path, "annotate", 999, "--quote", "x")
    assert result.exit_code == 1 and "no document with id 999" in result.output


def test_marked_text_for_a_reader(store, doc):
    from briefing.library.annotations import marked_text

    kept = add_annotation(store, doc, "shared history", color="pink")
    gone = add_annotation(store, doc, "OSCE", private=True)
    markdown, found = marked_text(store, doc)
    assert f'<mark class="pink" data-annotation="{kept}">shared history</mark>' in markdown
    assert f'data-annotation="{gone}"' in markdown and len(found) == 2
    markdown, found = marked_text(store, doc, include_private=False)
    assert "OSCE</mark>" not in markdown and [a["id"] for a in found] == [kept]
