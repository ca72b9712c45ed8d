#!/usr/bin/env python3
"""Set-up commands that work on a fresh machine with only Python 3.11+.

    python3 dev.py run    # start the app on the sample library
    python3 dev.py test   # run the whole test suite

Each creates .venv and installs the project into it when that is missing or
when pyproject.toml changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def ensure_env() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Briefing Book and its test tools …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "help"
    if command not in ("run", "test"):
        print(__doc__)
        return 2
    ensure_env()
    if command == "run":
        return subprocess.call([str(BIN / "briefing"), *argv[2:]])
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    return subprocess.call([str(PYTHON), "-m", "pytest", *argv[2:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
