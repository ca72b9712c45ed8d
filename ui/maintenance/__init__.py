"""Keeping the library safe: back up, restore and check it, share books as bundles, unlock an encrypted library.

May import ``ui.common`` and the core; never ``ui.main_window``, ``ui.app`` or a screen.
"""
