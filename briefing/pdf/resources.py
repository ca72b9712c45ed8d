"""Where the application's data files live, in a checkout and in a packaged build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    # A PyInstaller bundle unpacks ``resources/`` beside the code (see packaging/briefing.spec).
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base.joinpath("resources", *parts)
