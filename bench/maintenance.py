"""Maintenance benchmark: backup, check, restore and encryption on a library of N documents.

Builds a plain and an encrypted store of synthetic documents (default 5,000 of
~400 words, Latin and Cyrillic) in a temp folder and prints, for each:
the store size, the time to open it, to add one document (one transaction),
to make a backup, to run the full check, and to restore from the backup.

    .venv/bin/python bench/maintenance.py [--docs 5000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.library.documents import add_document, add_documents  # noqa: E402
from briefing.library.opening import open_store
from briefing.safekeeping.backup import copy_store, restore  # noqa: E402
from briefing.safekeeping.check import check_store  # noqa: E402

WORDS = [
    "transit",
    "corridor",
    "pipeline",
    "ministry",
    "delegation",
    "memorandum",
    "cooperation",
    "trade",
    "ferry",
    "port",
    "energy",
    "visit",
    "Астана",
    "Баку",
    "Тоқаев",
    "Алиев",
    "сотрудничество",
    "транзит",
    "нефть",
    "газ",
    "Каспий",
    "соглашение",
    "Azərbaycan",
]


def _docs(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "title": f"Document {i} on {rng.choice(WORDS)}",
            "kind": rng.choice(("agreement", "speech", "article", "note")),
            "date": f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "text": " ".join(rng.choice(WORDS) for _ in range(400)),
            "tags": [rng.choice(("energy", "trade", "transport"))],
        }
        for i in range(n)
    ]


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(folder: Path, docs: list[dict], passphrase: str | None) -> dict[str, float]:
    path = folder / ("encrypted.sqlite" if passphrase else "plain.sqlite")
    with open_store(path, passphrase=passphrase) as s:
        load = _timed(lambda: add_documents(s, docs))
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    figures = {"load (s)": load, "size (MB)": path.stat().st_size / 1e6}
    figures["open (s)"] = _timed(lambda: open_store(path, passphrase=passphrase).close())
    with open_store(path, passphrase=passphrase) as s:
        samples = [
            _timed(lambda n=n: add_document(s, {"title": f"One more {n}", "text": "x " * 300})) for n in range(20)
        ]
        figures["add one document (ms)"] = 1000 * sorted(samples)[len(samples) // 2]
        backup = folder / f"backup-{path.name}"
        figures["backup (s)"] = _timed(lambda: copy_store(path, backup, passphrase=passphrase))
        report = None

        def check() -> None:
            nonlocal report
            report = check_store(s)

        figures["check (s)"] = _timed(check)
        assert report is not None and report.ok
        figures["restore (s)"] = _timed(lambda: restore(s, backup))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    docs = _docs(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = run(folder, docs, None)
        encrypted = run(folder, docs, "bench passphrase")
    print(f"{args.docs} documents of ~400 words")
    print(f"{'':<24}{'plain':>10}{'encrypted':>12}")
    for key in plain:
        print(f"{key:<24}{plain[key]:>10.2f}{encrypted[key]:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
