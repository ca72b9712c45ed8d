"""The ``briefing`` command: a stable contract that scripts and tests rely on.

One module per group of commands, each registering on ``base.cli``.

May import: every layer of the core. ``ui.app`` only to start the desktop app,
inside the function that does so, so that no command loads Qt.
"""

from briefing.cli import (  # noqa: F401  (register their commands)
    annotations,
    books,
    bundle,
    export,
    figures,
    importing,
    library,
    maintenance,
    practice,
)
from briefing.cli.base import cli, main

__all__ = ["cli", "main"]
