"""Import quality: how often the importer gets each field right, on a corpus with known answers.

The corpus is a folder of documents and an ``expected.json`` beside them (by
default ``tests/fixtures/realworld``), one entry per file name:

    {"title": ..., "date": "YYYY-MM-DD" or null, "kind": ..., "language": ..., "place": ... or null,
     "keep": [strings the text must still hold], "junk": [strings that must be gone],
     "speakers": [names], "agreements": [titles of the signed documents it lists]}

``speakers`` and ``agreements`` are checked only where given. Each file is read
as the import command reads it (``prepare``: no store needed), then each field
is compared; ``keep`` and ``junk`` count per string. Prints accuracy per field
and per format, and with ``--misses`` what was expected and what came out.

    .venv/bin/python bench/import_quality.py
    .venv/bin/python bench/import_quality.py --misses other/corpus
    .venv/bin/python bench/import_quality.py --corpus tests/fixtures/realworld_heldout

``tests/fixtures/realworld_heldout`` is a second corpus written without
looking at the importer's rules: its score is the honest measure of how the
importer does on pages it was not tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.importing import Rejected, prepare  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "realworld"
FIELDS = ("title", "date", "kind", "language", "place", "speakers", "agreements", "keep", "junk")
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


@dataclass
class Score:
    """Checks passed and made, per field and per format, and what each miss was."""

    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    format_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    format_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, name: str, fmt: str, what: str, ok: bool, miss: str = "") -> None:
        self.total[what] += 1
        self.format_total[fmt] += 1
        if ok:
            self.right[what] += 1
            self.format_right[fmt] += 1
        else:
            self.misses.append(f"{name}: {what}: {miss}")

    def field_accuracy(self, what: str) -> float:
        return self.right[what] / self.total[what] if self.total[what] else 1.0

    def format_accuracy(self, fmt: str) -> float:
        return self.format_right[fmt] / self.format_total[fmt] if self.format_total[fmt] else 1.0

    @property
    def overall(self) -> float:
        made = sum(self.total.values())
        return sum(self.right.values()) / made if made else 1.0


def same(a: str | None, b: str | None) -> bool:
    """Equal once case, spacing, quotes and closing punctuation are set aside."""

    def norm(value: str | None) -> str:
        value = " ".join((value or "").split()).casefold()
        return re.sub(r"[\s.,;:!?…\"'«»“”]+$", "", value.strip("\"'«»“” "))

    return norm(a) == norm(b)


def score_file(path: Path, expected: dict, score: Score) -> None:
    name, fmt = path.name, FORMATS.get(path.suffix.lower(), "other")
    try:
        prepared = prepare(path)
    except Rejected as exc:
        for what in FIELDS:
            if what in expected:
                score.add(name, fmt, what, False, f"rejected ({exc})")
        return
    doc = prepared.doc
    for what in ("title", "date", "kind", "language", "place"):
        if what in expected:
            score.add(name, fmt, what, same(doc.get(what), expected[what]), f"{doc.get(what)!r} != {expected[what]!r}")
    if "speakers" in expected:
        found = sorted(n.casefold() for n in prepared.speakers)
        want = sorted(n.casefold() for n in expected["speakers"])
        score.add(name, fmt, "speakers", found == want, f"{prepared.speakers} != {expected['speakers']}")
    if "agreements" in expected:
        found = [item.title for item in prepared.instruments]
        ok = len(found) == len(expected["agreements"]) and all(
            any(same(f, e) for f in found) for e in expected["agreements"]
        )
        score.add(name, fmt, "agreements", ok, f"{found} != {expected['agreements']}")
    text = " ".join(f"{doc['title']}\n{doc['text']}".split())
    for kept in expected.get("keep", []):
        score.add(name, fmt, "keep", " ".join(kept.split()) in text, f"lost {kept!r}")
    body = doc["text"]
    for junk in expected.get("junk", []):
        score.add(name, fmt, "junk", junk not in body, f"kept {junk!r}")


def evaluate(folder: Path = CORPUS) -> Score:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    score = Score()
    start = time.perf_counter()
    for name in sorted(expected):
        score_file(folder / name, expected[name], score)
    score.seconds = time.perf_counter() - start
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=None, help="the corpus (same as --corpus)")
    parser.add_argument("--corpus", type=Path, default=None, help=f"folder with expected.json (default {CORPUS})")
    parser.add_argument("--misses", action="store_true", help="list every check that failed")
    args = parser.parse_args()
    corpus = args.corpus or args.folder or CORPUS
    if not (corpus / "expected.json").is_file():
        parser.error(f"{corpus}: no expected.json in this folder")
    score = evaluate(corpus)
    files = len(json.loads((corpus / "expected.json").read_text(encoding="utf-8")))
    print(f"{files} files read in {score.seconds:.1f} s")
    print(f"{'field':<12}{'right':>7}{'checks':>8}{'accuracy':>10}")
    for what in FIELDS:
        if score.total[what]:
            print(f"{what:<12}{score.right[what]:>7}{score.total[what]:>8}{score.field_accuracy(what):>10.1%}")
    print(f"{'format':<12}{'right':>7}{'checks':>8}{'accuracy':>10}")
    for fmt in sorted(score.format_total):
        print(f"{fmt:<12}{score.format_right[fmt]:>7}{score.format_total[fmt]:>8}{score.format_accuracy(fmt):>10.1%}")
    print(f"{'all':<12}{sum(score.right.values()):>7}{sum(score.total.values()):>8}{score.overall:>10.1%}")
    if args.misses:
        print()
        print("\n".join(score.misses))


if __name__ == "__main__":
    main()
