"""The ordered scale of classification markings (``resources/markings.json``).

A marking is compared by its place on the scale; aliases ("FOUO", "OFFICIAL")
name the same level as the canonical spelling. Export profiles
limit what a cut of the book lets through by the same scale.
"""

from __future__ import annotations

from functools import cache

from briefing.errors import BriefingError
from briefing.resources import load_json, resources_dir

__all__ = ["canonical", "compare", "is_above", "levels", "lowest_marking", "normalise", "rank"]


@cache
def marking_levels() -> list[tuple[str, tuple[str, ...]]]:
    data = load_json(resources_dir() / "markings.json")
    return [(level["marking"], tuple(level.get("aliases", []))) for level in data["levels"]]


def marking_rank(marking: str | None) -> int | None:
    """The place of a marking on the scale (0 = lowest); ``None`` for no or an unknown marking."""
    if not marking or not marking.strip():
        return None
    wanted = " ".join(marking.upper().replace("-", " ").split())
    for rank, (name, aliases) in enumerate(marking_levels()):
        if wanted in {" ".join(n.upper().replace("-", " ").split()) for n in (name, *aliases)}:
            return rank
    return None


def lowest_marking() -> str:
    return marking_levels()[0][0]


def levels() -> list[str]:
    """The canonical markings, lowest first."""
    return [name for name, _ in marking_levels()]


def rank(marking: str | None) -> int | None:
    """0 for the lowest level; ``None`` for no marking or one not on the scale."""
    return marking_rank(marking)


def canonical(marking: str | None) -> str | None:
    """The canonical spelling of a marking or of one of its aliases; ``None`` when unknown or empty."""
    found = rank(marking)
    return None if found is None else levels()[found]


def normalise(marking: str | None) -> str | None:
    """A marking as it should be stored: the canonical name; ``None`` for none; unknown names refused."""
    if marking is None or not marking.strip():
        return None
    found = canonical(marking)
    if found is None:
        raise BriefingError(f"unknown marking {marking.strip()!r}; expected one of {', '.join(levels())}")
    return found


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1 as ``a`` is below, at or above ``b``. No marking counts as the lowest level."""
    ra, rb = (_rank_or_fail(m) for m in (a, b))
    return (ra > rb) - (ra < rb)


def is_above(item: str | None, book: str | None) -> bool:
    """Whether an item marked ``item`` may not go into a book marked ``book``."""
    return compare(item, book) > 0


def _rank_or_fail(marking: str | None) -> int:
    if marking is None or not marking.strip():
        return 0
    found = rank(marking)
    if found is None:
        raise BriefingError(f"unknown marking {marking.strip()!r}; expected one of {', '.join(levels())}")
    return found
