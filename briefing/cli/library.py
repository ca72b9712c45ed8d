"""Library commands: init, search, show, stats."""

from __future__ import annotations

import re

import click

from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.dates import is_partial_date
from briefing.library.documents import counts_by_kind, get_document
from briefing.library.events import find_event
from briefing.library.schema import DOCUMENT_KINDS
from briefing.search import WITHIN, Filters, search


def _date(value: str | None) -> str | None:
    """A year, a month or a day in ISO form (a year or a month stands for the whole of it)."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter(f"{value!r} is not a date like 2024, 2024-03 or 2024-03-12")
    if not is_partial_date(value):
        raise click.BadParameter(f"{value!r} is not a real date (no such month or day)")
    return value


@cli.command()
@click.option("--sample", is_flag=True, help="Load the Kazakhstan–Azerbaijan sample library (again is harmless).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def init(app: AppContext, sample: bool, as_json: bool) -> None:
    """Create the library file (and load the sample library)."""
    from briefing.sample import load_sample  # only init loads the sample's books and their blocks

    app.create = True
    store = app.store
    report = load_sample(store) if sample else None
    result = {"store": str(store.path), "sample": report.as_dict() if report else None}
    if as_json:
        emit_json(result)
        return
    click.echo(f"Library ready: {store.path}")
    if report:
        added = ", ".join(f"{n} {what}" for what, n in report.added.items() if n) or "nothing new"
        click.echo(f"Sample library: added {added}.")


@cli.command("search")
@click.argument("query", required=False, default="")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), multiple=True, help="Only this kind (repeatable).")
@click.option("--since", callback=lambda c, p, v: _date(v), metavar="YYYY-MM-DD", help="Dated on or after.")
@click.option("--until", callback=lambda c, p, v: _date(v), metavar="YYYY-MM-DD", help="Dated on or before.")
@click.option("--party", metavar="P", help="A party or country (name in any script, or code such as KZ).")
@click.option("--tag", metavar="T", help="Only documents with this tag.")
@click.option("--visit", metavar="V", help="Only documents of this visit or event (id, slug or title).")
@click.option("--in", "within", type=click.Choice(WITHIN), default="all", show_default=True,
              help="Search the documents' text, your notes (highlight notes and books' note items), or all.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="How many results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@pass_app
def search_command(app: AppContext, query: str, kind, since, until, party, tag, visit, within, limit, as_json) -> None:
    """Search the library: words, "phrases", prefix*, OR, NOT; any script.

    Your own words are searched too (--in all, the default): documents whose
    highlight notes match come first, marked "matched": "note" (or "both"
    when their text matches as well) with the "annotation_id" and
    "note_snippet" of the best note; then documents found by their text
    ("matched": "text"). A book's note items are not documents: they are
    listed apart, in "book_notes" (each with "book_item_id", "book_id",
    "book_title", "title", "note_snippet", "score", "matched": "note") and
    counted in "book_notes_total"; a filter leaves them out. --in text
    searches the documents' text alone, as before.
    """
    if visit:
        find_event(app.store, visit)  # an unknown visit is an error, not an empty list
    filters = Filters(kinds=list(kind), since=since, until=until, party=party, tag=tag, visit=visit)
    page = search(app.store, query, filters, limit=limit, within=within)
    if as_json:
        emit_json(page.as_dict())
        return
    if not page.results and not page.book_notes:
        click.echo("No documents found.")
        return
    for r in page.results:
        snippet = _bold(r.snippet)
        click.echo(f"{r.id:>6}  {r.date or '':<10}  {r.kind:<15}  {r.title}")
        if snippet:
            click.echo(f"        {snippet}")
        if r.note_snippet is not None:
            click.echo(f"        Your note (annotation {r.annotation_id}): {_bold(r.note_snippet)}")
    if page.results:
        click.echo(f"{len(page.results)} of {page.total} shown.")
    if page.book_notes:
        click.echo("\nNotes in books:")
        for n in page.book_notes:
            click.echo(f"{n.book_item_id:>6}  in “{n.book_title}” (book {n.book_id}): {n.title}")
            click.echo(f"        {_bold(n.note_snippet)}")
        click.echo(f"{len(page.book_notes)} of {page.book_notes_total} shown.")


def _bold(snippet: str) -> str:
    """A snippet's marked words in bold on a terminal."""
    return snippet.replace("<b>", click.style("", bold=True, reset=False)).replace("</b>", click.style("", reset=True))


@cli.command()
@click.argument("doc_id", type=int, metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print every field as JSON.")
@pass_app
def show(app: AppContext, doc_id: int, as_json: bool) -> None:
    """Show one document with its parties, speakers, tags and links."""
    doc = get_document(app.store, doc_id)
    if as_json:
        emit_json(doc)
        return
    click.echo(click.style(doc["title"], bold=True))
    facts = [
        ("Kind", doc["kind"] + (f" ({doc['instrument']})" if doc["instrument"] else "")),
        ("Date", doc["date"]),
        ("Place", doc["place"]),
        ("Language", doc["language"]),
        ("Publisher", doc["publisher"]),
        ("Author", doc["author"]),
        ("Parties", "; ".join(p["name"] for p in doc["parties"])),
        ("Speakers", ", ".join(s["name"] for s in doc["speakers"])),
        ("Tags", ", ".join(doc["tags"])),
        ("Marking", doc["marking"]),
        ("URL", doc["url"]),
    ]
    for label, value in facts:
        if value:
            click.echo(f"{label + ':':<11}{value}")
    if doc["summary"]:
        click.echo("\n" + doc["summary"])
    click.echo("\n" + doc["text"])


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_app
def stats(app: AppContext, as_json: bool) -> None:
    """Count the documents of each kind, and the other records."""
    store = app.store
    counts = {
        "documents": counts_by_kind(store),
        "people": store.scalar("SELECT count(*) FROM people"),
        "events": store.scalar("SELECT count(*) FROM events"),
        "figures": store.scalar("SELECT count(*) FROM figures"),
        "annotations": store.scalar("SELECT count(*) FROM annotations"),
        "books": store.scalar("SELECT count(*) FROM books"),
    }
    if as_json:
        emit_json(counts)
        return
    for kind, n in counts["documents"].items():
        click.echo(f"{kind:<16}{n:>7}")
    click.echo(f"{'total':<16}{sum(counts['documents'].values()):>7}")
    for what in ("people", "events", "figures", "annotations", "books"):
        click.echo(f"{what:<16}{counts[what]:>7}")
