#!/usr/bin/env bash
# Smoke test of the built one-folder app: start it headless on a fresh store,
# let it seed the sample library, then export the sample book with the same binary.
set -euo pipefail
cd "$(dirname "$0")/.."
app=dist/briefing-book/briefing
[ -x "$app" ] || { echo "no built app at $app; run packaging/build.sh first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store="$work/library.sqlite"

"$app" --version

# The window opens offscreen and loads the sample library on first start; it
# runs until the timeout ends it (exit 124 means it was still running).
set +e
HOME="$work" XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen timeout 25 "$app" --store "$store"
status=$?
set -e
if [ "$status" -ne 124 ]; then echo "the app exited early with status $status" >&2; exit 1; fi

documents=$("$app" --store "$store" stats --json | python3 -c 'import json,sys; print(sum(json.load(sys.stdin)["documents"].values()))')
[ "$documents" -gt 20 ] || { echo "the app did not seed the sample library ($documents documents)" >&2; exit 1; }

"$app" --store "$store" export 1 -o "$work/sample-book.pdf"
pages=$(python3 - "$work/sample-book.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/Type\s*/Page[^s]", data)))
PY
)
[ "$pages" -gt 10 ] || { echo "the exported book has only $pages pages" >&2; exit 1; }
echo "smoke test passed: $documents documents seeded by the app, sample book exported ($pages pages)"
