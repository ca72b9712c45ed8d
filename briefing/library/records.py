"""What an edit of the user's own records returns (``RecordChange``), and the checks those edits share.

People, visits, programmes and figures are made and changed by hand, from the
command line or the app. Every edit is one transaction and returns a
``RecordChange``: the record as it was before and as it is after, each a
complete snapshot. A view redraws the record named by ``kind`` and ``id``; an
undo writes ``before`` back (``briefing.library.undo``), and the undo's own
change is the redo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from briefing.dates import format_date, is_partial_date
from briefing.errors import BriefingError
from briefing.library.fold import fold, words
from briefing.library.store import Store


@dataclass
class RecordChange:
    """One edit of one record: ``before`` is None when it was made, ``after`` None when it was deleted."""

    kind: str  # "person", "event", "programme" (the programme of event ``id``) or "figure"
    id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def made(self) -> bool:
        return self.before is None

    @property
    def deleted(self) -> bool:
        return self.after is None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "before": self.before, "after": self.after}


def text_or_none(value: Any) -> str | None:
    """A field as stored: text with its outer spaces trimmed, or None for nothing."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def check_date(value: str | None, what: str) -> str | None:
    """A year, a month or a day that exists (2024, 2024-03, 2024-03-12), or None."""
    value = text_or_none(value)
    if value is not None and not is_partial_date(value):
        raise BriefingError(f"{what} {value!r} is not a date like 2024-03-12 (or 2024-03, or 2024)")
    return value


def check_span(start: str | None, end: str | None, what: str) -> None:
    """An end that is not before the start ("2024-03" ends on the last of March)."""
    if start and end and end + "~" < start:
        raise BriefingError(f"{what} ends ({format_date(end)}) before it starts ({format_date(start)})")


def slug_text(text: str, limit: int = 60) -> str:
    """Folded words joined by hyphens: "Jeyhun Bayramov" → "jeyhun-bayramov"."""
    slug = "-".join(f for f in (fold(w) for w in words(text)) if f)
    return slug[:limit].rstrip("-") or "record"


def free_slug(store: Store, table: str, text: str) -> str:
    """A slug for a new record, unique in ``table``: bundles match people and visits by it."""
    base = slug_text(text)
    slug, n = base, 1
    while store.scalar(f"SELECT 1 FROM {table} WHERE slug = ?", [slug]):
        n += 1
        slug = f"{base}-{n}"
    return slug


def close_names(wanted: str, choices: Mapping[str, str], limit: int = 3) -> list[str]:
    """The labels of the choices whose key is spelt most like ``wanted`` (folded, any script)."""
    from rapidfuzz import fuzz, process  # only when a name was not found: everyday commands start without it

    folded = {key: " ".join(fold(w) for w in words(key)) for key in choices}
    target = " ".join(fold(w) for w in words(wanted))
    if not target:
        return []
    found = process.extract(target, folded, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70)
    labels: list[str] = []
    for _, _, key in found:
        label = choices[key]
        if label not in labels:
            labels.append(label)
    return labels[:limit]


def did_you_mean(labels: Iterable[str]) -> str:
    """ "; did you mean A, B or C?", or "" for no labels."""
    shown = list(labels)
    if not shown:
        return ""
    return f"; did you mean {', '.join(shown[:-1]) + ' or ' if len(shown) > 1 else ''}{shown[-1]}?"


# marks that turn the direction of the text around them, which could make a line read otherwise
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(value: Any) -> str:
    """Text from outside as a terminal should show it: control and direction-changing characters dropped,
    line breaks kept."""
    return "".join(ch for ch in str(value or "") if ch in "\n\t" or (
        unicodedata.category(ch) not in ("Cc", "Co", "Cs") and ch not in _BIDI))


def dense_text(value: Any) -> str:
    """One line of printable text for a list or a message: runs of spaces and line breaks as one space."""
    return re.sub(r"\s+", " ", printable(value)).strip()
