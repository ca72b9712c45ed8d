"""Snippets marked from the indexed words equal snippets of words matched afresh, whatever the text.

The indexed body holds the summary's words, the text's, then those of the
place, parties, speakers and tags; a snippet read from it finds only its
window's words in the text, so the text's end and the words after it must
come out exactly as when every word is read.
"""

import random

import pytest

from briefing.library.documents import add_documents
from briefing.search import parse_query
from briefing.search.snippets import SNIPPET_WORDS, matcher, snippet_of

WORDS = ["Baku", "Астана", "oil", "pipeline", "the", "and", "Tokayev", "Aliyev", "ь", "grain", "corridor", "—", "2024"]


def _text(rng, n):
    words = rng.choices(WORDS, k=n)
    return " ".join(w + rng.choice(["", "", ",", ".", " |", " **"]) for w in words)


@pytest.fixture
def rows(store):
    rng = random.Random(11)
    docs = []
    for n in range(150):
        length = rng.choice([0, 1, 5, SNIPPET_WORDS - 1, SNIPPET_WORDS, SNIPPET_WORDS + 1, 40, 90, 300])
        docs.append(
            {
                "title": f"Document {n}",
                "summary": _text(rng, rng.choice([1, 4, 12, 35])) if rng.random() < 0.4 else None,
                "text": _text(rng, length),
                "place": rng.choice([None, "Baku", "Astana oil"]),
                "parties": [{"name": "Tokayev pipeline", "country": "KZ"}] if rng.random() < 0.3 else [],
                "tags": ["oil"] if rng.random() < 0.3 else [],
            }
        )
    add_documents(store, docs)
    return store.rows(
        "SELECT d.id, d.summary, d.text, s.body_fold, s.body_key FROM documents d JOIN search_index s ON s.rowid = d.id"
    )


@pytest.mark.parametrize(
    "query", ["Baku", "oil", "Tokayev", "pipe*", '"oil pipeline"', "grain corridor", "2024", "zzz"]
)
def test_a_snippet_from_the_index_is_the_snippet_of_the_words(rows, query):
    matches = matcher(parse_query(query).terms)
    for row in rows:
        assert snippet_of(row, matches, (row["body_fold"], row["body_key"])) == snippet_of(row, matches), row["id"]


def test_an_index_row_out_of_step_is_not_trusted(rows):
    matches = matcher(parse_query("oil").terms)
    row = next(r for r in rows if r["text"].count(" ") > 60)
    stale = ("_nothing " * 200).strip(), ("nathang " * 200).strip()
    assert snippet_of(row, matches, stale) == snippet_of(row, matches)
