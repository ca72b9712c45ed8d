"""Briefing-practice benchmark: the pre-flight check, publishing, the change log and the pocket card on a big book.

Uses the book of ``bench/assemble.py`` (N documents of ~1,500 words in mixed
scripts, three highlights each, generated blocks), adds a talking-points note
and a figures block, then times, each once:

* ``preflight``: ``run_preflight`` (every highlight re-anchored, figures judged);
* ``publish``: hashing every item (blocks computed) and writing the edition;
* ``changes``: the change log after editing one document in ten;
* ``card``: the A6 card, type size searched until it fits two pages.

    .venv/bin/python bench/practice.py              # 200 and 800 documents
    .venv/bin/python bench/practice.py --docs 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assemble import build  # noqa: E402

from briefing.book.editions import changes, publish  # noqa: E402
from briefing.book.items import add_item  # noqa: E402
from briefing.book.preflight import run_preflight  # noqa: E402
from briefing.book.sections import find_section  # noqa: E402
from briefing.library.figures import add_figure  # noqa: E402
from briefing.pdf.card import make_card  # noqa: E402

POINTS = "\n".join(f"- **Point {n}.** Keep the corridor tariffs on the agenda and ask for dates." for n in range(8))


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def run(n: int) -> None:
    store, book = build(n)
    first_doc = store.scalar("SELECT min(id) FROM documents")
    with store.atomic():
        add_figure(store, {"slug": "turnover", "label": "trade turnover", "value": 500, "unit": "USD million",
                           "as_of": "2022", "source_document_id": first_doc})
        add_figure(store, {"slug": "turnover-b", "label": "trade turnover", "value": 450, "unit": "USD million",
                           "as_of": "2022", "source_document_id": first_doc + 1})
    section = find_section(store, book, "talking-points") or find_section(store, book, "Blocks")
    add_item(store, section, "note", title="Talking points", body=POINTS)
    add_item(store, section, "block", block={"type": "figures", "figures": ["turnover", "turnover-b"]})
    problems, t_check = timed(lambda: run_preflight(store, book))
    _, t_publish = timed(lambda: publish(store, book))
    store.execute("UPDATE documents SET text = text || ' Amended.' WHERE id % 10 = 0")
    report, t_changes = timed(lambda: changes(store, book))
    with tempfile.TemporaryDirectory() as folder:
        card, t_card = timed(lambda: make_card(store, book, Path(folder) / "card.pdf"))
    print(
        f"{n:>6} documents  preflight {t_check:6.2f} s ({len(problems)} problems)  publish {t_publish:6.2f} s  "
        f"changes {t_changes:6.2f} s ({len(report['changed'])} changed)  card {t_card:5.2f} s "
        f"({card['pages']} pages, {card['font_size']:g} pt)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="*", default=[200, 800])
    for n in parser.parse_args().docs:
        run(n)


if __name__ == "__main__":
    main()
