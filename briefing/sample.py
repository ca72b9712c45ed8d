"""The sample library: Kazakhstan–Azerbaijan relations 2005–2024, from ``data/``.

Records carry a slug; loading skips every slug already in the store, so loading
twice adds nothing and never overwrites what the user has edited.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.library.documents import add_document
from briefing.library.events import add_event
from briefing.library.figures import add_figure
from briefing.library.people import add_person, match_person
from briefing.library.store import Store

Progress = Callable[[int, int], None]


def sample_dir() -> Path:
    """``data/`` beside the package in a checkout, or inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data", here / "data"):
        if (candidate / "people.json").exists():
            return candidate
    raise BriefingError(f"the sample library is missing (looked for data/ beside {here})")


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=lambda: {"people": 0, "documents": 0, "events": 0, "figures": 0, "books": 0})
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped}


def _read_json(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BriefingError(f"{path}: not valid JSON ({exc})") from exc


def _read_documents(folder: Path) -> list[dict]:
    import frontmatter  # YAML: needed only while the sample loads, not by the app's every start

    docs = []
    for path in sorted(folder.glob("*.md")):
        try:
            post = frontmatter.load(path)
        except Exception as exc:  # YAML errors come in several classes
            raise BriefingError(f"{path}: front matter is not valid YAML ({exc})") from exc
        meta = {k: (str(v) if k in ("date",) and v is not None else v) for k, v in post.metadata.items()}
        meta["text"] = post.content.strip()
        meta["_path"] = path
        docs.append(meta)
    return docs


def _slug_ids(store: Store, table: str) -> dict[str, int]:
    return {r["slug"]: r["id"] for r in store.rows(f"SELECT id, slug FROM {table} WHERE slug IS NOT NULL")}


def load_sample(store: Store, folder: Path | None = None, progress: Progress | None = None) -> LoadReport:
    """Load the sample library in one transaction."""
    # books and their templates are loaded here: the app imports this module at every start for store_is_empty
    from briefing.book.from_json import load_book, read_books

    folder = folder or sample_dir()
    people = _read_json(folder / "people.json")
    documents = _read_documents(folder / "documents")
    events = _read_json(folder / "events.json")
    figures = _read_json(folder / "figures.json")
    books = read_books(folder / "books")
    report = LoadReport()
    total = len(people) + len(documents) + len(events) + len(figures) + len(books)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    with store.atomic():
        person_ids = _slug_ids(store, "people")
        for person in people:
            if person["slug"] not in person_ids:
                person_ids[person["slug"]] = add_person(store, person)
                report.added["people"] += 1
            else:
                report.skipped += 1
            step()
        known_people = [{**p, "id": person_ids[p["slug"]]} for p in people]

        doc_ids = _slug_ids(store, "documents")
        # sources first, so derived documents can point at them
        documents.sort(key=lambda d: d.get("source") is not None)
        for doc in documents:
            if doc["slug"] in doc_ids:
                report.skipped += 1
                step()
                continue
            source = doc.get("source")
            if source and source not in doc_ids:
                raise BriefingError(f"{doc['_path']}: source {source!r} is not a document slug")
            speakers = [_speaker(s, person_ids, known_people, store) for s in doc.get("speakers") or []]
            doc_ids[doc["slug"]] = add_document(
                store,
                {**doc, "source_document_id": doc_ids.get(source) if source else None},
                parties=doc.get("parties") or [],
                speakers=speakers,
                tags=doc.get("tags") or [],
            )
            report.added["documents"] += 1
            step()

        event_ids = _slug_ids(store, "events")
        for event in events:
            if event["slug"] in event_ids:
                report.skipped += 1
            else:
                missing = [s for s in event.get("documents", []) if s not in doc_ids]
                missing += [s for s in event.get("people", []) if s not in person_ids]
                if missing:
                    raise BriefingError(f"events.json: event {event['slug']!r} names unknown {', '.join(missing)}")
                event_ids[event["slug"]] = add_event(
                    store,
                    event,
                    people=[person_ids[s] for s in event.get("people", [])],
                    documents=[doc_ids[s] for s in event.get("documents", [])],
                )
                report.added["events"] += 1
            step()

        figure_slugs = _slug_ids(store, "figures")
        for figure in figures:
            if figure["slug"] in figure_slugs:
                report.skipped += 1
            else:
                source = figure.get("source")
                if source not in doc_ids:
                    raise BriefingError(f"figures.json: figure {figure['slug']!r} has unknown source {source!r}")
                add_figure(store, {**figure, "source_document_id": doc_ids[source]})
                report.added["figures"] += 1
            step()

        book_slugs = _slug_ids(store, "books")
        for book in books:
            if book["slug"] in book_slugs:
                report.skipped += 1
            else:
                # its annotations come with it, so loading again adds none twice
                load_book(store, book, doc_ids, event_ids)
                report.added["books"] += 1
            step()
    return report


def _speaker(ref: str | dict, person_ids: dict[str, int], people: list[dict], store: Store) -> dict:
    if isinstance(ref, dict):
        return ref
    if ref in person_ids:
        person = next(p for p in people if p["slug"] == ref)
        return {"name": person["name"], "person_id": person_ids[ref]}
    return {"name": ref, "person_id": match_person(store, ref, people)}


def store_is_empty(store: Store) -> bool:
    return not store.scalar("SELECT EXISTS (SELECT 1 FROM documents)")
