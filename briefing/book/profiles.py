"""Export profiles (``resources/profiles``): who a cut of the book is for and what it lets through."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from briefing.errors import BriefingError
from briefing.library.markings import marking_rank
from briefing.resources import load_json as _load
from briefing.resources import resources_dir


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str = ""
    private_notes: bool = False  # private annotations shown
    annotations: bool = True  # highlights and their notes shown
    internal_notes: bool = True  # authored notes (scenesetter, talking points) shown
    max_marking: str | None = None  # highest item marking let in; "lowest" = the lowest level
    watermark: str | None = None


def profile_names() -> list[str]:
    return sorted(p.stem for p in (resources_dir() / "profiles").glob("*.json"))


@cache
def _profile(name: str) -> Profile:
    path = resources_dir() / "profiles" / f"{name}.json"
    if not path.exists():
        raise BriefingError(f"unknown export profile {name!r}; expected one of {', '.join(profile_names())}")
    data = _load(path)
    fields = Profile.__dataclass_fields__
    return Profile(**{k: v for k, v in data.items() if k in fields})


def load_profile(name: str | None) -> Profile:
    """The named profile; ``None`` is the default, ``full``."""
    return _profile((name or "full").strip().lower())


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
