"""Briefing books: what they hold, how they are checked, cut and published.

``books``, ``sections`` and ``items`` keep books and what they hold
(``changes``: what an edit touched); ``templates`` and ``from_json`` start
them from data; ``blocks`` computes generated sections from the library;
``assembly`` resolves a book into ``content`` (what a renderer
lays out), cut by an export ``profiles`` entry; ``preflight`` checks it;
``editions`` freezes and compares it; ``packs`` puts the three together for
every printed cut.

May import: ``briefing.library``, ``briefing.search`` and the foundation.
Never the PDF layer: renderers import this package, not the other way round.
"""
