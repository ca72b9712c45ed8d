"""The command group, shared options and the error contract.

Errors the user can act on print one line on stderr and exit 1; usage errors
exit 2 (click's own convention); nothing ever prints a traceback.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import click

from .. import __version__
from ..errors import BriefingError
from ..store import Store, open_store, resolve_store_path


class AppContext:
    def __init__(self, store_path: str | None):
        self.store_path = store_path
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.store_path)
            _daily_backup(self._store)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _daily_backup(store: Store) -> None:
    """The first open of the day copies the library aside; a failed copy warns, never blocks the command."""
    from ..backup import ensure_daily_backup

    try:
        ensure_daily_backup(store)
    except (BriefingError, OSError, sqlite3.Error) as exc:
        click.echo(f"Warning: the daily backup was not made: {exc}", err=True)


pass_app = click.make_pass_decorator(AppContext)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def fail(message: str) -> None:
    raise click.ClickException(message)


class BriefingGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=BriefingGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_path",
    metavar="PATH",
    envvar="BRIEFING_STORE",
    help="The library file to use (default: in your data folder; or set BRIEFING_STORE).",
)
@click.version_option(__version__, prog_name="briefing")
@click.pass_context
def cli(ctx: click.Context, store_path: str | None) -> None:
    """Briefing Book: prepare briefing books for visits from a local library.

    With no command, opens the desktop app.
    """
    app = AppContext(store_path)
    ctx.obj = app
    ctx.call_on_close(app.close)
    if ctx.invoked_subcommand is None:
        start_app(str(resolve_store_path(store_path)))


def start_app(store_path: str) -> None:
    try:
        from ui.app import run  # the desktop layer is optional for the core
    except ImportError as exc:
        raise click.ClickException(f"the desktop app is not available ({exc})") from exc
    sys.exit(run(store_path))


def main() -> None:
    try:
        cli.main(prog_name="briefing")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the promise: one clear line, never a traceback
        click.echo(f"Error: {exc.__class__.__name__}: {exc}", err=True)
        sys.exit(1)
