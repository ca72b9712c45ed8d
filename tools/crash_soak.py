#!/usr/bin/env python3
"""Crash soak: kill writers with SIGKILL at random moments, many times, and check nothing is lost.

    .venv/bin/python tools/crash_soak.py [--rounds 300] [--seed 1] [--store FILE]

Each round starts a writer on one store (the write and book-edit workload from
tests/workload.py, a sample load, a folder import, a PDF export, the desktop app
offscreen, `briefing check` or `briefing backup`),
kills it, opens the store, and checks integrity, the FTS index, the backups and
that every write the writer reported committed is there. Prints progress and
the kills survived; exits 1 on the first problem, naming it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from workload import CrashRun, crash_rounds  # noqa: E402  (lives beside the tests that share it)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=1.0, help="latest kill, in seconds after the start")
    parser.add_argument("--store", type=Path, help="store file to use (default: a new one in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "soak.sqlite"
        started = time.monotonic()

        def log(done: int, run: CrashRun) -> None:
            if done % 25 == 0 or done == args.rounds:
                print(f"{done:>5} rounds  {run.kills:>5} kills  {run.commits_seen:>7} commits checked", flush=True)

        run = crash_rounds(store, args.rounds, seed=args.seed, max_delay=args.max_delay, log=log)
        took = time.monotonic() - started
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(run.by_kind.items()))
    print(f"kills survived: {run.kills} of {args.rounds} rounds ({kinds}) in {took:.0f} s")
    print(f"commits reported and found after the kills: {run.commits_seen}")
    if run.problems:
        print("LOST OR DAMAGED:", *run.problems, sep="\n  ")
        return 1
    print("lost: nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
