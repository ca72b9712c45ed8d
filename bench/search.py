"""Search benchmark: load time against a bare sqlite3 baseline, index size, query latency.

Builds a store of synthetic documents (default 100,000 of ~500 words) in mixed
Latin and Cyrillic (Russian, Kazakh and Azerbaijani letters) whose words follow
a Zipf curve, so that the commonest words occur in nearly every document. The
store is loaded through the app's own path (``documents.add_documents``, which
the importer uses too) and cached in ``bench/out/``; a second run reuses it.

The baseline inserts exactly the same rows (documents, parties, tags, the
already folded search-index rows and their marks, impact and pair marks) with
plain ``executemany`` into a store with the same schema and index: it measures
SQLite's own cost, so the ratio shows what the app adds on top (validation,
hashing, folding, marks, bookkeeping).

Latency is measured through ``briefing.search.search`` with the top 20 and
snippets, per query class and over the whole mix, after one unmeasured pass
over the mix (whose p95 is printed too: pages not yet in the OS cache). The
machine's speed drifts by tens of percent within minutes, so each query
counts with the median of ``--repeat`` passes over the whole mix.
``--check`` also compares every query's total and top 20 against a plain
FTS5 bm25 query.

    .venv/bin/python bench/search.py                # 100,000 documents
    .venv/bin/python bench/search.py --docs 5000    # a quick run
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.library import documents as documents_module  # noqa: E402
from briefing.library import search_index  # noqa: E402
from briefing.library.documents import content_hash  # noqa: E402
from briefing.library.fold import fold  # noqa: E402
from briefing.library.opening import open_store
from briefing.library.store import now
from briefing.search import Filters, parse_query, search  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
WORDS_PER_DOC = 500
VOCABULARY = 60_000
BATCH = 1000
KINDS = ("agreement", "joint-statement", "speech", "article", "note")
LANGUAGES = ("en", "ru", "kk", "az")
PARTIES = [
    ("Republic of Kazakhstan", "KZ"),
    ("Republic of Azerbaijan", "AZ"),
    ("KazMunayGas", "KZ"),
    ("SOCAR", "AZ"),
    ("Республика Казахстан", "KZ"),
    ("Azərbaycan Respublikası", "AZ"),
    ("Republic of Turkiye", "TR"),
    ("Russian Federation", "RU"),
    ("People's Republic of China", "CN"),
    ("Caspian Pipeline Consortium", None),
]
TAGS = ("energy", "transport", "trade", "culture", "security", "water", "education", "finance")

# Syllables per script, so that the words look like their languages and the
# folding has real work to do (Kazakh and Azerbaijani letters included).
_ONSETS = {
    "latin": [
        "b",
        "c",
        "d",
        "f",
        "g",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        "v",
        "w",
        "z",
        "br",
        "ch",
        "cr",
        "dr",
        "gr",
        "pl",
        "sh",
        "st",
        "th",
        "tr",
    ],
    "russian": [
        "б",
        "в",
        "г",
        "д",
        "ж",
        "з",
        "к",
        "л",
        "м",
        "н",
        "п",
        "р",
        "с",
        "т",
        "ф",
        "х",
        "ц",
        "ч",
        "ш",
        "щ",
        "бр",
        "гр",
        "др",
        "кр",
        "пр",
        "ст",
        "тр",
    ],
    "kazakh": ["б", "ғ", "д", "ж", "з", "к", "қ", "л", "м", "н", "ң", "п", "р", "с", "т", "ш", "һ", "қа", "ж"],
    "azeri": ["b", "c", "ç", "d", "g", "ğ", "h", "x", "k", "q", "l", "m", "n", "p", "r", "s", "ş", "t", "v", "y", "z"],
}
_NUCLEI = {
    "latin": ["a", "e", "i", "o", "u", "ai", "ea", "ou"],
    "russian": ["а", "е", "и", "о", "у", "ы", "э", "ю", "я", "ё"],
    "kazakh": ["а", "ә", "е", "и", "о", "ө", "ұ", "ү", "ы", "і"],
    "azeri": ["a", "ə", "e", "i", "ı", "o", "ö", "u", "ü"],
}
_SCRIPTS = (("latin", 0.4), ("russian", 0.3), ("kazakh", 0.15), ("azeri", 0.15))
# A few real names in several spellings, placed at middling frequency.
NAMES = [
    "Tokayev",
    "Токаев",
    "Тоқаев",
    "Aliyev",
    "Алиев",
    "Əliyev",
    "Astana",
    "Астана",
    "Baku",
    "Баку",
    "Bakı",
    "Azerbaijan",
    "Азербайджан",
    "Azərbaycan",
    "Kazakhstan",
    "Казахстан",
    "Қазақстан",
    "Caspian",
    "Каспий",
]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    scripts, weights = zip(*_SCRIPTS)
    while len(words) < size:
        script = rng.choices(scripts, weights)[0]
        syllables = rng.choices((1, 2, 3, 4), (0.15, 0.4, 0.3, 0.15))[0]
        word = "".join(rng.choice(_ONSETS[script]) + rng.choice(_NUCLEI[script]) for _ in range(syllables))
        if rng.random() < 0.3:
            word += rng.choice(_ONSETS[script])
        if word not in seen:
            seen.add(word)
            words.append(word)
    for rank, name in zip(range(300, 300 + 40 * len(NAMES), 40), NAMES):
        if name not in seen:
            words.insert(rank, name)
    return words[:size]


class Corpus:
    """Deterministic synthetic documents: a Zipf(1.0, shifted by 2.7) word curve."""

    def __init__(self, seed: int = 7):
        self.seed = seed
        rng = random.Random(seed)
        self.vocabulary = make_vocabulary(rng, VOCABULARY)
        weights = [1.0 / (rank + 2.7) for rank in range(len(self.vocabulary))]
        self.cum_weights = list(itertools.accumulate(weights))

    def words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocabulary, cum_weights=self.cum_weights, k=k)

    def document(self, n: int) -> dict:
        rng = random.Random(self.seed * 1_000_003 + n)
        count = rng.randint(WORDS_PER_DOC * 6 // 10, WORDS_PER_DOC * 14 // 10)
        words = self.words(rng, count)
        sentences, i = [], 0
        while i < len(words):
            length = rng.randint(8, 22)
            chunk = words[i : i + length]
            sentences.append(chunk[0][:1].upper() + chunk[0][1:] + " " + " ".join(chunk[1:]) + ".")
            i += length
        paragraphs = [" ".join(sentences[j : j + 6]) for j in range(0, len(sentences), 6)]
        title_words = self.words(rng, rng.randint(4, 10))
        year = rng.randint(1995, 2025)
        doc = {
            "slug": f"bench-{n}",
            "kind": rng.choice(KINDS),
            "title": " ".join(title_words).capitalize(),
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "language": rng.choice(LANGUAGES),
            "text": "\n\n".join(paragraphs),
            "summary": " ".join(words[:30]) if rng.random() < 0.3 else None,
        }
        parties = [
            {"name": name, "country": country} for name, country in rng.sample(PARTIES, rng.choice((0, 0, 1, 2)))
        ]
        tags = rng.sample(TAGS, rng.choice((0, 1, 1, 2)))
        return {"doc": doc, "parties": parties, "tags": tags}


def progress_line(done: int, total: int) -> None:
    if done == total or done % (BATCH * 10) == 0:
        print(f"\r  {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def load_app(path: Path, items: list[dict]) -> float:
    """The app's loading path: ``documents.add_documents`` (one transaction per batch)."""
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    store = open_store(path)
    flat = [{**item["doc"], "parties": item["parties"], "tags": item["tags"]} for item in items]
    start = time.perf_counter()
    if hasattr(documents_module, "add_documents"):
        documents_module.add_documents(store, flat, progress=progress_line)
    else:  # the loop the importer used before there was a bulk path
        for first in range(0, len(items), BATCH):
            with store.atomic():
                for item in items[first : first + BATCH]:
                    documents_module.add_document(store, item["doc"], parties=item["parties"], tags=item["tags"])
            progress_line(min(first + BATCH, len(items)), len(items))
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def baseline_rows(items: list[dict], impact: bool):
    """The same rows the app writes, prepared outside the timing."""
    stamp = now()
    tag_ids = {name: i + 1 for i, name in enumerate(TAGS)}
    docs, parties, tags, index = [], [], [], []
    for doc_id, item in enumerate(items, start=1):
        d = item["doc"]
        docs.append(
            (
                doc_id,
                d["slug"],
                d["kind"],
                d["title"],
                d["date"],
                d["language"],
                d["text"],
                d["summary"],
                content_hash(d["title"], d["text"]),
                stamp,
                stamp,
            )
        )
        for position, party in enumerate(item["parties"]):
            parties.append((doc_id, position, party["name"], party["country"]))
        for name in item["tags"]:
            tags.append((doc_id, tag_ids[name]))
        extra = [p["name"] + " " + (p["country"] or "") for p in item["parties"]] + list(item["tags"])
        body = "\n".join(x for x in [d["summary"], d["text"], *extra] if x)
        columns = search_index.search_columns(d["title"], body)
        marks = search_index.impact_marks(columns) if impact else None
        facets = search_index.facets_of(d, item["parties"], item["tags"])
        index.append(((doc_id, *columns, facets), (doc_id, marks)))
    return tag_ids, docs, parties, tags, index


def load_baseline(path: Path, items: list[dict]) -> float:
    """Bare sqlite3 executemany of the same rows into the same schema and index."""
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    open_store(path).close()  # the same tables and FTS5 index as the app's store
    impact = hasattr(search_index, "impact_marks")
    tag_ids, docs, parties, tags, index = baseline_rows(items, impact)
    batches = []
    for first in range(0, len(docs), BATCH):
        low, high = docs[first][0], docs[min(first + BATCH, len(docs)) - 1][0]
        batches.append(
            (
                docs[first : first + BATCH],
                [p for p in parties if low <= p[0] <= high],
                [t for t in tags if low <= t[0] <= high],
                index[first : first + BATCH],
            )
        )
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executemany("INSERT INTO tags (id, name) VALUES (?, ?)", [(i, n) for n, i in tag_ids.items()])
    start = time.perf_counter()
    for doc_rows, party_rows, tag_rows, index_rows in batches:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO documents (id, slug, kind, title, date, language, text, summary, content_hash, created, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            doc_rows,
        )
        conn.executemany(
            "INSERT INTO document_parties (document_id, position, name, country) VALUES (?, ?, ?, ?)", party_rows
        )
        conn.executemany("INSERT INTO document_tags (document_id, tag_id) VALUES (?, ?)", tag_rows)
        conn.executemany(
            search_index.INDEX_INSERT,
            [columns for columns, _ in index_rows],
        )
        if impact:
            conn.executemany(search_index.MARKS_INSERT, [m for _, m in index_rows])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def index_size(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    sizes = {"file": path.stat().st_size}
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        sizes["search"] = sum(size for name, size in rows if name.startswith("search_"))
        sizes["documents"] = sum(size for name, size in rows if name.startswith("documents"))
    except sqlite3.OperationalError:  # dbstat is not compiled in everywhere
        pass
    conn.close()
    return sizes


def make_queries(
    corpus: Corpus, items: list[dict], per_class: int, seed: int = 11
) -> dict[str, list[tuple[str, Filters]]]:
    rng = random.Random(seed)
    vocab = corpus.vocabulary

    # spell a query word as typed in another script now and then: the fold is its Latin spelling
    def spelt(word: str) -> str:
        return fold(word) if rng.random() < 0.4 else word

    common = [spelt(w) for w in rng.choices(vocab[:40], k=per_class)]
    rare = [spelt(w) for w in rng.sample(vocab[20_000:], per_class)]
    middling = vocab[100:3000]
    two = [f"{spelt(rng.choice(vocab[:200]))} {spelt(rng.choice(middling))}" for _ in range(per_class // 2)]
    two += [
        f"{spelt(rng.choice(vocab[:60]))} {spelt(rng.choice(vocab[:60]))}" for _ in range(per_class - per_class // 2)
    ]
    phrases, prefixes = [], []
    for _ in range(per_class):
        text = rng.choice(items)["doc"]["text"].replace(".", "").split()
        i = rng.randrange(len(text) - 2)
        phrases.append('"' + " ".join(text[i : i + rng.choice((2, 2, 3))]) + '"')
        word = rng.choice([w for w in text if len(w) >= 5] or ["tokayev"])
        prefixes.append(word[: rng.choice((3, 4, 5))].lower() + "*")
    filtered = []
    for n in range(per_class):
        word = spelt(rng.choice(vocab[:40] if n % 2 else middling))
        choice = n % 4
        if choice == 0:
            filters = Filters(kinds=[rng.choice(KINDS)])
        elif choice == 1:
            year = rng.randint(1996, 2020)
            filters = Filters(since=f"{year}-01-01", until=str(year + rng.randint(0, 4)))
        elif choice == 2:
            filters = Filters(party=rng.choice(["KZ", "AZ", "Socar", "KazMunayGas"]))
        else:
            filters = Filters(kinds=["agreement", "joint-statement"], since=f"{rng.randint(1996, 2015)}-01-01")
        filtered.append((word, filters))
    none = Filters()
    return {
        "rare": [(q, none) for q in rare],
        "common": [(q, none) for q in common],
        "two-term": [(q, none) for q in two],
        "phrase": [(q, none) for q in phrases],
        "prefix": [(q, none) for q in prefixes],
        "filtered": filtered,
    }


def reference(store, query: str, filters: Filters, limit: int = 20) -> tuple[int, list[int], list[float]]:
    """Plain FTS5: exact count and bm25 order over every match, as the first version did."""
    from briefing.search import BM25
    from briefing.search.filters import filter_sql

    where, params = filter_sql(store, filters)
    expression = parse_query(query).expression
    clause = " AND ".join(["search_index MATCH ?", *where])
    base = f"FROM search_index JOIN documents d ON d.id = search_index.rowid WHERE {clause}"
    try:
        total = store.scalar(f"SELECT count(*) {base}", [expression, *params])
        rows = store.db.execute(
            f"SELECT d.id, {BM25} AS score {base} ORDER BY score, d.id LIMIT ?", [expression, *params, limit]
        ).fetchall()
    except sqlite3.OperationalError:
        return -1, [], []
    return total, [r[0] for r in rows], [-r[1] for r in rows]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def first_pass(path: Path, queries: dict) -> list[float]:
    """The whole mix once, as a fresh process meets the library: its timings, in ms."""
    store = open_store(path)
    timings = []
    for batch in queries.values():
        for query, filters in batch:
            start = time.perf_counter()
            search(store, query, filters, limit=20)
            timings.append((time.perf_counter() - start) * 1000)
    store.close()
    return timings


def run_queries(path: Path, queries: dict, check: bool, repeat: int = 1) -> dict:
    """Each query's latency: the median of ``repeat`` passes over the whole mix (passes alternate, not runs)."""
    store = open_store(path)
    for query, filters in list(queries["rare"])[:3]:  # open the file and warm SQLite's statement cache
        search(store, query, filters)
    runs: dict[tuple[str, int], list[float]] = {}
    pages = {}
    for _ in range(repeat):
        for name, batch in queries.items():
            for n, (query, filters) in enumerate(batch):
                start = time.perf_counter()
                pages[name, n] = search(store, query, filters, limit=20)
                runs.setdefault((name, n), []).append((time.perf_counter() - start) * 1000)
    timings: dict[str, list[float]] = {}
    mismatches = []
    slowest = []
    for name, batch in queries.items():
        timings[name] = []
        for n, (query, filters) in enumerate(batch):
            elapsed, page = statistics.median(runs[name, n]), pages[name, n]
            timings[name].append(elapsed)
            slowest.append((elapsed, name, query, page.total))
            if check:
                total, ids, scores = reference(store, query, filters)
                got = [r.id for r in page.results]
                got_scores = [r.score for r in page.results]
                same_scores = len(got_scores) == len(scores) and all(
                    abs(a - b) <= 1e-6 * max(1.0, abs(b)) for a, b in zip(got_scores, scores)
                )
                if total >= 0 and (page.total != total or not (got == ids or same_scores)):
                    mismatches.append((name, query, page.total, total, got[:5], ids[:5]))
    store.close()
    timings["whole mix"] = [t for name in list(timings) for t in timings[name]]
    slowest.sort(reverse=True)
    return {"timings": timings, "mismatches": mismatches, "slowest": slowest[:8]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="number of synthetic documents")
    parser.add_argument("--queries", type=int, default=40, help="queries per class")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached stores")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare sqlite3 baseline")
    parser.add_argument("--check", action="store_true", help="compare totals and top 20 with plain FTS5 bm25")
    parser.add_argument(
        "--repeat", type=int, default=3, help="passes over the mix; each query counts with its median (default 3)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    app_path = args.out / f"search-{args.docs}.sqlite"
    base_path = args.out / f"search-{args.docs}-baseline.sqlite"
    figures_path = args.out / f"search-{args.docs}.json"
    figures = json.loads(figures_path.read_text()) if figures_path.exists() and not args.rebuild else {}

    corpus = Corpus()
    t0 = time.perf_counter()
    items = [corpus.document(n) for n in range(args.docs)]
    words = sum(len(i["doc"]["text"].split()) for i in items[:1000]) / min(1000, len(items))
    print(f"corpus: {len(items):,} documents, ~{words:.0f} words each, generated in {time.perf_counter() - t0:.1f} s")

    if "load" not in figures or not app_path.exists():
        print("loading through the app ...", file=sys.stderr)
        figures["load"] = load_app(app_path, items)
        figures.pop("baseline", None)
        figures_path.write_text(json.dumps(figures))
    if not args.no_baseline and "baseline" not in figures:
        print("loading the bare sqlite3 baseline ...", file=sys.stderr)
        figures["baseline"] = load_baseline(base_path, items)
        figures_path.write_text(json.dumps(figures))
        for p in args.out.glob(base_path.name + "*"):
            p.unlink()

    load = figures["load"]
    print(f"load:      {load:8.1f} s  ({len(items) / load:,.0f} docs/s)")
    if "baseline" in figures:
        base = figures["baseline"]
        print(f"baseline:  {base:8.1f} s  ({len(items) / base:,.0f} docs/s, bare sqlite3 executemany, same index)")
        print(f"ratio:     {load / base:8.2f} x  (target <= 1.5)")
    sizes = index_size(app_path)
    line = f"store:     {sizes['file'] / 2**20:8.1f} MiB"
    if "search" in sizes:
        line += f"  (search index {sizes['search'] / 2**20:.1f} MiB, documents {sizes['documents'] / 2**20:.1f} MiB)"
    print(line)

    queries = make_queries(corpus, items, args.queries)
    # The first pass meets pages not yet in the OS cache (after a load, writeback
    # of the baseline's file competes too); the measured pass is the library
    # in use, as it is after a few searches in the app.
    cold = first_pass(app_path, queries)
    result = run_queries(app_path, queries, args.check, args.repeat)
    print(
        f"\nsearch latency, top 20 with snippets ({args.queries} queries per class,"
        f" each the median of {args.repeat} alternated passes):"
    )
    print(f"  {'class':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in result["timings"].items():
        print(f"  {name:<10} {statistics.median(values):8.1f} {percentile(values, 95):8.1f} {max(values):8.1f}")
    overall = percentile(result["timings"]["whole mix"], 95)
    worst = max(percentile(values, 95) for name, values in result["timings"].items() if name != "whole mix")
    print(
        f"whole-mix p95 {overall:.1f} ms (target <= 20), worst class p95 {worst:.1f} ms (target <= 40);"
        f" first pass over the mix: p95 {percentile(cold, 95):.1f} ms"
    )
    print(
        "slowest:",
        "; ".join(f"{name} {query!r} {ms:.0f} ms ({total:,} hits)" for ms, name, query, total in result["slowest"][:5]),
    )
    if args.check:
        if result["mismatches"]:
            print(f"check: {len(result['mismatches'])} queries differ from plain FTS5:")
            for mismatch in result["mismatches"][:10]:
                print("  ", mismatch)
        else:
            print("check: every total and top 20 equals plain FTS5 bm25")


if __name__ == "__main__":
    main()
