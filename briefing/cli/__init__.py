"""The ``briefing`` command: a stable contract that scripts and tests rely on."""

from . import figures, library  # noqa: F401  (register their commands)
from .base import cli, main

__all__ = ["cli", "main"]
