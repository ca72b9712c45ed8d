"""The pack's look as data: ``resources/styles/<name>.json`` loaded into ReportLab styles.

One file holds the fonts, page margins, colours, highlight colours, paragraph
styles and the typography of each language (``briefing.pdf.typography``), so the
look can change without touching the layout code. ``Theme.for_language`` gives a
paragraph style as a language sets it: hyphenated with its dictionary, or ragged
right where it has none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from briefing.errors import BriefingError
from briefing.pdf.fonts import font_name, register_fonts
from briefing.pdf.glyphs import Glyphs
from briefing.pdf.typography import Typesetter
from briefing.resources import resource_path

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}

@dataclass(frozen=True)
class Theme:
    styles: dict[str, ParagraphStyle]
    colours: dict[str, Any]
    highlights: dict[str, str]
    page: dict[str, float]
    glyphs: Glyphs  # the symbol font for characters the text fonts lack
    _parsed: dict[str, colors.Color] = field(default_factory=dict, compare=False, repr=False)
    typesetter: Typesetter = field(default_factory=lambda: Typesetter({}))

    def font(self, family: str, style: str = "regular") -> str:
        return font_name(family, style)

    def colour(self, key: str) -> colors.Color:
        # asked for on every page and table: parsing "#1f3a5f" each time cost more than drawing the rules
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = _colour(self.colours, key)
        return found

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """top, right, bottom, left in points."""
        p = self.page
        return (p["margin_top_mm"] * mm, p["margin_right_mm"] * mm, p["margin_bottom_mm"] * mm, p["margin_left_mm"] * mm)

    def highlight(self, name: str | None) -> str:
        return self.highlights.get((name or "").lower()) or self.highlights["default"]

    def for_language(self, style: ParagraphStyle, language: str) -> ParagraphStyle:
        """``style`` as ``language`` sets it. Running text (a style marked ``hyphenate``) is
        hyphenated with the language's dictionary; without one, justified text is set ragged
        right instead, since lines that cannot be hyphenated open wide gaps. Other styles
        (headings, titles) are never hyphenated."""
        if not getattr(style, "bb_hyphenate", False):
            return style
        # kept on the style itself (a style made for one table cell goes with it); a style
        # derived from this one copies the attribute, hence the check that it is this style's
        owned = style.__dict__.get("_bb_variants")
        if owned is None or owned.style is not style:
            owned = style._bb_variants = _Variants(style)
        found = owned.by_language.get(language)
        if found is None:
            hyphenator = self.typesetter.hyphenator(language)
            if hyphenator is not None:
                found = ParagraphStyle(style.name, parent=style, hyphenationLang=hyphenator)
            elif style.alignment == TA_JUSTIFY:
                found = ParagraphStyle(style.name, parent=style, alignment=TA_LEFT)
            else:
                found = style
            if found is not style:
                found._bb_variants = _Variants(found, {language: found})
                for attr in ("_family", "_face"):
                    if hasattr(style, attr):
                        setattr(found, attr, getattr(style, attr))
            owned.by_language[language] = found
        return found


class _Variants:
    """A style's variants by language. Not copied with the style: ReportLab deep-copies a style
    when it splits a paragraph with a first-line indent, and a copy makes its own."""

    __slots__ = ("style", "by_language")

    def __init__(self, style: ParagraphStyle, by_language: dict[str, ParagraphStyle] | None = None) -> None:
        self.style, self.by_language = style, by_language or {}

    def __deepcopy__(self, memo: dict) -> _Variants:
        return self


def _colour(named: dict[str, Any], value: str) -> colors.Color:
    value = named.get(value, value)
    try:
        return colors.toColor(value)
    except Exception as exc:
        raise BriefingError(f"styles: {value!r} is not a colour") from exc


def _paragraph_style(name: str, spec: dict[str, Any], parent: ParagraphStyle | None, named: dict) -> ParagraphStyle:
    attrs: dict[str, Any] = {}
    for key, value in spec.items():
        if key in ("parent", "font", "fontStyle", "hyphenate"):
            continue
        if key in ("textColor", "backColor", "borderColor"):
            value = _colour(named, value)
        elif key == "alignment":
            value = _ALIGN[value]
        attrs[key] = value
    family = spec.get("font") or getattr(parent, "_family", "serif")
    face = spec.get("fontStyle") or (getattr(parent, "_face", "regular") if "font" not in spec else "regular")
    attrs["fontName"] = font_name(family, face)
    style = ParagraphStyle(name, parent=parent, **attrs)
    style._family, style._face = family, face  # remembered so children inherit the family
    if "hyphenate" in spec:
        style.bb_hyphenate = bool(spec["hyphenate"])
    style.bulletFontName = font_name(family)
    return style


@cache
def load_theme(name: str = "default") -> Theme:
    path = resource_path("styles", f"{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BriefingError(f"{path}: no such style file") from exc
    except ValueError as exc:
        raise BriefingError(f"{path}: not valid JSON ({exc})") from exc
    register_fonts(data["fonts"])
    named = {k: v for k, v in data["colours"].items() if isinstance(v, str)}
    styles: dict[str, ParagraphStyle] = {}
    specs = data["paragraph_styles"]

    def build(style_name: str) -> ParagraphStyle:
        if style_name not in styles:
            spec = specs[style_name]
            parent = build(spec["parent"]) if spec.get("parent") else None
            styles[style_name] = _paragraph_style(style_name, spec, parent, named)
        return styles[style_name]

    for style_name in specs:
        build(style_name)
    text_fonts = [font_name(f) for f in data["fonts"] if f not in ("mono", "symbols")]
    glyphs = Glyphs(text_fonts, font_name("symbols" if "symbols" in data["fonts"] else "sans"))
    return Theme(styles=styles, colours=data["colours"], highlights=data["highlights"], page=data["page"], glyphs=glyphs,
                 typesetter=Typesetter.from_data(data.get("typography")))
