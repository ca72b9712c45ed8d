"""Where the application's data files live, in a checkout, an installed package and a packaged build.

``resources/`` holds fonts, icons, templates, export profiles, the marking
scale and the user's guide; every layer reads it through ``resources_dir``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from briefing.errors import BriefingError


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout, inside it when installed, or in a PyInstaller bundle."""
    here = Path(__file__).resolve().parent
    candidates = [here.parent / "resources", here / "resources"]
    bundled = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle unpacks resources/ beside the code
    if bundled:
        candidates.insert(0, Path(bundled) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise BriefingError(f"the resources folder is missing (looked beside {here})")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def load_json(path: Path) -> dict:
    """A JSON resource, or a BriefingError naming the file and what is wrong with it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise BriefingError(f"{path}: not valid JSON ({exc})") from exc
