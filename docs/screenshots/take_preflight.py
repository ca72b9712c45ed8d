"""Take only the screenshot of the pre-flight panel (and those it needs) from the running app under Xvfb.

    .venv/bin/python docs/screenshots/take_preflight.py

The same as ``take.py preflight``: a fresh library seeded with the sample on
the app's first start, the sample book opened, the library beside it put away
and the conflicting-figure problem opened from the panel, as a double-click
does. See take.py for what it needs and how it captures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from take import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["preflight"]))
