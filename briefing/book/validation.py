"""The shapes of the JSON a book holds, checked where it comes in: block definitions and settings.

A block definition or a book's settings reach the store from the command line
(``book block``, ``book set``), the app's editor, a template or a bundle. Each
value is checked against its option's shape here, so a figures block naming
``{"a": 1}`` or settings with ``"keywords": 5`` are refused with one line
instead of being stored and failing every later export, check or bundle.

``printing_problems`` lists what in a stored book export cannot print as it
stands (settings or blocks stored before these checks, or written by hand):
the pre-flight check reports each as an error, and export refuses them
through it; forced, the block prints as a line saying why and the setting is
left out (``usable_settings``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from briefing.errors import BriefingError
from briefing.library.values import MAX_ID, is_record_id, is_whole, require, shown

Check = Callable[[Any, str], Any]  # (value, what it is) -> the value, or BriefingError

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
MAX_LIST = 1000  # names in one block option: far more than any book prints


def _text(value: Any, what: str) -> str:
    require(isinstance(value, str), what, "text", value)
    return value


def _ref(value: Any, what: str) -> int | str:
    """A record named by id (a whole number, or digits) or by slug."""
    if isinstance(value, str) and value.isdigit():
        require(int(value) <= MAX_ID, what, "an id or a slug", value)
        return value
    require(is_record_id(value) or (isinstance(value, str) and value.strip() != ""), what, "an id or a slug", value)
    return value


def _event_ref(value: Any, what: str) -> int | str:
    return value if value == "book" else _ref(value, what)


def _date(value: Any, what: str) -> str:
    if is_whole(value) and 1000 <= value <= 9999:
        value = str(value)  # a year written as a number
    if not (isinstance(value, str) and _DATE.fullmatch(value)):
        raise BriefingError(f"{what} {shown(value)} is not a date like 2022 or 2022-08-24")
    return value


def _before(value: Any, what: str) -> str:
    return value if value == "book" else _date(value, what)


def _positive(value: Any, what: str) -> int:
    require(is_whole(value) and 1 <= value <= MAX_ID, what, "a whole number above 0", value)
    return value


def _list_of(check: Check, lone: tuple[type, ...] = (str,)) -> Check:
    """A list of values (one value alone, of the types ``lone``, stands for a list of one)."""

    def checked(value: Any, what: str) -> list:
        values = [value] if isinstance(value, lone) and not isinstance(value, bool) else value
        require(isinstance(values, list), what, "a list", value)
        require(len(values) <= MAX_LIST, what, f"a list of at most {MAX_LIST}", f"{len(values)} entries")
        return [check(v, f"{what} #{n}") for n, v in enumerate(values, 1)]

    return checked


def _text_or_texts(value: Any, what: str) -> str | list[str]:
    return value if isinstance(value, str) else _list_of(_text)(value, what)


# each option of a block definition and the shape of its value; the type's options are in blocks.BLOCK_TYPES
BLOCK_OPTIONS: dict[str, Check] = {
    "title": _text,
    "since": _date,
    "until": _date,
    "before": _before,
    "party": _text,
    "instrument": _text_or_texts,
    "event": _event_ref,
    "kinds": _list_of(_text),
    "person": _ref,
    "limit": _positive,
    "figures": _list_of(_ref, (str, int)),
    "labels": _list_of(_text),
    "series": _list_of(_text),
    "people": _list_of(_ref, (str, int)),
    "country": _text,
    "document": _ref,
}


def check_block_values(block: dict[str, Any]) -> dict[str, Any]:
    """The block definition with each option's value checked (a lone name where a list is
    expected becomes a list of one); BriefingError naming the first value out of shape."""
    kind = block.get("type")
    for key, value in list(block.items()):
        check = BLOCK_OPTIONS.get(key)
        if check is not None and value is not None:
            block[key] = check(value, f"{kind} block: {key}")
    return block


def _stale_months(value: Any, what: str) -> int:
    require(is_whole(value) and 1 <= value <= 240, what, "a whole number of months from 1 to 240", value)
    return value


# a book's settings: what each may hold
SETTINGS: dict[str, Check] = {
    "stale_figure_months": _stale_months,  # the pre-flight check's limit for a figure's age
    "keywords": _list_of(_text),  # the PDF's keywords, beside the destination and the visit
    "visit": _text,  # the visit's title on the cover, for a book not linked to one
    "imported_bundle": _text,  # the checksum of the bundle the book came from
}


def check_settings(settings: Any) -> dict[str, Any]:
    """A book's settings, checked: a record of known settings, each of its shape."""
    require(isinstance(settings, Mapping), "a book's settings", "a record", settings)
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise BriefingError(f"a book has no setting {shown(unknown[0])}; the settings are {', '.join(SETTINGS)}")
    return {key: SETTINGS[key](value, f"the setting {key}") for key, value in settings.items() if value is not None}


def usable_settings(settings: Any) -> dict[str, Any]:
    """The settings export can use: those of their shape; any other is left out (pre-flight names it)."""
    if not isinstance(settings, Mapping):
        return {}
    usable = {}
    for key, value in settings.items():
        try:
            if key in SETTINGS and value is not None:
                usable[key] = SETTINGS[key](value, key)
        except BriefingError:
            continue
    return usable


def printing_problems(book: Mapping[str, Any], check_block: Callable[[Any], Any]) -> list[tuple[dict | None, str]]:
    """What export cannot print as stored: ``(item or None for the book, message)``.
    ``check_block`` is ``blocks.check_block`` (passed in: blocks uses this module)."""
    found: list[tuple[dict | None, str]] = []
    try:
        check_settings(book.get("settings") or {})
    except BriefingError as exc:
        found.append((None, f"the book's settings cannot be used: {exc}"))

    def walk(sections: list[dict]) -> None:
        for section in sections:
            for item in section["items"]:
                if item["kind"] == "block":
                    try:
                        check_block(item.get("block") or {})
                    except BriefingError as exc:
                        found.append((item, f"the block cannot be printed: {exc}"))
            walk(section["sections"])

    walk(book.get("sections") or [])
    return found
