"""The desktop app (PySide6): a thin layer over the core in ``briefing``, grouped by screen.

    app.py           starting the app: unlock the library, open it, show the window
    main_window.py   the window: navigation, menus, status bar; it composes the screens
    window_pages.py  the window's pages but the library's, each made (and wired) on its first visit
    common/          what every screen uses: theme, actions, layout helpers, Markdown views, background work
    library/         the library list and its reader, visits and people, importing documents
    book_editor/     the book editor (contents tree, forms, undo, pre-flight panel); new, open, recent books
    export/          what leaves the app: PDF export, preview and printing; the Book menu's editions, copies, card
    maintenance/     keeping the library safe: back up, restore, check; bundles; the passphrase

A screen may import ``ui.common`` and the core; never ``ui.main_window`` or
``ui.app``, and another screen only where its package's docstring says why
(``tests/ui/test_structure.py`` checks this). The window hands each screen
what it needs (the operation runner, a parent widget, callbacks that answer
a question such as which book is open); the screens answer with Qt signals.
"""
