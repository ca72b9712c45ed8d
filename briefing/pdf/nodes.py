"""The node tree the renderer walks: python-markdown's HTML read into ``Node``s, and the
plain-block shortcut that makes the nodes of plain paragraphs, plain headings and
highlighted paragraphs directly, without python-markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from briefing.book.markup import printed

_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "hr", "div", "dl", "bb-xref"}
XREF = "bb-xref"  # a node only the pack makes (imported HTML is text): a line linking to another item
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}

# -- the plain-block shortcut ----------------------------------------------------------------
# Most of a briefing book is paragraphs of plain prose, and python-markdown's inline pass
# over them is a third of an export's time. A block (text between blank lines) that can only
# be a paragraph of plain text, a plain heading or a paragraph whose only markup is the app's
# own highlights becomes its node directly; the blocks around it go through python-markdown
# as they stand. A text where one block can change how another
# reads (fenced code, raw HTML blocks, comments, reference definitions, tabs) goes through
# python-markdown whole.
_BLOCK_GAP = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_NOT_PLAIN_CHAR = re.compile(r"[*_`\[\]<>&\\|~\t]")
# A block is not plain when a line (the first, or one after a newline) starts as code, a
# heading, a quote, a list item or a setext underline would, or when a line ends in a hard
# break (two spaces): one pattern, r"(?:^|\n)(?: {4}| {0,3}(?:[#>=+\-]|\d+[.)](?:\s|$)))|  (?:\n|$)",
# tried here as its parts, each found by a literal ("\n", "  ") rather than tried at every
# character (ten times faster on a book's paragraphs; tests/pdf/test_markdown.py holds them equal).
_LINE_START = r"(?: {4}| {0,3}(?:[#>=+\-]|\d+[.)](?:\s|$)))"
_NOT_PLAIN_FIRST_LINE = re.compile(_LINE_START)
_NOT_PLAIN_NEXT_LINE = re.compile(r"\n" + _LINE_START)
# A text goes to python-markdown whole when it holds fenced code, a comment, a tab, a carriage
# return, a reference definition (r"^ {0,3}\[[^\]\n]+\]:" of a line) or a line that starts
# with a tag other than the inline ones (r"^\s*<(?!…)", re.M | re.I): see ``_whole_text``.
_WHOLE_TEXT_MARKS = ("```", "~~~", "<!--", "\t", "\r")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)
_NOT_SPACE = re.compile(r"\S")
_BLOCK_TAG = re.compile(r"<(?!(?:mark|span|a|b|i|em|strong|sup|sub|code|u|s|del|br|wbr|abbr|small|kbd|q|cite|dfn|"
                        r"time)[\s/>])", re.I)


_PLAIN_HEADING = re.compile(r"(#{1,6}) +([^#\n]*[^#\s][^#\n]*)")
# the app's own highlight tags: the one HTML a text may hold (see briefing.book.markup)
_MARK_ATTRS = r'(?: (?:class|data-note|data-annotation)="[^"<>&\n]*")*'
_MARK_TAG = rf"(<mark{_MARK_ATTRS}>|</mark>)"
_MARK = re.compile(rf"<mark({_MARK_ATTRS})>" + r"([^*_`\[\]<>&\\|~\t]*?)</mark>")
_MARK_ATTR = re.compile(r' ([a-z][a-z-]*)="([^"]*)"')
_MARK_TAGS = re.compile(_MARK_TAG)


def _is_plain(block: str) -> bool:
    return (not _NOT_PLAIN_CHAR.search(block) and not _NOT_PLAIN_FIRST_LINE.match(block)
            and not _NOT_PLAIN_NEXT_LINE.search(block) and "  \n" not in block and not block.endswith("  "))


# a line of plain words and spans of emphasis (*words*, no space inside either end): an endnote
_EMPHASIS_LINE = re.compile(r"[^*\n]*(?:\*[^\s*](?:[^*\n]*[^\s*])?\*[^*\n]*)*")
_EMPHASIS = re.compile(r"\*([^*]+)\*")


def emphasis_line(text: str) -> Node | None:
    """The paragraph python-markdown would make of ``text``, when that is sure to be one line of
    plain words and *emphasis* (an endnote's usual form); else None."""
    if (not text or text != text.strip() or "\n" in text or "**" in text or not _EMPHASIS_LINE.fullmatch(text)
            or _NOT_PLAIN_CHAR.search(text.replace("*", "")) or _NOT_PLAIN_FIRST_LINE.match(text)):
        return None
    children: list = []
    pos = 0
    for span in _EMPHASIS.finditer(text):
        if span.start() > pos:
            children.append(printed(text[pos:span.start()]))
        children.append(Node("em", children=[printed(span[1])]))
        pos = span.end()
    if pos < len(text):
        children.append(printed(text[pos:]))
    return Node("p", children=children)


def _whole_text(text: str) -> bool:
    """Whether one block of ``text`` can change how another reads (see above)."""
    if any(mark in text for mark in _WHOLE_TEXT_MARKS) or ("]:" in text and _REFERENCE.search(text)):
        return True
    if "<" in text:
        # a tag that starts a line, after nothing but spaces (r"^\s*<" of a multi-line search:
        # whatever blank lines come before it, the spaces of its own line are all that count),
        # found in one pass however many tags a line holds
        line = first = seen = 0  # the tag's line, where that line's first character other than a space is
        for tag in _BLOCK_TAG.finditer(text):
            at = tag.start()
            newline = text.rfind("\n", seen, at)
            if newline >= 0 or seen == 0:
                line = newline + 1
                found = _NOT_SPACE.search(text, line)
                first = found.start() if found else len(text)
            seen = at
            if first == at:
                return True
    return False


def _simple_block(block: str) -> Node | None:
    """The node python-markdown would make of ``block``, when that is sure to be a plain
    paragraph, a plain heading or a paragraph of plain text and highlights; else None."""
    if _is_plain(block):
        return Node("p", children=[printed(block.strip())])
    heading = _PLAIN_HEADING.fullmatch(block.strip("\n"))
    if heading and not _NOT_PLAIN_CHAR.search(heading[2]):
        return Node(f"h{len(heading[1])}", children=[printed(heading[2].strip())])
    if "<mark" in block and _is_plain(_MARK.sub(lambda m: m[2], block)):
        children: list = []
        pos = 0
        text = block.strip()
        for m in _MARK.finditer(text):
            if m.start() > pos:
                children.append(printed(text[pos:m.start()]))
            children.append(Node("mark", dict(_MARK_ATTR.findall(m[1])), [printed(m[2])] if m[2] else []))
            pos = m.end()
        if pos < len(text):
            children.append(printed(text[pos:]))
        return Node("p", children=children)
    return None


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node or str


class _TreeBuilder(HTMLParser):
    """Forgiving: a tag left open closes at its parent's end. The text's own ``<`` and ``&``
    (``briefing.book.markup.as_text``) become themselves again here, in text and addresses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        node = Node(tag, {k: printed(v or "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.stack[-1].children.append(Node(tag, {k: printed(v or "") for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(printed(data))


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def plain_text(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(plain_text(c) for c in node.children)


def _simple_list(block: str) -> Node | None:
    """The list python-markdown would make of ``block`` when each of its lines is "- " and plain
    words (a tight list of one level); else None. Whether the list stands alone, and not as
    part of a loose list with the blocks around it, is for the caller to tell."""
    children: list = ["\n"]
    for line in block.strip("\n").split("\n"):
        text = line[2:]
        if (not line.startswith("- ") or not text or text != text.strip() or _NOT_PLAIN_CHAR.search(text)
                or _NOT_PLAIN_FIRST_LINE.match(text)):
            return None
        children += [Node("li", children=[printed(text)]), "\n"]
    return Node("ul", children=children)


def block_nodes(text: str, to_html: Callable[[str], str]) -> list:
    """The Markdown's block nodes, as python-markdown would give them (see ``_is_plain``)."""
    if _whole_text(text):
        return parse_html(to_html(text)).children
    blocks: list[tuple[int, int, Node | None]] = []  # each block's place in the text and its node, if simple
    pos = 0
    for gap in [*_BLOCK_GAP.finditer(text), None]:
        stop = gap.start() if gap else len(text)
        block = text[pos:stop]
        if block.strip():
            blocks.append((pos, stop, _simple_block(block)))
        pos = gap.end() if gap else stop
    out: list = []
    start = end = None  # the run of blocks for python-markdown, as a slice of the text
    for i, (first, stop, node) in enumerate(blocks):
        # a simple list between simple blocks (or the text's ends) is a list of its own: after a blank
        # line, a paragraph that is not indented ends a list, and none of those blocks starts another
        if node is None and (i == 0 or blocks[i - 1][2] is not None) \
                and (i + 1 == len(blocks) or blocks[i + 1][2] is not None):
            node = _simple_list(text[first:stop])
        if node is not None:
            if start is not None:
                out.extend(parse_html(to_html(text[start:end])).children)
                start = None
            out.append(node)
        else:
            if start is None:
                start = first
            end = stop
    if start is not None:
        out.extend(parse_html(to_html(text[start:end])).children)
    return out
