"""What an export renders: a book resolved against the store, ready for a renderer.

``books.assemble()`` builds it (documents fetched, excerpts cut, generated
blocks computed, annotations placed, export profile applied); the PDF writer
only lays it out. Everything textual is Markdown. Highlights are inline HTML in
that Markdown: ``<mark class="yellow" data-note="3">passage</mark>``, where
``data-note`` (optional) is the number of the item's endnote in ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocumentMeta:
    kind: str
    date: str | None = None
    place: str | None = None
    language: str | None = None
    instrument: str | None = None
    parties: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    publisher: str | None = None
    author: str | None = None
    source: str | None = None  # URL, file name, or the title of the report it came from


@dataclass
class Endnote:
    number: int
    markdown: str


@dataclass
class SeriesPoint:
    label: str  # e.g. "2022"
    value: float
    status: str | None = None  # the figure's status: a "derived" or "approximate" point is drawn apart


@dataclass
class Series:
    """A figure with several dated values: drawn as a chart."""

    title: str
    unit: str | None
    points: list[SeriesPoint]
    source: str | None = None
    note: str | None = None  # how its derived or approximate points were obtained


@dataclass
class ItemContent:
    kind: str  # "document", "excerpt", "note" or "block"
    title: str
    markdown: str
    item_id: int | None = None
    document_id: int | None = None
    marking: str | None = None  # the item's own marking, shown at its start
    meta: DocumentMeta | None = None
    notes: list[Endnote] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # a block's pictures by their address in the Markdown
    changed: bool = False  # added or changed since the edition the pack names: a change bar beside it
    placement: str | None = None  # an addendum's instruction: "Replaces pages 13–14 of edition 1"
    parallel: ItemContent | None = None  # the document's translation, printed beside it in two columns


@dataclass
class SectionContent:
    title: str
    items: list[ItemContent] = field(default_factory=list)
    children: list[SectionContent] = field(default_factory=list)
    section_id: int | None = None


@dataclass
class BookContent:
    title: str
    marking: str
    sections: list[SectionContent]
    visit: str | None = None
    destination: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    prepared_for: str | None = None
    prepared_by: str | None = None
    edition_date: str | None = None
    version: str | None = None
    paper: str = "a4"  # "a4" or "letter"
    watermark: str | None = None
    profile: str | None = None  # export profile shown on the cover ("full", "working", "press")
    keywords: list[str] = field(default_factory=list)
    cover_lines: list[str] = field(default_factory=list)  # extra cover text: edition, addendum, distribution
    page_banner: str | None = None  # extra text beside the marking on every page, e.g. "Copy 2 of 5 — A. Name"
    kicker: str = "BRIEFING BOOK"  # the cover's line above the title (the profile's: "PRESS PACK")
    profile_shown: bool = True  # whether the cover names the profile
    issued: str | None = None  # when the edition printed went up (ISO date or UTC time): the PDF's creation date
