"""Importing real documents: text, Markdown, HTML, PDF and Word files into the library.

    report = import_paths(store, ["inbox/"], tags=["visit-2024"], progress=..., should_cancel=...)

Each file is read by its format's reader (``text``, ``html``, ``pdf``,
``docx``), cleaned of web-page leftovers (``cleanup``), its title, date,
place, publisher, author and language read (``metadata``, ``dates``,
``language``), its kind decided (``kinds``) and its structure found
(``structure``: signed-document lists become agreement records, numbered
provisions stay addressable, speakers are linked to people).

May import: ``briefing.library`` and the foundation; not search, books or anything above.
"""

from briefing.importing.importer import ImportReport, import_paths, prepare
from briefing.importing.source import MAX_FILE_BYTES, MAX_HTML_DEPTH, MAX_UNZIPPED_BYTES, Rejected
from briefing.importing.structure import provisions

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
