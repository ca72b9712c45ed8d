"""Plain text and Markdown: the encoding found, never mojibake; binary data refused."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import frontmatter

from briefing.importing.source import Extracted, Rejected

# Byte order marks decide the encoding outright; the longest first (UTF-32 LE starts like UTF-16 LE).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The legacy encodings a diplomat's files come in (Russian, Kazakh, Western and Turkic
# Latin). Letting the detector pick from every codec it knows makes it choose exotic
# ones (Shift-JIS for KOI8-R) on short texts.
LEGACY_ENCODINGS = [
    "cp1251",
    "koi8_r",
    "cp866",
    "iso8859_5",
    "mac_cyrillic",
    "kz1048",
    "cp1252",
    "iso8859_1",
    "iso8859_15",
    "cp1254",
    "iso8859_9",
    "cp1250",
    "iso8859_2",
]
# Share of control characters above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """The text of ``data``: BOM, then strict UTF-8, then the likeliest legacy encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise Rejected(f"not valid {encoding.upper()} text ({exc.reason})") from exc
    head = data[:4096]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise Rejected("binary data, not text")
        return utf16
    try:
        return checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise Rejected("binary data or an unknown text encoding")
    if best.encoding in CENTRAL_EUROPEAN:
        western = _western(data, str(best))
        if western is not None:
            return checked(western)
    return checked(str(best))


# Short Western text decodes as cp1250 as well as cp1252, and the detector may pick either
# ("déjà" comes out "déjŕ"). The Central European reading wins only when it has letters that
# Polish, Czech, Slovak, Hungarian or Romanian text is full of and cp1252 cannot write.
CENTRAL_EUROPEAN = ("cp1250", "iso8859_2")
CENTRAL_LETTERS = re.compile("[ąęłńśźżćőűřěůčťňľășțşţĄĘŁŃŚŹŻĆŐŰŘĚŮČŤŇĽĂȘȚŞŢ]")


def _western(data: bytes, central: str) -> str | None:
    if CENTRAL_LETTERS.search(central):
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: its NULs (the high byte of spaces, digits, Latin letters)
    all fall on one side of each byte pair; binary data has them on both."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros and other <= zeros * 0.02 and len(data) % 2 == 0:
            try:
                text = checked(data.decode(encoding))
            except (UnicodeDecodeError, Rejected):
                return None
            readable = sum(1 for ch in text[:4000] if ch.isalnum() or ch.isspace() or ch in ".,;:!?()-–—«»“”\"'")
            return text if readable >= 0.9 * min(len(text), 4000) else None
    return None


def checked(text: str) -> str:
    if text and len(_CONTROL.findall(text[:20000])) > MAX_CONTROL_SHARE * min(len(text), 20000):
        raise Rejected("binary data, not text")
    return text


def normalise(text: str) -> str:
    """NFC, Unix line ends, no-break and zero-width spaces made plain, trailing blanks gone."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_text(data: bytes) -> Extracted:
    text = normalise(decode(data))
    if not text:
        raise Rejected("empty file (only whitespace)")
    return Extracted(text=text, format="text")


# A real header has a few dozen values; YAML aliases can make a few lines stand for
# billions of them (a "billion laughs"), which turning tags into text would then walk.
MAX_HEADER_VALUES = 10_000


def _too_many_values(meta: object) -> bool:
    """Count the header's values, shared ones each time they occur, stopping at the limit."""
    seen, stack = 0, [meta]
    while stack:
        value = stack.pop()
        seen += 1
        if seen > MAX_HEADER_VALUES:
            return True
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set):
            stack.extend(value)
    return False


def read_markdown(data: bytes) -> Extracted:
    """Markdown, with a YAML header when it has one (title, date, kind, language, author...)."""
    text = normalise(decode(data))
    if not text:
        raise Rejected("empty file (only whitespace)")
    meta: dict = {}
    if text.startswith("---"):
        try:
            post = frontmatter.loads(text)
            meta, text = dict(post.metadata), post.content.strip()
        except Exception as exc:  # the YAML parser raises several classes
            raise Rejected(f"the YAML header is not valid ({exc.__class__.__name__})") from exc
        if _too_many_values(meta):
            raise Rejected(f"the YAML header is too large (over {MAX_HEADER_VALUES} values; aliases that expand?)")
        if not text:
            raise Rejected("no text after the YAML header")

    properties, text = notion_properties(text)

    def field(name: str) -> str | None:
        value = meta.get(name)
        return str(value).strip() if value not in (None, "") else None

    # a web clipper writes the page's own date as "published" and the day of clipping as "created",
    # which says nothing of the document
    date = field("date") or field("published") or next(
        (value for key, value in properties.items() if key in DATE_PROPERTIES), None
    )

    tags = meta.get("tags") or []
    return Extracted(
        text=text,
        format="markdown",
        title=field("title"),
        date=date,
        author=field("author"),
        publisher=field("publisher"),
        url=field("url") or field("source"),
        language=field("language"),
        kind=field("kind"),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
    )


# A Notion page exported as Markdown: its heading, then its properties, one "Name: value" a line.
_PROPERTY = re.compile(r"^([^\W\d][\w .-]{0,30}?)\s*:\s+(\S.{0,200})$")
MIN_PROPERTIES = 3
MAX_PROPERTY_WORDS = 3
# the properties that hold the document's date; "Created" and "Last edited" are the note's own
DATE_PROPERTIES = frozenset(
    ("date", "published", "publication date", "дата", "дата публикации", "опубликовано", "күні",
     "жарияланған күні", "tarix", "dərc tarixi")
)


def notion_properties(text: str) -> tuple[dict[str, str], str]:
    """(the properties under the first heading, folded name -> value; the text without them).
    Three or more such lines closed by a blank line make a property block; fewer are the text's."""
    lines = text.split("\n")
    if not lines or not lines[0].startswith("# "):
        return {}, text
    start = 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    properties: dict[str, str] = {}
    end = start
    while end < len(lines):
        match = _PROPERTY.match(lines[end].strip())
        if not match or len(match.group(1).split()) > MAX_PROPERTY_WORDS:
            break
        properties[match.group(1).strip().casefold()] = match.group(2).strip()
        end += 1
    if len(properties) < MIN_PROPERTIES or (end < len(lines) and lines[end].strip()):
        return {}, text
    return properties, "\n".join(lines[:start] + lines[end + 1 :])  # the blank line after the block too
