"""Export profiles (``resources/profiles``): who a cut of the book is for and what it lets through.

A profile is data: which notes and annotations it shows, the highest marking
it lets in, the audience it is limited to (``"releasable"``: only what may be
handed outside, see ``briefing.book.audience``), and its cover: the line above
the title (``kicker``), whose title it bears (``cover_title``: the book's or
the visit's), which particulars the cover names (``cover_fields``), and the
phrases that mark text written for the principal (``internal_markers``), which
the pre-flight check looks for in what the cut would print. A cut for release
(the press pack) has a cover of its own, naming none of the desk's particulars
(whom it was prepared for and by, the profile's name): a profile asking for them
is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from briefing.book.audience import RELEASABLE
from briefing.book.content import BookContent, SectionContent
from briefing.errors import BriefingError
from briefing.library.markings import marking_rank
from briefing.resources import load_json as _load
from briefing.resources import resources_dir

COVER_FIELDS = ("prepared_for", "prepared_by", "edition", "profile")
# the cover's particulars that speak of the desk and its principal, which a cut for release never prints
INTERNAL_COVER_FIELDS = ("prepared_for", "prepared_by", "profile")
UNMARKED = "UNMARKED"  # printed where a book without a marking would print its marking


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str = ""
    private_notes: bool = False  # private annotations shown
    annotations: bool = True  # highlights and their notes shown
    internal_notes: bool = True  # the desk's notes: in generated blocks, and notes no section calls releasable
    max_marking: str | None = None  # highest item marking let in; "lowest" = the lowest level
    watermark: str | None = None
    audience: str | None = None  # "releasable": only releasable items; None: every audience
    kicker: str = "BRIEFING BOOK"  # the cover's line above the title
    cover_title: str = "book"  # "book": the book's title; "visit": the visit's (the book's when it has none)
    cover_fields: tuple[str, ...] = COVER_FIELDS  # the particulars the cover names
    internal_markers: tuple[str, ...] = ()  # phrases that mark text written for the principal

    @property
    def releasable_only(self) -> bool:
        return self.audience == RELEASABLE


def profile_names() -> list[str]:
    return sorted(p.stem for p in (resources_dir() / "profiles").glob("*.json"))


@cache
def _profile(name: str) -> Profile:
    path = resources_dir() / "profiles" / f"{name}.json"
    if not path.exists():
        raise BriefingError(f"unknown export profile {name!r}; expected one of {', '.join(profile_names())}")
    data = _load(path)
    fields = Profile.__dataclass_fields__
    values: dict[str, Any] = {k: v for k, v in data.items() if k in fields}
    for key in ("cover_fields", "internal_markers"):
        if key in values:
            values[key] = tuple(values[key] or ())
    unknown = set(values.get("cover_fields", ())) - set(COVER_FIELDS)
    if unknown or values.get("audience") not in (None, RELEASABLE) or values.get("cover_title", "book") not in (
            "book", "visit"):
        raise BriefingError(f"{path}: a cover field, audience or cover title this version does not know")
    internal = [f for f in values.get("cover_fields", COVER_FIELDS) if f in INTERNAL_COVER_FIELDS]
    if values.get("audience") == RELEASABLE and internal:
        raise BriefingError(f"{path}: a cut for release cannot name {', '.join(internal)} on its cover "
                            "(they are for the desk, not the press)")
    return Profile(**values)


def load_profile(name: str | None) -> Profile:
    """The named profile; ``None`` is the default, ``full``."""
    return _profile((name or "full").strip().lower())


def release_markers() -> tuple[str, ...]:
    """The marks of internal guidance every releasable-only profile names, in the order first named."""
    found: dict[str, None] = {}
    for name in profile_names():
        profile = load_profile(name)
        if profile.releasable_only:
            found.update(dict.fromkeys(profile.internal_markers))
    return tuple(found)


def allowed_by(profile: Profile, marking: str | None) -> bool:
    """Whether an item with its own ``marking`` may appear in an export with ``profile``.

    An item without a marking of its own counts as the lowest level; a marking
    that is not on the scale is kept out of a limited profile, to be safe.
    """
    if profile.max_marking is None or not marking or not marking.strip():
        return True
    limit = 0 if profile.max_marking == "lowest" else marking_rank(profile.max_marking)
    rank = marking_rank(marking)
    return rank is not None and limit is not None and rank <= limit


def item_allowed(profile: Profile, item: dict[str, Any]) -> bool:
    """Whether a book item (with its ``effective_audience``) is for the readers of ``profile``:
    a releasable-only cut takes releasable items alone; a profile without the desk's notes takes a
    note only when it is releasable."""
    audience = item.get("effective_audience")
    if profile.releasable_only and audience != RELEASABLE:
        return False
    return not (item.get("kind") == "note" and not profile.internal_notes and audience != RELEASABLE)


def finish_for_profile(content: BookContent, profile: Profile) -> BookContent:
    """The pack as the profile presents it: its cover (kicker, title, the particulars it names), a
    marking printed even when the book has none, and in a releasable-only cut no empty section
    (whose heading would be all it prints)."""
    content.marking = content.marking or UNMARKED
    content.kicker = profile.kicker
    if profile.cover_title == "visit" and content.visit:
        content.title = content.visit
    fields = set(profile.cover_fields)
    if "prepared_for" not in fields:
        content.prepared_for = None
    if "prepared_by" not in fields:
        content.prepared_by = None
    if "edition" not in fields:
        content.edition_date, content.version = None, None
    if "profile" not in fields:
        content.profile_shown = False
    if profile.releasable_only:
        content.sections = _not_empty(content.sections)
    return content


def _not_empty(sections: list[SectionContent]) -> list[SectionContent]:
    kept = []
    for s in sections:
        s.children = _not_empty(s.children)
        if s.items or s.children:
            kept.append(s)
    return kept
