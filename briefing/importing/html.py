"""HTML pages saved from a browser: the article's main text and the page's metadata.

trafilatura does the hard part: it finds the article among navigation, cookie
banners, share bars, related lists and footers, drops scripts, styles and event
handlers, and reads the headline, date, author and site name from the page's
metadata. Its "fast" mode skips the fallback extractors, which costs little on
article pages and triples the speed.
"""

from __future__ import annotations

import re

from briefing.importing import source as limits
from briefing.importing.datelines import RETRIEVED
from briefing.importing.dates import find_dates, parse_date
from briefing.importing.source import Extracted, Rejected
from briefing.importing.text import checked, decode, normalise

# Elements that never hold children, or whose end tag browsers let authors omit:
# counting them would make sloppy but ordinary pages look deeply nested.
_NO_DEPTH_NAMES = (
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option thead tbody tfoot colgroup"
)
_NO_DEPTH = frozenset(_NO_DEPTH_NAMES.split())
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)

_config = None


def _trafilatura_config():
    """Dates from the page's metadata only: the extensive search takes a copyright year for a date."""
    global _config
    if _config is None:
        from trafilatura.settings import use_config

        _config = use_config()
        _config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return _config


def nesting_depth(data: bytes, limit: int | None = None) -> int:
    """How deep the elements nest (stops counting past ``limit``)."""
    limit = limits.MAX_HTML_DEPTH if limit is None else limit
    depth = deepest = 0
    for match in _TAG.finditer(data):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower().decode() in _NO_DEPTH:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def decode_html(data: bytes) -> str:
    """The page's text: its declared charset when that decodes cleanly, else detection."""
    declared = _CHARSET.search(data[:4096])
    if declared and b"\x00" not in data[:4096]:
        name = declared.group(1).decode("ascii", "replace").lower()
        if not name.replace("-", "").startswith("utf") and _utf8_beyond_ascii(data):
            # a page that is valid UTF-8 with letters beyond ASCII was saved as UTF-8 whatever it
            # declares: a one-byte text (cp1251, Latin-1) is almost never valid UTF-8 by chance
            return checked(data.decode("utf-8"))
        try:
            return checked(data.decode(name))  # a one-byte charset decodes anything: binary must still fail
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _utf8_beyond_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_html(data: bytes) -> Extracted:
    if not data.strip():
        raise Rejected("empty file (only whitespace)")
    depth = nesting_depth(data)
    if depth > limits.MAX_HTML_DEPTH:
        raise Rejected(f"HTML nested more than {limits.MAX_HTML_DEPTH} levels deep; not a real page")
    page = decode_html(data)
    from trafilatura import bare_extraction
    from trafilatura.xml import xmltotxt

    try:
        doc = bare_extraction(
            page,
            with_metadata=True,
            fast=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=True,  # so that a line made mostly of links can be told (link density)
            config=_trafilatura_config(),
        )
    except (ValueError, RecursionError) as exc:
        raise Rejected(f"HTML that cannot be parsed ({exc.__class__.__name__})") from exc
    if doc is None or doc.body is None:
        raise Rejected("no article text found in the page")
    text = normalise(xmltotxt(doc.body, include_formatting=True) or "")
    if not text:
        raise Rejected("no article text found in the page")
    lang = _page_language(page)
    title, publisher = doc.title, doc.sitename
    headline, shown_date = _near_headline(page, text)
    if headline and (not title or headline.casefold() != title.casefold()) and not text.startswith("#"):
        # the page's title was the site's name (its <title>, or a heading in the masthead)
        if title and not publisher and len(title.split()) <= 8:
            publisher = title
        title = headline
    return Extracted(
        text=text,
        format="html",
        title=title,
        date=doc.date or shown_date,
        author=doc.author,
        publisher=publisher,
        url=doc.url,
        language=lang,
        tags=[t for t in (doc.tags or []) if t],
    )


# the longest text of an element read as a date shown with the headline ("12 декабря 2024, 14:35")
MAX_DATE_CHARS = 90


def _near_headline(page: str, text: str) -> tuple[str | None, str | None]:
    """(the heading nearest above the article's first paragraph, the date shown between the
    two): the headline and date the extractor may have left out of the text, when the page
    shows them outside the article's body and has no metadata for them."""
    first = next((p for p in text.split("\n\n") if p.strip() and not p.startswith("#")), "")
    key = " ".join(first.split())[:40]
    if len(key) < 10:
        return None, None
    import lxml.html

    try:
        root = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None, None
    heading, shown = None, None
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        if element.tag in ("h1", "h2", "h3"):
            content = " ".join(element.text_content().split())
            if len(content.split()) >= 3 and not _links_home(element):
                heading, shown = content, None
            continue
        if element.tag == "p" and " ".join(element.text_content().split()).startswith(key):
            return heading, shown
        if heading is not None and shown is None:
            shown = _shown_date(element)
    return None, None


def _shown_date(element) -> str | None:
    """The date an element shows on its own: a <time datetime="...">, or short text with a full date."""
    if element.tag == "time" and parse_date(element.get("datetime")):
        return parse_date(element.get("datetime"))
    own = " ".join((element.text or "").split())
    if not own or len(own) > MAX_DATE_CHARS or RETRIEVED.search(own):
        return None
    found = next(find_dates(own), None)
    return found.date if found else None


def _links_home(element) -> bool:
    return any(a.get("href") in ("/", "#", "./", "index.html") for a in element.iter("a"))


def _page_language(page: str) -> str | None:
    found = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2})", page[:2000], re.I)
    return found.group(1).lower() if found else None
