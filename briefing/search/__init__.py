"""Search: full-text search over the library, ranked, filtered and cross-script.

``ranking`` holds ``search()`` and everything it needs; ``listing`` gives the
sorted pages of a library view.

May import: ``briefing.library`` and the foundation (``briefing.errors``,
``dates``, ``resources``).
"""

from briefing.search.ranking import (
    BM25,
    Filters,
    ParsedQuery,
    SearchPage,
    SearchResult,
    Term,
    make_snippet,
    parse_query,
    party_document_ids,
    search,
)

__all__ = [
    "BM25",
    "Filters",
    "ParsedQuery",
    "SearchPage",
    "SearchResult",
    "Term",
    "make_snippet",
    "parse_query",
    "party_document_ids",
    "search",
]
