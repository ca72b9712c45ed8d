"""Briefing Book: the core (store, import, search, books, PDF). Never imports Qt."""

__version__ = "0.1.0"
