#!/usr/bin/env bash
# Build the one-folder app into dist/briefing-book with PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' 'pyinstaller>=6.6'
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/briefing.spec
echo "Built: dist/briefing-book/briefing"
