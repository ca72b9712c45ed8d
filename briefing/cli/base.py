"""The command group, shared options and the error contract.

Errors the user can act on print one line on stderr and exit 1; usage errors
exit 2 (click's own convention); nothing ever prints a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from briefing import __version__
from briefing.errors import BriefingError
from briefing.library.encryption import PASSPHRASE_ENV, PassphraseNeeded
from briefing.library.opening import resolve_store_path
from briefing.library.store import Store
from briefing.safekeeping.backup import open_library


def ask_passphrase(prompt: str = "Passphrase", *, confirm: bool = False) -> str:
    """Read a passphrase at a hidden prompt; it is kept in memory only."""
    return click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)


class AppContext:
    def __init__(self, store_path: str | None, ask: bool = False):
        self.store_path = store_path
        self.ask = ask
        self._passphrase: str | None = os.environ.get(PASSPHRASE_ENV) or None
        self._store: Store | None = None
        # only `init` makes a new library; `check` opens one whose schema is foreign, to report it
        self.create = False
        self.verify_schema = True

    @property
    def passphrase(self) -> str | None:
        """The library's passphrase, asked for at most once, and only when a command needs it."""
        if self._passphrase is None and self.ask:
            self._passphrase = ask_passphrase()
        return self._passphrase

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = self._open(self.passphrase)
            except PassphraseNeeded:
                if not sys.stdin.isatty():
                    raise
                self._passphrase = ask_passphrase()
                self._store = self._open(self._passphrase)
            _daily_backup(self._store)
        return self._store

    def _open(self, passphrase: str | None) -> Store:
        return open_library(
            self.store_path,
            passphrase=passphrase,
            on_upgrade=self._upgrading,
            create=self.create,
            migrate=self.verify_schema,
            verify_schema=self.verify_schema,
        )

    def _upgrading(self, names: list[str]) -> None:
        # said on stderr, so that --json output stays clean
        click.echo(
            f"{resolve_store_path(self.store_path)}: bringing the library up to date for this version "
            "(once; on a large library this takes a minute or two)…",
            err=True,
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _daily_backup(store: Store) -> None:
    """The first open of the day copies the library aside; a failed copy warns, never blocks the command."""
    from briefing.library.encryption import ERRORS
    from briefing.safekeeping.backup import ensure_daily_backup

    try:
        ensure_daily_backup(store)
    except (BriefingError, OSError, *ERRORS) as exc:
        click.echo(f"Warning: the daily backup was not made: {exc}", err=True)


pass_app = click.make_pass_decorator(AppContext)


class ProgressBar:
    """A ``progress(done, total)`` callback drawing click's bar on stderr, only for a person at a terminal."""

    def __init__(self, label: str, min_total: int = 1) -> None:
        self.label = label
        self.min_total = min_total
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.min_total or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


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
@click.option(
    "--ask-passphrase",
    "ask",
    is_flag=True,
    help="The library is encrypted: ask for its passphrase (or set BRIEFING_PASSPHRASE).",
)
@click.version_option(__version__, prog_name="briefing")
@click.pass_context
def cli(ctx: click.Context, store_path: str | None, ask: bool) -> None:
    """Briefing Book: prepare briefing books for visits from a local library.

    With no command, opens the desktop app.
    """
    app = AppContext(store_path, ask)
    ctx.obj = app
    ctx.call_on_close(app.close)
    if ctx.invoked_subcommand is None:
        start_app(str(resolve_store_path(store_path)), ask=ask)


def start_app(store_path: str, *, ask: bool = False) -> None:
    """Open the desktop app; an encrypted library is unlocked with BRIEFING_PASSPHRASE, else the app asks.

    ``--ask-passphrase`` makes the app ask in its own dialog (a desktop launcher
    has no terminal to prompt at); the passphrase stays in the app's memory.
    """
    try:
        from ui.app import run  # the desktop layer is optional for the core
    except ImportError as exc:
        raise click.ClickException(f"the desktop app is not available ({exc})") from exc
    sys.exit(run(store_path, passphrase=os.environ.get(PASSPHRASE_ENV) or None, ask=ask))


def main() -> None:
    try:
        cli.main(prog_name="briefing")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the promise: one clear line, never a traceback
        click.echo(f"Error: {exc.__class__.__name__}: {exc}", err=True)
        sys.exit(1)
