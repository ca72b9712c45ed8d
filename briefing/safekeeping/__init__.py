"""Keeping the library safe: backups and restore, the integrity check, bundles to share a book.

``backup`` also opens the user's library as the app and the command line do
(``open_library``: copied aside before a schema upgrade). Encryption itself
lives in ``briefing.library.encryption``, because every connection is opened
through it; ``briefing encrypt`` and ``decrypt`` call it from the CLI.

May import: ``briefing.library``, ``briefing.search``, ``briefing.book`` and
the foundation; never ``pdf``, ``cli`` or Qt.
"""
