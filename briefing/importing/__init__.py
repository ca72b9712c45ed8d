"""Importing real documents: text, Markdown, HTML, PDF and Word files into the library.

    report = import_paths(store, ["inbox/"], tags=["visit-2024"], progress=..., should_cancel=...)

Each file is read by its format's reader (``text``, ``html``, ``pdf``,
``docx``), cleaned of web-page leftovers (``cleanup``), its title, date,
place, publisher, author and language read (``metadata``, ``dates``,
``language``), its kind decided (``kinds``) and its structure found
(``structure``: signed-document lists become agreement records, numbered
provisions stay addressable, speakers are linked to people).

May import: ``briefing.library`` and the foundation; not search, books or anything above.

The names below are loaded when first asked for: ``briefing.importing.available``
(is every importer's module installed?) is asked at the app's start and by
``briefing check``, and must not load every reader and its rules with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.importing.importer import ImportReport, import_paths, prepare
    from briefing.importing.source import MAX_FILE_BYTES, MAX_HTML_DEPTH, MAX_UNZIPPED_BYTES, Rejected
    from briefing.importing.structure import provisions

_HOMES = {
    "ImportReport": "briefing.importing.importer",
    "import_paths": "briefing.importing.importer",
    "prepare": "briefing.importing.importer",
    "MAX_FILE_BYTES": "briefing.importing.source",
    "MAX_HTML_DEPTH": "briefing.importing.source",
    "MAX_UNZIPPED_BYTES": "briefing.importing.source",
    "Rejected": "briefing.importing.source",
    "provisions": "briefing.importing.structure",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # asked once
    return value


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_HTML_DEPTH",
    "MAX_UNZIPPED_BYTES",
    "ImportReport",
    "Rejected",
    "import_paths",
    "prepare",
    "provisions",
]
