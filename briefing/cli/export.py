"""``briefing export``: a book to a PDF briefing pack."""

from __future__ import annotations

import click

from briefing.book.books import find_book
from briefing.book.packs import pack_content
from briefing.cli.base import AppContext, ProgressBar, cli, emit_json, pass_app
from briefing.cli.practice import report_check
from briefing.pdf import export_pdf


@cli.command("export")
@click.argument("book")
@click.option("-o", "--output", "output", required=True, metavar="FILE.pdf", help="The PDF file to write.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), help="Paper size (default: the book's).")
@click.option("--watermark", metavar="TEXT", help="Print TEXT (e.g. DRAFT) diagonally on every page.")
@click.option("--profile", metavar="NAME", help="Export profile: full, working or press (default: the book's).")
@click.option("--addendum", is_flag=True, help="Only what was added or changed since the last edition.")
@click.option("--force", is_flag=True, help="Export even when the pre-flight check finds an error.")
@click.option("--json", "as_json", is_flag=True, help="Print the file and its page count as JSON.")
@pass_app
def export_command(app: AppContext, book: str, output: str, paper, watermark, profile, addendum: bool, force: bool,
                   as_json: bool) -> None:
    """Export BOOK (its id or exact title) as a PDF briefing pack.

    The file is replaced only when the new one is complete. The pre-flight
    check runs first and an error stops the export unless --force.
    """
    book_id = find_book(app.store, book)
    content, problems = pack_content(app.store, book_id, profile=profile, watermark=watermark, addendum=addendum,
                                     force=force)
    if paper:
        content.paper = paper.lower()
    bar = ProgressBar("Exporting", min_total=1)
    try:
        result = export_pdf(content, output, progress=bar)
    finally:
        bar.close()
    if as_json:
        emit_json({"file": str(result.path), "pages": result.pages, "book": book_id})
    else:
        click.echo(f"Wrote {result.path} ({result.pages} pages)")
    report_check(book_id, problems)
