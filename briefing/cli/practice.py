"""Briefing practice: the pre-flight check, editions and change logs, numbered copies, the pocket card."""

from __future__ import annotations

import click

from briefing.book.books import find_book
from briefing.book.editions import changes, publish
from briefing.book.preflight import ERROR, Problem, run_preflight, summary
from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.cli.books import book_group
from briefing.pdf.card import SIZES, make_card
from briefing.pdf.distribution import distribute


def report_check(book_id: int, problems: list[Problem]) -> None:
    """One line on stderr after a print run: what the check found, and that errors were overridden."""
    if not problems:
        return
    forced = " (errors overridden with --force)" if any(p.severity == ERROR for p in problems) else ""
    click.echo(f"Pre-flight: {summary(problems)}{forced}; see 'briefing preflight {book_id}'.", err=True)


@cli.command("preflight")
@click.argument("book")
@click.option("--json", "as_json", is_flag=True, help='Print {"book": ID, "problems": [...]} as JSON.')
@pass_app
def preflight_command(app: AppContext, book: str, as_json: bool) -> None:
    """Check BOOK before it goes up: empty sections, stale or conflicting figures,
    figures without a status, markings above the book's or none at all, orphaned
    highlights, missing sources, sources dated after the edition or the visit,
    and text for the principal that the press cut would print.

    Exits 1 when there is an error (a marking problem), 0 with warnings only.
    """
    book_id = find_book(app.store, book)
    problems = run_preflight(app.store, book_id)
    if as_json:
        emit_json({"book": book_id, "problems": [p.as_dict() for p in problems]})
    else:
        for p in problems:
            colour = "red" if p.severity == ERROR else "yellow"
            click.echo(f"{click.style(p.severity, fg=colour)} {p.code}: {p.where}")
            click.echo(f"    {p.message}")
        click.echo(f"Book {book_id}: {summary(problems)}." if problems else f"Book {book_id}: no problems found.")
    if any(p.severity == ERROR for p in problems):
        click.get_current_context().exit(1)


@book_group.command("publish")
@click.argument("book")
@click.option("--json", "as_json", is_flag=True, help='Print {"edition": N, ...} as JSON.')
@pass_app
def book_publish(app: AppContext, book: str, as_json: bool) -> None:
    """Freeze BOOK as its next edition, keeping a hash of what each item holds."""
    book_id = find_book(app.store, book)
    result = publish(app.store, book_id)
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Published edition {result['edition']} of book {book_id} ({result['items']} items).")


@book_group.command("changes")
@click.argument("book")
@click.option("--since", type=int, metavar="N", help="Compare with edition N (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help='Print {"since": N, "added", "removed", "changed"} as JSON.')
@pass_app
def book_changes(app: AppContext, book: str, since: int | None, as_json: bool) -> None:
    """What was added, removed and changed in BOOK since an edition."""
    book_id = find_book(app.store, book)
    report = changes(app.store, book_id, since)
    if as_json:
        emit_json(report)
        return
    click.echo(f"Since edition {report['since']} ({report['published'][:10]}):")
    for key in ("added", "changed", "removed"):
        entries = report[key]
        click.echo(f"{key.capitalize()}: {len(entries) or 'nothing'}")
        for e in entries:
            what = f" ({', '.join(e['what'])})" if key == "changed" else ""
            click.echo(f"  - {e['title']} [{e['section']}]{what}")


@cli.command("distribute")
@click.argument("book")
@click.option("--to", "recipients", multiple=True, required=True, metavar="NAME",
              help="A recipient; repeat for each copy, in the order of the copy numbers.")
@click.option("-o", "--output", "folder", required=True, metavar="DIR", help="The folder for the copies (made if missing).")
@click.option("--profile", metavar="NAME", help="Export profile: full (default), working or press.")
@click.option("--force", is_flag=True, help="Print even when the pre-flight check finds an error.")
@click.option("--json", "as_json", is_flag=True, help='Print {"files": [{"recipient", "copy", "path"}]} as JSON.')
@pass_app
def distribute_command(app: AppContext, book: str, recipients: tuple[str, ...], folder: str, profile, force: bool,
                       as_json: bool) -> None:
    """Write one numbered copy of BOOK per recipient: every page says
    "Copy k of N — Name"; the cover lists the whole distribution."""
    book_id = find_book(app.store, book)
    result = distribute(app.store, book_id, recipients, folder, profile=profile, force=force)
    if as_json:
        emit_json({"files": result["files"], "distribution": result["distribution"]})
    else:
        for f in result["files"]:
            click.echo(f"Copy {f['copy']}: {f['recipient']} -> {f['path']}")
    report_check(book_id, result["problems"])


@cli.command("card")
@click.argument("book")
@click.option("-o", "--output", "output", required=True, metavar="FILE.pdf", help="The PDF file to write.")
@click.option("--size", type=click.Choice(SIZES, case_sensitive=False), default="a6", show_default=True,
              help="Card size.")
@click.option("--force", is_flag=True, help="Print even when the pre-flight check finds an error.")
@click.option("--json", "as_json", is_flag=True, help='Print {"path", "pages", "size", "font_size", "shortened"} as JSON.')
@pass_app
def card_command(app: AppContext, book: str, output: str, size: str, force: bool, as_json: bool) -> None:
    """Print BOOK's pocket card: its talking points, the replies if raised and the
    key figures on at most two pages, in large type, the marking at top and bottom.

    A point prints its own card line ("Card: ..." under it) when it has one; when
    the points do not fit, the others are cut to their lead and their ask, and the
    card names them. Figures not to be quoted stay off it; a stale or disputed one
    carries its caveat."""
    book_id = find_book(app.store, book)
    result = make_card(app.store, book_id, output, size=size, force=force)
    if as_json:
        emit_json(result)
    else:
        cut = result["shortened"]
        click.echo(f"Wrote {result['path']} ({result['pages']} {result['size'].upper()} page(s), "
                   f"{result['font_size']:g} pt" + (f"; cut to their lead and ask to fit: {', '.join(cut)}" if cut else "")
                   + ")")
