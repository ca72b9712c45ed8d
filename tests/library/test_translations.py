"""Documents linked as translations of each other, and the importer's proposal of a link."""

from __future__ import annotations

import pytest

from briefing.errors import BriefingError, NotFound
from briefing.importing import import_paths
from briefing.library.documents import add_document
from briefing.library.opening import open_store
from briefing.library.translations import are_linked, link, proposals, translations_of, unlink

ENGLISH = """# Memorandum of understanding between the Government of the Republic of Kazakhstan and the Government of the Republic of Azerbaijan on cooperation in the field of culture

Baku, 12 March 2024

The Government of the Republic of Kazakhstan and the Government of the Republic of Azerbaijan, hereinafter the Parties,

Article 1. The Parties shall develop cooperation in culture.

Article 2. This Memorandum enters into force on signature.
"""
RUSSIAN = """# Меморандум о взаимопонимании между Правительством Республики Казахстан и Правительством Азербайджанской Республики о сотрудничестве в области культуры

Баку, 12 марта 2024 года

Правительство Республики Казахстан и Правительство Азербайджанской Республики, далее именуемые Сторонами,

Статья 1. Стороны развивают сотрудничество в области культуры.

Статья 2. Настоящий Меморандум вступает в силу с даты подписания.
"""


@pytest.fixture
def store(store_path):
    s = open_store(store_path)
    yield s
    s.close()


def _doc(store, title: str, language: str, **more) -> int:
    return add_document(store, {"kind": "agreement", "title": title, "text": title, "language": language, **more})


def test_link_unlink_and_list(store):
    a, b, c = _doc(store, "Agreement", "en"), _doc(store, "Соглашение", "ru"), _doc(store, "Келісім", "kk")
    assert link(store, b, a) == {"documents": [b, a], "linked": True}
    assert link(store, a, b)["linked"] is False  # once only
    link(store, a, c)
    assert [t["id"] for t in translations_of(store, a)] == [b, c]
    assert [t["id"] for t in translations_of(store, b)] == [a]
    assert are_linked(store, b, a) and not are_linked(store, b, c)
    assert unlink(store, b, a) and not unlink(store, b, a)
    assert not are_linked(store, a, b)


def test_a_link_must_join_two_languages(store):
    a, b = _doc(store, "Agreement", "en"), _doc(store, "Agreement, a copy", "en")
    with pytest.raises(BriefingError, match="itself"):
        link(store, a, a)
    with pytest.raises(BriefingError, match="both in en"):
        link(store, a, b)
    with pytest.raises(NotFound):
        link(store, a, 999)


def test_a_deleted_document_takes_its_links_with_it(store):
    a, b = _doc(store, "Agreement", "en"), _doc(store, "Соглашение", "ru")
    link(store, a, b)
    store.execute("DELETE FROM documents WHERE id = ?", [b])
    assert translations_of(store, a) == []


def test_the_import_proposes_two_versions_of_one_instrument(store, tmp_path):
    (tmp_path / "en.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "ru.md").write_text(RUSSIAN, encoding="utf-8")
    first = import_paths(store, [tmp_path / "en.md"])
    assert first.translations == []
    report = import_paths(store, [tmp_path / "ru.md"])
    (pair,) = report.translations
    en_id, ru_id = first.imported[0]["id"], report.imported[0]["id"]
    assert pair["documents"] == [en_id, ru_id] and pair["languages"] == ["en", "ru"]
    assert report.as_dict()["translations"] == [pair]
    assert f"briefing link-translation {en_id} {ru_id}" in report.summary()
    link(store, en_id, ru_id)
    assert proposals(store, [ru_id]) == []  # linked: no longer proposed


def test_no_proposal_for_another_instrument_date_or_parties(store):
    parties = [{"name": "Republic of Kazakhstan", "country": "KZ"}, {"name": "Republic of Azerbaijan", "country": "AZ"}]
    base = {"instrument": "memorandum", "date": "2024-03-12"}
    a = add_document(store, {"kind": "agreement", "title": "A", "text": "A", "language": "en", **base}, parties=parties)
    add_document(store, {"kind": "agreement", "title": "B", "text": "B", "language": "ru", **base, "date": "2024-03-13"},
                 parties=parties)
    add_document(store, {"kind": "agreement", "title": "C", "text": "C", "language": "ru", **base,
                         "instrument": "agreement"}, parties=parties)
    add_document(store, {"kind": "agreement", "title": "D", "text": "D", "language": "ru", **base}, parties=parties[:1])
    assert proposals(store, [a]) == []
    e = add_document(store, {"kind": "agreement", "title": "E", "text": "E", "language": "kk", **base}, parties=parties)
    assert [p["documents"] for p in proposals(store, [a])] == [[a, e]]
