"""``briefing bundle``: share a book with an offline machine as one file, and merge one in."""

from __future__ import annotations

from pathlib import Path

import click

from briefing.book.books import find_book
from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.safekeeping.bundle import export_bundle, import_bundle, read_bundle


@cli.group("bundle")
def bundle_group() -> None:
    """Share a book between machines without a network, as one .briefing file."""


@bundle_group.command("export")
@click.argument("book")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.briefing", help="The bundle file to write (replaced only when complete).")
@click.option("--include-private", is_flag=True,
              help="Also carry the private annotations (left out by default).")
@click.option("--json", "as_json", is_flag=True, help="Print the bundle's manifest as JSON.")
@pass_app
def export_command(app: AppContext, book: str, output: Path, include_private: bool, as_json: bool) -> None:
    """Write BOOK (its id or exact title) to one bundle file.

    The bundle holds the book (its sections, items and settings), the
    documents it uses with their parties, speakers and tags, their
    annotations, the people, events and figures its generated blocks read,
    and a SHA-256 checksum. Private annotations are left out unless
    --include-private. Editions and distribution records do not travel.
    """
    book_id = find_book(app.store, book)
    manifest = export_bundle(app.store, book_id, output, include_private=include_private)
    if as_json:
        emit_json({"file": str(output), **manifest})
        return
    counts = manifest["counts"]
    click.echo(f"Wrote {output}: {manifest['book']!r} with {counts['documents']} documents and "
               f"{counts['annotations']} annotations" + (" (private ones included)" if include_private else ""))


@bundle_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Only check the file and show what it holds; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def import_command(app: AppContext, file: Path, check_only: bool, as_json: bool) -> None:
    """Merge the book of a bundle FILE into the library, in one step.

    The import adds the book and its own records and changes none the library
    has: a document with the same content, and a person, visit or figure with
    the same slug and the same details, is used as it is; one whose slug the
    library's own different record holds is added beside it (slug "-2") and
    listed; highlights on documents the library already had are left out.
    Documents the bundle links as translations of each other are linked
    here too; a link the library cannot take is left out and said.
    When a book with the same title exists, the imported one is titled "TITLE
    (imported)" (then "(imported 2)", ...). A damaged, changed, foreign or
    oversized file, or one that is not a regular file, is refused and nothing
    is written. --check describes what the verified file holds.
    """
    if check_only:
        manifest, _payload = read_bundle(file)  # the book and counts are the verified payload's
        if as_json:
            emit_json({"file": str(file), **manifest})
        else:
            counts = manifest["counts"]
            click.echo(f"{file}: a valid bundle of {manifest['book']!r} ({counts['documents']} documents, "
                       f"{counts['annotations']} annotations)"
                       + (f", written {manifest['created']}" if isinstance(manifest.get("created"), str) else "")
                       + ("" if manifest["manifest_matches"] else "; its manifest announced something else, ignored"))
        return
    report = import_bundle(app.store, file)
    if as_json:
        emit_json({"file": str(file), **report.as_dict()})
        return
    if report.already_imported:
        click.echo(f"{file}: already imported as book {report.book_id} ({report.title!r}); nothing changed")
        return
    click.echo(f"Imported {report.title!r} as book {report.book_id}: {report.documents_added} documents added, "
               f"{report.documents_reused} already in the library, {report.annotations_added} annotations added")
    if report.kept_apart:
        click.echo(f"Added beside your own records of the same name: {'; '.join(report.kept_apart)}")
    if report.annotations_left_out:
        click.echo(f"Left out {report.annotations_left_out} highlight(s) on documents you already had "
                   "(they would have shown in your other books)")
    if report.translations_linked:
        click.echo(f"Linked {report.translations_linked} pair(s) of documents as translations of each other")
    for note in report.notes:
        click.echo(note)
