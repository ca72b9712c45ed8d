"""The language of a text from its letters and commonest words.

The library's languages are told apart by their alphabets more surely than by
any statistical model: Kazakh writes ә ғ қ ң ө ұ ү һ і that Russian never
does, Azerbaijani writes ə that no other Latin-script language here does,
and in its Cyrillic spelling ј ҹ ҝ, which Kazakh never writes (the two share
ә ғ ө ү һ, so Kazakh is told by қ ң ұ і).
Other languages get a short word test, or no answer.
"""

from __future__ import annotations

import re

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
UKRAINIAN_LETTERS = frozenset("їєґ")
AZERBAIJANI_LETTER = "ə"
AZERBAIJANI_CYRILLIC = frozenset("јҹҝ")
KAZAKH_ONLY = frozenset("қңұі")
TURKIC_LATIN = frozenset("ğışç")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[а-яё]")
_LATIN = re.compile("[a-z]")
_STOPWORDS = {
    "en": "the and of to in is that for on with was as by at from are has have this be it will",
    "de": "der die und das ist nicht mit den von zu auf für des dem im eine ein sich",
    "fr": "le la les et des est une dans pour que qui sur du au par avec pas",
    "tr": "ve bir bu ile için olarak da de olan çok gibi daha ancak",
}
STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
SAMPLE_CHARS = 6000


def detect_language(text: str) -> str | None:
    """'en', 'ru', 'kk', 'az' (also 'uk', 'de', 'fr', 'tr'), or None when unsure."""
    sample = text[:SAMPLE_CHARS].lower()
    # counted by the C loops of findall and count rather than letter by letter in Python
    kazakh = sum(sample.count(ch) for ch in KAZAKH_LETTERS)
    ukrainian = sum(sample.count(ch) for ch in UKRAINIAN_LETTERS)
    schwa = sample.count(AZERBAIJANI_LETTER)
    turkic = sum(sample.count(ch) for ch in TURKIC_LATIN)
    cyrillic = len(_CYRILLIC.findall(sample)) + kazakh + ukrainian + sum(sample.count(ch) for ch in "јҹҝ")
    latin = len(_LATIN.findall(sample)) + schwa + turkic
    if cyrillic + latin < 20:
        return None
    if cyrillic > latin:
        # about one letter in ten is Kazakh-only in Kazakh text; a Kazakh name
        # quoted in a Russian text must not tip it
        azeri = sum(sample.count(ch) for ch in AZERBAIJANI_CYRILLIC)
        # "ә" too: Serbian and Macedonian write ј but never ә
        if azeri >= max(3, cyrillic * 0.005) and "ә" in sample and azeri > sum(sample.count(ch) for ch in KAZAKH_ONLY):
            return "az"
        if kazakh >= max(3, cyrillic * 0.05):
            return "kk"
        if ukrainian >= max(3, cyrillic * 0.003):
            return "uk"
        return "ru"
    if schwa >= max(2, latin * 0.003):
        return "az"
    words = _WORD.findall(sample)
    if not words:
        return None
    scores = {lang: sum(1 for w in words if w in stop) / len(words) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if best == "en" and turkic >= max(3, latin * 0.01):
        return "tr"
    return best if scores[best] >= 0.05 else None
