"""How an edition is named, one way everywhere: "Edition 1 of 5 March 2024".

Apart from ``editions`` (which reads the store) so that printing a pack can name
an edition without loading the store's machinery.
"""

from __future__ import annotations

from briefing.dates import format_date


def edition_label(number: int | str | None, date: str | None) -> str:
    """An edition's one name: its number (or version) and its date."""
    day = format_date((date or "")[:10])
    if number and day:
        return f"Edition {number} of {day}"
    return f"Edition {number}" if number else f"Edition of {day}" if day else ""
