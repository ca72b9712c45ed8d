"""The fonts shipped in ``resources/fonts``, registered with ReportLab once per process.

Only TrueType fonts are used: ReportLab embeds them (as subsets), so Kazakh,
Azerbaijani and Russian letters print the same on every machine. The base-14
PDF fonts are never used; they have no Cyrillic and no schwa.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import BriefingError
from .resources import resource_path

STYLES = ("regular", "bold", "italic", "boldItalic")
_PREFIX = "BB"


def font_name(family: str, style: str = "regular") -> str:
    """The registered name of one face, e.g. ``BB-serif-bold``."""
    return f"{_PREFIX}-{family}" if style == "regular" else f"{_PREFIX}-{family}-{style}"


def register_fonts(families: dict[str, dict[str, str]], folder: Path | None = None) -> None:
    """Register each family's faces; a missing face falls back to the nearest one we have
    (sans italic prints upright rather than in a font without our letters)."""
    folder = folder or resource_path("fonts")
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family, faces in families.items():
        for style in STYLES:
            name = font_name(family, style)
            if name in registered:
                continue
            file = faces.get(style) or faces.get("bold" if style == "boldItalic" else "regular") or faces["regular"]
            path = folder / file
            if not path.is_file():
                raise BriefingError(f"{path}: font file missing from the installation")
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # a damaged file: say which one
                raise BriefingError(f"{path}: not a usable TrueType font ({exc})") from exc
        # <b> and <i> inside a paragraph map to the family's faces
        for bold in (0, 1):
            for italic in (0, 1):
                style = ("boldItalic" if italic else "bold") if bold else ("italic" if italic else "regular")
                addMapping(font_name(family), bold, italic, font_name(family, style))
