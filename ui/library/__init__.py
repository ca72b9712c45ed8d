"""The library screens: the document list and its reader, visits, people, and importing documents.

May import ``ui.common`` and the core; never ``ui.main_window``, ``ui.app`` or another screen.
"""
