#!/usr/bin/env python3
"""Fuzz the importers and the bundle reader for longer than CI does, with fresh randomness each run.

    .venv/bin/python tools/fuzz.py [--examples 500] [--only markdown,html,bundle]

Runs the hypothesis properties of tests/importing/test_fuzz_import.py (and, for
``bundle``, tests/safekeeping/test_fuzz_bundle.py: raw bytes, damaged copies and sealed
hostile payloads) with ``--examples`` inputs per format and prints the inputs tried, their outcomes, the commonest
rejection reasons and the slowest file. Exits 1 on the first failing input,
which hypothesis prints shrunk to its simplest form.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bundle_properties(bundles):
    """The bundle reader's three properties as one entry; its inputs count with the importers'."""

    def run() -> None:
        for prop in (bundles.test_raw_bytes, bundles.test_damaged_copy, bundles.test_sealed_payload_with_hostile_values):
            before = bundles.STATS["inputs"]
            try:
                prop()
            finally:
                import test_fuzz_import as fuzz

                fuzz.STATS["inputs"] += bundles.STATS["inputs"] - before

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="inputs per format")
    parser.add_argument("--only", default="", help="comma-separated: text,raw,markdown,html,docx,pdf,bundle")
    args = parser.parse_args()
    os.environ["BRIEFING_FUZZ_EXAMPLES"] = str(args.examples)  # read when the module loads
    for folder in ("tests", "tests/importing", "tests/safekeeping"):
        sys.path.insert(0, str(ROOT / folder))
    import test_fuzz_bundle as bundles
    import test_fuzz_import as fuzz

    properties = {
        "text": fuzz.test_text,
        "raw": fuzz.test_raw_bytes_under_any_name,
        "markdown": fuzz.test_markdown,
        "html": fuzz.test_html,
        "docx": fuzz.test_docx,
        "pdf": fuzz.test_pdf,
        "bundle": _bundle_properties(bundles),
    }
    chosen = [p for p in args.only.split(",") if p] or list(properties)
    started = time.monotonic()
    failed = False
    for name in chosen:
        before = fuzz.STATS["inputs"]
        t0 = time.monotonic()
        try:
            properties[name]()
        except Exception:  # hypothesis re-raises the shrunk failing example
            traceback.print_exc()
            failed = True
        print(f"{name:<9}{fuzz.STATS['inputs'] - before:>7} inputs  {time.monotonic() - t0:6.1f} s", flush=True)
        if failed:
            break
    print(f"inputs fuzzed: {fuzz.STATS['inputs']} in {time.monotonic() - started:.0f} s")
    for key, n in sorted(fuzz.STATS.items()):
        if key != "inputs":
            print(f"  {key:<24}{n:>7}")
    if bundles.STATS["inputs"]:
        print(f"bundles fuzzed: {bundles.STATS['inputs']} ({bundles.STATS['imported']} imported, "
              f"{bundles.STATS['refused']} refused)")
        fuzz.REASONS.update({f"bundle: {reason}": n for reason, n in bundles.REASONS.items()})
    print("commonest rejection reasons:")
    for reason, n in fuzz.REASONS.most_common(12):
        print(f"  {n:>6}  {reason}")
    took, slowest = fuzz.SLOWEST[0]
    print(f"slowest file: {slowest} ({took:.2f} s)")
    print("FAILED" if failed else "every input ended as a clean import or a clean rejection")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
