"""The book editor: the contents tree and its model, forms, undoable commands, pre-flight panel; choosing books.

May import ``ui.common`` and the core, and from ``ui.library`` the document
list (``library_view.LibraryView``, shown beside the book to add from) and
the documents' drag format (``document_model``); never ``ui.main_window`` or ``ui.app``.
"""
