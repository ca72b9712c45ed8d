"""The fonts shipped in ``resources/fonts``, registered with ReportLab once per process.

Only TrueType fonts are used: ReportLab embeds them (as subsets), so Kazakh,
Azerbaijani and Russian letters print the same on every machine. The base-14
PDF fonts are never used; they have no Cyrillic and no schwa.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from briefing.errors import BriefingError
from briefing.resources import resource_path

STYLES = ("regular", "bold", "italic", "boldItalic")
_RUNS = re.compile(r"(.)\1*", re.S)


class _Codes:
    """One font's character codes in one document, as ``str.translate`` tables."""

    def __init__(self, assignments: dict[int, int]) -> None:
        self.count = len(assignments)
        self.codes = {c: chr(n & 0xFF) for c, n in assignments.items()}
        self.subsets = {c: chr(n >> 8) for c, n in assignments.items()}
        if 32 in assignments:  # ReportLab prints a no-break space as a space
            self.codes[0xA0], self.subsets[0xA0] = self.codes[32], self.subsets[32]
        self.known = frozenset(map(chr, self.codes))


class BookFont(TTFont):
    """A TrueType font whose text encoding runs at C speed once its characters are known,
    and whose file is read only when the font is first used.

    ReportLab's ``splitString`` (which subset and code each character of a drawn
    string gets) is a Python loop over every character: the hottest loop of a long
    export. A character gets its code once, the first time it is drawn; a string made
    only of characters already coded is encoded here with ``str.translate``, giving
    exactly what ReportLab's loop would. Any new character goes through ReportLab's
    loop, which codes it.

    Reading a face's tables takes 3 to 15 ms, and a book seldom uses all nine faces (the
    symbol font's two and the monospaced one only for a few characters or code): the
    export, and its helper process again, read only the faces the book prints."""

    def __init__(self, name: str, filename: str, index: int = 0) -> None:
        # TTFont's own set-up, but for reading the file: ``face`` appears on first use
        self.fontName = name
        self._file = filename
        self._index = index  # the face's number in a collection (.ttc)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)

    def __getattr__(self, name: str):
        if name == "face":
            return self._read()
        raise AttributeError(name)

    def _read(self) -> TTFontFace:
        try:
            face = TTFontFace(self._file, subfontIndex=self._index)
        except Exception as exc:  # a damaged file: say which one
            raise BriefingError(f"{self._file}: not a usable TrueType font ({exc})") from exc
        self.face = face  # an attribute like any other from now on
        return face

    def stringWidth(self, text, size, encoding="utf8"):
        if "face" not in self.__dict__:
            self._read()  # here, not in ReportLab's C code, which would hide the error's message
        return instanceStringWidthTTF(self, text, size, encoding)

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is not None and isinstance(text, str) and text:
            codes = getattr(state, "_bb_codes", None)
            if codes is None or codes.count != len(state.assignments):
                codes = state._bb_codes = _Codes(state.assignments)
            if codes.known.issuperset(text):
                encoded = text.translate(codes.codes).encode("latin-1")
                subsets = text.translate(codes.subsets)
                if subsets.count(subsets[0]) == len(subsets):
                    return [(ord(subsets[0]), encoded)]
                return [(ord(m[1]), encoded[m.start():m.end()]) for m in _RUNS.finditer(subsets)]
        return super().splitString(text, doc, encoding)

_PREFIX = "BB"


def font_name(family: str, style: str = "regular") -> str:
    """The registered name of one face, e.g. ``BB-serif-bold``."""
    return f"{_PREFIX}-{family}" if style == "regular" else f"{_PREFIX}-{family}-{style}"


def _register(name: str, font: BookFont) -> None:
    """What ``pdfmetrics.registerFont`` does for a TrueType font, without reading the face for its
    name (which only tells ReportLab whether the face is registered already: ours are once each)."""
    pdfmetrics._fonts[name] = font
    pdfmetrics.registerFontFamily(name)


def register_face(name: str, path: str, index: int = 0) -> None:
    """Register one face of any file (a font of the system) under ``name``, for every style."""
    if name in pdfmetrics._fonts:
        return
    _register(name, BookFont(name, path, index))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


def register_fonts(families: dict[str, dict[str, str]], folder: Path | None = None) -> None:
    """Register each family's faces; a missing face falls back to the nearest one we have
    (sans italic prints upright rather than in a font without our letters)."""
    folder = folder or resource_path("fonts")
    registered = set(pdfmetrics.getRegisteredFontNames())
    loaded: dict[Path, BookFont] = {}
    for family, faces in families.items():
        for style in STYLES:
            name = font_name(family, style)
            if name in registered:
                continue
            file = faces.get(style) or faces.get("bold" if style == "boldItalic" else "regular") or faces["regular"]
            path = folder / file
            if not path.is_file():
                raise BriefingError(f"{path}: font file missing from the installation")
            # a style without a file of its own prints in another's face: its name maps to the font
            # of that face, as ReportLab maps a second font of a face it knows
            font = loaded.get(path) or loaded.setdefault(path, BookFont(name, str(path)))
            _register(name, font)
        # <b> and <i> inside a paragraph map to the family's faces
        for bold in (0, 1):
            for italic in (0, 1):
                style = ("boldItalic" if italic else "bold") if bold else ("italic" if italic else "regular")
                addMapping(font_name(family), bold, italic, font_name(family, style))
