"""People: list and find them, make one by hand, change, delete and merge them.

PERSON is a person's id, slug or name in any script (Байрамов finds Jeyhun
Bayramov); an unknown or ambiguous name is one line naming those spelt most like it.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.library.people import find_people, find_person, get_person
from briefing.library.records import dense_text, printable
from briefing.library.roles import role_span


def person_json(person: dict[str, Any]) -> dict[str, Any]:
    """A person as ``--json`` prints them: every field, roles with dates, the portrait's size (never its bytes)."""
    keys = ("id", "slug", "name", "role", "organisation", "country", "variants", "biography", "address_form",
            "pronunciation", "roles", "portrait", "events", "documents", "found_by")
    return {k: person[k] for k in keys if k in person}


def _read_text(value: str | None) -> str | None:
    return sys.stdin.read() if value == "-" else value


def _portrait(path: str | None):
    if path is None:
        return None
    from briefing.library.portraits import read_portrait  # Pillow only when a photo is given

    return read_portrait(path)


@cli.command("people")
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print the people as JSON.")
@pass_app
def people_command(app: AppContext, query: str, as_json: bool) -> None:
    """List the people, or those QUERY finds in a name, a spelling, the country or a title held now or before."""
    people = find_people(app.store, query)
    if as_json:
        emit_json([person_json(p) for p in people])
        return
    if not people:
        click.echo("No one found." if query else "No people yet: add one with 'briefing person new NAME'.")
        return
    for p in people:
        facts = ", ".join(dense_text(x) for x in (p.get("role"), p.get("organisation"), p.get("country")) if x)
        found_by = f"  (formerly {dense_text(p['found_by'])})" if p.get("found_by") else ""
        click.echo(f"{p['id']:>4}  {dense_text(p['name'])}" + (f" — {facts}" if facts else "") + found_by)


@cli.group("person")
def person_group() -> None:
    """Make, show, change, delete and merge people (PERSON: id, slug or name in any script)."""


_role_options = [
    click.option("--role", metavar="TITLE", help="The title held, e.g. 'Minister of Foreign Affairs'."),
    click.option("--organisation", metavar="ORG", help="Where the role is held, e.g. 'Ministry of Foreign Affairs'."),
    click.option("--from", "role_from", metavar="YYYY[-MM[-DD]]", help="When the role began."),
    click.option("--until", "role_until", metavar="YYYY[-MM[-DD]]", help="When the role ended (none: held now)."),
    click.option("--country", metavar="CODE", help="The country the person serves, e.g. AZ."),
    click.option("--also-written", "also_written", multiple=True, metavar="SPELLING",
                 help="Another spelling of the name, in any script (repeatable)."),
    click.option("--bio", metavar="MARKDOWN", help="The biography (Markdown); '-' reads it from standard input."),
    click.option("--address-form", metavar="TEXT", help="How to address the person, e.g. 'Your Excellency'."),
    click.option("--pronunciation", metavar="TEXT", help="How the name is said, e.g. 'jay-HOON bai-RAH-mov'."),
    click.option("--photo", metavar="FILE", type=click.Path(dir_okay=False),
                 help="A portrait: JPEG or PNG, at most 10 MB; scaled and kept in the library."),
]


def _with(options):
    def wrap(f):
        for option in reversed(options):
            f = option(f)
        return f

    return wrap


@person_group.command("new")
@click.argument("name")
@_with(_role_options)
@click.option("--allow-duplicate", is_flag=True, help="Add the person even when the name is already in the library.")
@click.option("--json", "as_json", is_flag=True, help="Print the new person as JSON.")
@pass_app
def person_new(app: AppContext, name: str, role, organisation, role_from, role_until, country, also_written, bio,
               address_form, pronunciation, photo, allow_duplicate: bool, as_json: bool) -> None:
    """Add a person; prints their id. A name already in the library (in any script) is refused, with
    what to do instead: edit that record, or add this one anyway and merge them."""
    from briefing.library.person_edits import DuplicatePerson, create_person

    fields = {"name": name, "role": role, "organisation": organisation, "role_from": role_from,
              "role_until": role_until, "country": country, "variants": list(also_written),
              "biography": _read_text(bio), "address_form": address_form, "pronunciation": pronunciation}
    try:
        change = create_person(app.store, fields, portrait=_portrait(photo), allow_duplicate=allow_duplicate)
    except DuplicatePerson as exc:
        first = exc.matches[0]["id"]
        raise click.ClickException(
            f"{exc}; add what is new with 'briefing person edit {first}', or add this person with "
            f"--allow-duplicate and then 'briefing person merge {first} NEW_ID'") from None
    if as_json:
        emit_json(person_json(get_person(app.store, change.id)))
    else:
        click.echo(change.id)


@person_group.command("edit")
@click.argument("person")
@click.option("--name", metavar="NAME", help="A new name (the old one is not kept as a spelling).")
@_with(_role_options)
@click.option("--correct-role", is_flag=True,
              help="Reword or redate the current role instead of recording --role as a new one.")
@click.option("--no-photo", is_flag=True, help="Remove the portrait.")
@click.option("--json", "as_json", is_flag=True, help="Print the person as JSON.")
@pass_app
def person_edit(app: AppContext, person: str, name, role, organisation, role_from, role_until, country, also_written,
                bio, address_form, pronunciation, photo, correct_role: bool, no_photo: bool, as_json: bool) -> None:
    """Change a person; only the options given change ('' clears a field). A new --role is recorded
    from --from (default today) and the role it replaces is kept as a former title."""
    from briefing.library.person_edits import update_person

    person_id = find_person(app.store, person)
    given = {"name": name, "role": role, "organisation": organisation, "role_from": role_from,
             "role_until": role_until, "country": country, "biography": _read_text(bio),
             "address_form": address_form, "pronunciation": pronunciation}
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if also_written:
        changes["also_written"] = list(also_written)
    if photo and no_photo:
        raise click.UsageError("give --photo or --no-photo, not both")
    if photo or no_photo:
        changes["portrait"] = _portrait(photo)
    if not changes:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    change = update_person(app.store, person_id, changes, correct_role=correct_role)
    if as_json:
        emit_json(person_json(get_person(app.store, change.id)))
    else:
        click.echo(f"Person {person_id} changed: {', '.join(sorted(changes))}")


@person_group.command("show")
@click.argument("person")
@click.option("--json", "as_json", is_flag=True, help="Print every field as JSON.")
@pass_app
def person_show(app: AppContext, person: str, as_json: bool) -> None:
    """Show a person: titles over time, spellings, biography, visits and documents spoken in."""
    p = get_person(app.store, find_person(app.store, person))
    if as_json:
        emit_json(person_json(p))
        return
    click.echo(click.style(dense_text(p["name"]), bold=True))
    for label, key in (("Role", "role"), ("Org.", "organisation"), ("Country", "country"),
                       ("Address", "address_form"), ("Say", "pronunciation")):
        if p.get(key):
            click.echo(f"{label + ':':<9}{dense_text(p[key])}")
    if p["variants"]:
        click.echo(f"{'Spelt:':<9}{'; '.join(dense_text(v) for v in p['variants'])}")
    for r in p["roles"]:
        span = role_span(r)
        click.echo(f"{'Title:':<9}{dense_text(r['role'])}" + (f" ({span})" if span else ""))
    if p["portrait"]:
        click.echo(f"{'Portrait:':<9}{p['portrait']['width']}×{p['portrait']['height']} JPEG")
    if p["biography"]:
        click.echo("\n" + printable(p["biography"]).strip())
    for e in p["events"]:
        click.echo(f"  visit {e['id']}: {e['start_date'] or '?'}  {dense_text(e['title'])}")
    for d in p["documents"]:
        click.echo(f"  spoke in #{d['id']}: {d['date'] or '?'}  {dense_text(d['title'])}")


@person_group.command("delete")
@click.argument("person")
@click.option("--force", is_flag=True, help="Delete even when a book prints the person (its block shows them no more).")
@click.option("--json", "as_json", is_flag=True, help="Print the deleted person as JSON.")
@pass_app
def person_delete(app: AppContext, person: str, force: bool, as_json: bool) -> None:
    """Delete a person; refused while a book prints them (saying where), unless --force."""
    from briefing.book.people_in_books import where_printed
    from briefing.library.person_edits import PersonInUse, delete_person

    person_id = find_person(app.store, person)
    try:
        change = delete_person(app.store, person_id, refuse_if=None if force else where_printed)
    except PersonInUse as exc:
        raise click.ClickException(f"{exc}; give --force to delete anyway") from None
    before = change.before or {}
    if as_json:
        emit_json({"deleted": person_id, "name": before.get("name")})
    else:
        click.echo(f"Deleted person {person_id}: {dense_text(before.get('name'))}")


@person_group.command("merge")
@click.argument("keep", metavar="KEEP")
@click.argument("other", metavar="OTHER")
@click.option("--json", "as_json", is_flag=True, help="Print the person kept as JSON.")
@pass_app
def person_merge(app: AppContext, keep: str, other: str, as_json: bool) -> None:
    """Make OTHER one with KEEP: its name and spellings, titles, visits and speeches join KEEP's and
    books that named OTHER name KEEP. OTHER may also be a speaker's name in imported documents
    that is no one's record yet."""
    from briefing.book.people_in_books import merge_people_in_books
    from briefing.errors import NotFound
    from briefing.library.people_merge import merge_speaker, speaker_names

    store = app.store
    keep_id = find_person(store, keep)
    speakers = speaker_names(store, other)
    try:
        other_id: int | None = find_person(store, other)
    except NotFound:
        if not speakers:
            raise
        other_id = None
    if other_id is None or (other_id == keep_id and speakers):
        merge_speaker(store, keep_id, other)
        message = f"Speakers called {dense_text(other)!r} are now person {keep_id}"
    else:
        merged = merge_people_in_books(store, keep_id, other_id)
        message = f"Person {other_id} merged into person {keep_id}" + (
            f"; {len(merged.items)} block(s) in books now name {keep_id}" if merged.items else "")
    if as_json:
        emit_json(person_json(get_person(store, keep_id)))
    else:
        click.echo(message)
