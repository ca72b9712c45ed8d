"""Visits and meetings: list them, make one by hand, change, link documents, keep its programme, delete.

VISIT is a visit's id, slug or exact title; PERSON an id, slug or name in any
script. Every command is one transaction: all of it is saved, or nothing.
"""

from __future__ import annotations

from typing import Any

import click

from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.dates import format_dates
from briefing.library.events import EVENT_KINDS, find_event, get_event, list_events
from briefing.library.people import find_person
from briefing.library.records import dense_text


def visit_json(event: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "slug", "title", "kind", "start_date", "end_date", "place", "time_zone", "summary", "people",
            "documents", "programme")
    return {k: event[k] for k in keys if k in event}


def programme_lines(programme: list[dict[str, Any]]) -> list[str]:
    from briefing.library.programme import item_time

    lines = []
    for i in programme:
        cells = [i["date"], item_time(i), i["what"], i["place"], i["who"], i["dress"]]
        line = f"{i['number']:>3}  " + " | ".join(dense_text(c) if c else "—" for c in cells)
        lines.append(line + (f"\n     notes: {dense_text(i['notes'])}" if i["notes"] else ""))
    return lines


def _people(app: AppContext, refs: tuple[str, ...]) -> list[int]:
    return [find_person(app.store, ref) for ref in refs]


@cli.command("visits")
@click.option("--json", "as_json", is_flag=True, help="Print the visits as JSON.")
@pass_app
def visits_command(app: AppContext, as_json: bool) -> None:
    """List the visits and meetings, newest first."""
    events = list_events(app.store)
    if as_json:
        emit_json(events)
        return
    if not events:
        click.echo("No visits yet: add one with 'briefing visit new TITLE --start YYYY-MM-DD'.")
        return
    for e in events:
        counts = f"{e['people_count']} people, {e['document_count']} documents, {e['programme_count']} programme items"
        where = f", {dense_text(e['place'])}" if e["place"] else ""
        click.echo(f"{e['id']:>4}  {format_dates(e['start_date'], e['end_date'])}  {e['kind']:<10} "
                   f"{dense_text(e['title'])}{where}  ({counts})")


@cli.group("visit")
def visit_group() -> None:
    """Make and keep visits and meetings, their participants, documents and programme (VISIT: id, slug or title)."""


_field_options = [
    click.option("--end", "end_date", metavar="YYYY-MM-DD", help="The last day (default: the first)."),
    click.option("--place", metavar="PLACE", help="Where it takes place, e.g. 'Baku'."),
    click.option("--kind", type=click.Choice(EVENT_KINDS), help="What it is (default: visit)."),
    click.option("--time-zone", "time_zone", metavar="ZONE",
                 help="The time zone of the programme's times, e.g. Asia/Baku."),
    click.option("--summary", metavar="TEXT", help="A line or two on what it is for or what came of it."),
]


def _with(options):
    def wrap(f):
        for option in reversed(options):
            f = option(f)
        return f

    return wrap


def _show_or_json(app: AppContext, event_id: int, as_json: bool, message: str) -> None:
    if as_json:
        emit_json(visit_json(get_event(app.store, event_id)))
    else:
        click.echo(message)


@visit_group.command("new")
@click.argument("title")
@click.option("--start", "start_date", required=True, metavar="YYYY-MM-DD", help="The first day.")
@_with(_field_options)
@click.option("--participant", "participants", multiple=True, metavar="PERSON",
              help="Someone who takes part (id, slug or name; repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the new visit as JSON.")
@pass_app
def visit_new(app: AppContext, title: str, participants: tuple[str, ...], as_json: bool, **fields: Any) -> None:
    """Add a visit or meeting; prints its id."""
    from briefing.library.events import create_event

    change = create_event(app.store, {"title": title, **fields}, people=_people(app, participants))
    _show_or_json(app, change.id, as_json, str(change.id))


@visit_group.command("show")
@click.argument("visit")
@click.option("--json", "as_json", is_flag=True, help="Print the visit with its people, documents and programme as JSON.")
@pass_app
def visit_show(app: AppContext, visit: str, as_json: bool) -> None:
    """Show a visit: its particulars, participants, documents and programme."""
    e = get_event(app.store, find_event(app.store, visit))
    if as_json:
        emit_json(visit_json(e))
        return
    click.echo(click.style(dense_text(e["title"]), bold=True))
    facts = [("Kind", e["kind"]), ("Dates", format_dates(e["start_date"], e["end_date"])), ("Place", e["place"]),
             ("Zone", e["time_zone"]), ("Summary", e["summary"])]
    for label, value in facts:
        if value:
            click.echo(f"{label + ':':<9}{dense_text(value)}")
    for p in e["people"]:
        click.echo(f"  person {p['id']}: {dense_text(p['name'])}" + (f", {dense_text(p['role'])}" if p["role"] else ""))
    for d in e["documents"]:
        click.echo(f"  document {d['id']}: {d['date'] or '?'}  {dense_text(d['title'])}")
    if e["programme"]:
        click.echo("Programme:")
        for line in programme_lines(e["programme"]):
            click.echo(line)


@visit_group.command("edit")
@click.argument("visit")
@click.option("--title", metavar="TITLE", help="A new title.")
@click.option("--start", "start_date", metavar="YYYY-MM-DD", help="The first day.")
@_with(_field_options)
@click.option("--add-participant", "add", multiple=True, metavar="PERSON", help="Someone who takes part (repeatable).")
@click.option("--remove-participant", "remove", multiple=True, metavar="PERSON",
              help="Someone who no longer takes part (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the visit as JSON.")
@pass_app
def visit_edit(app: AppContext, visit: str, add: tuple[str, ...], remove: tuple[str, ...], as_json: bool,
               **fields: Any) -> None:
    """Change a visit; only the options given change ('' clears a field). New dates must still hold the programme."""
    from briefing.library.events import change_participants, update_event

    store = app.store
    event_id = find_event(store, visit)
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes and not add and not remove:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    with store.atomic():  # the fields and the participants change together, or not at all
        if changes:
            update_event(store, event_id, changes)
        if add or remove:
            change_participants(store, event_id, add=_people(app, add), remove=_people(app, remove))
    what = sorted([*changes, *(["participants"] if add or remove else [])])
    _show_or_json(app, event_id, as_json, f"Visit {event_id} changed: {', '.join(what)}")


@visit_group.command("delete")
@click.argument("visit")
@click.option("--force", is_flag=True, help="Delete even when a book is for this visit (the book keeps no visit).")
@click.option("--json", "as_json", is_flag=True, help="Print what was deleted as JSON.")
@pass_app
def visit_delete(app: AppContext, visit: str, force: bool, as_json: bool) -> None:
    """Delete a visit with its programme; its documents and people stay. Refused while a book is for it, unless --force."""
    from briefing.library.events import EventInUse, books_for_event, delete_event

    event_id = find_event(app.store, visit)
    try:
        change = delete_event(app.store, event_id, refuse_if=None if force else books_for_event)
    except EventInUse as exc:
        raise click.ClickException(f"{exc}; give --force to delete anyway") from None
    title = (change.before or {}).get("title")
    if as_json:
        emit_json({"deleted": event_id, "title": title})
    else:
        click.echo(f"Deleted visit {event_id}: {dense_text(title)}")


@visit_group.command("link")
@click.argument("visit")
@click.argument("doc_ids", type=int, nargs=-1, required=True, metavar="DOC...")
@click.option("--json", "as_json", is_flag=True, help="Print the visit as JSON.")
@pass_app
def visit_link(app: AppContext, visit: str, doc_ids: tuple[int, ...], as_json: bool) -> None:
    """Link documents (ids) to a visit: its agreements print in the book's agreements block."""
    from briefing.library.events import link_documents

    change = link_documents(app.store, find_event(app.store, visit), doc_ids)
    _show_or_json(app, change.id, as_json, f"Visit {change.id}: {len(change.after['documents'])} documents linked")


@visit_group.command("unlink")
@click.argument("visit")
@click.argument("doc_ids", type=int, nargs=-1, required=True, metavar="DOC...")
@click.option("--json", "as_json", is_flag=True, help="Print the visit as JSON.")
@pass_app
def visit_unlink(app: AppContext, visit: str, doc_ids: tuple[int, ...], as_json: bool) -> None:
    """Unlink documents from a visit; they stay in the library."""
    from briefing.library.events import unlink_documents

    change = unlink_documents(app.store, find_event(app.store, visit), doc_ids)
    _show_or_json(app, change.id, as_json, f"Visit {change.id}: {len(change.after['documents'])} documents linked")


@visit_group.command("programme")
@click.argument("visit")
@click.option("--add", "lines", multiple=True, metavar="LINE",
              help="An item: 'YYYY-MM-DD HH:MM | what | where | who | dress | notes' (repeatable; "
                   "HH:MM-HH:MM for an end; HH:MM alone on a one-day visit).")
@click.option("--file", "file", type=click.Path(dir_okay=False), metavar="PROGRAMME.json",
              help="Replace the programme with a JSON list of items (when, what, where, who, dress, notes).")
@click.option("--remove", "numbers", multiple=True, type=click.IntRange(1), metavar="N",
              help="Remove item N as listed (repeatable; numbers are read before anything is added).")
@click.option("--clear", is_flag=True, help="Remove every item first.")
@click.option("--json", "as_json", is_flag=True, help="Print the programme as JSON.")
@pass_app
def visit_programme(app: AppContext, visit: str, lines: tuple[str, ...], file: str | None, numbers: tuple[int, ...],
                    clear: bool, as_json: bool) -> None:
    """Show or change a visit's programme; times are the visit's local times."""
    from briefing.library.programme import (
        add_programme_items,
        parse_programme_line,
        programme_of,
        read_programme_file,
        remove_programme_items,
        set_programme,
    )

    store = app.store
    event_id = find_event(store, visit)
    with store.atomic():  # removals, the file and additions: one change
        if numbers:
            remove_programme_items(store, event_id, numbers)
        if clear or file:
            set_programme(store, event_id, read_programme_file(file) if file else [])
        if lines:
            event = store.one("SELECT * FROM events WHERE id = ?", [event_id])
            add_programme_items(store, event_id, [parse_programme_line(line, event) for line in lines])
    programme = programme_of(store, event_id)
    if as_json:
        emit_json(programme)
        return
    if not programme:
        click.echo("No programme yet: add items with --add 'YYYY-MM-DD HH:MM | what | where | who'.")
    for line in programme_lines(programme):
        click.echo(line)
