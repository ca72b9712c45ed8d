"""The press pack's cover is its own: the visit's title under "PRESS PACK", no "Prepared for", no
profile name; the full and working covers still name the desk's particulars."""

from __future__ import annotations

import json
import shutil

import pytest
from practicebook import pdf_texts

from briefing.book import profiles
from briefing.errors import BriefingError
from briefing.resources import resources_dir

SAMPLE = "tokayev-baku-2024"


@pytest.fixture
def covers(sample_path, run_cli, tmp_path):
    def cover(profile: str) -> str:
        out = tmp_path / f"{profile}.pdf"
        result = run_cli("--store", sample_path, "export", SAMPLE, "-o", out, "--profile", profile, "--force")
        assert result.exit_code == 0, result.output
        return pdf_texts(out)[0]

    return cover


def test_the_press_cover_names_nothing_of_the_desk(covers):
    cover = covers("press")
    assert cover.startswith("UNCLASSIFIED UNCLASSIFIED PRESS PACK State visit of President Tokayev to Azerbaijan")
    assert "Baku" in cover and "Edition 1 of 5 March 2024" in cover
    for internal in ("Profile", "Press pack", "Prepared for", "Prepared by", "The President", "Briefing Book desk",
                     "BRIEFING BOOK", "Briefing for the state visit", "Scenesetter", "Objectives"):
        assert internal not in cover, internal


@pytest.mark.parametrize("profile, title", [("full", "Full brief"), ("working", "Working copy")])
def test_the_full_and_working_covers_still_name_the_desks_particulars(covers, profile, title):
    cover = covers(profile)
    assert "BRIEFING BOOK Briefing for the state visit to the Republic of Azerbaijan" in cover
    assert "Prepared for: The President of the Republic of Kazakhstan" in cover
    assert "Prepared by: Briefing Book desk (sample)" in cover
    assert f"Profile: {title}" in cover and "Edition 1 of 5 March 2024" in cover


def test_a_profile_for_release_that_asks_for_the_desks_particulars_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "resources"
    shutil.copytree(resources_dir() / "profiles", folder / "profiles")
    press = json.loads((folder / "profiles" / "press.json").read_text(encoding="utf-8"))
    (folder / "profiles" / "leaky.json").write_text(json.dumps({**press, "name": "leaky",
                                                                "cover_fields": ["edition", "prepared_for"]}))
    (folder / "profiles" / "internal.json").write_text(json.dumps({**press, "name": "internal", "audience": None,
                                                                   "cover_fields": ["edition", "prepared_for"]}))
    monkeypatch.setattr(profiles, "resources_dir", lambda: folder)
    profiles._profile.cache_clear()
    try:
        with pytest.raises(BriefingError, match="leaky.json: a cut for release cannot name prepared_for on its cover"):
            profiles.load_profile("leaky")
        assert profiles.load_profile("internal").cover_fields == ("edition", "prepared_for")  # not for release: fine
        assert "profile" not in profiles.load_profile("press").cover_fields
    finally:
        profiles._profile.cache_clear()
