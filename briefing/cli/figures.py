"""Key figures: list them, add one with its source and status, change or delete one."""

from __future__ import annotations

import click

from briefing.cli.base import AppContext, cli, emit_json, pass_app
from briefing.errors import BriefingError
from briefing.library.figures import (
    FIGURE_STATUSES,
    STATUS_WORDS,
    add_figure,
    check_as_of,
    delete_figure,
    get_figure,
    list_figures,
    update_figure,
)


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
        "status": f["status"],
        "derived_from": f["derived_from"],
        "rule": f["rule"],
        "reason": f["reason"],
    }


def _status_text(f: dict) -> str:
    if not f["status"]:
        return "no status"
    text = STATUS_WORDS[f["status"]]
    if f["derived_from"]:
        text += " from #" + ", #".join(str(i) for i in f["derived_from"])
    return text


def _refs(values: tuple[str, ...]) -> list[str]:
    """--derived-from 3 --derived-from 4, or --derived-from 3,4: figure ids or slugs."""
    return [v for value in values for v in value.replace(",", " ").split()]


_STATUS = click.Choice([*FIGURE_STATUSES, ""], case_sensitive=False)
_STATUS_HELP = ("How far the figure may be trusted and quoted: reported (a source states it), derived (give "
                "--derived-from and --rule), approximate, or do-not-quote (give --reason).")


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
        click.echo(f"{f['id']:>4}  {f['label']}: {value}  (as of {f['as_of'] or '?'}; source #{f['source']}; "
                   f"{_status_text(f)})")


@cli.group("figure")
def figure_group() -> None:
    """Add, change and delete key figures."""


@figure_group.command("add")
@click.argument("label")
@click.argument("value", type=float)
@click.option("--unit", metavar="U", help="The unit, e.g. 'USD million' or 'documents'.")
@click.option("--as-of", "as_of", required=True, metavar="YYYY[-MM[-DD]]", help="The date the figure describes.")
@click.option("--source", "source", required=True, type=int, metavar="DOC_ID", help="The document the figure comes from.")
@click.option("--series", metavar="KEY", help="A series the figure belongs to (e.g. trade-turnover), drawn as a chart.")
@click.option("--status", type=_STATUS, help=_STATUS_HELP)
@click.option("--derived-from", "derived_from", multiple=True, metavar="ID",
              help="A figure a derived one comes from (id or slug); repeat, or separate with commas.")
@click.option("--rule", metavar="TEXT", help="How a derived figure was obtained, e.g. '500 / 1.4'.")
@click.option("--reason", metavar="TEXT", help="Why the figure has its status (required for do-not-quote).")
@click.option("--json", "as_json", is_flag=True, help="Print the new figure's id as JSON.")
@pass_app
def figure_add(app: AppContext, label: str, value: float, unit, as_of: str, source: int, series, status, derived_from,
               rule, reason, as_json: bool) -> None:
    """Add a figure; every figure needs a source document and a date, and should say its status."""
    try:
        check_as_of(as_of, label)
    except BriefingError:
        raise click.BadParameter(f"{as_of!r} is not a date like 2022, 2022-08 or 2022-08-20", param_hint="--as-of") from None
    figure_id = add_figure(
        app.store,
        {"label": label, "value": value, "unit": unit, "as_of": as_of, "source_document_id": source, "series": series,
         "status": status.lower() if status else None, "derived_from": _refs(derived_from), "rule": rule or None,
         "reason": reason or None},
    )
    if as_json:
        emit_json({"id": figure_id})
    else:
        click.echo(figure_id)


def _as_of(value: str | None, label: str | None = None) -> str | None:
    if value is None:
        return None
    try:
        return check_as_of(value, label)
    except BriefingError:
        raise click.BadParameter(f"{value!r} is not a date like 2022, 2022-08 or 2022-08-20", param_hint="--as-of") from None


@figure_group.command("edit")
@click.argument("figure_id", type=int, metavar="ID")
@click.option("--label", metavar="LABEL", help="What the figure measures, e.g. 'Bilateral trade turnover'.")
@click.option("--value", type=float, metavar="NUMBER", help="The value.")
@click.option("--text", "value_text", metavar="TEXT", help="The value as words, when it is not a number ('' clears it).")
@click.option("--unit", metavar="U", help="The unit, e.g. 'USD million' ('' clears it).")
@click.option("--as-of", "as_of", metavar="YYYY[-MM[-DD]]", help="The date the figure describes.")
@click.option("--source", "source_document_id", type=int, metavar="DOC_ID", help="The document it comes from.")
@click.option("--series", metavar="KEY", help="The series it belongs to, drawn as a chart ('' clears it).")
@click.option("--said-by", "said_by", metavar="NAME", help="Who gave the figure ('' clears it).")
@click.option("--note", metavar="TEXT", help="The desk's note on the figure ('' clears it).")
@click.option("--status", type=_STATUS, help=_STATUS_HELP + " '' clears it.")
@click.option("--derived-from", "derived_from", multiple=True, metavar="ID",
              help="A figure a derived one comes from (id or slug); repeat, or separate with commas ('' clears them).")
@click.option("--rule", metavar="TEXT", help="How a derived figure was obtained ('' clears it).")
@click.option("--reason", metavar="TEXT", help="Why the figure has its status ('' clears it).")
@click.option("--json", "as_json", is_flag=True, help="Print the figure as JSON.")
@pass_app
def figure_edit(app: AppContext, figure_id: int, as_of, derived_from, as_json: bool, **fields) -> None:
    """Change a figure (a stale value, a wrong date or source, its status); only the options given change."""
    changes = {k: (v if v != "" else None) for k, v in fields.items() if v is not None}
    if changes.get("status"):
        changes["status"] = changes["status"].lower()
    if derived_from:
        changes["derived_from"] = _refs(derived_from) or None
    if as_of is not None:
        changes["as_of"] = _as_of(as_of, fields.get("label"))
    if not changes:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    update_figure(app.store, figure_id, changes)
    if as_json:
        emit_json(_figure_row(get_figure(app.store, figure_id)))
    else:
        click.echo(f"Figure {figure_id} changed: {', '.join(sorted(changes))}")


@figure_group.command("delete")
@click.argument("figure_id", type=int, metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the deleted figure as JSON.")
@pass_app
def figure_delete(app: AppContext, figure_id: int, as_json: bool) -> None:
    """Delete a figure; a figures block that listed it shows the others."""
    change = delete_figure(app.store, figure_id)
    before = change.before or {}
    if as_json:
        emit_json({"deleted": figure_id, "label": before.get("label")})
    else:
        click.echo(f"Deleted figure {figure_id}: {before.get('label')}")
