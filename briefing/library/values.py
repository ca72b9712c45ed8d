"""Checks on values from outside (the command line, a bundle, the app's forms), made before they reach the store.

A value the store accepts but nothing can use (a figure of ``nan``, an id past
SQLite's integers, a dictionary where a slug belongs) fails every later command
that reads it, far from where it came in. Each check here refuses such a value
where it enters, with one line naming the field and what it should be.

Small hand-written checks rather than a schema library: the shapes are few and
flat, the messages are the app's own plain sentences, and the book layer's
schemas (``briefing.book.validation``) are built from these.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from briefing.errors import BriefingError

MAX_ID = 2**63 - 1  # SQLite's largest integer


def is_record_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A finite JSON number: not a boolean, not NaN or infinity, not an integer SQLite cannot hold."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):
        return -MAX_ID - 1 <= value <= MAX_ID
    return math.isfinite(value)


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message quotes it, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def require(ok: bool, what: str, should: str, value: Any) -> None:
    if not ok:
        raise BriefingError(f"{what} should be {should}, not {shown(value)}")


def printable(text: str) -> str:
    """Text that can be stored and printed: a file name's bytes that are not UTF-8 (which Python holds
    as lone surrogates) written as \\xNN, so that "a\\xff.txt" names the file and stores safely."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


FIGURE_TEXT = ("slug", "label", "value_text", "unit", "as_of", "said_by", "series", "note", "status", "rule", "reason")


def check_figure(figure: Mapping[str, Any]) -> None:
    """A figure's fields have the types the store and every reader expect: text as text,
    the value a finite number, the source a document id."""
    label = figure.get("label")
    name = f"figure {shown(label)}"
    for key in FIGURE_TEXT:
        value = figure.get(key)
        require(value is None or isinstance(value, str), f"{name}: {key.replace('_', ' ')}", "text", value)
    value = figure.get("value")
    require(value is None or is_number(value), f"{name}: the value", "a finite number", value)
    source = figure.get("source_document_id")
    require(source is None or is_record_id(source), f"{name}: the source", "a document id", source)
