"""Import quality on the held-out corpora (tests/fixtures/realworld_heldout and realworld_heldout2), and the
mechanisms the first one's misses showed (the second's are in test_heldout2_mechanisms.py).

Those corpora were written without reading the importer's rules, so their score is
the measure of how the importer does on pages it was not tuned on; the floors
stand under what it reaches (bench/import_quality.py --corpus prints every
miss). The other tests pin, on small texts written here, each general
mechanism a miss led to.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from briefing.importing.datelines import read_dateline
from briefing.importing.places import signing_place

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "realworld_heldout"
# floors under what the importer reaches (100 % of 615 checks when this was written; 95.0 % before
# the fixes it led to): a change that makes the importer generalise worse fails here
OVERALL = 0.95
PER_FIELD = 0.90
PER_FORMAT = 0.90
# a second corpus written later, without reading the importer's rules, in shapes the first lacks
# (legacy encodings, government portals, laws, UN and OSCE documents, letters, signed texts, tables
# of signed documents, interviews): 88.0 % of its 551 checks at first, 99.5 % after the fixes it led to
CORPUS2 = ROOT / "tests" / "fixtures" / "realworld_heldout2"
OVERALL2 = 0.95


def _quality():
    spec = importlib.util.spec_from_file_location("import_quality", ROOT / "bench" / "import_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_quality"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("corpus", [CORPUS, CORPUS2], ids=["heldout", "heldout2"])
def test_a_held_out_corpus_has_forty_documents_or_more_in_every_format_and_language(corpus):
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    assert len(expected) >= 40
    assert {Path(name).suffix for name in expected} >= {".txt", ".md", ".html", ".pdf", ".docx"}
    assert {entry["language"] for entry in expected.values()} == {"en", "ru", "kk", "az"}
    for name in expected:
        assert (corpus / name).is_file(), name


@pytest.mark.parametrize(("corpus", "overall"), [(CORPUS, OVERALL), (CORPUS2, OVERALL2)], ids=["heldout", "heldout2"])
def test_the_importer_generalises_to_the_held_out_corpora(corpus, overall):
    score = _quality().evaluate(corpus)
    assert score.overall >= overall, "\n".join(score.misses)
    for field in score.total:
        assert score.field_accuracy(field) >= PER_FIELD, (field, [m for m in score.misses if f": {field}:" in m])
    for fmt in score.format_total:
        assert score.format_accuracy(fmt) >= PER_FORMAT, (fmt, score.misses)


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("BAKU, Azerbaijan, April 10. By Trend", "Baku", None),
        ("БАКУ /Trend/ – Транспортные ведомства двух стран", "Баку", "Trend"),
        ("ASTANA (Reuters) — The ministers met", "Astana", "Reuters"),
        ("Бакы, 10 апрел 2023. Азәрбајҹан вә Газахыстан", "Бакы", None),
    ],
)
def test_datelines_with_a_country_or_an_agency_tag_give_the_place(line, place, agency):
    dateline = read_dateline(line)
    assert dateline is not None and dateline.place == place and dateline.agency == agency


def test_a_signing_clause_that_opens_its_sentence_gives_the_place():
    assert signing_place("Article 3\n\nDone at Baku on 12 March 2024 in two originals.") == "Baku"
    assert signing_place("Done in Astana on 10 April 2023, each in the Kazakh language.") == "Astana"
    assert signing_place("The work was done in time and signed in full.") is None


def test_azerbaijani_in_cyrillic_is_azerbaijani_not_kazakh():
    from briefing.importing.language import detect_language

    assert detect_language("Азәрбајҹан вә Газахыстан Хәзәр дәнизинин дибиндән кечәҹәк хәттин чәкилмәси үзрә ишләри") == "az"
    assert detect_language("Қазақстан мен Әзірбайжанның көлік ведомстволары паром рейстерінің санын арттырады") == "kk"
    assert detect_language("Министры встретились в Белграде и обсудили сотрудничество двух стран в энергетике") == "ru"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("⚡️ Казахстан и Азербайджан подписали 14 документов", "Казахстан и Азербайджан подписали 14 документов"),
        ("🇦🇿🇰🇿 Bakıda Şuranın ilk iclası keçirildi 🔥", "Bakıda Şuranın ilk iclası keçirildi"),
        ("# SOCAR и КазМунайГаз договорились о транзите нефти — ТАСС", "SOCAR и КазМунайГаз договорились о транзите нефти"),
        ("Ministers discuss ferry tariffs in Baku | Report.az", "Ministers discuss ferry tariffs in Baku"),
        ("Kazakhstan and Azerbaijan — EU", "Kazakhstan and Azerbaijan — EU"),
    ],
)
def test_a_headline_loses_its_emoji_and_a_clipped_site_name(raw, title):
    from briefing.importing.titles import clean_title

    assert clean_title(raw) == title


def test_a_date_line_with_a_time_zone_is_a_date_line():
    from briefing.importing.datelines import is_date_only

    assert is_date_only("10 April 2023 16:42 (UTC +04:00)")
    assert is_date_only("12 марта 2024, 18:20 GMT+5")
    assert not is_date_only("Ministers met on 10 April 2023 to discuss the route")


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Joint Statement of the Presidents of Kazakhstan and Azerbaijan", "joint-statement"),
        ("Совместное заявление министров иностранных дел", "joint-statement"),
        ("Қазақстан мен Әзірбайжан Президенттерінің Бірлескен мәлімдемесі", "joint-statement"),
        ("Azərbaycan ilə Qazaxıstanın Birgə Bəyanatı", "joint-statement"),
        ("Kazakhstan–Azerbaijan Joint Declaration", "joint-statement"),
        ("Aliyev official visit to Astana – joint statement adopted", "article"),
        ("Presidents adopt joint statement on the Caspian", "article"),
    ],
)
def test_a_title_is_a_joint_statement_only_when_it_names_the_statement_itself(title, kind):
    from briefing.importing.kinds import detect_kind

    assert detect_kind(title, "The two presidents met in Astana and discussed trade and transit.") == kind


def test_an_interview_is_known_by_its_questions_and_answers():
    from briefing.importing.kinds import detect_kind

    qa = "\n\n".join(
        f"**— {q}?**\n\n— The answer is about ports, tariffs and ferries, and it takes a sentence or two."
        for q in ("What did the meeting decide", "Where is the bottleneck today", "Will cargo owners trust the route")
    )
    assert detect_kind("Yerkin Tukumov: «The Middle Corridor is our common project»", qa) == "speech"
    one = "Why does the corridor matter?\n\nBecause trade is growing quickly between the two shores of the sea."
    assert detect_kind("The Caspian corridor explained", one) == "article"


@pytest.mark.parametrize(
    "line",
    [
        "👉 Подписаться на Каспий Ньюс",
        "Kanalımıza abunə olun 👉 t.me/xeberkanal",
        "👁 12.4K",
        "#Казахстан #Азербайджан #Токаев",
        "Print version | Back to the list",
        "> ## Excerpt",
        "Пікір қалдыру үшін жүйеге кіріңіз",
        "Leave a Reply",
        "Һәмчинин охујун: Ахтауда јени терминал ачылыб",
    ],
)
def test_channel_calls_hashtags_counts_and_menus_of_menu_words_are_dropped(line):
    from briefing.importing.cleanup import is_leftover

    assert is_leftover(line)


@pytest.mark.parametrize(
    "line",
    [
        "#1 priority for both governments is the Middle Corridor, the minister said in Baku.",
        "Trade grew to 12.4 billion tenge | a record for the port",
        "Press service of the ministers and the delegations met in Aktau to sign the plan.",
    ],
)
def test_sentences_that_look_like_those_lines_stay(line):
    from briefing.importing.cleanup import is_leftover

    assert not is_leftover(line)


def test_other_stories_with_their_dates_go_with_the_list_head_and_a_possessive_bio_goes():
    from briefing.importing.cleanup import drop_leftovers

    text = (
        "The ministers agreed on tariffs for the ferry line between the two ports of the Caspian Sea.\n\n"
        "Related news\n"
        "Aktau port handles record cargo in the first quarter of the year - 08 April 2023 11:20\n"
        "SOCAR, KazMunayGas review joint projects - 05 April 2023 09:05\n\n"
        "Marat Seitkali is the Herald's technology correspondent in Almaty."
    )
    kept = drop_leftovers(text)
    assert kept == "The ministers agreed on tariffs for the ferry line between the two ports of the Caspian Sea."


def test_a_notion_export_loses_its_properties_and_keeps_its_date():
    from briefing.importing.text import read_markdown

    page = (
        "# Expert council meets in Baku\n\nCreated: 25 January 2023 16:02\nДата: 19 августа 2022 г.\n"
        "Status: Done\n\nBaku, 19 August 2022. The expert council met ahead of the visit.\n"
    )
    source = read_markdown(page.encode())
    assert source.date == "19 августа 2022 г."
    assert "Created" not in source.text and "Status" not in source.text
    assert source.text.startswith("# Expert council meets in Baku\n\nBaku, 19 August 2022.")
    two = "# Title\n\nAstana: the talks went well.\nBaku: so did the signing.\n\nMore text.\n"
    assert read_markdown(two.encode()).text == two.strip()


def test_a_web_clip_takes_its_published_date_and_source_never_the_day_it_was_clipped():
    from briefing.importing.text import read_markdown

    clip = (
        '---\ntitle: "Talks in Baku - APA"\nsource: "https://apa.example/1"\npublished: 2022-08-24\n'
        "created: 2023-01-15\n---\n# Talks in Baku\n\nThe ministers met.\n"
    )
    source = read_markdown(clip.encode())
    assert source.date == "2022-08-24" and source.url == "https://apa.example/1"
    clipped_only = '---\ntitle: "Talks"\ncreated: 2023-01-15\n---\n# Talks\n\nThe ministers met.\n'
    assert read_markdown(clipped_only.encode()).date is None
