"""Which kind of document a text is: agreement, joint statement, speech or transcript, article."""

from __future__ import annotations

import re

from briefing.importing.speakers import said_share, speaker_turns

# the title names the statement itself ("Joint Statement of the Presidents ...", "... Бірлескен мәлімдемесі"),
# not a report that one was adopted ("Official visit to Astana – joint statement adopted")
_JOINT_WORDS = (
    r"joint (?:statement|declaration|communiqu[eé])|совместн\w+ (?:заявлени|декларац|коммюник)\w*|"
    r"бірлескен (?:мәлімдеме|декларация|коммюнике)\w*|birgə (?:bəyanat|bəyannamə|kommunike)\w*"
)
JOINT_TITLE = re.compile(
    rf"^\W*(?:the\s+)?(?i:{_JOINT_WORDS})|"
    r"(?:Joint (?:Statement|Declaration|Communiqu[eé])|(?i:бірлескен (?:мәлімдеме|декларация|коммюнике)\w*|"
    r"birgə (?:bəyanat|bəyannamə|kommunike)\w*))\W*$",
)
JOINT_SIGNED = re.compile(
    r"this joint (statement|declaration) (was|is) (signed|adopted|done)|"
    # a letter to the United Nations or the OSCE that carries a joint statement as its annex
    r"transmit\w* herewith the (?:text of the )?joint (statement|declaration)|"
    r"препроводить (?:настоящим )?(?:текст )?совместн\w+ (заявлени|декларац)\w*|"
    r"настоящ\w+ совместн\w+ (заявлени|декларац)\w* (подписан|совершен|принят)\w*|"
    r"бірлескен мәлімдеме\w* .{0,80}(қол қойылды|жасалды)|birgə bəyanat\w* .{0,80}imzalan",
    re.I,
)
INSTRUMENT_TITLE = re.compile(
    r"^\W*((inter)?governmental |bilateral )?(agreement|treaty|memorandum|protocol|convention|accord)\b|"
    r"^\W*(межправительственн\w+ )?(соглашени|договор|меморандум|протокол|конвенци)\w*|"
    r"(келісім|шарт|меморандум|хаттама|конвенция)\w*\W*$|"
    r"(saziş|müqavilə|memorandum|protokol|konvensiya)\w*\W*$",
    re.I,
)
LEGAL_TEXT = re.compile(
    r"\b(article\s+1\b|hereinafter|the (contracting )?parties\b)|"
    r"\b(статья\s+1\b|далее\s*[-–—]?\s*«?стороны|договаривающиеся стороны)|"
    r"(1-бап|тараптар)|(maddə\s*1\b|1-ci maddə|tərəflər)",
    re.I,
)
# a law that ratifies (or joins, or leaves) an agreement: a legal instrument of the same family
# (the law's own title, not a report on a vote: the phrase opens the title or follows the law's name
# at its start, "Закон Республики Казахстан «О ратификации ...»"; in Kazakh and Azerbaijani it closes it)
RATIFICATION_TITLE = re.compile(
    r"^\W*(?:(?:the\s+)?(?:law|закон)\b[^«\"“]{0,80}?[«\"“]?)?\s*"
    r"(?:on (?:the )?(?:ratification|denunciation) of|on accession to|о (?:ратификации|денонсации|присоединении к))\b|"
    r"(?:ратификациялау|күшін жою|қосылу) туралы\W*$|(?:ratifikasiya|təsdiq) edilməsi haqqında\W*$",
    re.I,
)
SPEECH_TITLE = re.compile(
    r"\b(speech|address (to|at|by|of)|’s address|'s address|remarks|statement by|interview|transcript|press conference|briefing|lecture|"
    r"выступлени\w*|речь|обращени\w*|интервью|стенограмм\w*|брифинг\w*|пресс-конференц\w*|"
    r"сөз|сөйлеген|сұхбат\w*|үндеу\w*|баяндама\w*|"
    r"çıxış\w*|nitq\w*|müraciət\w*|müsahibə\w*|brifinq\w*|mətbuat konfransı)\b",
    re.I,
)


def detect_kind(title: str, text: str) -> str:
    head = text[:1500]
    if JOINT_TITLE.search(title) or JOINT_SIGNED.search(text[-3000:]):
        return "joint-statement"
    if RATIFICATION_TITLE.search(title):
        return "agreement"
    if (INSTRUMENT_TITLE.search(title) or INSTRUMENT_TITLE.search(head.split("\n", 1)[0])) and LEGAL_TEXT.search(
        text[:20000]
    ):
        return "agreement"
    turns = speaker_turns(text)
    if len(turns) >= 2 and len({name for name, _ in turns}) >= 2:
        return "speech"  # a transcript: an exchange of turns
    if SPEECH_TITLE.search(title) or said_share(text) >= 0.5 or interview_shape(text):
        return "speech"
    return "article"


_QUESTION = re.compile(r"^[\s*_>#]*(?:[-–—]\s*)?(?P<q>[^\n]{10,250}?\?)[\s*_»”\"]*$")
# questions, each followed by its answer, that make a text an interview
INTERVIEW_QUESTIONS = 3


def interview_shape(text: str) -> bool:
    """Questions on lines of their own, each answered by the paragraph after it: an interview, whose
    title seldom says so ("Yerkin Tukumov: «The Middle Corridor ...»")."""
    lines = [line for line in text[:20000].split("\n") if line.strip()]
    answered = sum(
        1 for line, after in zip(lines, lines[1:]) if _QUESTION.match(line) and not _QUESTION.match(after)
    )
    return answered >= INTERVIEW_QUESTIONS
