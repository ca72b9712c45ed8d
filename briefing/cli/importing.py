"""briefing import: files and folders into the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefing.cli.base import AppContext, ProgressBar, cli, emit_json, pass_app
from briefing.importing import import_paths
from briefing.library.schema import DOCUMENT_KINDS


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
    bar = ProgressBar("Importing", min_total=2)
    try:
        report = import_paths(app.store, list(paths), kind=kind, tags=tags, progress=bar)
    finally:
        bar.close()
    if as_json:
        emit_json(report.as_dict())
    else:
        for item in report.imported:
            click.echo(f"{item['id']:>6}  {item['date'] or '':<10}  {item['kind']:<15}  {item['title']}")
        for item in report.duplicates:
            click.echo(f"{item['path']}: already in the library as document {item['id']}; not stored again")
        click.echo(report.summary())
    for item in report.rejected:
        click.echo(f"Rejected: {item['path']}: {item['reason']}", err=True)
    if report.rejected:
        sys.exit(1)
