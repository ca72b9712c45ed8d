"""The ``briefing`` command: a stable contract that scripts and tests rely on."""

from . import (  # noqa: F401  (register their commands)
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
from .base import cli, main

__all__ = ["cli", "main"]
