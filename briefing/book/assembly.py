"""A book resolved against the store: what a renderer lays out (``BookContent``).

Documents are fetched with their highlights woven in and their notes as
numbered endnotes, excerpts cut, generated blocks computed now, and the export
profile applied (private notes only in the working copy; the press profile
keeps only releasable items at the lowest marking, without annotations or
notes, under its own cover: ``profiles.item_allowed``, ``profiles.finish_for_profile``).

A document's text and every note are text (``markup.as_text``) before the
highlights are woven in: what looks like HTML in them prints as written, and
only the ``<mark>`` tags woven here are highlights. Generated blocks escape
what they take from the library themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from briefing.book.blocks import check_block, compute_block
from briefing.book.books import get_book
from briefing.book.content import BookContent, DocumentMeta, Endnote, ItemContent, SectionContent
from briefing.book.items import item_title
from briefing.book.markup import as_text
from briefing.book.profiles import Profile, allowed_by, finish_for_profile, item_allowed, load_profile
from briefing.book.templates import load_template
from briefing.book.validation import usable_settings
from briefing.errors import BriefingError
from briefing.library.annotations import anchored, find_quote, locate
from briefing.library.documents import get_document
from briefing.library.highlights import Highlight, weave
from briefing.library.markings import lowest_marking
from briefing.library.store import Store

Progress = Callable[[int, int], None]


def document_meta(doc: dict[str, Any], store: Store) -> DocumentMeta:
    source = doc.get("url") or None
    if not source and doc.get("source_document_id"):
        source = store.scalar("SELECT title FROM documents WHERE id = ?", [doc["source_document_id"]])
    if not source and doc.get("source_path"):
        source = doc["source_path"].replace("\\", "/").rsplit("/", 1)[-1]
    return DocumentMeta(
        kind=doc["kind"],
        date=doc.get("date"),
        place=doc.get("place"),
        language=doc.get("language"),
        instrument=doc.get("instrument"),
        parties=[p["name"] for p in doc.get("parties", [])],
        speakers=[s["name"] for s in doc.get("speakers", [])],
        publisher=doc.get("publisher"),
        author=doc.get("author"),
        source=source,
    )


class _Assembler:
    def __init__(self, store: Store, book: dict[str, Any], profile: Profile):
        self.store = store
        self.book = book
        self.profile = profile

    def _annotations(self, doc_id: int, text: str) -> list[dict]:
        if not self.profile.annotations:
            return []
        found = anchored(self.store, doc_id, include_private=self.profile.private_notes, text=text)
        return sorted((a for a in found if a["span"]), key=lambda a: (a["span"][0], a["id"]))

    def _marked(self, text: str, annotations: list[dict], offset: int = 0) -> tuple[str, list[Endnote]]:
        """``text`` (which starts at ``offset`` of the document) with highlights and numbered notes."""
        notes: list[Endnote] = []
        highlights = []
        for a in annotations:
            start, end = a["span"][0] - offset, a["span"][1] - offset
            if end <= 0 or start >= len(text):
                continue
            number = None
            if a["note"] and a["note"].strip() and self.profile.internal_notes:
                number = len(notes) + 1
                notes.append(Endnote(number, as_text(a["note"].strip())))
            highlights.append(Highlight(max(0, start), min(len(text), end), a["color"], number))
        return weave(text, highlights), notes

    def item(self, item: dict[str, Any]) -> ItemContent | None:
        kind = item["kind"]
        if not item_allowed(self.profile, item):  # its audience (a press cut: releasable items only)
            return None
        if kind == "note":
            if not allowed_by(self.profile, item["marking"]):
                return None
            return ItemContent("note", item_title(item), as_text((item["body"] or "").strip()), item_id=item["id"],
                               marking=item["marking"])
        if kind == "block":
            if not allowed_by(self.profile, item["marking"]):
                return None
            try:
                check_block(item["block"] or {})
            except BriefingError:  # stored before the checks; pre-flight calls it an error, export went ahead
                return ItemContent("block", item["title"] or "Block", "*This block cannot be printed as stored: "
                                   "see the pre-flight check.*", item_id=item["id"], marking=item["marking"])
            result = compute_block(self.store, item["block"], self.book, internal_notes=self.profile.internal_notes,
                                   for_release=self.profile.releasable_only)
            return ItemContent(
                "block", item["title"] or result.title, result.markdown, item_id=item["id"],
                marking=item["marking"], series=result.series, images=result.images,
            )
        if kind == "excerpt" and not item["excerpt"] and not self.profile.annotations:
            return None  # an excerpt made of highlights, in a profile without highlights
        doc = get_document(self.store, item["document_id"])
        marking = item["marking"] or doc.get("marking")
        if not allowed_by(self.profile, marking):
            return None
        content = ItemContent(
            kind, item["title"] or doc["title"], "", item_id=item["id"], document_id=doc["id"],
            marking=marking, meta=document_meta(doc, self.store),
        )
        annotations = self._annotations(doc["id"], doc["text"])
        if kind == "document":
            content.markdown, content.notes = self._marked(as_text(doc["text"]), annotations)
            if item.get("parallel_document_id"):  # printed beside its translation, in two columns
                content.parallel = self._parallel(item["parallel_document_id"])
        else:
            content.markdown, content.notes = self._excerpt(item, doc, annotations)
        return content

    def _parallel(self, doc_id: int) -> ItemContent | None:
        """A translation to print beside a document: its text as written, without highlights;
        none when the profile may not show its marking."""
        doc = get_document(self.store, doc_id)
        if not allowed_by(self.profile, doc.get("marking")):
            return None
        return ItemContent("document", doc["title"], as_text(doc["text"]), document_id=doc["id"],
                           marking=doc.get("marking"), meta=document_meta(doc, self.store))

    def _excerpt(self, item: dict, doc: dict, annotations: list[dict]) -> tuple[str, list[Endnote]]:
        text = doc["text"]
        if item["excerpt"]:
            # the chosen passage as the document reads now; as it was chosen if it is gone
            span = locate(text, {"exact": item["excerpt"], "prefix": "", "suffix": ""})
            if span is None:
                try:
                    span = find_quote(text, item["excerpt"])
                except BriefingError:
                    return _quote(as_text(item["excerpt"])), []
            passage, notes = self._marked(as_text(text[span[0] : span[1]]), annotations, span[0])
            return _quote(_balanced(passage)), notes
        chosen = item["annotation_ids"]
        picked = [a for a in annotations if chosen is None or a["id"] in chosen]
        if not picked:
            return "*No highlighted passages to show.*", []
        parts, notes = [], []
        for a in picked:
            passage = _balanced(as_text(text[a["span"][0] : a["span"][1]]))
            parts.append(_quote(f'<mark class="{a["color"]}">{_flat(passage)}</mark>'))
            if a["note"] and self.profile.internal_notes:
                parts.append(as_text(a["note"].strip()))
        return "\n\n".join(parts), notes

    def section(self, section: dict[str, Any]) -> SectionContent | None:
        items = [self.item(i) for i in section["items"]]
        children = [c for c in (self.section(s) for s in section["sections"]) if c is not None]
        kept = [i for i in items if i is not None]
        dropped = len(kept) < len(items) or len(children) < len(section["sections"])
        if dropped and not kept and not children:
            return None  # everything in it is out of this profile: no empty page
        return SectionContent(section["title"], kept, children, section_id=section["id"])


def _quote(markdown: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in markdown.strip().splitlines())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _balanced(text: str) -> str:
    """A passage cut out of Markdown: drop emphasis delimiters left without their pair."""
    for delimiter in ("**", "__"):
        if text.count(delimiter) % 2:
            text = text.replace(delimiter, "")
    if len(re.findall(r"(?<!\*)\*(?!\*)", text)) % 2:
        text = re.sub(r"(?<!\*)\*(?!\*)", "", text)
    return text


def assemble_book(
    store: Store,
    book_id: int,
    *,
    profile: str | None = None,
    watermark: str | None = None,
    progress: Progress | None = None,
) -> BookContent:
    """The book as a renderer needs it, with ``profile`` (default ``full``) applied."""
    book = get_book(store, book_id)
    prof = load_profile(profile)
    assembler = _Assembler(store, book, prof)
    total = len(book["sections"])
    sections = []
    for n, section in enumerate(book["sections"], 1):
        built = assembler.section(section)
        if built is not None:
            sections.append(built)
        if progress:
            progress(n, total)
    marking = book["marking"] or ""
    if prof.max_marking == "lowest":
        marking = lowest_marking()
    event = book.get("event")
    settings = usable_settings(book.get("settings"))
    template = _template_title(book.get("template"))
    keywords = [k for k in (book.get("destination"), event["title"] if event else None, template) if k]
    keywords += [k for k in settings.get("keywords", []) if k not in keywords]
    return finish_for_profile(BookContent(
        title=book["title"],
        marking=marking,
        sections=sections,
        visit=event["title"] if event else settings.get("visit"),
        destination=book.get("destination"),
        start_date=book.get("start_date"),
        end_date=book.get("end_date"),
        prepared_for=book.get("prepared_for"),
        prepared_by=book.get("prepared_by"),
        edition_date=book.get("edition_date"),
        version=book.get("version"),
        paper=book.get("paper") or "a4",
        watermark=watermark if watermark is not None else prof.watermark,
        profile=prof.name,
        keywords=keywords,
    ), prof)  # the profile's cover and title, a marking even when the book has none


def _template_title(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return load_template(name).get("title")
    except BriefingError:
        return None
