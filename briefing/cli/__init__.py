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

from briefing.cli import base
from briefing.cli.base import main

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


def load_command(name: str | None) -> None:
    """Import the module holding the command ``name``; every module for None or a name not in ``COMMANDS``."""
    load_commands((COMMANDS[name],) if name in COMMANDS else MODULES)


base.cli.loader = load_command


def __getattr__(name: str):
    # ``from briefing.cli import cli``: the group with every command registered (tests list them)
    if name == "cli":
        load_commands()
        return base.cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["cli", "main"]
