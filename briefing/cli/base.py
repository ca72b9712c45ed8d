"""The command group, shared options and the error contract.

Errors the user can act on print one line on stderr and exit 1; usage errors
exit 2 (click's own convention); nothing ever prints a traceback. A failure
that reaches a command unnamed (the disk full, a read-only place, a number
past SQLite's integers) is said in plain words (``plain_words``).

What the commands print passes through ``CleanOutput``: a title from an
imported page or a bundle may hold terminal control codes (clear the screen,
move the cursor, rewrite a line, set the window's title), and none of them
reaches the terminal; only the colours the commands themselves use pass.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefing import __version__
from briefing.errors import BriefingError
from briefing.library.encryption import DATABASE_ERRORS, PASSPHRASE_ENV, PassphraseNeeded
from briefing.library.opening import resolve_store_path
from briefing.library.store import Store, plain_error
from briefing.library.values import MAX_ID, printable
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

    if store.read_only:
        return  # nothing can change in it, and nothing can be written beside it
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


# a control character, or an escape sequence (CSI, OSC, or ESC and one character); \t and \n are text
_CONTROL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x20-\x7e])?"
                      r"|\x9b[0-?]*[ -/]*[@-~]?|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9a\x9c-\x9f]")
# the colours and weights click.style sets: the one kind of sequence that passes
_STYLE = re.compile(r"\x1b\[(?:(?:0|1|2|22|39|49|3[0-7]|9[0-7])(?:;(?:0|1|2|22|39|49|3[0-7]|9[0-7]))*)?m")


def clean(text: str, *, keep_cr: bool = False) -> str:
    """``text`` without control characters and escape sequences (colours and weights aside), and
    with a file name's bytes that are not UTF-8 written as \\xNN."""
    if text.isascii() and text.isprintable():
        return text
    text = printable(text)  # a file name that is not UTF-8: its bytes as \xNN

    def drop(m: re.Match[str]) -> str:
        found = m.group()
        return found if _STYLE.fullmatch(found) or (keep_cr and found == "\r") else ""

    return _CONTROL.sub(drop, text)


class CleanOutput:
    """A text stream that writes what it is given through ``clean``. It has no ``buffer``, so
    that nothing (click's own stream choice included) writes around it."""

    def __init__(self, stream: Any, *, keep_cr: bool = False) -> None:
        self._stream, self._keep_cr = stream, keep_cr

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("CleanOutput writes text")
        self._stream.write(clean(text, keep_cr=self._keep_cr))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self._stream, name)


def clean_output() -> None:
    """Route this process's stdout and stderr through ``CleanOutput`` (stderr keeps ``\r`` for progress bars)."""
    for name, keep_cr in (("stdout", False), ("stderr", True)):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, CleanOutput):
            setattr(sys, name, CleanOutput(stream, keep_cr=keep_cr))


def emit_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    if printable(text) != text:  # a file name that is not UTF-8: its safe form, as a JSON string
        text = json.dumps(_printable(value), ensure_ascii=False, indent=2, default=str)
    click.echo(text)


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable(v) for v in value]
    return value


def fail(message: str) -> None:
    raise click.ClickException(message)


def plain_words(exc: BaseException, store_path: Path | None = None) -> str | None:
    """One sentence for a failure the user can act on that reached the command unnamed: the disk full,
    a read-only place, a busy library, a number past SQLite's integers; None for anything else."""
    if isinstance(exc, OverflowError):
        return f"a number given is too large: ids and counts go up to {MAX_ID}"
    if isinstance(exc, DATABASE_ERRORS):
        plain = plain_error(exc, store_path)
        return str(plain) if plain is not None else None
    if isinstance(exc, OSError) and exc.errno in _PLAIN_OS_ERRORS:
        where = exc.filename or store_path or "the file"
        return f"{where}: {_PLAIN_OS_ERRORS[exc.errno]}"
    return None


_PLAIN_OS_ERRORS = {
    getattr(errno, name): words for name, words in (
        ("ENOSPC", "the disk is full; nothing was changed: free some space and try again"),
        ("EDQUOT", "your disk quota is used up; nothing was changed: free some space and try again"),
        ("EROFS", "cannot write there: the disk or folder is read-only"),
        ("EACCES", "cannot write there: permission denied"),
        ("EPERM", "not allowed: permission denied"),
    ) if hasattr(errno, name)
}


def _store_path_of(ctx: click.Context) -> Path | None:
    """The library the command worked on, to name it in a message; None when there is none to name."""
    app = ctx.obj if isinstance(ctx.obj, AppContext) else None
    if app is None:
        return None
    if app._store is not None:
        return app._store.path
    try:
        return resolve_store_path(app.store_path)
    except BriefingError:
        return None


class BriefingGroup(click.Group):
    """The command group: the core's errors as one plain line, and commands registered on demand.

    ``loader`` (set by ``briefing.cli``, which knows the modules of commands) imports the module
    holding a named command, or every module when given None; until it is set, the group holds
    only the commands already registered.
    """

    loader: Callable[[str | None], None] | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        if self.loader is not None:
            self.loader(None)
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and self.loader is not None:
            self.loader(cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            raise click.ClickException(clean(str(exc))) from exc  # shown after the output is restored
        except (OverflowError, OSError, *DATABASE_ERRORS) as exc:
            message = plain_words(exc, _store_path_of(ctx))
            if message is None:
                raise
            raise click.ClickException(clean(message)) from exc


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
    clean_output()
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
        click.echo(clean(f"Error: {exc.__class__.__name__}: {exc}"), err=True)
        sys.exit(1)
