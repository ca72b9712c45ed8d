"""The fonts the pack prints with, and which of them prints each character.

The pack's text faces (Noto Serif and Sans, ``resources/styles/default.json``)
cover Latin, Cyrillic and Greek. A character they lack goes, in this order, to
a script face shipped beside them (Noto Naskh Arabic, Noto Serif Hebrew,
Georgian and Armenian, each for its own script only), to the symbol font
(DejaVu Sans), and then to a font of the system that has it: fontconfig's list
on Linux, the Fonts folders on Windows and macOS. That is how Chinese, Japanese
or Korean print: their fonts (several megabytes) are not shipped. A character
no font has is printed as a placeholder, and the pre-flight check names it.

ReportLab embeds TrueType outlines only, so a system font of PostScript (CFF)
outlines, a colour emoji font, a bitmap font or one whose licence forbids
embedding is passed over. Setting ``BRIEFING_SYSTEM_FONTS=off`` leaves the
system's fonts out (a pack then prints the same on every machine).

Both the pre-flight check and the PDF ask here, so they never disagree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing.resources import load_json, resource_path

PLACEHOLDER = "\ufffd"  # printed, in the symbol font, for a run of characters no font has
SYMBOLS = "symbols"  # the symbol font's key in ``fallback_for``'s answers


@dataclass(frozen=True)
class ScriptFace:
    """A face shipped for one script: it prints only that script's characters."""

    family: str
    regular: str
    bold: str
    ranges: tuple[tuple[int, int], ...]

    def claims(self, codepoint: int) -> bool:
        return any(lo <= codepoint <= hi for lo, hi in self.ranges)


SCRIPT_FACES = (
    ScriptFace("arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf",
               ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ScriptFace("hebrew", "NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    ScriptFace("georgian", "NotoSerifGeorgian-Regular.ttf", "NotoSerifGeorgian-Bold.ttf",
               ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F))),
    ScriptFace("armenian", "NotoSerifArmenian-Regular.ttf", "NotoSerifArmenian-Bold.ttf",
               ((0x0530, 0x058F), (0xFB13, 0xFB17))),
)


@dataclass(frozen=True)
class FontFile:
    """A font of the system: a file, and the face's number in a collection (.ttc)."""

    path: str
    index: int = 0


def cmap(path: str, index: int = 0) -> frozenset[int]:
    """The characters a TrueType face has; empty when ReportLab cannot embed it."""
    return _cmap(path, index)


@cache
def _cmap(path: str, index: int) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFace  # (only the slow path reads a face)

    try:
        return frozenset(TTFontFace(path, subfontIndex=index).charToGlyph)
    except Exception:  # CFF outlines, no usable cmap, embedding forbidden, damaged: not ours to print with
        return frozenset()


@cache
def _theme_fonts() -> dict[str, dict[str, str]]:
    return load_json(resource_path("styles", "default.json"))["fonts"]


@cache
def text_coverage() -> frozenset[int]:
    """What every text face prints (control characters included: nothing to draw)."""
    folder = resource_path("fonts")
    faces = [spec["regular"] for family, spec in _theme_fonts().items() if family not in ("mono", SYMBOLS)]
    covered = frozenset.intersection(*(cmap(str(folder / f)) for f in faces)) if faces else frozenset()
    return covered | frozenset(range(0x20))


@cache
def _symbol_cmap() -> frozenset[int]:
    spec = _theme_fonts().get(SYMBOLS) or _theme_fonts()["sans"]
    return cmap(str(resource_path("fonts", spec["regular"])))


@cache
def _script_cmap(face: ScriptFace) -> frozenset[int]:
    return cmap(str(resource_path("fonts", face.regular)))


@cache
def fallback_for(codepoint: int) -> ScriptFace | str | FontFile | None:
    """The font that prints a character the text faces lack: a script face, ``SYMBOLS``, a font
    of the system, or None when no font has it."""
    for face in SCRIPT_FACES:
        if face.claims(codepoint) and codepoint in _script_cmap(face):
            return face
    if codepoint in _symbol_cmap():
        return SYMBOLS
    for font, ranges in system_fonts():
        if ranges is not None and not _in_ranges(ranges, codepoint):
            continue
        if codepoint in cmap(font.path, font.index):
            return font
    return None


def unprintable(text: str) -> str:
    """The characters of ``text`` that no font can print, each once, in order of appearance
    (a flag's regional indicators print as letters: not among them)."""
    if text.isascii():
        return ""
    covered = text_coverage()
    found: dict[str, None] = {}
    for c in set(text):
        if ord(c) not in covered and not invisible(c) and not _is_regional(c) and fallback_for(ord(c)) is None:
            found[c] = None
    return "".join(sorted(found, key=text.index))


# -- flags --------------------------------------------------------------------------------
# A flag emoji is a pair of regional indicator symbols naming a country's code (🇰🇿 is K, Z). No
# font the pack embeds draws flags (only colour emoji fonts do), so a pair prints as its two capital
# letters, as plain-text renderers show it, and flags side by side are parted by a space.
_REGIONAL_A = 0x1F1E6
_REGIONAL_RUN = re.compile("[\U0001F1E6-\U0001F1FF]+")


def _is_regional(char: str) -> bool:
    return _REGIONAL_A <= ord(char) <= _REGIONAL_A + 25


def flags_as_letters(text: str) -> str:
    """``text`` with each flag (a pair of regional indicators) as its two capital letters ("🇰🇿🇦🇿" →
    "KZ AZ") and a lone indicator as its letter."""
    def letters(m: re.Match[str]) -> str:
        run = "".join(chr(ord(c) - _REGIONAL_A + ord("A")) for c in m.group())
        return " ".join(run[i:i + 2] for i in range(0, len(run), 2))

    return _REGIONAL_RUN.sub(letters, text)


def invisible(char: str) -> bool:
    """Whether ``char`` draws nothing of its own (a joiner, a direction mark, an emoji's
    variation selector, a space): no font needs to have it."""
    codepoint = ord(char)
    return (unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp") or 0xFE00 <= codepoint <= 0xFE0F
            or 0xE0100 <= codepoint <= 0xE01EF)


# -- naming a script ---------------------------------------------------------------------
_SCRIPT_WORDS = {
    "CJK": "Chinese", "IDEOGRAPHIC": "Chinese", "FULLWIDTH": "Chinese", "HALFWIDTH": "Chinese", "BOPOMOFO": "Chinese",
    "KANGXI": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
    "REGIONAL": "emoji", "ARABIC": "Arabic", "HEBREW": "Hebrew", "GEORGIAN": "Georgian", "ARMENIAN": "Armenian",
}
_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI",
            "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "ETHIOPIC", "SYRIAC", "THAANA",
            "CHEROKEE", "YI", "JAVANESE", "BALINESE", "TIFINAGH", "NKO", "SAMARITAN", "MANDAIC", "OGHAM", "RUNIC")


def script_of(char: str) -> str:
    """A reader's name for the script of ``char``: "Chinese", "Arabic", "emoji", "symbols"..."""
    codepoint = ord(char)
    if 0x1F000 <= codepoint <= 0x1FAFF or 0x2600 <= codepoint <= 0x27BF:
        return "emoji"
    word = unicodedata.name(char, "").split(" ", 1)[0]
    if word in _SCRIPT_WORDS:
        return _SCRIPT_WORDS[word]
    if word in _SCRIPTS:
        return word.capitalize()
    return "other characters" if unicodedata.category(char) in ("Cn", "Co") else "symbols"


def scripts_of(chars: str) -> list[str]:
    """The scripts of ``chars``, each once, in order."""
    return list(dict.fromkeys(script_of(c) for c in chars))


# -- the system's fonts ------------------------------------------------------------------
Ranges = list[tuple[int, int]]


def _in_ranges(ranges: Ranges, codepoint: int) -> bool:
    i = bisect_right(ranges, (codepoint, sys.maxunicode + 1)) - 1
    return i >= 0 and ranges[i][0] <= codepoint <= ranges[i][1]


@cache
def system_fonts() -> tuple[tuple[FontFile, Ranges | None], ...]:
    """The system's fonts to try, best first, each with the characters it has when the system
    says so cheaply (fontconfig) or None (read from the file when first asked)."""
    if os.environ.get("BRIEFING_SYSTEM_FONTS", "").lower() in ("off", "0", "no", "false"):
        return ()
    listed = _fontconfig_fonts()
    if listed is not None:
        return listed
    return tuple((f, None) for f in _folder_fonts())


_FC_FORMAT = "%{file}\t%{index}\t%{fontformat}\t%{style[0]}\t%{color}\t%{charset}\n"


def _fontconfig_fonts() -> tuple[tuple[FontFile, Ranges | None], ...] | None:
    """Fontconfig's TrueType fonts, regular faces first; None where there is no fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run([fc_list, "--format", _FC_FORMAT], capture_output=True, text=True, timeout=20,
                                check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = []
    for line in listed.splitlines():
        parts = line.split("\t")
        if len(parts) != 6 or parts[2] != "TrueType" or parts[4] == "True" \
                or not parts[0].lower().endswith((".ttf", ".ttc")):
            continue
        ranges = []
        for piece in parts[5].split():
            lo, _, hi = piece.partition("-")
            try:
                ranges.append((int(lo, 16), int(hi or lo, 16)))
            except ValueError:
                continue
        regular = parts[3].lower() in ("regular", "book", "normal", "roman", "medium")
        index = int(parts[1]) if parts[1].isdigit() else 0
        fonts.append((not regular, parts[0], index, sorted(ranges)))
    fonts.sort()
    return tuple((FontFile(path, index), ranges) for _, path, index, ranges in fonts)


# Fonts known to cover many scripts with TrueType outlines, tried first where there is no fontconfig
_KNOWN = ("msyh.ttc", "simsun.ttc", "msgothic.ttc", "malgun.ttf", "nirmala.ttf", "leelawui.ttf", "ebrima.ttf",
          "seguisym.ttf", "arial unicode.ttf", "arialuni.ttf", "pingfang.ttc", "stheiti light.ttc",
          "applegothic.ttf", "droidsansfallbackfull.ttf", "droidsansfallback.ttf")
MAX_FOLDER_FONTS = 60  # where each font's file must be read to know its characters


def _font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


def _folder_fonts(folders: list[Path] | None = None) -> list[FontFile]:
    """TrueType files in the fonts folders, the known wide-coverage ones first."""
    files: list[Path] = []
    for folder in folders if folders is not None else _font_folders():
        try:
            files += [p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".ttc")]
        except OSError:
            continue
    rank = {name: i for i, name in enumerate(_KNOWN)}
    files.sort(key=lambda p: (rank.get(p.name.lower(), len(rank)), p.name.lower()))
    return [FontFile(str(p)) for p in files[:MAX_FOLDER_FONTS]]
