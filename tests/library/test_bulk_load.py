import pytest

from briefing.errors import BriefingError
from briefing.library import search_index
from briefing.library.documents import add_document, add_documents
from briefing.library.search_index import reindex_document
from briefing.search import search

DOCS = [
    {
        "title": f"Note {n} on Tokayev",
        "text": "Токаев прибыл в Баку. Переговоры с Алиевым.",
        "date": f"2024-03-{n + 10:02d}",
        "parties": [{"name": "SOCAR", "country": "AZ"}],
        "speakers": ["Тоқаев"],
        "tags": ["energy", "visit"],
    }
    for n in range(7)
]


def index_rows(store):
    return store.db.execute(
        "SELECT rowid, title_fold, body_fold, title_key, body_key FROM search_index ORDER BY rowid"
    ).fetchall()


def test_bulk_load_indexes_like_one_by_one(store, tmp_path):
    calls = []
    ids = add_documents(store, DOCS, progress=lambda done, total: calls.append((done, total)), batch_size=3)
    assert len(ids) == 7 and calls == [(3, 7), (6, 7), (7, 7)]
    bulk = index_rows(store)
    for doc_id in ids:  # the way an edit reindexes: read back from the tables
        reindex_document(store, doc_id)
    assert index_rows(store) == bulk
    assert search(store, "Tokayev").total == 7
    assert search(store, "Socar").total == 7


def test_single_add_matches_bulk(store):
    doc = dict(DOCS[0])
    links = {k: doc.pop(k) for k in ("parties", "speakers", "tags")}
    doc_id = add_document(store, doc, **links)
    row = index_rows(store)[0]
    reindex_document(store, doc_id)
    assert index_rows(store)[0] == row


def test_a_bad_document_keeps_earlier_batches_only(store):
    docs = [*DOCS[:4], {"title": "", "text": "no title"}]
    with pytest.raises(BriefingError, match="title"):
        add_documents(store, docs, batch_size=2)
    assert store.scalar("SELECT count(*) FROM documents") == 4
    assert store.scalar("SELECT count(*) FROM search_index") == 4


def test_cancel_stops_between_batches(store):
    done = []
    ids = add_documents(store, DOCS, progress=lambda d, t: done.append(d), cancel=lambda: len(done) >= 1, batch_size=2)
    assert len(ids) == 2
    assert store.scalar("SELECT count(*) FROM documents") == 2


@pytest.mark.parametrize(
    "title, body",
    [
        ("Токаев в Баку", "Президент Тоқаев, Tokayev и TOKAYEV: Ильхам Әлиев. Şuşa! Şuşa? 2024 год 2024"),
        ("", "— ¿ ! only punctuation — and words words words words"),
        ("Oil oil OIL", "all all all all oil ・ 石油 石油 石油 石油"),
        ("snake_case_words", "under_score words_ here __ _x_ 1_000"),
        # letters that fold to nothing are indexed as a lone marker, never as a word
        ("ʼ ʼ", "ʼ word ʼ ʼ ʼ ʼ word"),
    ],
)
def test_index_rows_equal_the_plain_definitions(title, body, monkeypatch):
    # the fast path counts words before folding them; the plain one folds, then counts
    monkeypatch.setattr(search_index, "_FORMS_MAX", 3)  # the cache empties mid-document
    columns = search_index.search_columns(title, body)
    assert search_index.index_rows(title, body) == (columns, search_index.impact_marks(columns))
