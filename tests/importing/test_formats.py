"""Import: each format read into clean Markdown with its metadata (files in tests/fixtures/import/good)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.importing import prepare
from briefing.importing.text import decode

GOOD = Path(__file__).parent.parent / "fixtures" / "import" / "good"


def doc_of(name: str) -> dict:
    return prepare(GOOD / name).doc


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Министерство иностранных дел сообщает о консультациях по транспорту и логистике.", "cp1251"),
        ("Министерство иностранных дел сообщает о консультациях по транспорту и логистике.", "koi8_r"),
        ("The ministers’ café meeting — “a success” — was held in Astana.", "cp1252"),
        ("Қазақстан мен Әзербайжан арасындағы ынтымақтастық туралы келісім.", "utf-16"),
        ("Azərbaycan və Qazaxıstan arasında əməkdaşlıq haqqında saziş imzalanıb.", "utf-8"),
        ("Azərbaycan və Qazaxıstan arasında əməkdaşlıq.", "utf-8-sig"),
        ("Қазақстан мен Әзербайжан арасындағы ынтымақтастық.", "utf-16-le"),
    ],
)
def test_encodings_are_detected_without_mojibake(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_html_page_keeps_the_article_and_drops_the_page_furniture():
    doc = doc_of("news_page_en.html")
    text = doc["text"]
    assert doc["title"] == "Caspian ministers agree ferry timetable for the Middle Corridor"
    assert doc["date"] == "2024-05-14"  # published, not the "today" in the header (21 May)
    assert doc["author"] == "Dana Serikova"
    assert doc["publisher"] == "Steppe Courier"
    assert doc["place"] == "Aktau"
    assert doc["language"] == "en"
    assert doc["url"].endswith("caspian-ferry-timetable")
    assert "four ferries a week" in text and "congestion in the ports" in text
    for furniture in ("cookies", "Share on Facebook", "Related articles", "Kuryk port", "newsletter",
                      "All rights reserved", "Back to top", "Privacy policy", "Politics", "track(", "dataLayer"):
        assert furniture not in text, furniture


def test_html_in_a_legacy_encoding_with_a_site_name_title():
    doc = doc_of("press_release_ru.html")
    assert doc["title"] == "О консультациях по консульским вопросам между министерствами иностранных дел"
    assert doc["date"] == "2023-10-03"
    assert doc["language"] == "ru"
    assert doc["place"] == "Астана"
    assert "упрощение порядка выдачи виз" in doc["text"]
    for furniture in ("Пресс-центр", "Пресс-релизы", "Поделиться", "Фотогалерея", "Наверх", "обязательна"):
        assert furniture not in doc["text"], furniture


def test_plain_text_copy_of_a_web_page_loses_its_leftovers():
    doc = doc_of("web_copy_en.txt")
    text = doc["text"]
    assert doc["title"] == "Kazakhstan and Uzbekistan Sign Nine Documents in Tashkent"
    assert doc["date"] == "2022-12-22"  # not the retrieval date at the top
    assert doc["place"] == "Tashkent"
    assert doc["publisher"] == "Caspian Herald"
    for leftover in ("Logo", "icon", "Follow us", "Gallery", "Back to top", "All rights reserved",
                     "Re-publication", "min read", "Retrieved", "Home", "CaspianHerald"):
        assert leftover not in text, leftover
    assert text.startswith("The two presidents opened a new chapter")


def test_koi8_text_with_a_dateline_and_agency():
    doc = doc_of("article_ru_koi8.txt")
    assert doc["title"] == "Казахстан и Азербайджан подписали пакет документов о транспорте"
    assert (doc["date"], doc["place"], doc["publisher"], doc["language"]) == ("2024-03-15", "Астана", "Степь-Информ", "ru")
    assert "Главная" not in doc["text"] and "гиперссылка" not in doc["text"] and "Поделиться" not in doc["text"]


def test_utf16_kazakh_text():
    doc = doc_of("article_kk_utf16.txt")
    assert doc["title"] == "Ақтау портында жаңа паром терминалы ашылды"
    assert (doc["date"], doc["language"], doc["place"]) == ("2023-04-12", "kk", "Ақтау")


def test_cp1252_text_keeps_its_typography():
    doc = doc_of("note_en_cp1252.txt")
    assert "ministers’ teams" in doc["text"] and "“first come, first served”" in doc["text"]
    assert "café" in doc["text"] and "\r" not in doc["text"]
    assert (doc["title"], doc["date"]) == ("Note on the Caspian ferry talks", "2024-02-02")


def test_without_a_headline_the_title_is_made_from_the_lead_sentence():
    doc = doc_of("lead_only_en.txt")
    assert doc["title"].startswith("The ministers of transport of both countries met in Aktau")
    assert doc["title"].endswith("…") and len(doc["title"].split()) <= 12
    assert doc["date"] == "2024-06-03"


def test_markdown_with_numbered_provisions_in_azerbaijani():
    doc = doc_of("joint_statement_az.md")
    assert doc["kind"] == "joint-statement"
    assert (doc["language"], doc["date"], doc["place"]) == ("az", "2023-04-10", "Astana")


def test_pdf_paragraphs_in_reading_order():
    doc = doc_of("speech_en.pdf")
    assert doc["title"] == "Address by the Foreign Minister at the Caspian Connectivity Forum"
    assert (doc["kind"], doc["date"], doc["place"], doc["language"]) == ("speech", "2023-11-05", "Baku", "en")
    paragraphs = doc["text"].split("\n\n")
    starts = [p.split()[0] for p in paragraphs]
    assert starts.index("First,") < starts.index("Second,") < starts.index("Finally,")  # across the page break
    assert any(p.startswith("Distinguished guests") and p.endswith("rely on it.") for p in paragraphs)


def test_pdf_two_columns_read_column_by_column():
    """The file draws a line of the right column, then a line of the left: the text
    has the whole left paragraph, then the whole right one."""
    doc = doc_of("two_columns_en.pdf")
    assert doc["title"] == "Caspian transport bulletin"
    paragraphs = doc["text"].split("\n\n")
    left = next(n for n, p in enumerate(paragraphs) if p.startswith("Left column:"))
    right = next(n for n, p in enumerate(paragraphs) if p.startswith("Right column:"))
    assert left < right
    assert paragraphs[left].endswith("approach channel is finished.")
    assert paragraphs[right].endswith("loaded onto the next sailing.")
    assert "Right column" not in paragraphs[left] and "Left column" not in paragraphs[right]
    assert "it plans a third berth for the following season" in paragraphs[left]  # lines joined in order
    assert "so that a container can be cleared before it reaches" in paragraphs[right]


def test_pdf_page_of_many_scattered_boxes_is_read_in_time(tmp_path):
    """A table of two thousand cells (minutes to order column by column): past MAX_ORDERED_BOXES
    the boxes go top to bottom, left to right."""
    import io
    import time

    from reportlab.pdfgen import canvas

    from briefing.importing.pdf import read_pdf

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(2000, 2000), invariant=1)
    pdf.setFont("Helvetica", 6)
    for row in range(45):
        for col in range(45):
            pdf.drawString(20 + col * 43, 1980 - row * 43, f"r{row}c{col}")
    pdf.showPage()
    pdf.save()
    started = time.monotonic()
    words = read_pdf(out.getvalue()).text.split()
    assert time.monotonic() - started < 10
    assert words[:3] == ["r0c0", "r0c1", "r0c2"] and words[-1] == "r44c44" and len(words) == 45 * 45


def test_pdf_agreement_in_russian_with_articles():
    doc = doc_of("agreement_ru.pdf")
    assert doc["kind"] == "agreement" and doc["instrument"] == "agreement"
    assert (doc["date"], doc["place"], doc["language"]) == ("2024-03-12", "Баку", "ru")
    assert "## Статья 1\n" in doc["text"] and "## Статья 4\n" in doc["text"]


def test_docx_title_numbered_list_heading_and_table():
    prepared = prepare(GOOD / "joint_statement_kk.docx")
    doc = prepared.doc
    assert doc["title"] == "Қазақстан Республикасы мен Әзербайжан Республикасының Бірлескен мәлімдемесі"
    assert (doc["kind"], doc["language"], doc["date"], doc["place"]) == ("joint-statement", "kk", "2023-04-10", "Астана")
    text = doc["text"]
    assert "1. Тараптар стратегиялық" in text and "3. Тараптар Орта дәліз" in text
    assert "## Жауапты органдар" in text
    assert "| Көлік | Көлік министрлігі |" in text


def test_docx_bullets_in_azerbaijani():
    doc = doc_of("article_az.docx")
    assert doc["title"] == "Bakıda nəqliyyat üzrə yeni sənədlər imzalanıb"
    assert (doc["language"], doc["date"], doc["place"]) == ("az", "2024-03-12", "Bakı")
    assert "- Azərbaycan Respublikası Hökuməti ilə" in doc["text"]


def test_html_headline_below_a_masthead_heading_with_the_site_name():
    doc = doc_of("ministry_news_kk.html")
    assert doc["title"].startswith("Астанада Қазақстан мен Әзербайжан сыртқы істер министрліктері")
    assert doc["publisher"] == "Сыртқы істер министрлігі"
    assert (doc["date"], doc["place"], doc["language"]) == ("2023-09-15", "Астана", "kk")
    for furniture in ("Басты бет", "Бөлісу", "Басқа жаңалықтар", "Женевада", "сілтеме міндетті", "Жоғары", "track("):
        assert furniture not in doc["text"], furniture


@pytest.mark.parametrize(
    "name, title, date, place",
    [
        ("remarks_en.txt", "Minister's remarks – Brussels, 3 May 2024", "2024-05-03", "Brussels"),
        (
            "stenogram_ru.txt",
            "Стенограмма брифинга официального представителя министерства, Баку, 12 марта 2024 года",
            "2024-03-12",
            "Баку",
        ),
        ("press_conference_en.txt", "Press conference of the Foreign Ministers, Astana, 2 July 2024", "2024-07-02", "Astana"),
    ],
)
def test_a_headline_ending_with_place_and_date(name, title, date, place):
    """Such a headline is the title (not a date line, and not joined to the next paragraph),
    and its date and place are the document's when nothing better is given."""
    doc = doc_of(name)
    assert (doc["title"], doc["date"], doc["place"]) == (title, date, place)
    assert title not in doc["text"]


def test_html_date_shown_under_the_headline_and_a_dateline_without_the_year():
    """No date in the page's metadata: the one shown between the headline and the article's
    first paragraph is the date; "Баку. 12 декабря. AGENCY/" gives the place and the agency."""
    doc = doc_of("news_date_div_ru.html")
    assert doc["title"] == "Паромное сообщение между Баку и Актау станет ежедневным"
    assert (doc["date"], doc["place"], doc["publisher"], doc["language"]) == ("2024-12-12", "Баку", "KASPI.NEWS", "ru")
    assert doc["text"].startswith("Баку. 12 декабря.")


def test_a_short_western_line_in_cp1252_is_not_read_as_cp1250():
    assert decode("Café déjà vu – « naïve »".encode("cp1252")) == "Café déjà vu – « naïve »"


def test_a_writing_programs_default_is_not_an_author(tmp_path):
    import docx
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = "The port authorities agreed a common timetable for the ferries across the Caspian Sea this week."
    document = docx.Document()  # its core properties say the author is "python-docx"
    document.add_paragraph("Ferry timetable agreed")
    document.add_paragraph(body)
    document.save(tmp_path / "note.docx")
    SimpleDocTemplate(str(tmp_path / "note.pdf")).build(  # "(anonymous)" as author and title
        [Paragraph("Ferry timetable agreed", getSampleStyleSheet()["Title"])] + [Paragraph(body)] * 4
    )
    for name in ("note.docx", "note.pdf"):
        doc = prepare(tmp_path / name).doc
        assert doc["author"] is None, name
        assert doc["title"] == "Ferry timetable agreed", name
