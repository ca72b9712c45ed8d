"""The book as a stream of flowables: cover, contents, then one chunk per item.

Chunks are produced lazily so that a long book never holds every item's
flowables at once; each chunk is one unit of progress.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from briefing.book.content import BookContent, ItemContent, SectionContent
from briefing.book.labels import edition_label
from briefing.book.markup import external
from briefing.book.profiles import UNMARKED
from briefing.dates import format_dates
from briefing.pdf.addendum import placement_note
from briefing.pdf.bilingual import side_by_side
from briefing.pdf.breaks import NewPage
from briefing.pdf.changebars import ChangeBar
from briefing.pdf.doc import Anchored, ItemEnd, TocLine
from briefing.pdf.markdown import MarkdownRenderer, escape
from briefing.pdf.metablock import MetaBlock, details, label_width
from briefing.pdf.plain import BookParagraph, PlainParagraph
from briefing.pdf.repeats import Repeats
from briefing.pdf.styles import Theme
from briefing.pdf.typography import book_dates
from briefing.resources import resource_path


def profile_title(name: str | None) -> str | None:
    if not name:
        return None
    path = resource_path("profiles", f"{name}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("title") or name
    except (OSError, ValueError):
        return name.capitalize()


class Story:
    def __init__(self, content: BookContent, theme: Theme, width: float) -> None:
        self.content, self.theme, self.width = content, theme, width
        self.st = theme.styles
        self.md = MarkdownRenderer(theme)
        self.md.width = width
        self.current = ""  # what is being laid out, for error messages
        self.repeats = Repeats(content)  # what the book prints once (briefing.pdf.repeats)

    # -- the whole stream ---------------------------------------------------------------
    def units(self) -> int:
        """How many chunks ``chunks()`` yields: the unit of progress."""
        def count(sections: list[SectionContent]) -> int:
            return sum(max(len(s.items), 1) + count(s.children) for s in sections)

        return 2 + count(self.content.sections)

    def chunks(self, last: int | None = None) -> Iterator[list[Flowable]]:
        """The cover, the contents and the top-level sections before ``last`` (all by default)."""
        self.current = "the cover"
        yield self.cover()
        self.current = "the table of contents"
        yield self.contents()
        yield from self.section_chunks(0, last)

    def section_chunks(self, first: int, last: int | None = None, *, on_new_page: bool = False) -> Iterator[list[Flowable]]:
        """Top-level sections ``first`` to ``last``, numbered as in the whole book.
        ``on_new_page``: the layout starts on a fresh page, so the first section needs no break."""
        chunks = self._sections(self.content.sections[first:last], "s", 0, start=first + 1)
        if on_new_page:
            chunk = next(chunks, None)
            if chunk is not None:
                yield chunk[1:] if chunk and isinstance(chunk[0], PageBreak) else chunk
        yield from chunks

    def _sections(self, sections: list[SectionContent], prefix: str, depth: int,
                  start: int = 1) -> Iterator[list[Flowable]]:
        for i, section in enumerate(sections, start):
            key = f"{prefix}{i}"
            self.current = f"section {section.title!r}"
            style = self.st["SectionTitle" if depth == 0 else "SubsectionTitle"]
            head: list[Flowable] = [PageBreak()] if depth == 0 else [CondPageBreak(60 * mm)]
            heading = self.md.plain(section.title, style)
            head.append(Anchored(heading, key, outline=self._typeset(section.title), level=depth))
            head[-1].keepWithNext = True
            if not section.items:
                yield head
            for j, item in enumerate(section.items, 1):
                self.current = f"item {item.title!r} in section {section.title!r}"
                yield head + self.item(item, f"{key}-i{j}", depth + 1, first=bool(head), section=section.title)
                head = []
            yield from self._sections(section.children, f"{key}.", depth + 1)

    # -- cover --------------------------------------------------------------------------
    def cover(self) -> list[Flowable]:
        c, st = self.content, self.st
        kicker = self.theme.glyphs.markup(c.kicker or "BRIEFING BOOK")
        out: list[Flowable] = [Spacer(1, 22 * mm), BookParagraph(kicker, st["CoverKicker"])]
        out.append(BookParagraph(self.theme.glyphs.markup(self._typeset(c.title)), st["CoverTitle"]))
        out.append(_rule(self.theme, 38 * mm, 1.4, "accent", 4, 14))
        if c.visit and c.visit != c.title:
            out.append(BookParagraph(self.theme.glyphs.markup(self._typeset(c.visit)), st["CoverVisit"]))
        place = " · ".join(x for x in (c.destination, format_dates(c.start_date, c.end_date)) if x)
        if place:
            out.append(BookParagraph(self.theme.glyphs.markup(self._typeset(place)), st["CoverPlace"]))
        out.append(Spacer(1, 16 * mm))
        out.append(self._marking_box(c.marking))
        out.append(Spacer(1, 16 * mm))
        fields = [("Prepared for", c.prepared_for), ("Prepared by", c.prepared_by)]
        edition = edition_label(c.version, c.edition_date)  # one format: "Edition 1 of 5 March 2024"
        if c.profile and c.profile_shown:
            fields.append(("Profile", profile_title(c.profile)))
        for label, value in fields:
            if value:
                out.append(BookParagraph(f'<font color="{self._hex("muted")}">{label}:</font> {self.theme.glyphs.markup(self._typeset(value))}',
                                     st["CoverField"]))
        if edition:
            out.append(BookParagraph(self.theme.glyphs.markup(edition), st["CoverField"]))
        if c.cover_lines:
            out.append(Spacer(1, 8 * mm))
            out.extend(BookParagraph(self.theme.glyphs.markup(self._typeset(line)), st["CoverLine"]) for line in c.cover_lines)
        out += [NextPageTemplate("body"), PageBreak()]
        return out

    def _marking_box(self, marking: str) -> Flowable:
        # never an empty box: a book without a marking says so (pre-flight warns of it)
        text = self.theme.glyphs.markup(marking.strip() or UNMARKED)
        t = Table([[BookParagraph(text, self.st["CoverMarking"])]], colWidths=[min(self.width, 110 * mm)])
        t.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 1.2, self.theme.colour("marking")),
            ("FONTNAME", (0, 0), (-1, -1), self.st["CoverMarking"].fontName),  # never the default Helvetica
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ]))
        return t

    def _typeset(self, text: str) -> str:
        """Plain text (an outline entry) in its language's quotes and dashes."""
        return self.theme.typesetter.smart(text, self.md.language_of(text))

    def _hex(self, key: str) -> str:
        return self.theme.colour(key).hexval().replace("0x", "#")

    # -- contents -----------------------------------------------------------------------
    def contents(self) -> list[Flowable]:
        out: list[Flowable] = [Anchored(BookParagraph("Contents", self.st["TocTitle"]), "contents", outline="Contents",
                                        level=0)]

        def walk(sections: list[SectionContent], prefix: str, depth: int) -> None:
            for i, section in enumerate(sections, 1):
                key = f"{prefix}{i}"
                line = TocLine(self.md.plain(section.title, self.st[f"Toc{min(depth, 3)}"]), key)
                line.keepWithNext = bool(section.items or section.children)
                out.append(line)
                for j, item in enumerate(section.items, 1):
                    if _same(item.title, section.title):
                        continue  # the section's own line leads there
                    out.append(TocLine(self.md.plain(item.title, self.st[f"Toc{min(depth + 1, 3)}"]), f"{key}-i{j}"))
                walk(section.children, f"{key}.", depth + 1)

        walk(self.content.sections, "s", 0)
        return out

    # -- items --------------------------------------------------------------------------
    def item(self, item: ItemContent, key: str, level: int, first: bool = False, section: str = "") -> list[Flowable]:
        st = self.st
        self.md.language = item.meta.language if item.meta else None
        if _same(item.title, section):  # not its section's title again as its own heading
            heading = Anchored(Spacer(1, 0), key)
        else:
            heading = Anchored(self.md.plain(item.title, st["ItemTitle"]), key, outline=self._typeset(item.title),
                               level=level)
        # the first item stays with its section's heading; later ones do not start at a page's foot
        out: list[Flowable] = [heading] if first else [CondPageBreak(45 * mm), heading]
        heading.keepWithNext = True
        if item.placement:  # an addendum's replacement or insert pages: a sheet of their own, saying where they go
            out[:-1] = [] if first else [NewPage()]
            out.insert(len(out) - 1, placement_note(item.placement, self.theme, self.width))
        if item.changed:  # a bar in the margin, from here to its end (changebars.py)
            bar = ChangeBar(start=True)
            bar.keepWithNext = True  # it starts where the heading lands, even when the heading moves on a page
            out.insert(len(out) - 1, bar)
        if item.marking:
            p = BookParagraph(self.theme.glyphs.markup(item.marking), st["ItemMarking"])
            p.keepWithNext = True
            out.append(p)
        self.md.note_prefix = f"{key}-n"
        self.md.item_anchor = key
        self.md.note_numbers = {str(note.number) for note in item.notes}
        self.md.images = item.images
        extra: list[tuple[str, str]] = []  # rows of the text's own table of particulars, for the box
        markdown = book_dates(item.markdown) if item.kind == "block" else item.markdown  # one date style
        if item.parallel is not None:  # beside its translation, article by article (bilingual.py)
            text = [side_by_side(item, item.parallel, self.md, self.theme, self.width, self.theme.typesetter.name)]
            language = item.parallel.meta.language if item.parallel.meta else None
            extra.append(("Translation", f"{self.theme.typesetter.name(language) or 'Other language'}: {item.parallel.title}"))
        else:
            text = self.md.flowables(markdown, drop_heading=(item.title, section),
                                     prepare=self.repeats.prepare(item, extra))
        if item.meta and item.kind in ("document", "excerpt"):
            out.append(self.meta_block(item, extra))
        out.extend(text)
        if item.series:
            # (ReportLab's charts load only for a book that draws one: 8 ms of every export, its helper's too)
            from briefing.pdf.charts import series_chart

            out.extend(series_chart(series, self.theme, self.width) for series in item.series)
        if item.notes:
            out.append(PlainParagraph("Notes", st["NotesTitle"]))
            out[-1].keepWithNext = True
            for note in item.notes:
                text = self.md.inline_markup(note.markdown)
                out.append(BookParagraph(f'<a name="{key}-n{note.number}"/>{note.number}.&#160;&#160;{text}', st["Note"]))
        out.append(ItemEnd(key))  # (where it ends: a pack's page map)
        if item.changed:
            out.append(ChangeBar(start=False))
        return out

    def meta_block(self, item: ItemContent, extra: list[tuple[str, str]] = ()) -> Flowable:
        m = item.meta
        assert m is not None
        label, value = self.st["MetaLabel"], self.st["MetaValue"]
        rows = details(m, item.kind, self.theme.typesetter, list(extra))
        data = [(PlainParagraph(k, label), self.md.plain(v, value)) for k, v in rows]
        if m.source:
            src = escape(m.source)
            if m.source.startswith(("http://", "https://")) and external(m.source):
                href = src.replace('"', "&quot;")
                src = f'<a href="{href}" color="{self._hex("link")}">{src}</a>'
            data.append((PlainParagraph("Source", label), BookParagraph(src, value)))
        width = label_width([k for k, _ in rows] + ["Source"], label.fontName, label.fontSize, 24 * mm, 40 * mm)
        t = MetaBlock(data, width, background=self.theme.colour("meta_background"), rule=self.theme.colour("accent"))
        t.spaceAfter = 9
        t.keepWithNext = True
        return t


def _same(a: str, b: str) -> bool:
    return bool(a) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _rule(theme: Theme, width: float, thickness: float, colour: str, before: float, after: float) -> Flowable:
    return HRFlowable(width=width, thickness=thickness, color=theme.colour(colour), spaceBefore=before,
                      spaceAfter=after, hAlign="CENTER")

