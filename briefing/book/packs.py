"""What a printed pack holds: the book checked, cut to a profile, and placed among its editions.

``pack_content`` is what ``export``, ``distribute`` and the app call instead of
``assemble`` alone: it runs the pre-flight check (refusing on an error unless
forced), assembles the book with the export profile, and

- once an edition exists, names it on the cover and adds a "Changes since
  edition N" page: since the latest edition when the book changed after it
  (with a change bar beside each item added or changed), otherwise since the
  one before (the change log of the edition being printed); the PDF's creation
  date is the edition's;
- for an addendum, keeps the items added or changed since the latest
  edition, under a cover "Addendum to edition N", on pages that say where they
  go in the edition, from the page map of a pack printed of that edition
  (``editions.edition_pages``): a changed item on a replacement sheet that
  reprints all that was on its pages, the unchanged items sharing them too, so
  that the old pages can be taken out ("Replaces pages 13–14 of edition 1: take
  them out and put these pages in their place…", see ``sheets``), with a bar
  beside what changed; an added item elsewhere on insert pages ("New: insert
  after page 12 of edition 1"); an item of the edition removed since, when no
  sheet reprints its pages, in a line of pages to take out on the changes page
  ("Remove pages 21–22 of edition 1 (its title): withdrawn since").

Change lists follow the profile: an item the profile leaves out is not named,
and changes to what the profile hides (private notes, annotations) are not listed;
a releasable-only cut (the press pack) names no removed item, whose audience the
edition does not keep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from briefing.book.assembly import assemble_book
from briefing.book.content import BookContent, ItemContent, SectionContent
from briefing.book.editions import PARTS, changes, current_state, edition_label, edition_pages, latest_edition
from briefing.book.markup import as_text
from briefing.book.preflight import Problem, require_clean
from briefing.book.profiles import Profile, allowed_by, load_profile
from briefing.book.sheets import replacement_sheets
from briefing.errors import BriefingError
from briefing.library.store import Store

Progress = Callable[[int, int], None]


def _item_ids(sections: list[SectionContent]) -> set[int]:
    found: set[int] = set()
    for s in sections:
        found |= {i.item_id for i in s.items if i.item_id is not None}
        found |= _item_ids(s.children)
    return found


def visible_changes(report: dict[str, Any], profile: Profile, shown: set[int]) -> dict[str, Any]:
    """The change report cut to what a reader of this profile may learn."""
    hidden = set() if profile.private_notes else {"private"}
    if not profile.annotations:
        hidden.add("annotations")
    changed = []
    for entry in report["changed"]:
        parts = [p for p in entry["parts"] if p not in hidden]
        if entry["item"] in shown and parts:
            changed.append({**entry, "parts": parts, "what": [PARTS[p] for p in parts]})
    return {
        **report,
        "added": [e for e in report["added"] if e["item"] in shown],
        # an edition does not keep who a removed item was for: a cut for release names none
        "removed": [e for e in report["removed"] if allowed_by(profile, e.get("marking"))
                    and (profile.internal_notes or e["kind"] != "note") and not profile.releasable_only],
        "changed": changed,
    }


def changes_markdown(report: dict[str, Any]) -> str:
    def line(e: dict[str, Any], extra: str = "") -> str:
        return f"- **{_md(e['title'])}** — {_md(e['section'])}{extra}"

    parts = [f"Compared with {_lowered(edition_label(report['since'], report['published']))}."]
    for key, heading in (("added", "Added"), ("changed", "Changed"), ("removed", "Removed")):
        entries = report[key]
        parts.append(f"### {heading} ({len(entries)})")
        if not entries:
            parts.append("*Nothing.*")
            continue
        parts.append("\n".join(
            line(e, f": {', '.join(e['what'])}" if key == "changed" else "") for e in entries
        ))
    return "\n\n".join(parts)


def _md(text: str) -> str:
    """A title printed as written: Markdown's own characters escaped, what looks like HTML made text."""
    return as_text("".join("\\" + c if c in "\\`*_[]#|" else c for c in " ".join(str(text).split())))


def _changes_section(report: dict[str, Any], take_out: list[str] | None = None) -> SectionContent:
    """The change list; in an addendum, under the lines of pages to take out (``take_out``)."""
    title = f"Changes since edition {report['since']}"
    note = ItemContent("note", f"Added, changed and removed since edition {report['since']}", changes_markdown(report),
                       placement="\n".join(take_out) if take_out else None)
    return SectionContent(title, [note])


def _lowered(label: str) -> str:
    """"Edition 1 of 5 March 2024" within a sentence: "edition 1 of 5 March 2024"."""
    return label[:1].lower() + label[1:]


def _mark_changed(sections: list[SectionContent], changed: set[int]) -> None:
    for s in sections:
        for item in s.items:
            item.changed = item.item_id in changed
        _mark_changed(s.children, changed)


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}\u2013{last}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def placements(store: Store, book_id: int, number: int, profile: str, added: set[int], changed: set[int],
               removed: dict[int, str] | None = None,
               named: set[int] | None = None) -> tuple[dict[int, str], set[int], list[str]]:
    """Where the pages of an addendum go in edition ``number``, which items it prints, and which
    pages of the edition to take out with nothing put in.

    A changed item is reprinted on a replacement sheet with every item that shared its pages
    (``sheets.replacement_sheets``), under one line at the sheet's start: "Replaces pages
    13–14 of edition 1: take them out and put these pages in their place…"; an added item
    beside none of them goes on insert pages of its own ("New: insert after page 12 of
    edition 1"). Without a pack of the edition printed to say its pages, each item goes on
    pages of its own, placed in words of titles.

    ``removed`` holds the items removed since (id -> title). One the edition printed (its page
    map says so) is left out of the sheet that reprints its pages; when it had its pages to
    itself they are pages to take out: "Remove pages 21–22 of edition 1 (title): withdrawn
    since". Without a page map, those of them the profile may name (``named``) are named in
    words of titles."""
    pages = edition_pages(store, book_id, number, profile)
    order = current_state(store, book_id)
    titles = {s.item_id: " ".join(s.title.split()) for s in order}
    where = f"of edition {number}"
    found: dict[int, str] = {}
    printed = added | changed
    on_sheets: set[int] = set()
    removed = {i: " ".join(t.split()) for i, t in (removed or {}).items()}
    take_out: list[str] = []
    for sheet in replacement_sheets(pages or {}, order, changed, added, set(removed) & set(pages or {})):
        if not sheet.items:  # removed items alone on those pages: nothing to put in
            take_out.append(f"Remove {_pages(sheet.first, sheet.last)} {where} "
                            f"({'; '.join(removed[i] for i in sheet.withdrawn)}): withdrawn since")
            continue
        one = sheet.first == sheet.last
        counts = [sum(i in changed for i in sheet.items), sum(i in added for i in sheet.items)]
        counts.append(len(sheet.items) - sum(counts))
        parts = ", ".join(f"{n} {word}" for n, word in zip(counts, ("changed", "new", "as before"), strict=True) if n)
        if sheet.withdrawn:
            parts += f"; {_count(len(sheet.withdrawn), 'item')} withdrawn since, not reprinted"
        found[sheet.items[0]] = (
            f"Replaces {_pages(sheet.first, sheet.last)} {where}: take {'it' if one else 'them'} out and put these "
            f"pages in {'its' if one else 'their'} place. They reprint all that was printed there, as it stands now "
            f"({_count(len(sheet.items), 'item')}: {parts})"
            + ("; a bar in the margin marks what changed" if counts[0] or counts[1] else ""))
        on_sheets |= set(sheet.items)
    printed |= on_sheets
    for n, state in enumerate(order):
        item = state.item_id
        if item in on_sheets:
            continue
        if item in changed:  # (one the edition's page map places is on a sheet)
            found[item] = f"Replaces the pages of \u201c{titles[item]}\u201d in edition {number}"
        elif item in added:
            before = next((s.item_id for s in reversed(order[:n]) if s.item_id not in added), None)
            after = next((s.item_id for s in order[n + 1:] if s.item_id not in added), None)
            if pages and before in pages:
                found[item] = f"New: insert after page {pages[before][1]} {where}"
            elif pages and after in pages:
                found[item] = f"New: insert before page {pages[after][0]} {where}"
            elif before is not None:
                found[item] = f"New: insert after \u201c{titles[before]}\u201d in edition {number}"
            else:
                found[item] = f"New: insert at the start of edition {number}"
    if not pages:
        take_out += [f"Remove the pages of \u201c{removed[i]}\u201d from edition {number}: withdrawn since"
                     for i in removed if named is None or i in named]
    return found, printed, take_out


def _place(sections: list[SectionContent], where: dict[int, str]) -> None:
    for s in sections:
        for item in s.items:
            item.placement = where.get(item.item_id)
        _place(s.children, where)


def _keep(sections: list[SectionContent], wanted: set[int]) -> list[SectionContent]:
    kept = []
    for s in sections:
        items = [i for i in s.items if i.item_id in wanted]
        children = _keep(s.children, wanted)
        if items or children:
            kept.append(replace(s, items=items, children=children))
    return kept


def pack_content(
    store: Store,
    book_id: int,
    *,
    profile: str | None = None,
    watermark: str | None = None,
    addendum: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[BookContent, list[Problem]]:
    """The pack to print, and the check's problems (warnings; errors only when forced).

    Raises ``PreflightFailed`` on an error unless ``force``; for an addendum,
    ``BriefingError`` when no edition exists or nothing was added, changed or removed.
    """
    problems = require_clean(store, book_id, force=force)
    prof = load_profile(profile)
    latest = latest_edition(store, book_id)
    if addendum and latest is None:
        raise BriefingError(f"book {book_id} has no edition yet, so there is nothing to add to: publish one first")
    content = assemble_book(store, book_id, profile=prof.name, watermark=watermark, progress=progress)
    if latest is None:
        return content, problems
    shown = _item_ids(content.sections)
    number = latest["number"]
    content.issued = latest["published"]  # the PDF's creation date: the edition's
    report = changes(store, book_id, latest["number"])
    since_latest = visible_changes(report, prof, shown)
    changed_after = bool(since_latest["added"] or since_latest["changed"] or since_latest["removed"])
    if addendum:
        wanted = {e["item"] for e in since_latest["added"] + since_latest["changed"]}
        # an item removed since is named by the pages the reader's edition printed it on (so the
        # profile's page map holds only what its reader saw), else only when the profile may name it
        where, printed, take_out = placements(
            store, book_id, number, prof.name, {e["item"] for e in since_latest["added"]},
            {e["item"] for e in since_latest["changed"]}, {e["item"]: e["title"] for e in report["removed"]},
            {e["item"] for e in since_latest["removed"]})
        if not wanted and not take_out:
            raise BriefingError(
                f"book {book_id}: nothing was added, changed or removed since edition {number}"
                + (f" that the {prof.name} profile shows" if prof.name != "full" else "") + "; no addendum to print"
            )
        content.title = f"Addendum to edition {number}: {content.title}"
        kept = _keep(content.sections, printed)
        _place(kept, where)
        _mark_changed(kept, wanted)  # replacement sheets reprint unchanged items too: a bar marks what changed
        content.sections = [_changes_section(since_latest, take_out), *kept]
        content.cover_lines = [f"Addendum to {_lowered(edition_label(number, latest['published']))}",
                               "Replacement and insert pages: each says where it goes", *content.cover_lines]
        content.edition_date, content.version = None, None
        return content, problems
    if changed_after:
        content.cover_lines = [f"{edition_label(number, latest['published'])}, with changes made since: see "
                               f"\u201cChanges since edition {number}\u201d (a bar in the margin marks them)",
                               *content.cover_lines]
        content.edition_date, content.version = None, None
        _mark_changed(content.sections, {e["item"] for e in since_latest["added"] + since_latest["changed"]})
        content.sections = [_changes_section(since_latest), *content.sections]
    else:
        content.cover_lines = [edition_label(number, latest["published"]), *content.cover_lines]
        content.edition_date, content.version = None, None  # the edition line says it; no second, older date
        if number > 1:
            log = visible_changes(changes(store, book_id, number - 1), prof, shown)
            content.sections = [_changes_section(log), *content.sections]
    return content, problems
