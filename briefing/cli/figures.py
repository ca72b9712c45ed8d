"""Key figures: list them, add one with its source."""

from __future__ import annotations

import click

from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.errors import BriefingError
from briefing.library.figures import add_figure, check_as_of, list_figures


def _figure_row(f: dict) -> dict:
    return {
        "id": f["id"],
        "label": f["label"],
        "value": f["value"],
        "value_text": f["value_text"],
        "unit": f["unit"],
        "as_of": f["as_of"],
        "source": f["source_document_id"],
        "source_title": f["source_title"],
        "said_by": f["said_by"],
        "series": f["series"],
    }


@cli.command("figures")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_app
def figures_command(app: AppContext, as_json: bool) -> None:
    """List the key figures with their dates and sources."""
    rows = [_figure_row(f) for f in list_figures(app.store)]
    if as_json:
        emit_json(rows)
        return
    for f in rows:
        value = f["value_text"] or f"{f['value']:g} {f['unit'] or ''}".strip()
        click.echo(f"{f['id']:>4}  {f['label']}: {value}  (as of {f['as_of'] or '?'}; source #{f['source']})")


@cli.group("figure")
def figure_group() -> None:
    """Add key figures."""


@figure_group.command("add")
@click.argument("label")
@click.argument("value", type=float)
@click.option("--unit", metavar="U", help="The unit, e.g. 'USD million' or 'documents'.")
@click.option("--as-of", "as_of", required=True, metavar="YYYY[-MM[-DD]]", help="The date the figure describes.")
@click.option("--source", "source", required=True, type=int, metavar="DOC_ID", help="The document the figure comes from.")
@click.option("--series", metavar="KEY", help="A series the figure belongs to (e.g. trade-turnover), drawn as a chart.")
@click.option("--json", "as_json", is_flag=True, help="Print the new figure's id as JSON.")
@pass_app
def figure_add(app: AppContext, label: str, value: float, unit, as_of: str, source: int, series, as_json: bool) -> None:
    """Add a figure; every figure needs a source document and a date."""
    try:
        check_as_of(as_of, label)
    except BriefingError:
        raise click.BadParameter(f"{as_of!r} is not a date like 2022, 2022-08 or 2022-08-20", param_hint="--as-of") from None
    figure_id = add_figure(
        app.store,
        {"label": label, "value": value, "unit": unit, "as_of": as_of, "source_document_id": source, "series": series},
    )
    if as_json:
        emit_json({"id": figure_id})
    else:
        click.echo(figure_id)
