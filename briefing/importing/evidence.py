"""Candidates scored on evidence: the shared step of choosing a title, a date and a place.

A candidate is a value (a line's text, a date, a place), where it came from,
and the names of the evidence it shows ("heading", "date_next", "masthead"...).
Its score is the sum of the weights ``resources/importing/scoring.json`` gives
those names, so the rules can be read and tuned as data, and a choice can be
explained by listing the evidence of the winner and of the runners-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.importing import rules


@dataclass
class Candidate:
    value: str
    at: int | None = None  # the line it was read from, None for metadata
    evidence: list[str] = field(default_factory=list)
    lines_down: int = 0  # how many lines below the first it stands (for per_line)

    def score(self, table: str) -> float:
        weights = rules.weights()[table]
        total = weights.get("per_line", 0.0) * self.lines_down
        return total + sum(weights.get(name, 0.0) for name in self.evidence)


def best(candidates: list[Candidate], table: str) -> Candidate | None:
    """The highest-scoring candidate at or above the table's threshold; the earliest wins a tie."""
    threshold = rules.weights()[table]["threshold"]
    chosen, chosen_score = None, threshold
    for candidate in candidates:
        score = candidate.score(table)
        if score > chosen_score or (chosen is None and score >= threshold):
            chosen, chosen_score = candidate, score
    return chosen


def explain(candidates: list[Candidate], table: str) -> list[str]:
    """Each candidate with its score and evidence, best first (for tuning the weights)."""
    ranked = sorted(candidates, key=lambda c: -c.score(table))
    return [f"{c.score(table):6.1f}  {c.value!r}  {' '.join(c.evidence)}" for c in ranked]
