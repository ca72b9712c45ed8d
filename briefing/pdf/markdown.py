"""Markdown → ReportLab flowables: python-markdown makes HTML, this module walks it.

Covers what briefing notes use: headings, emphasis, nested lists, tables, block
quotes, links, code, rules, and highlights written as
``<mark class="yellow" data-note="3">passage</mark>`` (drawn on a coloured
background and followed by the endnote's number, linked to the note).

Those highlights are the only HTML it obeys: any other tag, comment or raw HTML
block prints as written (``briefing.book.markup``: imported text is text), and
the text's own ``<`` and ``&``, which assembly hands over as private characters,
print as ``<`` and ``&``. A link stays a link only to http, https and mailto
addresses, or to a heading of the same text (``#annex``; ``#top`` is the item's
start); anything else prints as its text, so no link can name a place the PDF
does not have.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import markdown as md
from markdown.inlinepatterns import HtmlInlineProcessor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    Indenter,
    ListFlowable,
    ListItem,
    Paragraph,
)

from briefing.book.markup import TOP, anchor_of, external, heading_anchor, printed
from briefing.markdown_lists import NestedLists
from briefing.pdf.codeblocks import CodeBlock
from briefing.pdf.fonts import font_name
from briefing.pdf.glyphs import escape
from briefing.pdf.highlights import (
    NOTE_RISE,
    NOTE_SIZE_DELTA,
    HighlightParagraph,
    NoteStyle,
    Piece,
    word_width,
    words_of,
)
from briefing.pdf.nodes import (
    _BLOCK,
    _BLOCK_GAP,
    _MARK_TAG,
    _MARK_TAGS,
    XREF,
    Node,
    block_nodes,
    emphasis_line,
    parse_html,
    plain_text,
)
from briefing.pdf.plain import BookParagraph, PlainParagraph, breaks_plainly
from briefing.pdf.styles import Theme
from briefing.pdf.tables import column_widths, table, table_rows  # noqa: F401  (the latter two imported from here)
from briefing.pdf.typography import Smartener, language_of

_HEADING = {"h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H4", "h6": "H4"}
_BULLETS = ("•", "–", "◦")
# lists and quotes nested deeper than this indent no further: a hostile text's hundred levels fit the page
MAX_NESTING = 5
PICTURE_WIDTH = 30 * mm  # a portrait beside a biography


def _attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


class MarkdownRenderer:
    """One per export: reuses one python-markdown instance (building it is the slow part)."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.styles = theme.styles
        self._md = md.Markdown(extensions=["tables", "fenced_code", "sane_lists", NestedLists()],
                               output_format="html")
        # raw HTML is text: no HTML blocks, and of inline HTML only the app's own highlight tags
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.register(HtmlInlineProcessor(_MARK_TAG, self._md), "html", 90)
        self._glyphs = theme.glyphs
        self._mono = theme.font("mono")
        self._link = theme.colour("link").hexval().replace("0x", "#")
        self._note_colour = theme.colour("marking").hexval().replace("0x", "#")
        self.width = 400.0  # the frame's width: tables are sized to fit it
        self.note_prefix = ""  # anchor names of the current item's endnotes: f"{note_prefix}{n}"
        self.item_anchor: str | None = None  # the current item's own destination: where "#top" goes
        # the current item's endnote numbers: a highlight's number links only to a note that is there
        # (None: any number, for a text rendered on its own)
        self.note_numbers: set[str] | None = None
        self._places: dict[str, str] = {}  # the current text's headings a link names -> their destinations
        self._placed: set[str] = set()  # ... those already set on a heading
        self._texts = 0  # texts with places, for unique destination names outside an item
        self._quotes = 0  # block quotes the block being laid out sits in
        # the current item's pictures by address (a block's portraits); an image the item does not carry is not drawn
        self.images: dict[str, bytes] = {}
        # typesetting: each paragraph in its language's quotes, dashes and hyphenation (briefing.pdf.typography);
        # ``language`` is the current document's, for paragraphs whose letters do not say
        self.typesetter = theme.typesetter
        self.language: str | None = None
        self._smart: Smartener | None = None  # the quotes of the paragraph being written as markup
        self._bold = 0  # <b> elements the inline markup being written is inside
        self.last_language = "en"  # the language of the last text given to ``inline``

    # -- entry points -------------------------------------------------------------------
    def to_html(self, text: str) -> str:
        return self._md.reset().convert(text)

    def flowables(self, text: str, style: str = "Body", drop_heading: str | tuple[str, ...] | None = None,
                  prepare: Callable[[list], list] | None = None) -> list[Flowable]:
        """``drop_heading``: the item's title (or the titles), already printed above; a document
        whose text opens with the same heading would otherwise show its title twice.
        ``prepare``: given the text's nodes, the nodes to print (``briefing.pdf.repeats``)."""
        try:
            return self._flowables(text, style, drop_heading, prepare)
        except RecursionError:  # markup nested thousands deep (a hostile text): its words, as paragraphs
            return [self.plain(" ".join(_MARK_TAGS.sub("", printed(block)).split()), self.styles[style])
                    for block in _BLOCK_GAP.split(text) if block.strip()]

    def _flowables(self, text: str, style: str, drop_heading: str | tuple[str, ...] | None,
                   prepare: Callable[[list], list] | None) -> list[Flowable]:
        nodes = self.nodes(text)
        dropped = None
        if drop_heading:
            titles = (drop_heading,) if isinstance(drop_heading, str) else drop_heading
            first = next((i for i, n in enumerate(nodes) if not (isinstance(n, str) and not n.strip())), None)
            if first is not None and isinstance(nodes[first], Node) and nodes[first].tag in _HEADING \
                    and any(_repeats(t, plain_text(nodes[first])) for t in titles if t):
                dropped, nodes = nodes[first], nodes[first + 1:]
        if prepare is not None:
            nodes = prepare(nodes)
        self._places, self._placed = {}, set()
        if "#" in text and ("](" in text or "]:" in text):
            self._find_places(nodes, dropped)
        out = self.blocks(nodes, style)
        # a place no heading took (none should be left): set at the text's end, never a link to nowhere
        out += [_Place(name) for name in self._places.values() if name not in self._placed and name != self.item_anchor]
        return out

    def _find_places(self, nodes: list, dropped: Node | None) -> None:
        """The places in this text that its links name (``#annex``: the heading "Annex"), each
        given a destination name unique in the PDF; a link to any other place prints as text."""
        wanted: set[str] = set()
        headings: list[Node] = []

        def walk(children: list) -> None:
            for n in children:
                if isinstance(n, Node):
                    if n.tag == "a":
                        name = anchor_of(n.attrs.get("href", ""))
                        if name:
                            wanted.add(name.casefold())
                    elif n.tag in _HEADING:
                        headings.append(n)
                    walk(n.children)

        walk(nodes)
        if not wanted:
            return
        self._texts += 1
        prefix = self.item_anchor or f"text{self._texts}"
        for n, heading in enumerate(headings):
            name = heading_anchor(plain_text(heading))
            if name in wanted:
                self._places.setdefault(name, f"{prefix}-h{n + 1}")
        if self.item_anchor:  # the item's own heading: its title, printed above the text
            if dropped is not None:
                self._places.setdefault(heading_anchor(plain_text(dropped)), self.item_anchor)
            if TOP in wanted:
                self._places.setdefault(TOP, self.item_anchor)

    def _place_of(self, heading: Node) -> str | None:
        """The destination to set on this heading, when a link names it and it is not set yet."""
        place = self._places.get(heading_anchor(plain_text(heading)))
        if place is None or place in self._placed or place == self.item_anchor:
            return None
        self._placed.add(place)
        return place

    def _href(self, href: str) -> str | None:
        """Where a link goes in the PDF: an http(s) or mailto address, or a place in this text; else None."""
        if external(href):
            return href.strip()
        name = anchor_of(href)
        place = self._places.get(name.casefold()) if name else None
        return f"#{place}" if place else None

    def nodes(self, text: str) -> list:
        """The Markdown's block nodes, as python-markdown would give them (see ``nodes.block_nodes``)."""
        return block_nodes(text, self.to_html)

    def inline_markup(self, text: str) -> str:
        """One-paragraph Markdown (an endnote, a table cell) as ReportLab paragraph markup."""
        line = emphasis_line(text)  # (the usual endnote, without python-markdown)
        parts = []
        for child in [line] if line is not None else parse_html(self.to_html(text)).children:
            if isinstance(child, Node) and child.tag in _BLOCK:
                parts.append(self.inline(child.children))
            elif isinstance(child, str):
                if child.strip():
                    parts.append(self._glyphs.markup(child))
            else:
                parts.append(self.inline([child]))
        return "<br/>".join(p for p in parts if p)

    def plain(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A paragraph of text without markup, set in its language: the fast path, unless a
        character needs the symbol font."""
        language = language_of(text, self.language, self.typesetter.default)
        text = self.typesetter.smart(text, language)
        style = self.theme.for_language(style, language)
        if self._glyphs.missing(text):
            bold = style.fontName.endswith(("-bold", "-boldItalic"))
            return BookParagraph(self._glyphs.markup(" ".join(text.split()), bold=bold), style)
        return PlainParagraph(text, style)

    def language_of(self, text: str) -> str:
        return language_of(text, self.language, self.typesetter.default)

    # -- blocks -------------------------------------------------------------------------
    def blocks(self, nodes: list, style: str, depth: int = 0) -> list[Flowable]:
        out: list[Flowable] = []
        run: list = []  # loose inline content between blocks

        def flush() -> None:
            if all(isinstance(n, str) for n in run):
                text = "".join(run)
                if text.strip():
                    out.append(self.plain(text, self.styles[style]))
            else:
                markup = self.inline(run).strip()
                if markup:
                    out.append(BookParagraph(markup, self.theme.for_language(self.styles[style], self.last_language)))
            run.clear()

        for node in nodes:
            if isinstance(node, str) or node.tag not in _BLOCK:
                run.append(node)
                continue
            flush()
            out.extend(self.block(node, style, depth))
        flush()
        return out

    def block(self, node: Node, style: str, depth: int) -> list[Flowable]:
        tag = node.tag
        if tag == "p":
            picture = self.picture(node)
            if picture is not None:
                return [picture]
            if all(isinstance(n, str) for n in node.children):  # no markup: the fast path
                text = "".join(node.children)
                if not text.strip():
                    return []
                para = self.plain(text, self.styles[style])
                if _introduces(text):  # "Notes on the figures:" stays with its list
                    para.keepWithNext = True
                return [para]
            highlighted = self.highlighted(node.children, self.styles[style])
            if highlighted is not None:
                return [highlighted]
            markup = self.inline(node.children).strip()
            if not markup:
                return []
            para = BookParagraph(markup, self.theme.for_language(self.styles[style], self.last_language))
            # a line that is all bold ("**Earlier meetings and visits**") labels what follows:
            # it stays with it rather than end a page alone
            content = [n for n in node.children if not (isinstance(n, str) and not n.strip())]
            para.keepWithNext = len(content) == 1 and isinstance(content[0], Node) and content[0].tag in ("strong", "b")
            return [para]
        if tag in _HEADING:
            style_ = self.styles[_HEADING[tag]]
            place = self._place_of(node) if self._places else None
            if place is None and all(isinstance(n, str) for n in node.children):
                p = self.plain("".join(node.children), style_)
            else:
                p = BookParagraph((f'<a name="{place}"/>' if place else "") + self.inline(node.children), style_)
            p.keepWithNext = True
            return [p]
        if tag in ("ul", "ol"):
            return [self.list(node, depth)]
        if tag == "blockquote":
            indent = 16 if self._quotes < MAX_NESTING else 0
            self._quotes += 1
            try:
                inner = self.blocks(node.children, "Quote", depth)
            finally:
                self._quotes -= 1
            return [Indenter(left=indent), *inner, Indenter(left=-indent)]
        if tag == "pre":
            return [CodeBlock(plain_text(node).rstrip("\n"), self.styles["Code"])]
        if tag == "table":
            return [self.table(node)]
        if tag == "hr":
            return [HRFlowable(width="100%", thickness=0.6, color=self.theme.colour("rule"), spaceBefore=4, spaceAfter=8)]
        if tag == XREF:  # the pack's own line pointing to another item (briefing.pdf.repeats)
            link = f'<a href="#{_attr(node.attrs["href"])}" color="{self._link}">{self.inline(node.children)}</a>'
            return [BookParagraph(f"<i>{link}</i>", self.styles["BodyLeft"])]
        return self.blocks(node.children, style, depth)  # div, dl: their content

    def picture(self, node: Node) -> Flowable | None:
        """A paragraph that is only an image the item carries, drawn PICTURE_WIDTH wide; else None."""
        content = [n for n in node.children if not (isinstance(n, str) and not n.strip())]
        if len(content) != 1 or not isinstance(content[0], Node) or content[0].tag != "img":
            return None
        data = self.images.get(content[0].attrs.get("src", ""))
        if data is None:
            return None
        width, height = ImageReader(io.BytesIO(data)).getSize()
        image = Image(io.BytesIO(data), PICTURE_WIDTH, PICTURE_WIDTH * height / max(width, 1), hAlign="LEFT")
        image.spaceBefore, image.spaceAfter = 2, 6
        return image

    def list(self, node: Node, depth: int) -> Flowable:
        items = []
        for li in node.children:
            if not isinstance(li, Node) or li.tag != "li":
                continue
            content = self.blocks(li.children, "ListBody", depth + 1)
            items.append(ListItem(content or [BookParagraph("", self.styles["ListBody"])]))
        body = self.styles["ListBody"]
        common = dict(leftIndent=15, bulletFontName=body.fontName, bulletFontSize=body.fontSize, spaceAfter=3)
        if depth >= MAX_NESTING:  # as deep as lists indent: its items stand under the level above
            return ListFlowable(items, bulletType="bullet", start="", bulletDedent=0, **{**common, "leftIndent": 0})
        if node.tag == "ol":
            start = node.attrs.get("start", "1")
            return ListFlowable(items, bulletType="1", start=start if start.isdigit() else "1", bulletFormat="%s.",
                                bulletDedent=15, **common)
        return ListFlowable(items, bulletType="bullet", start=_BULLETS[min(depth, 2)], bulletDedent=11, **common)

    def table(self, node: Node) -> Flowable:
        return table(self, node)

    # -- inline -------------------------------------------------------------------------
    def inline(self, nodes: list) -> str:
        """Inline nodes as ReportLab paragraph markup, the text in its language's quotes and
        dashes (``last_language`` says which)."""
        if self._smart is not None:  # (within a paragraph already begun)
            return self._inline(nodes)
        self.last_language = self.language_of(plain_text(Node("", children=nodes)))
        self._smart = self.typesetter.quoting(self.last_language)
        try:
            return self._inline(nodes)
        finally:
            self._smart = None

    def _inline(self, nodes: list) -> str:
        out: list[str] = []
        smart = self._smart
        for node in nodes:
            if isinstance(node, str):
                out.append(self._glyphs.markup(smart(node) if smart is not None else node, bold=self._bold > 0))
                continue
            tag, inner = node.tag, (lambda n=node: self._inline(n.children))
            if tag in ("strong", "b"):
                self._bold += 1  # (a script's face is named bold inside: ReportLab's <b> does not reach it)
                try:
                    out.append(f"<b>{inner()}</b>")
                finally:
                    self._bold -= 1
            elif tag in ("em", "i", "cite"):
                out.append(f"<i>{inner()}</i>")
            elif tag == "code":  # as written: no typographic quotes in code
                self._smart = None
                try:
                    out.append(f'<font face="{self._mono}" size="{self.styles["Code"].fontSize:g}">{inner()}</font>')
                finally:
                    self._smart = smart
            elif tag == "a":
                href = self._href(node.attrs.get("href", ""))
                out.append(f'<a href="{_attr(href)}" color="{self._link}">{inner()}</a>' if href else inner())
            elif tag in ("del", "s", "strike"):
                out.append(f"<strike>{inner()}</strike>")
            elif tag == "u":
                out.append(f"<u>{inner()}</u>")
            elif tag == "sup":
                out.append(f"<super>{inner()}</super>")
            elif tag == "sub":
                out.append(f"<sub>{inner()}</sub>")
            elif tag == "br":
                out.append("<br/>")
            elif tag == "mark":
                out.append(self.mark(node, inner()))
            elif tag == "img":
                alt = node.attrs.get("alt")
                out.append(f"<i>[{escape(alt)}]</i>" if alt else "")
            elif tag in _BLOCK:  # a block inside a table cell or list item run
                out.append(inner())
            else:
                out.append(inner())
        return "".join(out)

    def highlighted(self, children: list, style: ParagraphStyle) -> Flowable | None:
        """Plain text and highlights, without other markup, as a HighlightParagraph; else None."""
        if (style.alignment not in (TA_LEFT, TA_JUSTIFY) or style.firstLineIndent or not hasattr(style, "_family")
                or not breaks_plainly(style)):
            return None
        pieces: list[Piece] = []
        language = self.language_of(plain_text(Node("", children=children)))
        smart = self.typesetter.quoting(language)
        style = self.theme.for_language(style, language)
        for n in children:
            if isinstance(n, str):
                pieces.append(Piece(smart(n)))
            elif n.tag == "mark" and all(isinstance(c, str) for c in n.children):
                pieces.append(Piece(smart("".join(n.children)), ground=self.theme.highlight(n.attrs.get("class"))))
                note = n.attrs.get("data-note", "").strip()
                if self._is_note(note):
                    pieces.append(Piece(note, note=note))
            else:
                return None
        text = "".join(p.text for p in pieces)
        if not any(p.ground for p in pieces) or "\xa0" in text or self._glyphs.missing(text):
            return None
        bold = "boldItalic" if "italic" in style._face.lower() else "bold"
        note = NoteStyle(font_name(style._family, bold), max(style.fontSize - NOTE_SIZE_DELTA, 3),
                         style.fontSize * NOTE_RISE, self._note_colour, self.note_prefix)
        words = words_of(pieces)
        # a word too long for a line (a long address) needs ReportLab's splitting: keep the markup
        if any(word_width(w, style.fontName, style.fontSize, note) > self.width / 2 for w in words):
            return None
        return HighlightParagraph(None, style, words=words, note=note)

    def _is_note(self, number: str) -> bool:
        return number.isdigit() and (self.note_numbers is None or number in self.note_numbers)

    def mark(self, node: Node, inner: str) -> str:
        colour = self.theme.highlight(node.attrs.get("class"))
        text = f'<span backColor="{colour}">{inner}</span>'
        note = node.attrs.get("data-note", "").strip()
        if self._is_note(note):
            target = f"{self.note_prefix}{note}"
            text += f'<super><a href="#{target}" color="{self._note_colour}"><b>{note}</b></a></super>'
        return text


class _Place(Flowable):
    """A destination with nothing to draw: where a link's place is set when no heading took it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.name, 0, 0)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _introduces(text: str) -> bool:
    """A short line ending with a colon: it introduces what follows ("Notes on the figures:")."""
    text = text.strip()
    return text.endswith(":") and len(text) <= 120


def _repeats(title: str, heading: str) -> bool:
    """Whether a text's opening heading says again what its title says: the same words, or
    the part of the title after its label ("Background note: Relations, 2005–2024")."""
    if _same(title, heading):
        return True
    _, colon, rest = title.partition(": ")
    if colon and _same(rest, heading):
        return True
    # the title's first words with the year: "Treaty on strategic partnership (2005)"
    short = " ".join(re.sub(r"\s*\([^()]*\)\s*$", "", heading).split()).casefold()
    return len(short.split()) >= 3 and " ".join(title.split()).casefold().startswith(short + " ")
