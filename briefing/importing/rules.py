"""The importer's rules kept as data: the junk lexicon, the scoring weights and the places.

``resources/importing/junk.json`` lists the phrases of page furniture in the
four languages, ``scoring.json`` the weight of each piece of evidence for a
title, a date and a place, ``places.json`` the cities a dateline names with
their inflected and upper-case forms. Each is read once, on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from briefing.resources import load_json, resource_path


@cache
def junk() -> dict[str, Any]:
    return load_json(resource_path("importing", "junk.json"))


@cache
def weights() -> dict[str, dict[str, float]]:
    return load_json(resource_path("importing", "scoring.json"))


@cache
def places() -> dict[str, str]:
    """Every written form of a known place (folded) -> the name to store ("астане" -> "Астана")."""
    forms: dict[str, str] = {}
    for name, inflected in load_json(resource_path("importing", "places.json"))["places"].items():
        for form in (name, *inflected):
            forms.setdefault(form.casefold(), name)
    return forms


def phrases(section: str) -> list[str]:
    """A section of the junk lexicon, all four languages together, folded."""
    value = junk()[section]
    items = [p for lang in value.values() for p in lang] if isinstance(value, dict) else list(value)
    return [p.casefold() for p in items]
