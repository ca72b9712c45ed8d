"""Word (.docx): paragraphs, headings, lists and tables in document order, as Markdown.

python-docx reads the package; before it does, the zip's directory is checked
so that a small file inflating to gigabytes (a zip bomb) is refused unread.
Text is read from the XML as it reads with all tracked changes accepted: the
runs of an insertion (``w:ins``) are in, those of a deletion (``w:del``,
``w:moveFrom``) out; python-docx's own ``text`` leaves inserted runs out. A
headline set in bold or large type rather than in a heading style is marked
as a heading, so that it is weighed as one against the title property
(often the name of the template the draft started from).
"""

from __future__ import annotations

import io
import re
import zipfile

from briefing.importing import source as limits
from briefing.importing.source import Extracted, Rejected
from briefing.importing.text import normalise

_HEADING = re.compile(r"^(?:heading|заголовок)\s*(\d)$", re.I)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REMOVED = (W + "del", W + "moveFrom")
# a paragraph in type at least this large (half-points: 28 = 14 pt) is set as a headline
HEADLINE_HALF_POINTS = 28
HEADLINE_WORDS = 30


def check_package(data: bytes) -> None:
    """A readable zip holding a Word document, within the inflation limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            inflated = sum(m.file_size for m in members)
            if inflated > limits.MAX_UNZIPPED_BYTES:
                raise Rejected(
                    f"the document inflates to {inflated // (1024 * 1024)} MB "
                    f"(limit {limits.MAX_UNZIPPED_BYTES // (1024 * 1024)} MB): a zip bomb?"
                )
            names = {m.filename for m in members}
            if "word/document.xml" not in names:
                raise Rejected("not a Word document (the package has no word/document.xml)")
            bad = package.testzip()  # CRCs: a truncated or tampered part shows here
            if bad is not None:
                raise Rejected(f"corrupt Word document (part {bad} is damaged)")
    except zipfile.BadZipFile as exc:
        raise Rejected(f"corrupt or truncated Word document ({exc})") from exc
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise Rejected(f"unreadable Word document ({exc.__class__.__name__})") from exc


def read_docx(data: bytes) -> Extracted:
    if not data.startswith(b"PK"):
        raise Rejected("not a Word .docx file (not a zip package)")
    check_package(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        counters: dict[tuple[str, str], int] = {}
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                block = _paragraph(Paragraph(child, document), counters, first=not blocks)
            elif tag == "tbl":
                block = _table(Table(child, document))
            else:
                continue
            if block:
                blocks.append(block)
        props = document.core_properties
        title = (props.title or "").strip()
        author = (props.author or "").strip()
    except Rejected:
        raise
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError, zipfile.BadZipFile) as exc:
        raise Rejected(f"corrupt Word document ({exc.__class__.__name__})") from exc
    except Exception as exc:  # lxml raises XMLSyntaxError for damaged parts
        raise Rejected(f"corrupt Word document ({exc.__class__.__name__})") from exc
    text = normalise(_join(blocks))
    if not text:
        raise Rejected("the Word document has no text")
    return Extracted(text=text, format="docx", title=title or None, author=author or None)


def text_of(element) -> str:
    """The text of a paragraph (or any part) as it reads with every tracked change accepted."""
    parts: list[str] = []
    for node in element.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if any(ancestor.tag in _REMOVED for ancestor in node.iterancestors()):
            continue
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _headline_type(paragraph) -> bool:
    """Every run with text set bold, or in large type (on the run or through the paragraph's style)."""
    runs = [r for r in paragraph._p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    if not runs:
        return False
    style_font = paragraph.style.font if paragraph.style is not None else None
    style_bold = bool(style_font is not None and style_font.bold)
    style_size = style_font.size.pt * 2 if style_font is not None and style_font.size else 0

    def bold(run) -> bool:
        mark = run.find(f"{W}rPr/{W}b")
        if mark is None:
            return style_bold
        return mark.get(W + "val", "true") not in ("0", "false", "off")

    def size(run) -> float:
        mark = run.find(f"{W}rPr/{W}sz")
        return float(mark.get(W + "val", 0)) if mark is not None else style_size

    return all(bold(r) for r in runs) or all(size(r) >= HEADLINE_HALF_POINTS for r in runs)


def _paragraph(paragraph, counters: dict[tuple[str, str], int], *, first: bool = False) -> str:
    """One paragraph as Markdown; Word's automatic numbers are written out, counted per list
    and level, so provision 7 stays "7." even with unnumbered paragraphs between."""
    text = " ".join(text_of(paragraph._p).split())
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() == "title":
        return f"# {text}"
    if first and len(text.split()) <= HEADLINE_WORDS and not text.endswith(".") and _headline_type(paragraph):
        return f"# {text}"
    heading = _HEADING.match(style)
    if heading:
        return "#" * min(int(heading.group(1)) + 1, 6) + " " + text
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if style.lower().startswith("list number") or (num_pr is not None and "bullet" not in style.lower()):
        if re.match(r"^\d{1,3}[.)]\s", text):
            return text
        key = (_val(num_pr, "numId") or style, _val(num_pr, "ilvl") or "0")
        counters[key] = counters.get(key, 0) + 1
        return f"{counters[key]}. {text}"
    if style.lower().startswith("list bullet"):
        return f"- {text}"
    return text


def _val(num_pr, name: str) -> str | None:
    if num_pr is None:
        return None
    child = getattr(num_pr, name, None)
    return str(child.val) if child is not None else None


def _table(table) -> str:
    rows = []
    for row in table.rows:
        cells = [" ".join(text_of(cell._tc).split()).replace("|", "\\|") for cell in row.cells]
        rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return ""
    width = rows[0].count(" | ") + 1
    rows.insert(1, "|" + "---|" * width)
    return "\n".join(rows)


def _join(blocks: list[str]) -> str:
    """List items stay together as one Markdown list; everything else is its own paragraph."""
    out: list[str] = []
    for block in blocks:
        is_item = bool(re.match(r"^(\d{1,3}[.)]|-)\s", block))
        if out and is_item and re.match(r"^(\d{1,3}[.)]|-)\s", out[-1].rsplit("\n", 1)[-1]):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return "\n\n".join(out)
