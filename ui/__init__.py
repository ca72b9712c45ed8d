"""The desktop app (PySide6): a thin layer over the core in ``briefing``, grouped by screen.

    app.py, main_window.py   starting the app; the window that composes the screens
    common/                  what every screen uses: theme, layout helpers, Markdown views, background work
    library/                 the library and its reader, visits and people, importing documents
    book_editor/             the book editor: contents tree, forms, undo, pre-flight panel, new book
    export/                  what leaves the app: PDF export, preview and printing, editions, copies, the card
    maintenance/             keeping the library safe: backups, restore, check, bundles, the passphrase

A screen may import ``ui.common`` and the core, never ``ui.main_window`` or
``ui.app``, and another screen only where its package's docstring says why.
The window hands each screen
what it needs: the operation runner, a parent widget, callbacks; the screens
answer with Qt signals.
"""
