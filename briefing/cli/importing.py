"""briefing import: files and folders into the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefing.cli.base import AppContext, ProgressBar, cli, emit_json, pass_app
from briefing.importing import import_paths
from briefing.importing.available import unavailable
from briefing.importing.importer import DISK_FULL
from briefing.library.schema import DOCUMENT_KINDS


def _pages_read(path: Path, page: int, pages: int) -> None:
    """OCR's progress through a scan: a counter at a terminal, one line otherwise."""
    if sys.stderr.isatty():
        end = "\n" if page == pages else ""
        click.echo(f"\rReading the scanned pages of {path.name} with OCR: {page}/{pages}", err=True, nl=False)
        click.echo(end, err=True, nl=False)
    elif page == 0:
        click.echo(f"Reading {pages} scanned page{'s' if pages != 1 else ''} of {path.name} with OCR", err=True)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="Store every file as this kind instead of guessing.")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Tag every imported document (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print what became of each file as JSON.")
@pass_app
def import_command(app: AppContext, paths: tuple[Path, ...], kind: str | None, tags: tuple[str, ...], as_json: bool) -> None:
    """Import text, Markdown, HTML, PDF and Word (.docx) files, and folders of them.

    Each file is stored whole or not at all; a file that cannot be imported is
    named with the reason and the others go on. Exits 1 when any file was rejected.
    """
    for problem in unavailable().values():  # once, before any file, rather than once per file
        click.echo(problem, err=True)
    bar = ProgressBar("Importing", min_total=2)
    try:
        report = import_paths(app.store, list(paths), kind=kind, tags=tags, progress=bar, page_progress=_pages_read)
    finally:
        bar.close()
    if as_json:
        emit_json(report.as_dict())
    else:
        for item in report.imported:
            click.echo(f"{item['id']:>6}  {item['date'] or '':<10}  {item['kind']:<15}  {item['title']}")
            for warning in item.get("warnings", []):
                click.echo(f"        note: {warning}")
        for item in report.duplicates:
            click.echo(f"{item['path']}: already in the library as document {item['id']}; not stored again")
        click.echo(report.summary())
    for problem in report.problems:
        names = [Path(r["path"]).name for r in report.rejected if r.get("problem") == problem]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        click.echo(f"Not imported ({len(names)}): {shown}: {problem}", err=True)
    full = [item for item in report.rejected if item["reason"] == DISK_FULL]
    for item in report.rejected:
        if not item.get("problem") and item["reason"] != DISK_FULL:
            click.echo(f"Rejected: {item['path']}: {item['reason']}", err=True)
    if full:
        names = [Path(item["path"]).name for item in full]
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        click.echo(f"Not imported ({len(names)}): {shown}", err=True)
    if report.stopped:
        click.echo(report.stopped, err=True)
    if report.rejected or report.stopped:
        sys.exit(1)
