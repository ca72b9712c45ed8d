"""What a format reader hands on: the body as Markdown plus the metadata the file itself carried."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.errors import BriefingError

# A file larger than this is refused before it is read: no briefing source is this big,
# and reading it whole would stall the app.
MAX_FILE_BYTES = 25 * 1024 * 1024
# A .docx is a zip: refuse one whose parts would inflate beyond this (a zip bomb).
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# HTML nested deeper than this is not a real page; parsers recurse on it.
MAX_HTML_DEPTH = 200


# What writing programs put in a file's author or title when nobody filled it in: the
# library's name, "anonymous", the account's default name. Never a person to store.
_PLACEHOLDERS = (
    "python-docx|anonymous|(anonymous)|unknown|(unspecified)|unspecified|user|admin|administrator|author|"
    "owner|default|microsoft office user|windows user|reportlab|pdf|пользователь|администратор|автор|"
    "неизвестно|istifadəçi|пайдаланушы"
)
PLACEHOLDERS = frozenset(_PLACEHOLDERS.split("|"))


def placeholder(value: str | None) -> bool:
    """Whether ``value`` is a generator's default rather than a real author or title."""
    return " ".join((value or "").split()).casefold() in PLACEHOLDERS


class Rejected(BriefingError):
    """A file the importer will not take; the message is the reason, the caller adds the path."""


@dataclass
class Extracted:
    """One file's text as Markdown and the metadata its format gave (all optional)."""

    text: str
    format: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    kind: str | None = None
    tags: list[str] = field(default_factory=list)
    # the date a page shows by its headline, when it differs from its metadata's
    shown_date: str | None = None
    # what the reader could not do and the user should know ("scan without text")
    warnings: list[str] = field(default_factory=list)
