"""An addendum's replacement sheet reprints everything that was on the pages it replaces, so that the
reader can take the old pages out: the changed item and the unchanged ones sharing its pages, with a
bar beside what changed only."""

from __future__ import annotations

import json

from pypdf import PdfReader

from briefing.book.editions import edition_pages

BAR = b".545098 .101961 .101961 RG\n2 w"  # a change bar (see test_addendum)
CHANGED = "Memorandum on digital cooperation (revised text)"


def test_a_replacement_sheet_reprints_all_that_was_on_its_pages(run_cli, sample_path, sample_store, tmp_path):
    def run(*args):
        result = run_cli("--store", sample_path, *args)
        assert result.exit_code == 0, result.output
        return result

    run("export", "1", "-o", tmp_path / "edition-1.pdf", "--force")
    run("book", "publish", "1")
    pages = edition_pages(sample_store, 1, 1, "full")
    shown = json.loads(run("book", "show", "1", "--json").stdout)
    agreements = next(s for s in shown["sections"] if s["title"] == "Agreements to be signed")["items"]
    titles = {i["id"]: " ".join((i["title"] or i.get("document_title") or "").split()) for i in agreements}
    # an agreement over two pages or more, sharing its first and its last with other items
    target = next(i["id"] for i in agreements if i["kind"] == "document" and pages[i["id"]][0] < pages[i["id"]][1]
                  and any(pages[o][1] == pages[i["id"]][0] for o in titles if o != i["id"])
                  and any(pages[o][0] == pages[i["id"]][1] for o in titles if o != i["id"]))
    run("book", "set-item", "1", str(target), "--title", CHANGED)

    # what the sheet must replace: the target's pages, widened until no item on them runs beyond
    first, last = pages[target]
    while True:
        on = [i for i, (a, b) in pages.items() if a <= last and b >= first]
        wider = (min(pages[i][0] for i in on), max(pages[i][1] for i in on))
        if wider == (first, last):
            break
        first, last = wider
    assert last > first and len(on) >= 3

    out = tmp_path / "addendum.pdf"
    run("export", "1", "--addendum", "-o", out, "--force")
    reader = PdfReader(out)
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = " ".join(texts)
    assert (f"Replaces pages {first}\u2013{last} of edition 1: take them out and put these pages in their place. "
            f"They reprint all that was printed there, as it stands now ({len(on)} items: 1 changed, "
            f"{len(on) - 1} as before)") in text
    for item in on:  # every item that was on those pages, the unchanged ones too
        expected = CHANGED if item == target else titles[item]
        assert expected[:60] in text, expected
    outside = [i for i in titles if i not in on and pages.get(i) and titles[i]]
    assert outside and not any(titles[i][:60] in text for i in outside)  # nothing beyond those pages

    # the bar marks the changed item only
    sheet = [n for n, t in enumerate(texts) if n > 2]
    barred = [n for n in sheet if BAR in reader.pages[n].get_contents().get_data()]
    assert barred and all(CHANGED in texts[n] or n - 1 in barred for n in barred)
    assert any(BAR not in reader.pages[n].get_contents().get_data() for n in sheet)
