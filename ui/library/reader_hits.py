"""The reader's search hits: the words the library's search found, marked in the text, and the
bar that counts them, with the next and previous hit a key away (F3, Shift+F3).

``SearchHits`` is mixed into ``ReaderView``; it uses the reader's ``browser`` and ``doc``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QToolButton, QWidget

from briefing.library.fold import WORD_RE
from briefing.search.listing import as_you_type
from briefing.search.query import parse_query
from briefing.search.snippets import matcher
from ui.common.markdown_view import plain_label

HIT_COLOUR = "#ffe08a"
CURRENT_HIT_COLOUR = "#ff9f43"


class SearchHits:
    """Marks the search's words in the reader's text and steps through them."""

    def _build_hit_bar(self) -> QWidget:
        """Where the search's words are in the text: a count, and the next and previous hit."""
        self.next_hit_action = QAction("Next hit", self)
        self.next_hit_action.setShortcuts([QKeySequence("F3")])
        self.next_hit_action.setToolTip("Go to the next place the search's words are found (F3)")
        self.next_hit_action.triggered.connect(lambda: self.go_to_hit(self.hit + 1))
        self.previous_hit_action = QAction("Previous hit", self)
        self.previous_hit_action.setShortcuts([QKeySequence("Shift+F3")])
        self.previous_hit_action.setToolTip("Go to the previous place the search's words are found (Shift+F3)")
        self.previous_hit_action.triggered.connect(lambda: self.go_to_hit(self.hit - 1))
        for action in (self.next_hit_action, self.previous_hit_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            self.addAction(action)
        self.hit_label = plain_label(QLabel(objectName="muted"))
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hit_label, 1)
        for action, text in ((self.previous_hit_action, "◀ Previous"), (self.next_hit_action, "Next ▶")):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setText(text)
            button.setAutoRaise(True)
            row.addWidget(button)
        bar.hide()
        self.hit_bar = bar
        return bar

    def set_search(self, query: str) -> None:
        """Mark the words of the library's search in the text (as the list found them: across scripts)."""
        self._query = query.strip()
        self._terms = parse_query(as_you_type(query)).terms if self._query else []
        self._mark_hits()

    def _mark_hits(self) -> None:
        self.hits = []
        if self._terms and self.doc is not None:
            matches = matcher(self._terms)
            block = self.browser.document().begin()
            while block.isValid():
                for m in WORD_RE.finditer(block.text()):
                    if matches(m.group()):
                        self.hits.append((block.position() + m.start(), block.position() + m.end()))
                block = block.next()
        self.hit = -1
        self._draw_hits()
        self.hit_bar.setVisible(bool(self._query and self.doc is not None))
        for action in (self.next_hit_action, self.previous_hit_action):
            action.setEnabled(bool(self.hits))
        if self.hits:
            self.go_to_hit(0)

    def go_to_hit(self, index: int) -> None:
        """Scroll to hit ``index`` (wrapping round) and mark it as the current one."""
        if not self.hits:
            return
        self.hit = index % len(self.hits)
        # the caret goes there, without a selection: a selection would offer itself to be highlighted
        caret = QTextCursor(self.browser.document())
        caret.setPosition(self.hits[self.hit][0])
        self.browser.setTextCursor(caret)
        self.browser.ensureCursorVisible()
        self._draw_hits()

    def _draw_hits(self) -> None:
        selections = []
        for n, (start, end) in enumerate(self.hits):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(CURRENT_HIT_COLOUR if n == self.hit else HIT_COLOUR))
            fmt.setForeground(QColor("#1f2328"))
            selection.format = fmt
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        if not self._query:
            self.hit_label.setText("")
        elif not self.hits:
            self.hit_label.setText(f"Search “{self._query}”: not in the text (found in its details)")
        else:
            self.hit_label.setText(f"Search “{self._query}”: {self.hit + 1} of {len(self.hits)} in the text")
