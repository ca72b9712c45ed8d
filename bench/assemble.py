"""Assembling benchmark: how long ``books.assemble`` takes for a big book, and its memory.

Builds an in-memory store with N documents of ~1,500 words in mixed scripts
(English, Russian, Kazakh, Azerbaijani), three highlights on every document
(one with a note) and a book holding every document plus each kind of
generated block, then times ``assemble()`` (documents fetched, highlights
re-anchored and woven into the Markdown, blocks computed). Prints documents,
seconds, documents per second and the peak memory Python allocated.

    .venv/bin/python bench/assemble.py              # 200 and 800 documents
    .venv/bin/python bench/assemble.py --docs 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.book.assembly import assemble_book as assemble  # noqa: E402
from briefing.book.books import create_book  # noqa: E402
from briefing.book.items import add_item, add_items  # noqa: E402
from briefing.book.sections import add_section  # noqa: E402
from briefing.library.annotations import add_annotation  # noqa: E402
from briefing.library.documents import add_document  # noqa: E402
from briefing.library.opening import open_store

WORDS = [
    "cooperation", "transit", "corridor", "agreement", "memorandum", "Caspian", "trade", "energy",
    "pipeline", "railway", "port", "сотрудничество", "транзит", "коридор", "соглашение", "торговля",
    "энергетика", "ынтымақтастық", "келісім", "сауда", "көлік", "әріптестік", "əməkdaşlıq", "razılaşma",
    "ticarət", "nəqliyyat", "tərəfdaşlıq",
]


def build(n: int, seed: int = 7):
    rng = random.Random(seed)
    store = open_store(":memory:")
    ids = []
    with store.atomic():
        for i in range(n):
            paragraphs = []
            for _ in range(15):
                lines = [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(8)]
                paragraphs.append("\n".join(lines))
            text = f"# Document {i}\n\n" + "\n\n".join(paragraphs)
            doc_id = add_document(
                store,
                {"title": f"Document {i}", "kind": "agreement", "instrument": "memorandum", "date": f"20{10 + i % 14}-03-12", "text": text},
                parties=[{"name": "Republic of Kazakhstan", "country": "KZ"}, {"name": "Republic of Azerbaijan", "country": "AZ"}],
            )
            ids.append(doc_id)
            for k, para in enumerate((1, 6, 12)):
                words = paragraphs[para].split()
                add_annotation(store, doc_id, " ".join(words[5:25]), note="Check this *point*." if k == 0 else None)
        book = create_book(store, "Benchmark", template="State visit", marking="OFFICIAL USE ONLY")
        docs = add_section(store, book, "Documents")
        add_items(store, docs, [{"kind": "document", "document_id": d} for d in ids])
        blocks = add_section(store, book, "Blocks")
        add_item(store, blocks, "block", block={"type": "agreements", "party": "AZ"})
        add_item(store, blocks, "block", block={"type": "commitments", "document": ids[0]})
    return store, book


def run(n: int) -> None:
    t0 = time.perf_counter()
    store, book = build(n)
    built = time.perf_counter() - t0
    tracemalloc.start()
    t0 = time.perf_counter()
    content = assemble(store, book)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    chars = sum(len(i.markdown) for s in content.sections for i in s.items)
    print(
        f"{n:>6} documents  {chars / 1e6:6.1f} M chars  build {built:6.1f} s  "
        f"assemble {seconds:6.2f} s  {n / seconds:7.0f} docs/s  peak {peak / 2**20:6.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="*", default=[200, 800])
    for n in parser.parse_args().docs:
        run(n)


if __name__ == "__main__":
    main()
