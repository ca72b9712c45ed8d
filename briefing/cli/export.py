"""``briefing export``: a book to a PDF briefing pack; an agreement beside its translation.

``export-bilingual A B`` prints two documents linked as translations of each
other (``link-translation A B``) side by side, articles aligned; ``book
side-by-side BOOK ITEM`` prints a book's document that way inside the pack.
"""

from __future__ import annotations

import click

from briefing.book.books import find_book
from briefing.book.editions import record_page_map
from briefing.book.parallel import parallel_content, set_side_by_side
from briefing.cli.base import AppContext, ProgressBar, cli, emit_json, pass_app
from briefing.cli.books import book_group
from briefing.cli.practice import report_check
from briefing.library import translations
from briefing.pdf import export_pdf
from briefing.pdf.pack_export import export_pack


@cli.command("export")
@click.argument("book")
@click.option("-o", "--output", "output", required=True, metavar="FILE.pdf", help="The PDF file to write.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), help="Paper size (default: the book's).")
@click.option("--watermark", metavar="TEXT", help="Print TEXT (e.g. DRAFT) diagonally on every page.")
@click.option("--profile", metavar="NAME", help="Export profile: full, working or press (default: the book's).")
@click.option("--addendum", is_flag=True, help="Only what was added, changed or withdrawn since the last edition.")
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
    bar = ProgressBar("Exporting", min_total=1)
    try:
        done = export_pack(app.store, book_id, output, profile=profile, paper=paper, watermark=watermark,
                           addendum=addendum, force=force, progress=bar)
    finally:
        bar.close()
    if done.page_map is not None:  # where each item went: what an addendum to this state says it replaces
        record_page_map(app.store, done.page_map)
    result, problems = done.result, done.problems
    if as_json:
        emit_json({"file": str(result.path), "pages": result.pages, "book": book_id})
    else:
        click.echo(f"Wrote {result.path} ({result.pages} pages)")
    report_check(book_id, problems)


@cli.command("export-bilingual")
@click.argument("first", type=int)
@click.argument("second", type=int)
@click.option("-o", "--output", "output", required=True, metavar="FILE.pdf", help="The PDF file to write.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="Paper size.")
@click.option("--json", "as_json", is_flag=True, help="Print the file and its page count as JSON.")
@pass_app
def export_bilingual_command(app: AppContext, first: int, second: int, output: str, paper: str, as_json: bool) -> None:
    """Print documents FIRST and SECOND, linked as translations of each other, side by side.

    FIRST is the left column, SECOND the right; their articles (or numbered points)
    are aligned by number. The pages carry the higher of the two documents' markings.
    """
    content = parallel_content(app.store, first, second)
    content.paper = paper.lower()
    result = export_pdf(content, output, front_matter=False)
    if as_json:
        emit_json({"file": str(result.path), "pages": result.pages, "documents": [first, second]})
    else:
        click.echo(f"Wrote {result.path} ({result.pages} pages)")


@cli.command("link-translation")
@click.argument("first", type=int)
@click.argument("second", type=int)
@click.option("--unlink", is_flag=True, help="Remove the link instead.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@pass_app
def link_translation_command(app: AppContext, first: int, second: int, unlink: bool, as_json: bool) -> None:
    """Link documents FIRST and SECOND as translations of each other (one text, two languages).

    A linked pair prints side by side: 'briefing export-bilingual FIRST SECOND', or in a
    book with 'briefing book side-by-side BOOK ITEM'. The import proposes a link when two
    documents share instrument, parties and date.
    """
    if unlink:
        done = translations.unlink(app.store, first, second)
        outcome = {"documents": [first, second], "unlinked": done}
        message = f"Documents {first} and {second} are no longer linked." if done else \
            f"Documents {first} and {second} were not linked."
    else:
        outcome = translations.link(app.store, first, second)
        message = (f"Documents {first} and {second} are linked as translations of each other."
                   if outcome["linked"] else f"Documents {first} and {second} were linked already.")
    if as_json:
        emit_json(outcome)
    else:
        click.echo(message)


@book_group.command("side-by-side")
@click.argument("book")
@click.argument("item_id", type=int)
@click.option("--with", "translation", type=int, metavar="DOC", help="The translation to print beside it "
              "(default: the document's only one).")
@click.option("--off", is_flag=True, help="Print the document alone again.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@pass_app
def book_side_by_side(app: AppContext, book: str, item_id: int, translation: int | None, off: bool,
                      as_json: bool) -> None:
    """Print item ITEM_ID of BOOK (a document) beside its translation, in two columns."""
    book_id = find_book(app.store, book)
    found = app.store.scalar("SELECT s.book_id FROM book_items i JOIN book_sections s ON s.id = i.section_id "
                             "WHERE i.id = ?", [item_id])
    if found != book_id:
        raise click.ClickException(f"book {book_id} has no item {item_id} ('briefing book show' lists them)")
    outcome = set_side_by_side(app.store, item_id, translation, off=off)
    outcome.pop("changes")
    if as_json:
        emit_json(outcome)
    elif outcome["translation"] is None:
        click.echo(f"Item {item_id} prints its document alone.")
    else:
        click.echo(f"Item {item_id} prints document {outcome['document']} beside document {outcome['translation']}.")
