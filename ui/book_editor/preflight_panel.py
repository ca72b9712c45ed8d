"""The pre-flight panel: the open book's problems, refreshed when the book changes.

The check itself is ``briefing.book.preflight.run_preflight``, run as a read
operation; the panel only lists what it returns. Double-clicking a problem
asks the editor to open what it concerns (``problem_activated``): the editor
decides whether that means choosing an item in the tree or the document in
the reader. What a problem means and what to do about it is shown without
a double-click: in the row's tooltip and in the detail line below the list,
which follows the chosen row.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.book.preflight import ERROR, Problem, run_preflight, summary
from ui.common.operations import Operation, OpRunner

COLUMNS = ("", "Problem", "Where", "Message")
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
# what each of the core's problem codes is called on screen; the code itself is in the tooltip
LABELS = {
    "stale-figure": "Stale figure",
    "conflicting-figure": "Conflicting figures",
    "marking": "Marking above the book",
    "empty-section": "Empty section",
    "orphan-annotation": "Orphaned highlight",
    "missing-source": "Missing source",
    "unprintable": "Cannot be printed",
    "link-as-text": "Link printed as text",
    "no-font": "Characters without a font",
    "no-marking": "No marking",
    "figure-status": "Figure status",
    "future-source": "Source dated later",
    "internal-in-release": "Internal text in a release",
}
# what to do about each kind of problem, in a sentence
ADVICE = {
    "stale-figure": "Update the figure in the library, or say in the text how old it is.",
    "conflicting-figure": "Two sources give different values: choose one, or say why they differ.",
    "marking": "Raise the book's marking, or leave the item out of this book.",
    "empty-section": "Add something to the section, or delete it.",
    "orphan-annotation": "The highlighted passage is no longer in the document: open it in the reader to mend it.",
    "missing-source": "Give the figure or document its source in the library.",
    "unprintable": "Correct the block or setting in its form; forced, it prints as a line saying why.",
    "link-as-text": "The printed page shows the address as text: write it out, or leave the link out.",
    "no-font": "Install a TrueType font that has these characters (for Chinese, for example, WenQuanYi Zen Hei or "
               "Microsoft YaHei) and check again; otherwise each run of them prints as \ufffd.",
    "no-marking": "Give the book a marking in its properties (Book ▸ Book properties).",
    "figure-status": "Say in the library whether the figure is reported, derived, approximate or not to be quoted.",
    "future-source": "The source is dated after the edition or the visit's start: check its date.",
    "internal-in-release": "Text written for the principal would be handed outside: make the item internal, "
                           "or reword it.",
}
WHERE_WIDTH = (160, 420)  # the Where column fits its longest entry, within these bounds


def problem_label(problem: Problem) -> str:
    """A person's name for the problem's kind, e.g. "Stale figure" for ``stale-figure``."""
    if problem.code == "marking" and "not on the scale" in problem.message:
        return "Marking not on the scale"
    return LABELS.get(problem.code) or problem.code.replace("-", " ").capitalize()


def problem_explained(problem: Problem) -> str:
    """The whole of a problem in words: its kind and where, the message, what to do."""
    advice = ADVICE.get(problem.code, "")
    return "\n".join(part for part in (f"{problem_label(problem)} ({problem.severity}) — {problem.where}",
                                         problem.message, advice) if part)


def severity_icon(widget: QWidget, severity: str):
    pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical if severity == ERROR else QStyle.StandardPixmap.SP_MessageBoxWarning
    return widget.style().standardIcon(pixmap)


def fill_problem_list(tree: QTreeWidget, problems: list[Problem]) -> None:
    """One row per problem: severity icon, kind, where, message (also used by the export refusal)."""
    tree.clear()
    for problem in problems:
        row = QTreeWidgetItem(["", problem_label(problem), problem.where, problem.message])
        row.setIcon(0, severity_icon(tree, problem.severity))
        explained = problem_explained(problem)
        row.setToolTip(0, explained)
        row.setToolTip(1, f"{explained}\nCode: {problem.code}")
        row.setData(1, CODE_ROLE, problem.code)
        row.setToolTip(2, problem.where)
        row.setToolTip(3, explained)
        row.setData(0, PROBLEM_ROLE, problem)
        tree.addTopLevelItem(row)
    tree.resizeColumnToContents(2)
    tree.setColumnWidth(2, min(max(tree.columnWidth(2), WHERE_WIDTH[0]), WHERE_WIDTH[1]))
    if problems:
        tree.setCurrentItem(tree.topLevelItem(0))


def detail_line(tree: QTreeWidget) -> QLabel:
    """A line under the list that explains the chosen problem (the first, until another is chosen)."""
    label = QLabel(objectName="muted", wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # at most four lines, so the list keeps its rows on a small screen; the whole in the tooltip
    label.setMaximumHeight(label.fontMetrics().lineSpacing() * 4 + 4)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show(current: QTreeWidgetItem | None, *_: object) -> None:
        problem = current.data(0, PROBLEM_ROLE) if current is not None else None
        if problem is None:
            label.setText("")
        else:  # what to do first: the kind and where are in the row itself
            label.setText("\n".join(p for p in (problem.message, ADVICE.get(problem.code, "")) if p))
        label.setToolTip(problem_explained(problem) if problem is not None else "")
        label.setVisible(problem is not None)

    tree.currentItemChanged.connect(show)
    show(tree.currentItem())
    return label


def problem_tree() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(len(COLUMNS))
    tree.setHeaderLabels(list(COLUMNS))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setWordWrap(False)
    tree.setColumnWidth(0, 30)
    longest = max([*LABELS.values(), "Marking not on the scale"], key=tree.fontMetrics().horizontalAdvance)
    tree.setColumnWidth(1, max(130, tree.fontMetrics().horizontalAdvance(longest) + 16))
    tree.setColumnWidth(2, 240)
    return tree


class PreflightPanel(QWidget):
    """Lists the problems of one book; ``problem_activated`` on a double-click."""

    problem_activated = Signal(object)  # the Problem
    checked = Signal(list)  # the problems, each time the check has run

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.book_id: int | None = None
        self.problems: list[Problem] = []
        self._op: Operation | None = None
        self.heading = QLabel("Pre-flight check", objectName="muted", wordWrap=True)
        self.recheck = QToolButton(text="Check again", autoRaise=True)
        self.recheck.clicked.connect(self.refresh)
        self.tree = problem_tree()
        self.tree.itemActivated.connect(self._activated)
        # the panel is narrow: the message is in the line below, and Where takes the rest of the width,
        # shortened in its middle so both the section and the item stay readable
        self.tree.setColumnHidden(3, True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.detail = detail_line(self.tree)
        head = QHBoxLayout()
        head.setContentsMargins(4, 0, 0, 0)
        head.addWidget(self.heading, 1)
        head.addWidget(self.recheck)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)

    def set_book(self, book_id: int | None) -> None:
        self.book_id = book_id
        if book_id is None:
            self.problems = []
            self.tree.clear()
            self.detail.hide()
            self.heading.setText("Pre-flight check")
        else:
            self.refresh()

    def refresh(self) -> None:
        book_id = self.book_id
        if book_id is None:
            return
        if self._op is not None:
            self._op.cancel()  # a newer check supersedes one still running
        self.heading.setText("Pre-flight check: checking…")
        op = self.runner.read(lambda job: run_preflight(job.store, book_id), "pre-flight check")
        op.on_success(lambda problems: self._show(book_id, problems))
        op.on_failure(lambda message: self.heading.setText(f"Pre-flight check failed: {message}"))
        self._op = op

    def _show(self, book_id: int, problems: list[Problem]) -> None:
        self._op = None
        if book_id != self.book_id:
            return
        self.problems = problems
        fill_problem_list(self.tree, problems)
        self.heading.setText(f"Pre-flight check: {summary(problems)}" if problems
                             else "Pre-flight check: no problems found")
        self.checked.emit(problems)

    def _activated(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        problem = row.data(0, PROBLEM_ROLE)
        if problem is not None:
            self.problem_activated.emit(problem)
