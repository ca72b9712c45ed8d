"""Correcting the library: edit a document's details, delete, merge duplicates, read imports again.

Titles and texts came from outside: what these commands print of them is one
line of plain text, without control characters (``plain``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import click

from briefing.cli.base import AppContext, ProgressBar, cli, emit_json, pass_app
from briefing.library.corrections import delete_documents, edit_document
from briefing.library.merging import merge_documents
from briefing.library.schema import DOCUMENT_KINDS
from briefing.library.usage import DocumentInUse, Usage

# a party typed as "Republic of Kazakhstan (KZ)": the country code in brackets at the end
_PARTY = re.compile(r"^(?P<name>.*?)\s*\((?P<country>[A-Za-z]{2})\)\s*$")


# marks that turn the direction of the text around it, which could make a line read otherwise
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain(value: Any, limit: int | None = None) -> str:
    """Text from the library as one printable line: control and direction-changing characters dropped."""
    text = "" if value is None else str(value)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or (unicodedata.category(ch) not in ("Cc", "Co", "Cs") and ch not in _BIDI)
    )
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return "; ".join(plain(v) for v in value)
    return f"“{plain(value, 120)}”" if isinstance(value, str) else plain(value)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _label(doc_id: int, title: str) -> str:
    return f"{doc_id} “{plain(title, 80)}”"


def _party(text: str) -> dict[str, Any]:
    found = _PARTY.match(text)
    if found and found["name"].strip():
        return {"name": found["name"], "country": found["country"].upper()}
    return {"name": text}


# ---------------------------------------------------------------- edit


@cli.command("edit")
@click.argument("doc_id", type=int, metavar="ID")
@click.option("--title", help="The title.")
@click.option("--date", metavar="YYYY[-MM[-DD]]", help="The date: a year, a month or a day ('' clears it).")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="The kind of document.")
@click.option("--place", help="Where it was written or signed ('' clears it).")
@click.option("--language", metavar="CODE", help="Its language as a code: en, ru, kk, az... ('' clears it).")
@click.option("--publisher", help="Who published it ('' clears it).")
@click.option("--author", help="Who wrote it ('' clears it).")
@click.option("--instrument", help="An agreement's type: treaty, memorandum, protocol... ('' clears it).")
@click.option(
    "--party",
    "parties",
    multiple=True,
    metavar="P",
    help="A party, with its country code in brackets if you like: 'Republic of Kazakhstan (KZ)' "
    "(repeatable; replaces the list; --party '' empties it).",
)
@click.option("--tag", "tags", multiple=True, metavar="T", help="A tag (repeatable; replaces the tags; --tag '' empties them).")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@pass_app
def edit_command(app: AppContext, doc_id: int, parties: tuple[str, ...], tags: tuple[str, ...], as_json: bool,
                 **fields: str | None) -> None:
    """Correct the details of document ID by hand.

    What you set here is yours: a later import or re-analysis never
    overwrites it. Prints each change as old → new.
    """
    given = {name: value for name, value in fields.items() if value is not None}
    if not given and not parties and not tags:
        raise click.UsageError("nothing to change: give --title, --date, --kind, --place, --language, --publisher, "
                               "--author, --instrument, --party or --tag")
    edit = edit_document(
        app.store,
        doc_id,
        given,
        parties=[_party(p) for p in parties if p.strip()] if parties else None,
        tags=[t for t in tags if t.strip()] if tags else None,
    )
    if as_json:
        emit_json(edit.as_dict())
        return
    if not edit.changes:
        click.echo(f"Document {doc_id}: nothing changed; the values given are kept as yours.")
        return
    click.echo(f"Document {doc_id}:")
    for name, (old, new) in edit.changes.items():
        click.echo(f"  {name}: {_shown(old)} → {_shown(new)}")


# ---------------------------------------------------------------- delete


def _refusal(usages: list[Usage]) -> str:
    lines = [plain(u.describe()) for u in usages]
    return "; ".join(lines) + ". Give --force to delete anyway (their book items and annotations go with them)."


@cli.command("delete")
@click.argument("doc_ids", type=int, nargs=-1, required=True, metavar="ID...")
@click.option("--force", is_flag=True, help="Delete even documents used in a book or holding annotations.")
@click.option("--json", "as_json", is_flag=True, help="Print what was deleted (or where each is used) as JSON.")
@pass_app
def delete_command(app: AppContext, doc_ids: tuple[int, ...], force: bool, as_json: bool) -> None:
    """Delete documents, all or none.

    A document used in a book or holding annotations is refused, with where it
    is used, unless --force. Figures and listed agreements citing a deleted
    document keep their place and lose their source.
    """
    try:
        deleted = delete_documents(app.store, doc_ids, force=force)
    except DocumentInUse as refused:
        if as_json:
            emit_json({"deleted": [], "refused": [u.as_dict() for u in refused.usages]})
        raise click.ClickException(_refusal(refused.usages)) from refused
    if as_json:
        emit_json(deleted.as_dict())
        return
    docs = deleted.documents
    click.echo(f"Deleted {_count(len(docs), 'document')}: " + ", ".join(_label(u.id, u.title) for u in docs))
    went = [
        _count(sum(1 for u in docs for b in u.books if b["how"] == "item"), "book item"),
        _count(sum(u.annotations for u in docs), "annotation"),
    ]
    went = [w for w in went if not w.startswith("0 ")]
    if went:
        click.echo("With them went " + " and ".join(went) + ".")
    cited = [_count(sum(u.figures for u in docs), "figure"), _count(sum(u.derived for u in docs), "listed record")]
    cited = [c for c in cited if not c.startswith("0 ")]
    if cited:
        click.echo(" and ".join(cited) + " lost their source.")


# ---------------------------------------------------------------- merge

# what Merged.moved counts, as a sentence names one and many
_MOVED = {
    "annotations": ("annotation", "annotations"),
    "book_items": ("book item", "book items"),
    "blocks": ("generated block", "generated blocks"),
    "events": ("link to a visit", "links to visits"),
    "derived": ("listed record", "listed records"),
    "figures": ("figure", "figures"),
    "parties": ("party", "parties"),
    "speakers": ("speaker", "speakers"),
    "tags": ("tag", "tags"),
}


@cli.command("merge")
@click.argument("keep", type=int, metavar="KEEP")
@click.argument("other", type=int, metavar="OTHER")
@click.option("--json", "as_json", is_flag=True, help="Print what moved as JSON.")
@pass_app
def merge_command(app: AppContext, keep: int, other: int, as_json: bool) -> None:
    """Merge document OTHER into KEEP (duplicates), then delete OTHER.

    Annotations, book items, links to visits, the records citing it, parties,
    speakers and tags move to KEEP; KEEP's details stay, and those it lacks are
    taken from OTHER. All in one transaction.
    """
    merged = merge_documents(app.store, keep, other)
    if as_json:
        emit_json(merged.as_dict())
        return
    click.echo(f"Merged {_label(other, merged.removed_title)} into {_label(keep, merged.kept_title)}.")
    moved = [_count(n, *_MOVED[what]) for what, n in merged.moved.items() if n]
    if moved:
        click.echo("Moved: " + ", ".join(moved) + ".")
    if merged.filled:
        click.echo("Taken from it: " + ", ".join(merged.filled) + ".")
    if merged.orphans:
        click.echo(f"{len(merged.orphans)} highlight(s) did not find their passage in the kept text "
                   f"(annotation {', '.join(map(str, merged.orphans))}); they are kept as they were.")


# ---------------------------------------------------------------- reanalyse


@cli.command("reanalyse")
@click.argument("doc_ids", type=int, nargs=-1, metavar="[ID...]")
@click.option("--all", "every", is_flag=True, help="Every document imported from a file.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print each document's changes as JSON.")
@pass_app
def reanalyse_command(app: AppContext, doc_ids: tuple[int, ...], every: bool, dry_run: bool, as_json: bool) -> None:
    """Read imported documents again with the current importer.

    Title, date, kind, text and structure are taken anew (old → new is shown);
    highlights are anchored again; what you set by hand stays. A document
    whose file is gone is read from its stored text. Exits 1 when any
    document could not be read again.
    """
    from briefing.importing import prepare  # the importers load only for this command
    from briefing.library.reanalysis import reanalyse_documents

    if every == bool(doc_ids):
        raise click.UsageError("give the documents' IDs or --all, not both or neither")
    bar = ProgressBar("Reading again", min_total=2)
    try:
        result = reanalyse_documents(app.store, None if every else doc_ids, prepare, dry_run=dry_run, progress=bar)
    finally:
        bar.close()
    if as_json:
        emit_json(result.as_dict())
    else:
        for found in result.documents:
            _print_reanalysed(found)
        read = [d for d in result.documents if not d.problem]
        changed = sum(1 for d in read if d.changed)
        verb = "would change" if dry_run else "changed"
        click.echo(f"{len(read)} of {_count(len(result.documents), 'document')} read again, {changed} {verb}"
                   + (" (dry run: nothing written)." if dry_run else "."))
    if any(d.problem for d in result.documents):
        click.get_current_context().exit(1)


def _print_reanalysed(found) -> None:
    if found.problem:
        click.echo(f"{_label(found.id, found.title)}: not read again: {plain(found.problem)}", err=True)
        return
    source = "its file" if found.source == "file" else "its stored text (the file is gone)"
    if not found.changed and not found.kept:
        click.echo(f"{_label(found.id, found.title)}: unchanged (read from {source})")
        return
    click.echo(f"{_label(found.id, found.title)} (read from {source}):")
    for name, (old, new) in found.changes.items():
        click.echo(f"  {name}: {_shown(old)} → {_shown(new)}")
    if found.text:
        click.echo(f"  text: {found.text[0]:,} → {found.text[1]:,} characters")
    new = [item for item in found.listed if item["new"]]
    if new:
        click.echo(f"  lists {len(new)} signed document(s) not in the library yet: "
                   + "; ".join(_shown(item["title"]) for item in new))
    for name, (mine, theirs) in found.kept.items():
        click.echo(f"  {name}: kept as you set it, {_shown(mine)} (the importer reads {_shown(theirs)})")
    moved, orphans = found.annotations["moved"], found.annotations["orphans"]
    if moved or orphans:
        click.echo(f"  highlights: {len(moved)} anchored anew, {len(orphans)} without their passage (kept as they were)")
