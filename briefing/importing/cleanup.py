"""Leftovers of a web page copied as text: logos, social links, "Back to top",
"Follow us", galleries, share prompts, cookie notes, copyright and re-publication notices.

Each rule matches a whole short line; a sentence of the article that merely
mentions Facebook or copyright is longer than these and stays.
"""

from __future__ import annotations

import re

SOCIAL = (
    "facebook|instagram|twitter|x|telegram|youtube|tiktok|vk|vkontakte|вконтакте|whatsapp|linkedin|rss|"
    "odnoklassniki|одноклассники|ok|threads|email|e-mail|print|печать"
)
# a short line matching any of these (whole line, case-insensitive) is a leftover
LEFTOVER_LINES = [
    r"back to top( button)?|to top|наверх|вверх|жоғары|жоғарыға|yuxarı|başa qayıt",
    r"follow us.*|подписывайтесь.*|подпишитесь.*|бізге жазылыңыз.*|bizi izləyin.*|subscribe.*",
    r"(photo ?)?gallery|photos?|video|фотогалерея|галерея|фото|видео|фотосурет(тер)?|qalereya|fotoqalereya|foto",
    r"(share|поделиться|бөлісу|paylaş)( this( article| story| page)?)?:?.*",
    r"(read|see) (also|more)|related( articles| news| stories)?|more (news|stories)( from .*)?|"
    r"читайте также:?|также читайте:?|по теме:?|ұқсас жаңалықтар|оқи отырыңыз|həmçinin oxuyun|digər xəbərlər",
    r".*\blogo\b.*|.*\bлоготип\b.*",
    r"\d+\s*(min|minutes?|мин\.?|минут[аы]?|мин\w*|dəq\w*)\s*(read|чтения|оқу|oxu\w*)?",
    r"featured|top news|breaking( news)?|exclusive|главное|главные новости|маңызды|əsas xəbərlər",
    r"(tags?|теги|тэги|тегтер|teqlər)\s*:.*",
    r"(main page|home|главная|басты бет|ana səhifə)(\s*[›>/|»].*)?",
    r"print( version)?|версия для печати|версия для слабовидящих|comments?( \(\d+\))?|комментарии.*",
    rf"(\W*({SOCIAL})\b\W*)+",
    r"(advertisement|реклама|жарнама|reklam)",
]
# notices that may be long; matched anywhere in a line that holds nothing else of weight
NOTICES = [
    r"©|\(c\)\s*(19|20)\d\d|copyright\s*(\(c\)|(19|20)\d\d)",
    r"all rights reserved|все права защищены|барлық құқықтар қорғалған|bütün hüquqlar qorunur",
    r"re-?publi(sh|cation) (of|the|is|without|full)|reprint(ing)? (is )?(allowed|permitted|prohibited)|"
    r"written permission|(mandatory|active|with a) hyperlink|гиперссылк|ссылка на источник обязательна|"
    r"при использовании материалов|перепечатка|сілтеме (міндетті|берілуі)|istinad (edilməsi|mütləqdir)|"
    r"only \d+\s*% of (an|the) article",
    r"we use cookies|uses cookies|cookie policy|файлы cookie|cookie-файл|cookie файлдар|kukilərdən|çərəzlər",
]
SHORT_LINE = 80
NOTICE_LINE = 400

_LEFTOVER = re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in LEFTOVER_LINES) + r")\s*$", re.I)
_NOTICE = re.compile("|".join(f"(?:{p})" for p in NOTICES), re.I)
_SOCIAL_PREFIX = re.compile(rf"^(?:(?:{SOCIAL})\b\W*)+", re.I)
# "Facebook Qazmonitor iconInstagram Qazmonitor icon...": runs of network names and icons
_ICON_RUN = re.compile(rf"(?:\b(?:{SOCIAL})\b.*?\bicon\b.*?){{2,}}", re.I)


# a notice holds one of these; checking for them first spares the long patterns on most lines
NOTICE_HINTS = (
    "©", "(c)", "copyright", "rights", "publi", "reprint", "permission", "hyperlink", "гиперссыл",
    "источник", "материал", "перепечат", "сілтеме", "istinad", "cookie", "куки", "kuki", "çərəz", "% of",
)


def is_leftover(line: str) -> bool:
    stripped = re.sub(r"^(?:\d{1,2}[.)]|[-*•])\s+", "", line.strip().strip("*_#>").strip())
    if not stripped:
        return False
    if len(stripped) <= SHORT_LINE and _LEFTOVER.match(stripped):
        return True
    lowered = stripped.lower()
    if "icon" in lowered and _ICON_RUN.search(stripped):
        return True
    return (
        len(stripped) <= NOTICE_LINE
        and any(hint in lowered for hint in NOTICE_HINTS)
        and bool(_NOTICE.search(stripped))
    )


def drop_leftovers(text: str) -> str:
    """The text without leftover lines (blank lines between paragraphs kept, never doubled)."""
    kept: list[str] = []
    for line in text.split("\n"):
        if is_leftover(line):
            continue
        if not line.strip() and kept and not kept[-1].strip():
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    # a lone word closing the page is the site's name ("TuraNews"), not the article's
    while kept and re.fullmatch(r"[\w.-]+", kept[-1].strip()) and not kept[-1].strip().isdigit():
        kept.pop()
        while kept and not kept[-1].strip():
            kept.pop()
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept)
