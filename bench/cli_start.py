"""Command start-up: the wall time of ``briefing --version``, ``search``, ``show`` and ``stats``, as a shell runs them.

Each command runs in a process of its own, on the sample library, once
unmeasured and then ``--runs`` times; the figure is the median. Commands
alternate from one round to the next, so the machine's drift spreads over all
of them. The start is warm, as an installed app's is: the files are in the
OS cache and the bytecode is compiled once into ``bench/out/pycache`` (also
when PYTHONDONTWRITEBYTECODE is set), so a run measures imports and work,
not compiling. An interpreter that does nothing is timed too, for scale.

    .venv/bin/python bench/cli_start.py
    .venv/bin/python bench/cli_start.py --runs 21
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TARGET = 0.15  # seconds of wall time, each command (issue 19)
COMMANDS = {
    "--version": ["--version"],
    "search": ["search", "Baku"],
    "show": ["show", "1"],
    "stats": ["stats"],
}


def entry_point() -> list[str]:
    """``briefing`` as installed beside this interpreter, else ``python -m briefing``."""
    script = Path(sys.executable).with_name("briefing")
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefing"]


def environment(out: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(out / "pycache")
    return env


def wall_time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="measured runs of each command (default 11)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    env = environment(args.out)
    folder = args.out / "cli-start"  # the library and its backups folder, made anew
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    store = folder / "library.sqlite"
    briefing = entry_point()
    subprocess.run([*briefing, "--store", str(store), "init", "--sample"], env=env, check=True, capture_output=True)
    runs: dict[str, list[float]] = {name: [] for name in COMMANDS}
    runs["python -c pass"] = []
    argvs = {name: [*briefing, "--store", str(store), *argv] for name, argv in COMMANDS.items()}
    argvs["python -c pass"] = [sys.executable, "-c", "pass"]
    for argv in argvs.values():  # bytecode written, files in the cache, the day's backup made
        wall_time(argv, env)
    for _ in range(args.runs):
        for name, argv in argvs.items():
            runs[name].append(wall_time(argv, env))

    print(f"command start-up, wall time of {args.runs} runs each (target <= {TARGET:.2f} s):")
    print(f"  {'command':<16} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, times in runs.items():
        print(f"  {name:<16} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f}")
    slowest = max(statistics.median(runs[name]) for name in COMMANDS)
    print(f"slowest command: median {slowest:.3f} s ({'within' if slowest <= TARGET else 'over'} the target)")


if __name__ == "__main__":
    main()
