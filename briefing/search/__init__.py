"""Search: full-text search over the library, ranked, filtered and cross-script.

    page = search(store, 'Aliyev "Middle Corridor" -rail', Filters(kinds=["agreement"], since="2022"))

``query`` reads what the user typed into FTS5 terms, never failing on syntax;
``filters`` turns a search's filters into SQL on the documents table and into
facet terms of the FTS5 expression (dates as year blocks, parties in any
script); ``ranking`` searches the documents' text: the exact count, bm25
ranking, and when to rank only the impact tier that keeps a large library
fast or answer a phrase from its pair marks without reading positions;
``impact`` finds that tier and computes FTS5's bm25 from the marks;
``notes`` finds the user's own words (highlight notes, books' note items);
``scope`` holds the public ``search()``, which reaches the text, the notes or
both (``within``); ``snippets`` cuts and marks each result's window of text;
``listing`` gives the sorted pages and filter choices of a library view.

May import: ``briefing.library`` and the foundation (``briefing.errors``,
``dates``, ``resources``).
"""

from briefing.search.filters import Filters, party_document_ids, party_names
from briefing.search.query import ParsedQuery, Term, parse_query
from briefing.search.ranking import BM25, BookNoteResult, SearchPage, SearchResult
from briefing.search.scope import WITHIN, search
from briefing.search.snippets import make_snippet, snippet_for

__all__ = [
    "BM25",
    "BookNoteResult",
    "Filters",
    "ParsedQuery",
    "SearchPage",
    "SearchResult",
    "Term",
    "WITHIN",
    "make_snippet",
    "parse_query",
    "party_document_ids",
    "party_names",
    "search",
    "snippet_for",
]
