"""The ``briefing`` command: a stable contract that scripts and tests rely on."""

from . import library  # noqa: F401  (registers its commands)
from .base import cli, main

__all__ = ["cli", "main"]
