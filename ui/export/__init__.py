"""What leaves the app: the PDF export, preview and printing; the Book menu's editions, copies and pocket card.

``book_export`` is File ▸ Export PDF… and Print…; ``practice`` is the Book
menu; both pass through ``preflight_gate`` before a book goes out.

May import ``ui.common`` and the core, and from ``ui.book_editor`` the
pre-flight problem list (``preflight_panel``), which the refusal before an
export shows as the editor does; never ``ui.main_window`` or ``ui.app``.
"""
