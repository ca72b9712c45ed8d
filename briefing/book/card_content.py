"""What the pocket card says: talking points written for it, the replies "if raised", the key figures with their caveats.

The talking points come from the book's talking-points section (its role, or a
section titled so); when a note there has a "Talking points" heading, only that
part is taken, and an "If raised" heading holds the replies. A point (or a
reply) may carry its own card line: a line, or a sub-point, starting "Card:",
written with the ask first. The card prints a point's card line when it has
one; when the points do not fit, a point without one is cut to its lead and its
ask (the sentence that asks for something, not the background before it), and
the card says which points it shortened.

Key figures are the newest value of each figure the book's figures blocks show,
leaving out any not to be quoted; a figure the pre-flight check calls stale or
in conflict carries its caveat, and a derived or approximate value its sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from briefing.book.blocks import figure_value, select_figures
from briefing.book.markup import as_text
from briefing.book.preflight import Problem, months_between, period_end, reference_date
from briefing.dates import format_date
from briefing.errors import BriefingError
from briefing.library.store import Store

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_LEAD = re.compile(r"^(\*\*[^*]+\*\*|__[^_]+__|\*[^*]+?[:.]\*|_[^_]+?[:.]_)\s*")
_CARD = re.compile(r"^(?:[-*+]\s+)?(?:\*\*|__|\*|_)?card:(?:\*\*|__|\*|_)?\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«(\w])")
# a sentence that asks for something: the words of an ask, or an imperative opening
_ASKING = re.compile(
    r"\b(ask|asks|asking|propose|proposes|invite|invites|urge|urges|call on|should|must|need|needs|needed|"
    r"let us|let's|we want|we seek|we hope|we expect|we count on|we suggest|we would like|please|request|"
    r"agree to|commit to|ready to|looking for|time to)\b", re.IGNORECASE)
_IMPERATIVE = frozenset({
    "speed", "start", "move", "keep", "give", "sign", "open", "press", "raise", "seek", "secure", "confirm",
    "continue", "widen", "ask", "propose", "invite", "urge", "agree", "welcome", "offer", "push", "set", "name",
    "fix", "hold", "make", "take", "use", "support", "back", "request", "encourage", "avoid", "repeat", "stress",
    "insist", "underline", "invest", "double", "increase", "expand", "launch", "finish", "complete", "settle",
    "resolve", "deliver", "build", "join", "cooperate", "coordinate",
})


@dataclass
class Point:
    """One talking point (or reply): its lead ("**Trade.**"), its own text, its sub-points, its card line."""

    lead: str
    body: str
    subpoints: list[str] = field(default_factory=list)
    card_line: str | None = None

    @property
    def name(self) -> str:
        """What the card calls the point when it says it shortened it: its lead, else its first words."""
        text = re.sub(r"[*_]", "", self.lead).strip().rstrip(".:") if self.lead else ""
        if text:
            return text
        words = self.body.split()
        return " ".join(words[:5]) + ("…" if len(words) > 5 else "")

    def _item(self, text: str) -> str:
        return f"- {self.lead + ' ' if self.lead else ''}{text}".rstrip()

    def full(self) -> str:
        """The point as written (its card line left out), sub-points indented under it."""
        lines = [self._item(self.body)]
        lines += [f"    - {s}" for s in self.subpoints]
        return "\n".join(lines)

    def written(self) -> str | None:
        """The point as written for the card (its lead and card line); None without a card line."""
        return self._item(self.card_line) if self.card_line else None

    def short(self) -> str:
        """The point cut to its lead and its ask."""
        return self._item(ask_of(self.body))

    @property
    def can_shorten(self) -> bool:
        return self.short() != self.full()


def ask_of(text: str) -> str:
    """The sentence of a point that asks for something: the first one with the words of an ask or
    an imperative opening; else the last (background comes first, the ask at the end)."""
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]
    if not sentences:
        return ""
    for sentence in sentences:
        first = re.sub(r"^[^\w]+", "", sentence).split(" ", 1)[0].casefold()
        if _ASKING.search(sentence) or first in _IMPERATIVE:
            return sentence
    return sentences[-1]


def parse_points(markdown: str) -> list[Point]:
    """The top-level points of a Markdown list (a loose paragraph is a point too), each with its
    continuation lines, its sub-points and its card line."""
    points: list[Point] = []
    for line in markdown.splitlines():
        if not line.strip() or _HEADING.match(line):
            continue
        indented = line[:1] in (" ", "\t")
        text = line.strip()
        card = _CARD.match(text)
        if card and points:
            points[-1].card_line = text[card.end():].strip() or None
            continue
        if indented and points:
            if _ITEM.match(text):
                points[-1].subpoints.append(_ITEM.sub("", text, count=1))
            elif points[-1].subpoints:
                points[-1].subpoints[-1] += " " + text
            else:
                points[-1].body += " " + text
            continue
        body = _ITEM.sub("", text, count=1)
        lead = _LEAD.match(body)
        if lead:
            points.append(Point(lead.group(1), body[lead.end():].strip()))
        else:
            points.append(Point("", body))
    return points


# ---------------------------------------------------------------- from the book


def _talking_section(sections: list[dict]) -> dict | None:
    def walk(found: list[dict]) -> dict | None:
        for key in ("role", "title"):
            for s in found:
                value = (s.get(key) or "").casefold()
                if value == "talking-points" or (key == "title" and "talking points" in value):
                    return s
        for s in found:
            inner = walk(s["sections"])
            if inner:
                return inner
        return None

    return walk(sections)


def _notes(section: dict) -> list[dict]:
    return [i for i in section["items"] if i["kind"] == "note"] + [n for s in section["sections"] for n in _notes(s)]


def part_under(markdown: str, heading: str) -> str | None:
    """The lines under the first heading containing ``heading``, up to the next heading as high."""
    lines = markdown.splitlines()
    for n, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and heading in m.group(2).casefold():
            level = len(m.group(1))
            out = []
            for rest in lines[n + 1:]:
                h = _HEADING.match(rest)
                if h and len(h.group(1)) <= level:
                    break
                out.append(rest)
            return "\n".join(out).strip() or None
    return None


def _without(markdown: str, heading: str) -> str:
    part = part_under(markdown, heading)
    if part is None:
        return markdown
    lines, out, skipping, level = markdown.splitlines(), [], False, 0
    for line in lines:
        m = _HEADING.match(line)
        if m and heading in m.group(2).casefold() and not skipping:
            skipping, level = True, len(m.group(1))
            continue
        if skipping and m and len(m.group(1)) <= level:
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def _bodies(book: dict[str, Any]) -> tuple[dict, list[str]]:
    section = _talking_section(book["sections"])
    if section is None:
        raise BriefingError(
            f"book {book['id']} has no talking-points section: add a note to one, e.g. "
            f"'briefing book note {book['id']} --section \"Talking points\" --body ...'"
        )
    return section, [b for b in ((n.get("body") or "").strip() for n in _notes(section)) if b]


def talking_points(book: dict[str, Any]) -> str:
    """The Markdown of the book's talking points; a clear error when there are none."""
    section, bodies = _bodies(book)
    picked = [part for part in (part_under(b, "talking points") for b in bodies) if part]
    text = "\n\n".join(picked or [_without(b, "if raised") for b in bodies]).strip()
    if not text:
        raise BriefingError(f"book {book['id']}: the section {section['title']!r} holds no talking points (no note with text)")
    return text


def if_raised(book: dict[str, Any]) -> str:
    """The Markdown of the replies under the talking points' "If raised" headings ("" for none)."""
    _, bodies = _bodies(book)
    return "\n\n".join(part for part in (part_under(b, "if raised") for b in bodies) if part).strip()


# ---------------------------------------------------------------- figures


def key_figures(store: Store, book: dict[str, Any]) -> list[dict[str, Any]]:
    """The newest figure for each label the book's figures blocks show, in the book's order,
    leaving out figures not to be quoted."""
    chosen: dict[tuple[str, str], dict] = {}

    def walk(sections: list[dict]) -> None:
        for s in sections:
            for item in s["items"]:
                if item["kind"] == "block" and (item.get("block") or {}).get("type") == "figures":
                    try:
                        figures = select_figures(store, item["block"])
                    except BriefingError:
                        continue
                    for f in figures:
                        if f["status"] == "do-not-quote":
                            continue
                        key = (" ".join(f["label"].casefold().split()), (f["unit"] or "").casefold())
                        if key not in chosen or (f["as_of"] or "") > (chosen[key]["as_of"] or ""):
                            chosen[key] = f
            walk(s["sections"])

    walk(book["sections"])
    return list(chosen.values())


def figure_caveats(store: Store, book: dict[str, Any], figures: Iterable[dict], problems: list[Problem]
                   ) -> dict[int, list[str]]:
    """What must go with each card figure: that it is derived or approximate, how old it is when
    pre-flight calls it stale, what else the sources say when pre-flight finds them in conflict."""
    stale = {p.figure_id for p in problems if p.code == "stale-figure"}
    conflicting = {p.figure_id for p in problems if p.code == "conflicting-figure"}
    clash_keys = {_key(store, i) for i in conflicting if i is not None}
    ref_date, _ = reference_date(book)
    found: dict[int, list[str]] = {}
    for f in figures:
        notes = []
        if f["status"] == "derived":
            notes.append("derived, not stated by a source")
        if f["id"] in stale and period_end(f["as_of"]):
            age = months_between(period_end(f["as_of"]), ref_date)
            notes.append(f"{age} months old at the visit")
        if _key(store, f["id"]) in clash_keys:
            others = [g for g in store.rows(
                "SELECT * FROM figures WHERE label = ? COLLATE NOCASE AND id != ? ORDER BY as_of DESC, id",
                [f["label"], f["id"]]) if (g["unit"] or "").casefold() == (f["unit"] or "").casefold()
                and (g["value"], g["value_text"]) != (f["value"], f["value_text"])]
            if others:
                shown = "; ".join(f"{figure_value(g)} ({g['as_of'] or 'undated'})" for g in others[:2])
                notes.append(f"sources differ: also {shown}")
        if notes:
            found[f["id"]] = notes
    return found


def _key(store: Store, figure_id: int | None) -> tuple[str, str] | None:
    row = store.one("SELECT label, unit FROM figures WHERE id = ?", [figure_id]) if figure_id is not None else None
    return None if row is None else (" ".join(row["label"].casefold().split()), (row["unit"] or "").casefold())


def figures_markdown(figures: list[dict], caveats: dict[int, list[str]]) -> str:
    lines = []
    for f in figures:
        label = f["label"][:1].upper() + f["label"][1:]
        when = format_date(f["as_of"]) if f["as_of"] else ""
        extra = "; ".join([when, *caveats.get(f["id"], [])] if when else caveats.get(f["id"], []))
        lines.append(f"- **{_md(label)}:** {_md(figure_value(f))}" + (f" *({_md(extra)})*" if extra else ""))
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text printed as written: Markdown's own characters escaped, what looks like HTML made text."""
    return as_text("".join("\\" + c if c in "\\`*_[]#|" else c for c in " ".join(str(text).split())))
