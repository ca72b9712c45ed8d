"""Annotations: highlight a passage with a note, list them, export them as W3C JSON-LD."""

from __future__ import annotations

import click

from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.library.annotations import COLORS, add_annotation, export_annotations, get_annotation, list_annotations


def _row(a: dict) -> dict:
    return {
        "id": a["id"],
        "document_id": a["document_id"],
        "document_title": a.get("document_title"),
        "exact": a["exact"],
        "prefix": a["prefix"],
        "suffix": a["suffix"],
        "start": a["start"],
        "end": a["end"],
        "note": a["note"],
        "color": a["color"],
        "private": a["private"],
        "created": a["created"],
        "updated": a["updated"],
    }


@cli.command("annotate")
@click.argument("doc_id", type=int, metavar="ID")
@click.option("--quote", required=True, metavar="TEXT", help="The passage to highlight, as it reads in the document.")
@click.option("--note", metavar="MARKDOWN", help="A note on the passage (Markdown).")
@click.option(
    "--color",
    default="yellow",
    show_default=True,
    type=click.Choice(list(COLORS), case_sensitive=False),
    help="The highlight colour.",
)
@click.option("--private", is_flag=True, help="A private note: left out of every export but the working copy.")
@click.option("--occurrence", type=click.IntRange(1), metavar="N", help="Highlight the N-th occurrence of the passage.")
@click.option("--json", "as_json", is_flag=True, help="Print the new annotation as JSON.")
@pass_app
def annotate(app: AppContext, doc_id: int, quote: str, note, color: str, private: bool, occurrence, as_json: bool) -> None:
    """Highlight a passage of document ID, optionally with a note; prints the new id."""
    annotation_id = add_annotation(app.store, doc_id, quote, note, color, private, occurrence=occurrence)
    if as_json:
        emit_json(_row(get_annotation(app.store, annotation_id)))
    else:
        click.echo(annotation_id)


@cli.command("annotations")
@click.argument("doc_id", type=int, metavar="[ID]", required=False)
@click.option("--export", "export_to", metavar="FILE.jsonld", help="Write them as W3C Web Annotation JSON-LD.")
@click.option("--include-private", is_flag=True, help="With --export: include private notes too.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@pass_app
def annotations_command(app: AppContext, doc_id, export_to, include_private: bool, as_json: bool) -> None:
    """List the annotations (of document ID, or all), or export them."""
    if export_to:
        count = export_annotations(app.store, export_to, doc_id, include_private=include_private)
        if as_json:
            emit_json({"file": export_to, "annotations": count})
        else:
            click.echo(f"Wrote {count} annotation(s) to {export_to}")
        return
    rows = [_row(a) for a in list_annotations(app.store, doc_id)]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No annotations.")
        return
    for a in rows:
        flag = " (private)" if a["private"] else ""
        quote = " ".join(a["exact"].split())
        if len(quote) > 70:
            quote = quote[:69] + "…"
        click.echo(f"{a['id']:>5}  doc {a['document_id']:<5} {a['color']:<7} “{quote}”{flag}")
        if a["note"]:
            click.echo(f"       {' '.join(a['note'].split())}")
