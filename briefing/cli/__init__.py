"""The ``briefing`` command: a stable contract that scripts and tests rely on.

One module per group of commands (``MODULES``), each registering on ``base.cli``.
A command loads only its own module (``COMMANDS``), so that ``briefing search``
or ``show`` starts without ReportLab, the importers or the annotation matcher;
a name not in ``COMMANDS`` (a group whose commands several modules add, a
misspelling) and the list of commands in ``--help`` load every module.
``from briefing.cli import cli`` gives the group with every command loaded.

May import: every layer of the core. ``ui.app`` only to start the desktop app,
inside the function that does so, so that no command loads Qt.
"""

from __future__ import annotations

import importlib

import click

from briefing.cli import base
from briefing.cli.base import BriefingGroup, main

# every module of commands, each registering its commands on ``base.cli`` when imported
MODULES = (
    "annotations",
    "books",
    "bundle",
    "documents",
    "export",
    "figures",
    "importing",
    "library",
    "maintenance",
    "people",
    "practice",
    "visits",
)
# the module that holds each top-level command and all of its subcommands (tests/cli/test_start.py checks it)
COMMANDS = {
    "annotate": "annotations",
    "annotations": "annotations",
    "books": "books",
    "bundle": "bundle",
    "edit": "documents",
    "delete": "documents",
    "merge": "documents",
    "reanalyse": "documents",
    "export": "export",
    "export-bilingual": "export",
    "link-translation": "export",
    "figures": "figures",
    "figure": "figures",
    "import": "importing",
    "init": "library",
    "search": "library",
    "show": "library",
    "stats": "library",
    "backup": "maintenance",
    "restore": "maintenance",
    "check": "maintenance",
    "encrypt": "maintenance",
    "decrypt": "maintenance",
    "preflight": "practice",
    "distribute": "practice",
    "card": "practice",
    "people": "people",
    "person": "people",
    "visits": "visits",
    "visit": "visits",
}


def load_commands(modules: tuple[str, ...] = MODULES) -> None:
    """Import these modules of commands (by default all), registering their commands."""
    for name in modules:
        importlib.import_module(f"{__name__}.{name}")


class LazyGroup(BriefingGroup):
    """The command group, importing a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            load_commands((COMMANDS[cmd_name],) if cmd_name in COMMANDS else MODULES)
        return super().get_command(ctx, cmd_name)


# base.cli is made by click's decorator as a BriefingGroup; it turns lazy here, where its modules are known
base.cli.__class__ = LazyGroup


def __getattr__(name: str):
    # ``from briefing.cli import cli``: the group with every command registered (tests list them)
    if name == "cli":
        load_commands()
        return base.cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["cli", "main"]
