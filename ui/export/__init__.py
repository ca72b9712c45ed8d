"""What leaves the app: the PDF export and its preview and printing, the Book menu's editions, copies and card.

May import ``ui.common`` and the core, and from ``ui.book_editor`` the
pre-flight problem list (``preflight_panel``), which the refusal before an
export shows as the editor does; never ``ui.main_window`` or ``ui.app``.
"""
