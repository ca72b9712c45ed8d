"""Search filters (kind, dates, party, tag, visit): as SQL on the documents table, and as FTS5 facet plans.

``filter_sql`` is the definition of what a filter leaves; ``filter_plan``
runs the same filters inside FTS5 as facet terms of the query's expression
(a date range as the fewest year blocks it holds), with SQL only for what
facets cannot say. ``party_names`` resolves a party filter in any script or
by country code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing.dates import is_partial_date
from briefing.library.fold import WORD_RE, sound_key
from briefing.library.schema import DOCUMENT_KINDS
from briefing.library.search_index import FACET_PREFIX, date_block_facet, kind_facet, party_facet, tag_facet
from briefing.library.store import Store


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    party: str | None = None
    tag: str | None = None
    visit: str | None = None

    def any(self) -> bool:
        return bool(self.kinds or self.since or self.until or self.party or self.tag or self.visit)


def filter_sql(
    store: Store, filters: Filters, parties: list[tuple[str, str | None]] | None = None
) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``documents d`` and their parameters (``parties``: ``party_names``, if already read)."""
    parts = _filter_parts(store, filters, parties)
    return [sql for sql, _ in parts], [p for _, values in parts for p in values]


def _filter_parts(
    store: Store, filters: Filters, parties: list[tuple[str, str | None]] | None = None
) -> list[tuple[str, list[Any]]]:
    """One (condition on ``documents d``, its parameters) per filter given."""
    parts: list[tuple[str, list[Any]]] = []
    if filters.kinds:
        parts.append((f"d.kind IN ({', '.join('?' for _ in filters.kinds)})", list(filters.kinds)))
    # A bare year or month, in a filter or a document's date, counts as the
    # whole of it, and a document matches when its range meets the filter's.
    if filters.since:
        # a document dated "2024" or "2024-03" takes in "2024-03-15": the
        # date's shorter forms are looked up as they are (ranges and equalities
        # the date index answers, unlike substr)
        parts.append(_since_condition(filters.since.strip()))
    if filters.until:
        parts.append(_until_condition(filters.until.strip()))
    if filters.since or filters.until:
        # a date that does not start with a year is in no range (nor in a year facet)
        parts.append((f"d.date GLOB '{_YEAR_GLOB}*'", []))
    if filters.tag:
        parts.append((f"d.id IN ({ID_SETS['tag']})", [filters.tag.strip()]))
    if filters.party:
        pairs = party_names(store, filters.party) if parties is None else parties
        # a few distinct (name, country) pairs rather than thousands of document ids in the SQL
        values = ", ".join("(?, ?)" for _ in pairs) or "(NULL, NULL)"
        parts.append(
            (
                f"d.id IN ({ID_SETS['party'].format(values=values)})",
                [value for name, country in pairs for value in (name, country or "")],
            )
        )
    if filters.visit:
        parts.append((f"d.id IN ({ID_SETS['visit']})", [filters.visit] * 3))
    return parts


_YEAR_GLOB = "[0-9][0-9][0-9][0-9]"


def _since_condition(since: str) -> tuple[str, list[Any]]:
    # a document dated "2024" or "2024-03" takes in "2024-03-15": the
    # date's shorter forms are looked up as they are (ranges and equalities
    # the date index answers, unlike substr)
    shorter = [since[:n] for n in (4, 7) if len(since) > n]
    if shorter:
        return f"(d.date >= ? OR d.date IN ({', '.join('?' for _ in shorter)}))", [since, *shorter]
    return "d.date >= ?", [since]


def _until_condition(until: str) -> tuple[str, list[Any]]:
    # "2008" takes in "2008-12-31", since "~" sorts after every character of an ISO date
    return "d.date <= ?", [until + "~"]


# filters that are sets of document ids from other tables
ID_SETS = {
    "tag": "SELECT dt.document_id FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?",
    "party": "SELECT document_id FROM document_parties WHERE (name, ifnull(country, '')) IN (VALUES {values})",
    "visit": "SELECT ed.document_id FROM event_documents ed JOIN events e ON e.id = ed.event_id "
    "WHERE e.id = ? OR e.slug = ? OR e.title = ?",
}


# a facet no document has: a filter that nothing can meet
NO_FACET = f"{FACET_PREFIX}none"


@dataclass
class FilterPlan:
    """Filters as a search runs them: facet terms for FTS5, and SQL for the rest.

    ``facets`` is an FTS5 expression ANDed to the query's (see
    ``documents.facets_of``); ``restrict`` holds conditions on the index's
    rowid for what facets cannot say: a visit's documents, and the documents
    of a range's first or last year that fall outside it.
    """

    facets: list[str] = field(default_factory=list)
    restrict: str = ""
    params: list[Any] = field(default_factory=list)
    # the filters' definition on ``documents d`` (``filter_sql``), to test a few documents directly
    where: list[str] = field(default_factory=list)
    where_params: list[Any] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(self.facets or self.restrict)

    def passing(self, store: Store, ids: list[int]) -> set[int]:
        """Those of ``ids`` that the filters leave."""
        if not self.where:
            return set(ids)
        kept: set[int] = set()
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            kept.update(
                r[0]
                for r in store.execute(
                    # NOT INDEXED: look the ids up by their key, not through the kind or date index
                    f"SELECT d.id FROM documents d NOT INDEXED WHERE d.id IN ({', '.join('?' for _ in chunk)}) AND "
                    + " AND ".join(self.where),
                    [*chunk, *self.where_params],
                )
            )
        return kept

    def expression(self, query_expression: str) -> str:
        return " AND ".join([f"({query_expression})", *self.facets]) if self.facets else query_expression

    def exclude(self, subquery: str, values: list[Any]) -> None:
        self.restrict += f" AND +search_index.rowid NOT IN ({subquery})"
        self.params += values

    def within(self, subquery: str, values: list[Any]) -> None:
        self.restrict += f" AND +search_index.rowid IN ({subquery})"
        self.params += values


def _any_of(tokens: list[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in tokens) + ")" if tokens else f'"{NO_FACET}"'


def filter_plan(store: Store, filters: Filters) -> FilterPlan:
    parties = party_names(store, filters.party) if filters.party else []
    where, where_params = filter_sql(store, filters, parties)
    plan = FilterPlan(where=where, where_params=where_params)
    if filters.kinds:
        plan.facets.append(_any_of([kind_facet(k) for k in filters.kinds if k in DOCUMENT_KINDS]))
    if filters.since or filters.until:
        _plan_dates(store, plan, (filters.since or "").strip(), (filters.until or "").strip())
    if filters.tag:
        plan.facets.append(_any_of([tag_facet(filters.tag)]))
    if filters.party:
        plan.facets.append(_any_of([party_facet(name, country) for name, country in parties]))
    if filters.visit:
        plan.within(ID_SETS["visit"], [filters.visit] * 3)
    return plan


def _plan_dates(store: Store, plan: FilterPlan, since: str, until: str) -> None:
    """A date range as the largest year blocks it holds, and its partial first and last years as exclusions."""
    conditions = [c for c in (since and _since_condition(since), until and _until_condition(until)) if c]
    where = " AND ".join(sql for sql, _ in conditions)
    values = [v for _, condition_values in conditions for v in condition_values]
    if (since and not is_partial_date(since)) or (until and not is_partial_date(until)):
        # not a date the facets can express: the documents table answers
        plan.within(f"SELECT d.id FROM documents d WHERE {where} AND d.date GLOB '{_YEAR_GLOB}*'", values)
        return
    low, high = _library_years(store)
    first = int(since[:4]) if since else low
    last = int(until[:4]) if until else high
    if low is None or first > last:
        plan.facets.append(_any_of([]))
        return
    # a boundary year the range takes only in part: its documents outside the range are excluded
    partial = {
        year
        for year, whole in (
            (first, not since or since[4:] in ("", "-01", "-01-01")),
            (last, not until or until[4:] in ("", "-12", "-12-31")),
        )
        if not whole
    }
    for year in sorted(partial):
        plan.exclude(
            f"SELECT d.id FROM documents d WHERE d.date >= ? AND d.date < ? AND NOT ({where})",
            [f"{year:04d}", f"{year + 1:04d}", *values],
        )
    plan.facets.append(_any_of(_year_blocks(first, last, low, high)))


def _year_blocks(first: int, last: int, low: int, high: int) -> list[str]:
    """The facets of few whole millennia, centuries, decades and years that hold first..last.

    Years outside the library's low..high hold no document, so a block may
    reach over them: from 2007 on, in a library of 1995 to 2025, is 2007,
    2008, 2009 and the decades 201x and 202x.
    """
    start_limit = -1 if first <= low else first
    end_limit = 10_000 if last >= high else last
    blocks = []
    year = max(first, low)
    while year <= min(last, high):
        for size, digits in ((1000, 1), (100, 2), (10, 3), (1, 4)):
            block_start = year - year % size
            if block_start >= start_limit and block_start + size - 1 <= end_limit:
                blocks.append(date_block_facet(f"{block_start:04d}"[:digits]))
                year = block_start + size
                break
    return blocks


def _library_years(store: Store) -> tuple[int | None, int | None]:
    """The first and last year any document is dated in (two index lookups); (0, 9999) when unsure."""
    first = store.scalar("SELECT date FROM documents WHERE date >= '0' ORDER BY date LIMIT 1")
    last = store.scalar("SELECT date FROM documents WHERE date < ':' ORDER BY date DESC LIMIT 1")
    if first is None:
        return None, None
    low = int(first[:4]) if first[:4].isdigit() else 0
    high = int(last[:4]) if last and last[:4].isdigit() else 9999
    return low, high


COUNTRY_CODES = {"KZ": "Kazakhstan", "AZ": "Azerbaijan", "TR": "Turkiye", "RU": "Russia", "CN": "China"}


def party_names(store: Store, party: str) -> list[tuple[str, str | None]]:
    """The (name, country) pairs of parties named like ``party`` (in any script) or of that country."""
    wanted = [sound_key(w) for w in WORD_RE.findall(party)]
    code = party.strip().upper()
    matching = []
    # a library names few distinct parties: match each once (the list is read once per change of the library)
    distinct = store.memo(
        "distinct parties", lambda: store.execute("SELECT DISTINCT name, country FROM document_parties").fetchall()
    )
    for name, country in distinct:
        upper = (country or "").upper()
        keys = {sound_key(w) for w in WORD_RE.findall(name + " " + COUNTRY_CODES.get(upper, ""))}
        if upper == code or (wanted and all(k in keys for k in wanted)):
            matching.append((name, country))
    return matching


def party_document_ids(store: Store, party: str) -> list[int]:
    """Documents with a party named like ``party`` (in any script) or of that country."""
    ids: set[int] = set()
    for name, country in party_names(store, party):
        ids.update(
            r[0]
            for r in store.execute(
                "SELECT document_id FROM document_parties WHERE name = ? AND country IS ?", [name, country]
            )
        )
    return sorted(ids)
