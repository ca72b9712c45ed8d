"""Book templates: the sections a kind of book starts with, kept as data in ``resources/templates``.

A template is JSON: ``name``, ``title``, ``description`` and ``sections``; a
section has a ``title``, an optional ``role`` (what it is for: talking points,
chronology...), an optional ``audience`` (internal: written for the principal;
releasable: may go into a press cut), optional ``items`` (e.g. a default
generated block) and optional ``sections`` nested inside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing.book.audience import check_audience
from briefing.errors import BriefingError
from briefing.resources import resources_dir

ITEM_KINDS = ("document", "excerpt", "note", "block")


def templates_dir() -> Path:
    return resources_dir() / "templates"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BriefingError(f"{path}: not valid JSON ({exc})") from exc
    _check(path, data)
    data.setdefault("name", path.stem)
    return data


def _check(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise BriefingError(f"{path}: a template needs a list of sections")

    def walk(sections: list, where: str) -> None:
        for n, section in enumerate(sections, 1):
            if not isinstance(section, dict) or not str(section.get("title", "")).strip():
                raise BriefingError(f"{path}: section {where}{n} has no title")
            try:
                check_audience(section.get("audience"))
            except BriefingError as exc:
                raise BriefingError(f"{path}: section {section['title']!r}: {exc}") from exc
            for item in section.get("items", []):
                if item.get("kind") not in ITEM_KINDS:
                    raise BriefingError(f"{path}: section {section['title']!r} has an item of unknown kind {item.get('kind')!r}")
            walk(section.get("sections", []), f"{where}{n}.")

    walk(data["sections"], "")


def list_templates() -> list[dict[str, Any]]:
    """Every template: name, title, description and its top-level section titles."""
    found = []
    for path in sorted(templates_dir().glob("*.json")):
        data = _read(path)
        found.append(
            {
                "name": data["name"],
                "title": data.get("title", data["name"]),
                "description": data.get("description", ""),
                "sections": [s["title"] for s in data["sections"]],
            }
        )
    return found


def load_template(ref: str) -> dict[str, Any]:
    """A template by file name (``state-visit``) or title (``State visit``), any case."""
    wanted = ref.strip().casefold()
    for path in sorted(templates_dir().glob("*.json")):
        data = _read(path)
        if wanted in (path.stem.casefold(), str(data.get("name", "")).casefold(), str(data.get("title", "")).casefold()):
            return data
    names = ", ".join(t["name"] for t in list_templates())
    raise BriefingError(f"unknown template {ref!r}; expected one of {names}")
