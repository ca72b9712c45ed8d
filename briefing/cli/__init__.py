"""The ``briefing`` command: a stable contract that scripts and tests rely on."""

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
