"""Briefing Book: the core (library, search, import, books, PDF, safekeeping). Never imports Qt.

The core stands in layers; a module imports only its own layer and those
below it (``tests/test_layers.py`` walks the imports and fails otherwise):

    errors, dates, resources, markdown_lists,  foundation: no other briefing module
    files, fontfiles
    library                                    the store and its records
    search, importing                          read and fill the library
    book                                       books, blocks, assembly, checks, editions
    pdf                                        the printed pack, copies and the pocket card
    safekeeping, sample                        backups, checks, encryption's commands, bundles; the sample library
    cli                                        the ``briefing`` command (and ``ui/``, the app, beside it)
"""

__version__ = "0.1.0"
