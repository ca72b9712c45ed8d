"""Books: list them, start one from a template, add documents, notes and blocks, show one."""

from __future__ import annotations

import json
import sys

import click

from briefing.book.audience import AUDIENCES
from briefing.book.books import PAPERS, create_book, find_book, get_book, list_books, update_book
from briefing.book.changes import require_row
from briefing.book.items import add_documents, add_item, item_title, update_item
from briefing.book.sections import add_section, find_section, rename_section, set_section_audience
from briefing.book.templates import list_templates
from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.library.events import find_event


@cli.command("books")
@click.option("--json", "as_json", is_flag=True, help="Print the books as JSON.")
@pass_app
def books_command(app: AppContext, as_json: bool) -> None:
    """List the briefing books with their marking and sections."""
    books = [
        {
            "id": b["id"],
            "title": b["title"],
            "marking": b["marking"],
            "destination": b["destination"],
            "start_date": b["start_date"],
            "template": b["template"],
            "updated": b["updated"],
            "sections": b["sections"],
        }
        for b in list_books(app.store)
    ]
    if as_json:
        emit_json(books)
        return
    if not books:
        click.echo("No books yet: start one with 'briefing book new TITLE --template \"State visit\"'.")
        return
    for b in books:
        marking = f"  [{b['marking']}]" if b["marking"] else ""
        click.echo(f"{b['id']:>4}  {b['title']}{marking}  ({len(b['sections'])} sections)")


@cli.group("book")
def book_group() -> None:
    """Make and fill a briefing book (BOOK is its id or exact title)."""


@book_group.command("set")
@click.argument("book")
@click.option("--title", metavar="T", help="A new title.")
@click.option("--marking", metavar="M", help="The classification marking, e.g. 'CONFIDENTIAL'.")
@click.option("--visit", metavar="V", help="The visit or event the book is for (id, slug or title).")
@click.option("--destination", metavar="PLACE", help="Where the visit goes.")
@click.option("--start", "start_date", metavar="YYYY-MM-DD", help="The visit's first day.")
@click.option("--end", "end_date", metavar="YYYY-MM-DD", help="The visit's last day.")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), help="Paper size.")
@click.option("--prepared-for", metavar="NAME", help="Who the book is for.")
@click.option("--prepared-by", metavar="NAME", help="Who prepared it.")
@click.option("--edition-date", metavar="YYYY-MM-DD", help="The date printed on the cover.")
@click.option("--version", "version", metavar="V", help="A version label printed on the cover.")
@click.option("--stale-figure-months", type=click.IntRange(1, 240), metavar="N",
              help="The pre-flight check calls a figure stale when it is older than N months at the visit (default 12).")
@click.option("--json", "as_json", is_flag=True, help="Print the book's fields as JSON.")
@pass_app
def book_set(app: AppContext, book: str, visit, stale_figure_months, as_json: bool, **fields) -> None:
    """Change BOOK's properties; only the options given change."""
    book_id = find_book(app.store, book)
    changes = {k: v for k, v in fields.items() if v is not None}
    if visit is not None:
        changes["event_id"] = find_event(app.store, visit)
    if stale_figure_months is not None:
        settings = dict(get_book(app.store, book_id).get("settings") or {})
        settings["stale_figure_months"] = stale_figure_months
        changes["settings"] = settings
    if not changes:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    data = update_book(app.store, book_id, **changes)
    if as_json:
        emit_json({k: v for k, v in data.items() if k not in ("sections", "event")})
    else:
        click.echo(f"Book {book_id} changed: {', '.join(sorted(changes))}")


@book_group.command("new")
@click.argument("title")
@click.option("--template", "template", metavar="T", help="Start from a template, e.g. 'State visit' (see 'book templates').")
@click.option("--marking", metavar="M", help="The classification marking, e.g. 'OFFICIAL USE ONLY'.")
@click.option("--visit", metavar="V", help="The visit or event the book is for (id, slug or title).")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), help="Paper size (default a4).")
@click.option("--prepared-for", metavar="NAME", help="Who the book is for.")
@click.option("--prepared-by", metavar="NAME", help="Who prepared it.")
@click.option("--json", "as_json", is_flag=True, help="Print the new book's id as JSON.")
@pass_app
def book_new(app: AppContext, title: str, template, marking, visit, paper, prepared_for, prepared_by, as_json: bool) -> None:
    """Start a new book; prints its id."""
    fields = {k: v for k, v in {"paper": paper, "prepared_for": prepared_for, "prepared_by": prepared_by}.items() if v}
    event_id = find_event(app.store, visit) if visit else None
    book_id = create_book(app.store, title, template=template, marking=marking, event_id=event_id, **fields)
    if as_json:
        emit_json({"id": book_id})
    else:
        click.echo(book_id)


@book_group.command("templates")
@click.option("--json", "as_json", is_flag=True, help="Print the templates as JSON.")
def book_templates(as_json: bool) -> None:
    """List the book templates and their sections."""
    templates = list_templates()
    if as_json:
        emit_json(templates)
        return
    for t in templates:
        click.echo(f"{t['title']} ({t['name']}): {'; '.join(t['sections'])}")


_AUDIENCE = click.Choice(AUDIENCES, case_sensitive=False)


def _audience_option(what: str):
    return click.option(
        "--audience", type=_AUDIENCE,
        help=f"Who {what} is written for: internal (the principal and the delegation) or releasable (may go "
             "into the press cut). Default: the section's (the template sets it).")


@book_group.command("add")
@click.argument("book")
@click.argument("doc_ids", type=int, nargs=-1, required=True, metavar="ID...")
@click.option("--section", metavar="NAME", help="The section to add to (made if missing; default: background documents).")
@click.option("--marking", metavar="M", help="A marking of these items' own, shown at their start.")
@_audience_option("these documents are")
@click.option("--json", "as_json", is_flag=True, help="Print the new items as JSON.")
@pass_app
def book_add(app: AppContext, book: str, doc_ids: tuple[int, ...], section, marking, audience, as_json: bool) -> None:
    """Add documents to a book."""
    book_id = find_book(app.store, book)
    changes = add_documents(app.store, book_id, doc_ids, section=section, marking=marking, audience=audience)
    if as_json:
        emit_json({"book": book_id, "section": changes.sections[0], "items": changes.items})
    else:
        click.echo(f"Added {len(changes.items)} document(s) to book {book_id}.")


def _section_for(app: AppContext, book_id: int, name: str) -> int:
    return find_section(app.store, book_id, name) or add_section(app.store, book_id, name)


@book_group.command("note")
@click.argument("book")
@click.option("--section", required=True, metavar="NAME", help="The section to add to (made if missing).")
@click.option("--title", metavar="TEXT", help="The note's title.")
@click.option("--body", metavar="MARKDOWN", help="The note's text (Markdown); '-' reads it from standard input.")
@click.option("--marking", metavar="M", help="A marking of the note's own.")
@_audience_option("the note is")
@click.option("--json", "as_json", is_flag=True, help="Print the new item's id as JSON.")
@pass_app
def book_note(app: AppContext, book: str, section: str, title, body, marking, audience, as_json: bool) -> None:
    """Add an authored note (scenesetter, talking points...) to a book.

    In talking points, a line "Card: ..." inside a point is what the pocket card prints for it
    (the ask first); an "If raised" heading holds the replies the card prints under its own heading.
    """
    if body == "-":
        body = sys.stdin.read()
    book_id = find_book(app.store, book)
    item_id = add_item(app.store, _section_for(app, book_id, section), "note", title=title, body=body, marking=marking,
                       audience=audience)
    emit_json({"id": item_id}) if as_json else click.echo(item_id)


@book_group.command("block")
@click.argument("book")
@click.argument("spec", metavar="JSON")
@click.option("--section", required=True, metavar="NAME", help="The section to add to (made if missing).")
@click.option("--title", metavar="TEXT", help="The block's title.")
@_audience_option("the block is")
@click.option("--json", "as_json", is_flag=True, help="Print the new item's id as JSON.")
@pass_app
def book_block(app: AppContext, book: str, spec: str, section: str, title, audience, as_json: bool) -> None:
    """Add a generated block, computed from the library at export.

    JSON is its specification, e.g. '{"type": "agreements", "party": "AZ", "since": "2022"}'.
    Types: agreements, chronology, figures, counterparts, commitments, programme.
    """
    book_id = find_book(app.store, book)
    item_id = add_item(app.store, _section_for(app, book_id, section), "block", title=title, block=spec,
                       audience=audience)
    emit_json({"id": item_id}) if as_json else click.echo(item_id)


def _item_of(app: AppContext, book_id: int, item_id: int) -> dict:
    item = require_row(app.store, "book_items", item_id, "item")
    if app.store.scalar("SELECT book_id FROM book_sections WHERE id = ?", [item["section_id"]]) != book_id:
        raise click.UsageError(f"item {item_id} is not in book {book_id} (see 'briefing book show {book_id}')")
    return item


@book_group.command("set-item")
@click.argument("book")
@click.argument("item_id", type=int, metavar="ITEM")
@click.option("--title", metavar="T", help="The item's title ('' clears it: its document's or block's is shown).")
@click.option("--marking", metavar="M", help="A marking of the item's own ('' clears it).")
@click.option("--audience", type=click.Choice([*AUDIENCES, "section"], case_sensitive=False),
              help="Who the item is written for: internal, releasable, or section (take the section's).")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@pass_app
def book_set_item(app: AppContext, book: str, item_id: int, title, marking, audience, as_json: bool) -> None:
    """Change an item of BOOK (ITEM is the id 'book show' prints); only the options given change."""
    book_id = find_book(app.store, book)
    _item_of(app, book_id, item_id)
    changes = {k: (v or None) for k, v in {"title": title, "marking": marking}.items() if v is not None}
    if audience is not None:
        changes["audience"] = None if audience.lower() == "section" else audience.lower()
    if not changes:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    update_item(app.store, item_id, **changes)
    item = _find_item(get_book(app.store, book_id)["sections"], item_id)
    if as_json:
        emit_json(_item_json(item))
    else:
        click.echo(f"Item {item_id} changed: {', '.join(sorted(changes))} (now {item['effective_audience']})")


@book_group.command("set-section")
@click.argument("book")
@click.argument("section")
@click.option("--title", metavar="T", help="A new title for the section.")
@click.option("--audience", type=click.Choice([*AUDIENCES, "parent"], case_sensitive=False),
              help="Who the section is written for, for the items in it that do not say: internal, releasable, "
                   "or parent (take the enclosing section's).")
@click.option("--json", "as_json", is_flag=True, help="Print the section as JSON.")
@pass_app
def book_set_section(app: AppContext, book: str, section: str, title, audience, as_json: bool) -> None:
    """Change a section of BOOK (its title, or 'Parent/Child'); only the options given change."""
    book_id = find_book(app.store, book)
    section_id = find_section(app.store, book_id, section)
    if section_id is None:
        raise click.UsageError(f"book {book_id} has no section {section!r}")
    if title is None and audience is None:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    if audience is not None:
        set_section_audience(app.store, section_id, None if audience.lower() == "parent" else audience.lower())
    if title is not None:
        rename_section(app.store, section_id, title)
    found = _find_section(get_book(app.store, book_id)["sections"], section_id)
    if as_json:
        emit_json(_section_json(found))
    else:
        click.echo(f"Section {section_id} ({found['title']}) changed; its items are "
                   + ", ".join(sorted({i['effective_audience'] for i in found['items']}) or ["none yet"]))


def _find_item(sections: list[dict], item_id: int) -> dict:
    for s in sections:
        for item in s["items"]:
            if item["id"] == item_id:
                return item
        try:
            return _find_item(s["sections"], item_id)
        except LookupError:
            continue
    raise LookupError(item_id)


def _find_section(sections: list[dict], section_id: int) -> dict:
    for s in sections:
        if s["id"] == section_id:
            return s
        try:
            return _find_section(s["sections"], section_id)
        except LookupError:
            continue
    raise LookupError(section_id)


def _item_json(item: dict) -> dict:
    return {
        "id": item["id"],
        "kind": item["kind"],
        "title": item_title(item),
        "document_id": item["document_id"],
        "marking": item["marking"],
        "excerpt": item["excerpt"],
        "annotation_ids": item["annotation_ids"],
        "body": item["body"],
        "block": item["block"],
        "audience": item["audience"],
        "effective_audience": item["effective_audience"],
    }


def _section_json(section: dict) -> dict:
    return {
        "id": section["id"],
        "title": section["title"],
        "role": section["role"],
        "audience": section["audience"],
        "effective_audience": section["effective_audience"],
        "items": [_item_json(i) for i in section["items"]],
        "sections": [_section_json(s) for s in section["sections"]],
    }


@book_group.command("show")
@click.argument("book")
@click.option("--json", "as_json", is_flag=True, help="Print the book with its sections and items as JSON.")
@pass_app
def book_show(app: AppContext, book: str, as_json: bool) -> None:
    """Show a book: its particulars, sections and items."""
    data = get_book(app.store, find_book(app.store, book))
    sections = [_section_json(s) for s in data["sections"]]
    practice = _practice(app, data["id"])
    if as_json:
        emit_json({**{k: v for k, v in data.items() if k != "sections"}, "sections": sections, **practice})
        return
    click.echo(click.style(data["title"], bold=True))
    facts = [
        ("Visit", data["event"]["title"] if data["event"] else None),
        ("Place", data["destination"]),
        ("Dates", " – ".join(dict.fromkeys(d for d in (data["start_date"], data["end_date"]) if d))),
        ("For", data["prepared_for"]),
        ("By", data["prepared_by"]),
        ("Marking", data["marking"]),
        ("Paper", data["paper"].upper()),
        ("Edition", " ".join(x for x in (data["edition_date"], f"v{data['version']}" if data["version"] else None) if x)),
    ]
    for label, value in facts:
        if value:
            click.echo(f"{label + ':':<9}{value}")

    def show(section: dict, depth: int) -> None:
        audience = f" ({section['effective_audience']})" if section["effective_audience"] else ""
        click.echo(f"{'  ' * depth}§ {section['title']}{audience}")
        for item in section["items"]:
            extra = f" [{item['marking']}]" if item["marking"] else ""
            if item["effective_audience"] != section["effective_audience"]:
                extra += f" ({item['effective_audience']})"
            ref = f" doc #{item['document_id']}" if item["document_id"] else ""
            if item["kind"] == "block":
                ref = f" {json.dumps(item['block'], ensure_ascii=False)}"
            click.echo(f"{'  ' * depth}  - item {item['id']}, {item['kind']}: {item['title'] or ''}{ref}{extra}")
        for child in section["sections"]:
            show(child, depth + 1)

    for section in sections:
        show(section, 0)
    _show_practice(practice)


def _practice(app: AppContext, book_id: int) -> dict:
    from briefing.book.editions import list_editions
    from briefing.pdf.distribution import list_distributions

    return {"editions": list_editions(app.store, book_id), "distributions": list_distributions(app.store, book_id)}


def _show_practice(practice: dict) -> None:
    for e in practice["editions"]:
        click.echo(f"Edition {e['number']}: published {e['published']} ({e['items']} items)")
    for d in practice["distributions"]:
        edition = f", edition {d['edition']}" if d["edition"] else ""
        click.echo(f"Distributed {d['created']} ({d['profile']}{edition}) to {d['folder']}:")
        for c in d["copies"]:
            click.echo(f"  copy {c['copy']} of {len(d['copies'])}: {c['recipient']}")
