"""Export profiles and the scale of classification markings, read from ``resources/``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import BriefingError


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout, or inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    raise BriefingError(f"the resources folder is missing (looked beside {here})")


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise BriefingError(f"{path}: not valid JSON ({exc})") from exc


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


@cache
def marking_levels() -> list[tuple[str, tuple[str, ...]]]:
    data = _load(resources_dir() / "markings.json")
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
