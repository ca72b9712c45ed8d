"""Import: signed-document lists become agreement records, provisions stay addressable,
speakers are linked to people, and everything is linked to the event of its day."""

from __future__ import annotations

from pathlib import Path

from briefing.importing import import_paths, provisions
from briefing.importing.speakers import speakers
from briefing.importing.structure import parties_of, signed_documents
from briefing.library.documents import get_document
from briefing.library.events import add_event, get_event
from briefing.library.people import add_person

GOOD = Path(__file__).parent.parent / "fixtures" / "import" / "good"


def test_a_list_of_signed_documents_becomes_agreement_records_linked_to_article_and_event(store):
    event = add_event(store, {"title": "State visit to Uzbekistan", "start_date": "2022-12-21", "end_date": "2022-12-22"})
    report = import_paths(store, [GOOD / "web_copy_en.txt"])
    article_id = report.imported[0]["id"]
    derived = [d for d in report.derived if d["source_id"] == article_id]
    assert [d["instrument"] for d in derived] == ["treaty", "agreement", "memorandum", "action plan", "roadmap"]
    water = get_document(store, derived[1]["id"])
    assert water["kind"] == "agreement" and water["source_document_id"] == article_id
    assert water["date"] == "2022-12-22" and water["place"] == "Tashkent"
    assert [(p["name"], p["country"]) for p in water["parties"]] == [
        ("Government of the Republic of Kazakhstan", "KZ"),
        ("Government of the Republic of Uzbekistan", "UZ"),
    ]
    linked = {d["id"] for d in get_event(store, event)["documents"]}
    assert linked == {article_id, *(d["id"] for d in derived)}
    assert {d["id"] for d in get_document(store, article_id)["linked"]["derived"]} == {d["id"] for d in derived}


def test_an_instrument_listed_by_two_articles_is_stored_once(store, tmp_path):
    text = (GOOD / "web_copy_en.txt").read_text(encoding="utf-8")
    (tmp_path / "other.txt").write_text(text.replace("The talks covered", "Talks covered"), encoding="utf-8")
    first = import_paths(store, [GOOD / "web_copy_en.txt"])
    second = import_paths(store, [tmp_path / "other.txt"])
    assert len(second.imported) == 1
    assert [d["id"] for d in second.derived] == [d["id"] for d in first.derived]
    assert store.scalar("SELECT count(*) FROM documents WHERE kind = 'agreement'") == 5


def test_signed_lists_in_russian_and_azerbaijani(store):
    report = import_paths(store, [GOOD / "article_ru_koi8.txt", GOOD / "article_az.docx"])
    assert not report.rejected
    by_title = {d["title"]: d for d in report.derived}
    ru = next(d for t, d in by_title.items() if t.startswith("Меморандум о взаимопонимании"))
    assert ru["instrument"] == "memorandum"
    assert [p["country"] for p in get_document(store, ru["id"])["parties"]] == ["KZ", "AZ"]
    az = next(d for t, d in by_title.items() if t.endswith("Saziş"))
    assert az["instrument"] == "agreement"
    assert [p["country"] for p in get_document(store, az["id"])["parties"]] == ["AZ", "KZ"]
    assert {d["instrument"] for d in report.derived} >= {"agreement", "memorandum", "protocol"}


def test_parties_in_kazakh_word_order():
    parties = parties_of("Қазақстан Республикасының Үкіметі мен Әзербайжан Республикасының Үкіметі арасындағы келісім")
    assert [p["country"] for p in parties] == ["KZ", "AZ"]


def test_a_plain_numbered_list_is_not_a_list_of_signed_documents():
    text = "The minister named three priorities:\n\n1. Faster ferries\n2. Digital customs\n3. Shared berths\n"
    assert signed_documents(text) == []


def test_numbered_provisions_stay_addressable(store):
    report = import_paths(store, [GOOD / "joint_statement_az.md"])
    doc = get_document(store, report.imported[0]["id"])
    found = provisions(doc["text"])
    assert sorted(found) == [1, 2, 3, 4]
    assert found[1].startswith("Tərəflər strateji tərəfdaşlıq")
    assert "suverenliyinə" in found[1]  # the provision's second paragraph stays with it
    assert "tarif siyasəti" in found[3] and "tarif siyasəti" not in found[4]
    import markdown

    html = markdown.markdown(doc["text"])
    assert html.count("<ol>") == 1 and html.count("<li>") == 4


def test_transcript_speakers_are_linked_to_people_through_their_variants(store):
    tokayev = add_person(store, {"name": "Kassym-Jomart Tokayev", "variants": ["Токаев", "Тоқаев"]})
    aliyev = add_person(store, {"name": "Ilham Aliyev", "variants": ["İlham Əliyev"]})
    report = import_paths(store, [GOOD / "transcript_en.txt"])
    item = report.imported[0]
    assert (item["title"], item["kind"], item["date"]) == (
        "Press conference of the Presidents after the talks in Astana", "speech", "2023-04-10")
    doc = get_document(store, item["id"])
    assert [(s["name"], s["person_id"]) for s in doc["speakers"]] == [
        ("Kassym-Jomart Tokayev", tokayev), ("Ilham Aliyev", aliyev)]


def test_said_speakers_in_running_text():
    text = (
        "Welcoming the guests, President Kassym-Jomart Tokayev said:\n\n- Dear friends, welcome.\n\n"
        "“We will keep working together,” said President Ilham Aliyev.\n\n"
        "Министр иностранных дел Мурат Нуртлеу заявил: «Работа продолжится».\n\n"
        "Cooperation: the sides discussed transport."
    )
    assert speakers(text) == ["Kassym-Jomart Tokayev", "Ilham Aliyev", "Мурат Нуртлеу"]


def test_an_instrument_already_in_the_library_under_its_title_is_linked_not_copied(store):
    from briefing.library.documents import add_document

    title = "Agreement between the Government of the Republic of Kazakhstan and the Government of the Republic of " \
        "Uzbekistan on the management of transboundary water resources"
    existing = add_document(store, {"kind": "agreement", "title": title, "text": "The full text, as signed."})
    report = import_paths(store, [GOOD / "web_copy_en.txt"])
    assert existing in [d["id"] for d in report.derived]
    assert store.scalar("SELECT count(*) FROM documents WHERE title = ?", [title]) == 1


def test_a_statements_own_provisions_are_not_agreement_records(store):
    """Points that mention "the Agreement on..." or "Договору..." (and "договорились", agreed)
    are the statement's provisions, under its own signing formula, not signed documents."""
    report = import_paths(store, [GOOD / "statement_points_en.txt", GOOD / "statement_points_ru.txt"])
    assert [item["kind"] for item in report.imported] == ["joint-statement", "joint-statement"]
    assert report.derived == []
    assert store.scalar("SELECT count(*) FROM documents WHERE kind = 'agreement'") == 0


def test_signed_lists_need_signing_words_or_items_named_as_instruments():
    signed = signed_documents(
        "Келесі құжаттарға қол қойылды:\n\n"
        "1. Қазақстан Республикасының Үкіметі мен Әзербайжан Республикасының Үкіметі арасындағы көлік туралы келісім\n"
        "2. Мәдениет министрліктері арасындағы ынтымақтастық бағдарламасы\n"
    )
    assert [d.instrument for d in signed] == ["agreement", "programme"]
    unintroduced = signed_documents(
        "Outcomes\n\n- Joint Action Plan for 2025–2027\n- Agreement on air services between the two governments\n"
        "- Memorandum of understanding on tourism\n"
    )
    assert [d.instrument for d in unintroduced] == ["action plan", "agreement", "memorandum"]
    mentions = signed_documents(
        "Priorities for the year:\n\n- Implementing the Agreement on air services\n"
        "- Welcoming the Memorandum on tourism\n- Договориться о тарифах\n"
    )
    assert mentions == []


def test_treaty_words_in_russian_leave_agreed_alone():
    from briefing.importing.structure import instrument_type

    assert instrument_type("Договор о стратегическом партнерстве") == "treaty"
    assert instrument_type("Протокол к Договору о границе") == "protocol"
    assert instrument_type("Стороны договорились о тарифах") is None


def test_instruments_already_in_the_library_are_linked_to_the_new_article(store):
    from briefing.library.documents import add_document

    ferry = (
        "Agreement between the Ministry of Transport of the Republic of Kazakhstan and the Ministry of Digital "
        "Development and Transport of the Republic of Azerbaijan on a common ferry timetable"
    )
    customs = (
        "Memorandum of understanding between the customs services of the Republic of Kazakhstan and the Republic "
        "of Azerbaijan on joint inspection of ferry cargo"
    )
    earlier = add_document(store, {"kind": "article", "title": "Ferry talks in Kuryk", "text": "Talks were held."})
    visit = add_event(store, {"title": "Transport talks in Kuryk", "start_date": "2024-10-13"})
    full_text = add_document(store, {"kind": "agreement", "title": ferry, "text": "The full text, as signed."})
    listed = add_document(
        store, {"kind": "agreement", "title": customs, "text": customs, "source_document_id": earlier}
    )
    from briefing.library.events import link_document

    link_document(store, visit, listed)
    report = import_paths(store, [GOOD / "signed_again_en.txt"])
    article = report.imported[0]["id"]
    assert [(d["id"], d["reused"]) for d in report.derived][:2] == [(full_text, True), (listed, True)]
    assert report.derived[2]["reused"] is False
    assert store.scalar("SELECT count(*) FROM documents WHERE kind = 'agreement'") == 3
    doc = get_document(store, article)
    # the full text had no source: the article becomes it; the one an earlier article listed keeps that
    # article as its source, and the new article joins the event it was signed at
    assert {d["id"] for d in doc["linked"]["derived"]} == {full_text, report.derived[2]["id"]}
    assert get_document(store, listed)["source_document_id"] == earlier
    assert [e["id"] for e in doc["linked"]["events"]] == [visit]
    assert report.summary() == (
        "Imported 1 (and 3 signed documents listed in them, 2 of them already in the library and now linked), "
        "0 duplicates, 0 rejected."
    )


def _aliyevs(store):
    ilham = add_person(store, {"name": "Ilham Aliyev", "variants": ["Ильхам Алиев", "Алиев"]})
    heydar = add_person(store, {"name": "Heydar Aliyev", "role": "President of Azerbaijan (1993–2003)",
                                "variants": ["Гейдар Алиев", "Алиев"]})
    tokayev = add_person(store, {"name": "Kassym-Jomart Tokayev", "variants": ["Токаев", "Касым-Жомарт Токаев"]})
    return ilham, heydar, tokayev


def test_a_speech_title_names_its_speaker(store):
    _, _, tokayev = _aliyevs(store)
    report = import_paths(store, [GOOD / "speech_title_en.txt"])
    doc = get_document(store, report.imported[0]["id"])
    assert (doc["kind"], doc["date"], doc["place"]) == ("speech", "2024-09-20", "Aktau")
    assert [(s["name"], s["person_id"]) for s in doc["speakers"]] == [("Kassym-Jomart Tokayev", tokayev)]


def test_a_bare_surname_shared_by_two_people_is_settled_by_the_text_or_the_date(store):
    ilham, heydar, tokayev = _aliyevs(store)
    report = import_paths(store, [GOOD / "press_statements_ru.txt"])
    doc = get_document(store, report.imported[0]["id"])
    assert [(s["name"], s["person_id"]) for s in doc["speakers"]] == [("Токаев", tokayev), ("Алиев", ilham)]

    from briefing.library.people import list_people, match_person

    people = list_people(store)
    assert match_person(store, "Алиев", people) is None  # nothing to go on
    assert match_person(store, "Алиев", people, date="2024-03-12") == ilham  # Heydar Aliyev left office in 2003
    assert match_person(store, "Aliyev", people, date="1998-05-01", text="Aliyev: Thank you.") is None
    assert match_person(store, "Алиев", people, text="Выступил Гейдар Алиев.\n\nАлиев: Спасибо.") == heydar


def test_titled_speakers_with_words_before_the_verb():
    text = (
        "Президент Касым-Жомарт Токаев на расширенной встрече делегаций заявил:\n\n– Уважаемые коллеги!\n\n"
        "President Ilham Aliyev, opening the session, said: we are ready.\n\n"
        "The Minister said: the ferries will run daily."
    )
    assert speakers(text) == ["Касым-Жомарт Токаев", "Ilham Aliyev"]


def test_parties_of_two_states_joined_by_and():
    en = parties_of(
        "Decision of the first meeting of the Supreme Interstate Council of the Republic of Kazakhstan "
        "and the Republic of Azerbaijan"
    )
    assert [(p["name"], p["country"]) for p in en] == [("Republic of Kazakhstan", "KZ"), ("Republic of Azerbaijan", "AZ")]
    ru = parties_of("Решение заседания Высшего межгосударственного совета Республики Казахстан и Азербайджанской Республики")
    assert [p["country"] for p in ru] == ["KZ", "AZ"]
    assert parties_of("Memorandum on cooperation in culture and education") == []


def test_derived_agreements_take_the_place_of_the_linked_event(store):
    add_event(store, {"title": "Summit in Samarkand", "start_date": "2022-12-22", "place": "Samarkand"})
    report = import_paths(store, [GOOD / "web_copy_en.txt"])
    article = get_document(store, report.imported[0]["id"])
    assert article["place"] == "Tashkent"  # the article's dateline
    assert {get_document(store, d["id"])["place"] for d in report.derived} == {"Samarkand"}
