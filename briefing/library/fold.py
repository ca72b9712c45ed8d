"""Cross-script folding for search.

Every word is reduced twice, the same way for indexed text and for queries:

* ``fold``: a lower-case Latin spelling (Cyrillic and Turkic letters
  transliterated). ``Баку`` and ``Baku`` both fold to ``baku``.
* ``sound_key``: a coarser phonetic key built from the fold. Vowels (and
  ``y``) collapse into one class, and consonant spellings that the Russian,
  Kazakh, Azerbaijani and English traditions write differently collapse
  together (``q``/``k``/``kh``/``x``; ``j``/``zh``/``dzh``/Azerbaijani ``c``),
  so ``Tokayev``, ``Токаев`` and ``Тоқаев`` share one key, as do
  ``Azerbaijan``, ``Azərbaycan``, ``Азербайджан`` and ``Әзірбайжан``.

The key is deliberately loose; short words would collide too often
(``oil``/``all``), so queries use it only for words of at least
``KEY_MIN_LENGTH`` letters and match short words on their fold.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

KEY_MIN_LENGTH = 5

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Letters that anyascii renders in a way that loses a distinction the
# transliteration traditions keep (Şuşa -> Susa) or keeps one they drop.
_PRE_MAP = str.maketrans(
    {
        "ş": "sh",
        "ç": "ch",
        "ə": "a",
        "ә": "a",
        "ı": "i",
        "і": "i",
        "ğ": "g",
        "ғ": "g",
        "ь": "",
        "ъ": "",
        "ʼ": "",
        "'": "",
        "’": "",
    }
)

# Order matters: longer spellings first, then single letters.
_KEY_DIGRAPHS = (
    ("shch", "X"),
    ("dzh", "J"),
    ("dj", "J"),
    ("zh", "J"),
    ("kh", "K"),
    ("sh", "X"),
    ("ch", "C"),
    ("ts", "S"),
    ("ph", "F"),
)
_KEY_LETTERS = str.maketrans(
    {
        "c": "J",  # Azerbaijani c is the sound English spells j
        "j": "J",
        "q": "K",
        "k": "K",
        "x": "K",  # Azerbaijani x is the sound Russian spells х
        "h": "K",  # Russian х: Ильхам is Ilham
        "w": "V",
        "v": "V",
        "a": "A",
        "e": "A",
        "i": "A",
        "o": "A",
        "u": "A",
        "y": "A",
    }
)
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case Latin spelling of one word."""
    latin = anyascii(word.lower().translate(_PRE_MAP)).lower()
    return "".join(ch for ch in latin if ch.isalnum())


@lru_cache(maxsize=200_000)
def sound_key(word: str) -> str:
    """Phonetic key of one word (see the module docstring)."""
    key = fold(word)
    for spelling, cls in _KEY_DIGRAPHS:
        key = key.replace(spelling, cls)
    key = key.translate(_KEY_LETTERS)
    key = _REPEATS.sub(r"\1", key)
    return key.lower()


def uses_key(word: str) -> bool:
    """Whether a query word is long enough to be matched on its sound key."""
    return len(fold(word)) >= KEY_MIN_LENGTH


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def fold_text(text: str) -> str:
    return " ".join(fold(w) for w in WORD_RE.findall(text))


def key_text(text: str) -> str:
    return " ".join(sound_key(w) for w in WORD_RE.findall(text))
