"""Numbered copies: one PDF per recipient, the copy number on every page, the list on the cover."""

from __future__ import annotations

import json

import pytest
from practicebook import item_id, load_small_book, pdf_texts

from briefing.book.items import update_item
from briefing.errors import BriefingError
from briefing.library.opening import open_store
from briefing.pdf.distribution import distribute, list_distributions, recipients_list

RECIPIENTS = ("A. Seitkali", "Айгерим Нұрланқызы", "J. Smith")


@pytest.fixture
def book(sample_path):
    with open_store(sample_path) as store:
        return load_small_book(store)


def test_every_page_of_every_copy_says_whose_copy_it_is(sample_path, book, run_cli, tmp_path):
    folder = tmp_path / "copies"
    args = ["--store", sample_path, "distribute", book, "-o", folder, "--json"]
    for name in RECIPIENTS:
        args += ["--to", name]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert [(f["copy"], f["recipient"]) for f in files] == list(enumerate(RECIPIENTS, 1))
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.rsplit("/", 1)[-1] for p in (f["path"] for f in files))
    for f in files:
        pages = pdf_texts(f["path"])
        assert len(pages) >= 3
        for n, page in enumerate(pages, 1):
            assert page.count(f"Copy {f['copy']} of 3 — {f['recipient']}") == 2, f"copy {f['copy']}, page {n}: top and bottom"
            assert page.count("OFFICIAL USE ONLY") >= 2
        others = [r for r in RECIPIENTS if r != f["recipient"]]
        assert not any(f"of 3 — {r}" in " ".join(pages) for r in others)
        cover = pages[0]
        assert "Distribution:" in cover
        assert all(f"Copy {k} of 3: {name}" in cover for k, name in enumerate(RECIPIENTS, 1))


def test_the_distribution_is_recorded_and_shown_with_the_book(sample_path, book, run_cli, tmp_path):
    run_cli("--store", sample_path, "book", "publish", book)
    run_cli("--store", sample_path, "distribute", book, "--to", "B. One", "--to", "C. Two", "-o", tmp_path,
            "--profile", "press")
    with open_store(sample_path) as store:
        [d] = list_distributions(store, book)
    assert d["profile"] == "press" and d["edition"] == 1
    assert [(c["copy"], c["recipient"]) for c in d["copies"]] == [(1, "B. One"), (2, "C. Two")]
    shown = run_cli("--store", sample_path, "book", "show", book)
    assert "copy 2 of 2: C. Two" in shown.stdout and "(press, edition 1)" in shown.stdout
    data = json.loads(run_cli("--store", sample_path, "book", "show", book, "--json").stdout)
    assert data["distributions"][0]["copies"][0]["recipient"] == "B. One"


def test_an_error_in_the_check_stops_the_distribution_unless_forced(sample_store, tmp_path):
    book = load_small_book(sample_store)
    update_item(sample_store, item_id(sample_store, book, "Key figures"), marking="SECRET")
    with pytest.raises(BriefingError, match="pre-flight"):
        distribute(sample_store, book, ["A. One"], tmp_path / "out")
    assert not list_distributions(sample_store, book)
    assert not any((tmp_path / "out").iterdir())
    result = distribute(sample_store, book, ["A. One"], tmp_path / "out", force=True)
    assert len(result["files"]) == 1 and any(p.code == "marking" for p in result["problems"])


def test_a_failed_copy_leaves_no_copies_and_no_record(sample_store, tmp_path):
    from briefing.errors import Cancelled

    book = load_small_book(sample_store)

    out = tmp_path / "copies"

    def cancel_in_second_copy() -> bool:
        return any(out.glob("*.pdf"))  # the first copy is complete

    with pytest.raises(Cancelled):
        distribute(sample_store, book, ["A", "B", "C"], out, should_cancel=cancel_in_second_copy)
    assert list(out.iterdir()) == []
    assert not list_distributions(sample_store, book)


def test_recipients_are_checked():
    assert recipients_list(["  A.  Name "]) == ["A. Name"]
    with pytest.raises(BriefingError, match="named twice"):
        recipients_list(["A", "a"])
    with pytest.raises(BriefingError, match="needs a name"):
        recipients_list(["A", " "])
    with pytest.raises(BriefingError, match="at least one"):
        recipients_list([])
