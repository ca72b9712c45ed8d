"""Markdown shown safely: rendered to HTML for a QTextBrowser that loads nothing and runs nothing.

QTextBrowser has no scripting; the remaining risk is loading: an image or a
style sheet named in a document could reach the network or the disk. The
browser refuses every resource, and links are never followed by the widget
itself: the view decides (highlights are ``annotation:ID`` links).

Refusing takes an empty *value*: a resource answered with ``None`` (or with
empty bytes, for an image) is one Qt then reads from the disk itself, so a
``![map](/dev/zero)`` read without bound and a FIFO hung the window. Labels
cannot refuse at all: one showing library data is plain text
(``plain_label``), and a tooltip is escaped (``tooltip``).
"""

from __future__ import annotations

import html
import re

import markdown
from PySide6.QtCore import QByteArray, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QTextBrowser, QWidget

from briefing.markdown_lists import NestedLists

from . import theme

_EXTENSIONS = ["tables", "sane_lists", "fenced_code", NestedLists()]  # as the PDF renders them
_MARK_OPEN = re.compile(r'&lt;mark class="([a-z]+)"(?: data-annotation="(\d+)")?(?: data-note="\d+")?&gt;')
_MARK_CLOSE = "&lt;/mark&gt;"


def to_html(text: str, *, marks: bool = False) -> str:
    """Markdown to HTML with any raw HTML in the text shown as text, not obeyed.

    With ``marks``, the core's ``<mark class="COLOR" data-annotation="ID">``
    highlights become coloured ``annotation:ID`` links.
    """
    escaped = html.escape(text, quote=False).replace(">", "&gt;")
    # Markdown's own syntax needs ">" for quotes: restore it at the start of lines
    escaped = re.sub(r"(?m)^((?:[ \t]*&gt;)+)", lambda m: m.group(1).replace("&gt;", ">"), escaped)
    body = markdown.markdown(escaped, extensions=_EXTENSIONS, output_format="html")
    if marks:
        seen: set[str] = set()
        body = _MARK_OPEN.sub(lambda m: _mark_link(m, seen), body).replace(_MARK_CLOSE, "</a>")
    return body


def no_resource(kind: int) -> QImage | QByteArray:
    """What a view answers for any resource: nothing, in a form Qt takes as an answer.

    An image must be an empty ``QImage``: empty bytes for an image make Qt
    try the file itself.
    """
    return QImage() if kind == QTextDocument.ResourceType.ImageResource.value else QByteArray()


class SafeDocument(QTextDocument):
    """A text document (for painting or reading HTML off screen) that loads no resource."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt's name
        return no_resource(int(kind))


def plain_label(label: QLabel, text: str = "") -> QLabel:
    """A label that shows its text as it is: never HTML, so never a resource or a link."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip showing ``text`` as it is (tooltips read HTML-looking text as HTML)."""
    if not any(c in text for c in "<&"):
        return text
    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning whose text (a title, a file name, a core message) is shown as it is, never as HTML."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def markdown_as_plain(text: str) -> str:
    """Markdown as the words it shows (for a one-line list entry): marks gone, links as their text."""
    doc = SafeDocument()
    doc.setHtml(to_html(text))
    return doc.toPlainText().strip()


def _mark_link(match: re.Match, seen: set[str]) -> str:
    colour = theme.HIGHLIGHTS.get(match.group(1), theme.HIGHLIGHTS["yellow"])
    ident = match.group(2) or "0"
    # the first piece of a highlight carries its name, for scrolling to it
    anchor = "" if ident in seen else f'<a name="annotation-{ident}"></a>'
    seen.add(ident)
    return (
        f'{anchor}<a href="annotation:{ident}" '
        f'style="background-color:{colour}; color:#1f2328; text-decoration:none">'
    )


def document_css() -> str:
    text = theme.text_colour()
    muted = theme.muted_colour()
    return (
        f"body {{ color: {text}; }}"
        "p, li { line-height: 140%; }"
        "h1 { font-size: 17pt; font-weight: 600; margin-top: 6px; }"
        "h2 { font-size: 14pt; font-weight: 600; margin-top: 14px; }"
        "h3 { font-size: 12pt; font-weight: 600; }"
        f"blockquote {{ color: {muted}; margin-left: 16px; }}"
        "table { border-collapse: collapse; margin: 6px 0; }"
        "td, th { padding: 3px 8px; border: 1px solid #b0b0b0; }"
        "th { font-weight: 600; }"
        "code { font-family: monospace; }"
    )


# Read-only, but a keyboard user can place a caret and select with Shift+arrows
# (to highlight a passage) as well as reach the links, like a mouse user.
BROWSER_INTERACTION = (
    Qt.TextInteractionFlag.TextSelectableByMouse
    | Qt.TextInteractionFlag.TextSelectableByKeyboard
    | Qt.TextInteractionFlag.LinksAccessibleByMouse
    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
)


class SafeBrowser(QTextBrowser):
    """A read-only rich text view that never loads a resource and never follows a link by itself.

    The text is selectable by keyboard, with a visible caret, so a passage can
    be chosen without a mouse.
    """

    link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.document().setDocumentMargin(18)
        self.setTextInteractionFlags(BROWSER_INTERACTION)
        self.setCursorWidth(2)
        self._markdown: tuple[str, bool] | None = None  # what show_markdown shows, to draw again in a new palette
        theme.watcher().changed.connect(self._restyle)

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt's name
        return no_resource(int(kind))  # no images, style sheets or anything else from outside the text

    def setSource(self, name: QUrl, kind=QTextDocument.ResourceType.UnknownResource) -> None:  # noqa: N802
        return  # navigation is the owner's decision

    def _clicked(self, url: QUrl) -> None:
        self.link_clicked.emit(url)

    def show_markdown(self, text: str, *, marks: bool = False) -> None:
        self.document().setDefaultStyleSheet(document_css())
        self.setHtml(to_html(text, marks=marks))
        self._markdown = (text, marks)

    def setHtml(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._markdown = None  # the owner's HTML: the owner redraws it
        super().setHtml(text)

    def clear(self) -> None:
        self._markdown = None
        super().clear()

    def _restyle(self) -> None:
        """The palette changed: render the Markdown again in its colours, where the reader had scrolled to."""
        if self._markdown is None:
            return
        scroll = self.verticalScrollBar().value()
        text, marks = self._markdown
        self.show_markdown(text, marks=marks)
        self.verticalScrollBar().setValue(scroll)


def open_local(url: QUrl) -> bool:
    """Open a local file or folder with the desktop's handler; anything else is refused."""
    if not url.isLocalFile():
        return False
    return QDesktopServices.openUrl(url)
