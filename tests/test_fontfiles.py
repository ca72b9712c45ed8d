"""Which font prints a character: the pack's faces by script, then the system's, and the names of scripts."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing import fontfiles
from briefing.resources import resource_path


def test_each_script_goes_to_its_shipped_face_and_symbols_to_the_symbol_font():
    faces = {face.family: face for face in fontfiles.SCRIPT_FACES}
    assert fontfiles.fallback_for(ord("ש")) is faces["hebrew"]
    assert fontfiles.fallback_for(ord("ك")) is faces["arabic"] and fontfiles.fallback_for(0xFEDF) is faces["arabic"]
    assert fontfiles.fallback_for(ord("ქ")) is faces["georgian"] and fontfiles.fallback_for(ord("Հ")) is faces["armenian"]
    assert fontfiles.fallback_for(ord("≈")) == fontfiles.SYMBOLS
    assert fontfiles.unprintable("Қазақстан, Azərbaycan ≈ → ქართული עברית") == ""


def test_scripts_are_named_for_a_reader():
    assert fontfiles.scripts_of("中文：。ひカ한") == ["Chinese", "Japanese", "Korean"]
    assert fontfiles.scripts_of("\U0001f1f0\U0001f600ส\u0378") == ["emoji", "Thai", "other characters"]


def test_a_folder_of_fonts_is_read_known_wide_fonts_first_and_anything_else_passed_over(tmp_path):
    serif = resource_path("fonts", "NotoSerif-Regular.ttf")
    shutil.copy(serif, tmp_path / "zzz.ttf")
    shutil.copy(serif, tmp_path / "DroidSansFallbackFull.ttf")
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    (tmp_path / "notes.txt").write_text("x")
    found = fontfiles._folder_fonts([tmp_path, tmp_path / "missing"])
    assert [Path(f.path).name for f in found] == ["DroidSansFallbackFull.ttf", "broken.ttf", "zzz.ttf"]
    assert fontfiles.cmap(str(tmp_path / "broken.ttf")) == frozenset()  # a damaged file prints nothing, says nothing
    assert ord("Ә") in fontfiles.cmap(found[0].path)


def test_system_fonts_can_be_left_out(monkeypatch):
    monkeypatch.setenv("BRIEFING_SYSTEM_FONTS", "off")
    fontfiles.system_fonts.cache_clear()
    try:
        assert fontfiles.system_fonts() == ()
    finally:
        monkeypatch.delenv("BRIEFING_SYSTEM_FONTS")
        fontfiles.system_fonts.cache_clear()
