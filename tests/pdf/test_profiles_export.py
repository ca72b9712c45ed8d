"""Export profiles, read back from the PDF: what each one lets in and keeps out."""

from __future__ import annotations

import pytest
from practicebook import load_small_book, pdf_texts

from briefing.book.profiles import profile_names

PUBLIC_NOTE = "Public note zulu"
PRIVATE_NOTE = "Private note yankee"
TALKING_POINT = "Point alpha about the Council"
RESTRICTED_ITEM = "Treaty on strategic partnership"  # carries OFFICIAL USE ONLY of its own; others quote it in their text


@pytest.fixture
def exported(sample_path, run_cli, tmp_path):
    from briefing.library.opening import open_store

    with open_store(sample_path) as store:
        book = load_small_book(store)

    def export(profile: str | None) -> list[str]:
        out = tmp_path / f"{profile or 'default'}.pdf"
        args = ["--store", sample_path, "export", book, "-o", out] + (["--profile", profile] if profile else [])
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        return pdf_texts(out)

    return export


def test_the_three_profiles_are_data():
    assert {"full", "working", "press"} <= set(profile_names())


def test_full_is_the_default_and_leaves_out_private_notes(exported):
    pages = exported(None)
    text = " ".join(pages)
    assert "Profile: Full brief" in pages[0]
    assert PUBLIC_NOTE in text and TALKING_POINT in text and RESTRICTED_ITEM in pages[1]  # the contents
    assert PRIVATE_NOTE not in text
    assert "WORKING COPY" not in text
    assert all(p.count("OFFICIAL USE ONLY") >= 2 for p in pages)


def test_working_has_everything_and_a_watermark_on_every_page(exported):
    pages = exported("working")
    text = " ".join(pages)
    assert "Profile: Working copy" in pages[0]
    assert PRIVATE_NOTE in text and PUBLIC_NOTE in text and TALKING_POINT in text
    assert all("WORKING COPY" in p for p in pages)


def test_press_keeps_only_the_lowest_marking_without_notes_or_annotations(exported):
    pages = exported("press")
    text = " ".join(pages)
    assert "PRESS PACK" in pages[0] and "Profile" not in pages[0]  # its own cover, without the profile's name
    assert "Contents" in pages[1] and RESTRICTED_ITEM not in pages[1]  # marked above the lowest level
    assert "Joint Statement of the Presidents" in text  # no marking of its own: the lowest level
    assert TALKING_POINT not in text  # an internal note
    assert PUBLIC_NOTE not in text and PRIVATE_NOTE not in text  # no annotations
    assert all(p.count("UNCLASSIFIED") >= 2 for p in pages)  # the banner shows the lowest marking
    assert "OFFICIAL USE ONLY" not in text


def test_an_unknown_profile_is_a_clear_error(sample_path, run_cli, tmp_path):
    result = run_cli("--store", sample_path, "export", "1", "-o", tmp_path / "x.pdf", "--profile", "gossip")
    assert result.exit_code == 1
    assert "unknown export profile 'gossip'" in result.output
    assert "Traceback" not in result.output


def test_press_leaves_out_the_desks_notes_on_the_figures(sample_path, run_cli, tmp_path):
    def text(profile: str) -> str:
        out = tmp_path / f"{profile}.pdf"
        result = run_cli("--store", sample_path, "export", "tokayev-baku-2024", "-o", out, "--profile", profile)
        assert result.exit_code == 0, result.output
        return " ".join(pdf_texts(out))

    full, press = text("full"), text("press")
    assert "Notes on the figures" in full and "Notes on the figures" not in press
    assert "bilateral trade turnover" in press.lower()  # the figures themselves stay
