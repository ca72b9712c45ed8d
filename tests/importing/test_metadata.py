"""Import: dates, languages, titles, leftovers and kinds, on small texts written here."""

from __future__ import annotations

import pytest

from briefing.importing.cleanup import drop_leftovers, is_leftover
from briefing.importing.dates import find_dates, parse_date
from briefing.importing.kinds import detect_kind
from briefing.importing.language import detect_language
from briefing.importing.metadata import analyse
from briefing.importing.source import Extracted


@pytest.mark.parametrize(
    "text, date",
    [
        ("Astana, Kazakhstan • 12 March, 2024 | 17:33", "2024-03-12"),
        ("signed on April 10, 2023 in Astana", "2023-04-10"),
        ("10 Apr. 2023", "2023-04-10"),
        ("2024-05-14T09:20:00+05:00", "2024-05-14"),
        ("Астана, 3 октября 2023 года.", "2023-10-03"),
        ("от 24.08.2022 г.", "2022-08-24"),
        ("2023 жылғы 12 сәуірде", "2023-04-12"),
        ("Ақтау, 2023 жылғы 1 қыркүйек", "2023-09-01"),
        ("12 aprel 2023-cü il", "2023-04-12"),
        ("2024-cü il martın 12-də", "2024-03-12"),
        ("12 mart 2024", "2024-03-12"),
    ],
)
def test_dates_in_four_languages(text, date):
    assert [f.date for f in find_dates(text)] == [date]


@pytest.mark.parametrize("text", ["31.02.2024", "Market 12, 2024", "12 May", "in 2024", "page 12 of 2024"])
def test_not_dates(text):
    assert list(find_dates(text)) == []


def test_parse_date_keeps_partial_dates():
    assert parse_date("2024") == "2024"
    assert parse_date("2024-03") == "2024-03"
    assert parse_date("12 March 2024") == "2024-03-12"
    assert parse_date("soon") is None


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The ministers agreed on a timetable for the ferries between the two ports.", "en"),
        ("Министры договорились о расписании паромов между двумя портами на Каспии.", "ru"),
        ("Министрлер екі порт арасындағы паромдардың кестесі туралы уағдаласты.", "kk"),
        ("Nazirlər iki liman arasında bərələrin cədvəli barədə razılığa gəliblər.", "az"),
        ("Bakanlar iki liman arasındaki feribot tarifesi konusunda anlaştı ve bu çok önemli.", "tr"),
        ("12345 67890", None),
    ],
)
def test_language_by_letters_and_words(text, lang):
    assert detect_language(text) == lang


def test_a_russian_text_quoting_one_kazakh_word_stays_russian():
    text = "Министры обсудили проект «Қазақстан темір жолы» и договорились о тарифах на перевозку грузов. " * 3
    assert detect_language(text) == "ru"


@pytest.mark.parametrize(
    "line",
    ["Back to top", "Follow us on Telegram", "Gallery", "Фотогалерея", "Наверх", "Share this article:",
     "Facebook Twitter Telegram", "Site Logo", "© 2024 Agency. All rights reserved.", "4 min read",
     "Только 30% статьи может быть использовано. При использовании материалов гиперссылка обязательна.",
     "We use cookies to improve your experience.", "Читайте также:", "Bizi izləyin", "Tags: transport, Caspian"],
)
def test_leftover_lines(line):
    assert is_leftover(line)


@pytest.mark.parametrize(
    "line",
    ["The ministers signed a memorandum on copyright protection in the digital economy.",
     "Memorandum of cooperation in the field of copyright and related rights",
     "The agency shared photos of the ceremony on Facebook and Telegram later that day, officials said."],
)
def test_sentences_that_mention_such_words_stay(line):
    assert not is_leftover(line)


def test_lone_site_name_at_the_end_goes():
    assert drop_leftovers("Para one.\n\nPara two ends here.\n\nSiteName\n") == "Para one.\n\nPara two ends here."


def meta(text: str, **hints):
    return analyse(Extracted(text=text, format=hints.pop("format", "text"), **hints), text)


def test_a_weekday_stamp_above_the_headline_is_not_the_date():
    m = meta(
        "Wednesday, 22 May 2024\nRegional Review\n\nPorts agree on shared berth rules for ferries\n\n"
        "Officials from both ports met on Monday to agree common rules for allocating berths to ferries, "
        "a change that shipping lines have long requested. The rules were adopted on 20 May 2024."
    )
    assert m.title == "Ports agree on shared berth rules for ferries"
    assert m.date == "2024-05-20"


def test_a_labelled_publication_date_wins_over_a_retrieval_date():
    m = meta(
        "Saved 30.05.2024\nPorts agree on shared berth rules\nPublished: 20 May 2024\n\n"
        "Officials from both ports met to agree common rules for allocating berths to ferries, "
        "a change that shipping lines have long requested for many years now."
    )
    assert (m.title, m.date) == ("Ports agree on shared berth rules", "2024-05-20")
    assert "Published" not in m.body and "Saved" not in m.body


def test_breadcrumb_copy_of_the_headline_and_site_tagline():
    m = meta(
        "Your Daily Window on the Steppe\n1. Home\n2. Economy\n3. Grain exports reach a record\n"
        "Almaty, Kazakhstan • 4 January, 2024 | 09:10\n\nGrain exports reach a record\n\n"
        "Exports of grain and flour reached a record last season, according to the ministry of agriculture, "
        "with most shipments going to Central Asia and the Caspian region."
    )
    assert (m.title, m.date, m.place) == ("Grain exports reach a record", "2024-01-04", "Almaty")
    assert m.body.startswith("Exports of grain")


def test_by_line_and_reporter():
    m = meta(
        "Grain exports reach a record\nBy Aigerim Nurlanova\n12 January 2024\n\n"
        "Exports of grain reached a record last season, Steppe Wire reports, citing the ministry of agriculture."
    )
    assert (m.author, m.publisher, m.date) == ("Aigerim Nurlanova", "Steppe Wire", "2024-01-12")
    assert "By Aigerim" not in m.body


def test_media_markers_and_site_name_come_off_a_title():
    m = meta("Body text that is long enough to be a paragraph of its own, more or less.",
             format="html", title="Leaders open the new bridge PHOTO/VIDEO | Steppe Wire", publisher="Steppe Wire")
    assert m.title == "Leaders open the new bridge"


@pytest.mark.parametrize(
    "title, text, kind",
    [
        ("Joint Statement of the Presidents", "1. The Parties ...", "joint-statement"),
        ("Совместное заявление глав государств", "1. Стороны ...", "joint-statement"),
        ("Talks in Astana", "Long text.\n\nThis Joint Statement was signed in Astana on 10 April 2023.", "joint-statement"),
        ("Agreement on air services", "Article 1\nThe Contracting Parties grant each other...", "agreement"),
        ("Қазақстан мен Әзербайжан арасындағы әуе қатынасы туралы келісім", "1-бап\nТараптар ...", "agreement"),
        ("Hava nəqliyyatı haqqında Saziş", "Maddə 1\nTərəflər ...", "agreement"),
        ("Speech by the Foreign Minister at the forum", "Dear colleagues...", "speech"),
        ("Выступление министра на форуме", "Уважаемые коллеги...", "speech"),
        ("Agreement reached on ferry fees", "Ports agreed fees on Monday, officials said.", "article"),
        ("Ports agree on fees", "Officials met on Monday and agreed the fees.", "article"),
    ],
)
def test_kinds(title, text, kind):
    assert detect_kind(title, text) == kind


@pytest.mark.parametrize(
    "line, date_only",
    [
        ("Astana, Kazakhstan • 12 March, 2024 | 17:33", True),
        ("Wednesday, 22 May 2024", True),
        ("Published: 20 May 2024", True),
        ("Last updated on 12 May 2024, 09:10", True),
        ("12 декабря 2024, 14:35", True),
        ("Среда, 12 декабря 2024 г.", True),
        ("Minister's remarks – Brussels, 3 May 2024", False),
        ("Стенограмма брифинга, Баку, 12 марта 2024 года", False),
        ("Talks on ferries, 2 July 2024", False),
    ],
)
def test_date_lines_and_headlines_with_a_date(line, date_only):
    from briefing.importing.datelines import is_date_only as _is_date_only

    assert _is_date_only(line) is date_only


def test_a_lead_title_stops_at_the_blank_line():
    m = meta("The Minister of Transport said:\n\nThank you all for coming to Aktau today, it is good to see you.")
    assert m.title == "The Minister of Transport said:"
