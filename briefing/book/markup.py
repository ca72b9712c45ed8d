"""What printed text may mean: imported text is text, the app's highlights are the one markup.

A document's or a note's Markdown keeps its Markdown (headings, lists, emphasis,
tables, links), but anything in it that looks like HTML (``<u>``, ``<br/>``, an
unclosed ``<b>``, ``<img>``, ``<script>``, ``<a href="file:///etc/passwd">``, an
entity such as ``&lt;``) prints as written. The one markup a pack obeys beyond
Markdown is the ``<mark>`` tag assembly weaves in for the reader's highlights,
and a document's own text must not be able to forge one.

So before highlights are woven in, ``as_text`` turns every ``<`` and ``&`` of
the text into a private character (Unicode noncharacters, which interchanged
text never holds: any the text brings become U+FFFD) that renderers print as
``<`` and ``&`` again (``printed``). One character for one keeps every offset,
so highlights still land where they were made. An autolink (``<https://...>``,
``<mailto:...>``) keeps its ``<``: it is a link, judged like any other.

Links keep only ``http``, ``https`` and ``mailto`` (``external``), and a link to
a place in the same text (``#annex``, ``#top``) when the text has that place
(``anchor_of``, ``heading_anchor``); anything else (``file:``, ``javascript:``,
``document:``, an anchor with no target) prints as its text. The renderer and
the pre-flight check both judge links here, so the check warns of what the
pack will print as text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

TEXT_LT = "\ufdd0"  # a "<" of the text itself
TEXT_AMP = "\ufdd1"  # a "&" of the text itself
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
_LT_NOT_AUTOLINK = re.compile(r"<(?!(?:https?://|mailto:)[^<>\s]+>)", re.IGNORECASE)
EXTERNAL_SCHEMES = ("http", "https", "mailto")
TOP = "top"


def as_text(markdown: str) -> str:
    """``markdown`` with every ``<`` and ``&`` of its own made text (see the module's docstring); same length."""
    if "<" not in markdown and "&" not in markdown and not _NONCHARACTERS.search(markdown):
        return markdown
    text = _NONCHARACTERS.sub("\ufffd", markdown).replace("&", TEXT_AMP)
    return _LT_NOT_AUTOLINK.sub(TEXT_LT, text)


def printed(text: str) -> str:
    """Text from ``as_text`` as it prints: its own ``<`` and ``&`` again."""
    if TEXT_LT in text or TEXT_AMP in text:
        return text.replace(TEXT_LT, "<").replace(TEXT_AMP, "&")
    return text


def external(href: str) -> bool:
    """Whether a link leaves the pack for a place a reader may follow: http(s) with a host, or mailto."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc) and not any(c.isspace() or ord(c) < 32 for c in href.strip())
    return scheme == "mailto" and len(href) > len("mailto:")


def anchor_of(href: str) -> str | None:
    """The place a link to this text names (``#annex`` -> ``annex``); None for any other link."""
    href = href.strip()
    if not href.startswith("#") or len(href) < 2:
        return None
    return href[1:]


def heading_anchor(heading: str) -> str:
    """The name a heading is linked by, as Markdown editors make it: "2. The Annex" -> "2-the-annex"."""
    words = re.sub(r"[^\w\- ]", "", " ".join(heading.split()).casefold())
    return words.strip().replace(" ", "-")


_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)|^\s{0,3}\[[^\]\n]+\]:\s*<?(\S*?)>?\s*$", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$|^(.+)\n\s{0,3}(?:=+|-+)\s*$", re.MULTILINE)


def links_printed_as_text(markdown: str) -> list[str]:
    """The link addresses of a Markdown text that its pack prints as text: a scheme other than
    http, https and mailto, or a place the text does not have. Read from the Markdown's
    link syntax (inline and reference links), without rendering it."""
    if "](" not in markdown and "]:" not in markdown:
        return []
    anchors: set[str] | None = None
    found = []
    for m in _LINK.finditer(markdown):
        href = m[1] if m[1] is not None else m[2]
        if not href or external(printed(href)):
            continue
        name = anchor_of(href)
        if name is not None:
            if anchors is None:
                anchors = {heading_anchor(h[0] or h[1]) for h in _HEADING.findall(markdown)} | {TOP}
            if name.casefold() in anchors:
                continue
        found.append(printed(href))
    return found
