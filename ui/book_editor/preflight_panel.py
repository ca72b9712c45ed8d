"""The pre-flight panel: the open book's problems, refreshed when the book changes.

The check itself is ``briefing.book.preflight.run_preflight``, run as a read
operation; the panel only lists what it returns. Double-clicking a problem
asks the editor to open what it concerns (``problem_activated``): the editor
decides whether that means choosing an item in the tree or the document in
the reader.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
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
}


def problem_label(problem: Problem) -> str:
    """A person's name for the problem's kind, e.g. "Stale figure" for ``stale-figure``."""
    if problem.code == "marking" and "not on the scale" in problem.message:
        return "Marking not on the scale"
    return LABELS.get(problem.code) or problem.code.replace("-", " ").capitalize()


def severity_icon(widget: QWidget, severity: str):
    pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical if severity == ERROR else QStyle.StandardPixmap.SP_MessageBoxWarning
    return widget.style().standardIcon(pixmap)


def fill_problem_list(tree: QTreeWidget, problems: list[Problem]) -> None:
    """One row per problem: severity icon, kind, where, message (also used by the export refusal)."""
    tree.clear()
    for problem in problems:
        row = QTreeWidgetItem(["", problem_label(problem), problem.where, problem.message])
        row.setIcon(0, severity_icon(tree, problem.severity))
        row.setToolTip(0, problem.severity)
        row.setToolTip(1, f"Code: {problem.code}")
        row.setData(1, CODE_ROLE, problem.code)
        row.setToolTip(3, problem.message)
        row.setData(0, PROBLEM_ROLE, problem)
        tree.addTopLevelItem(row)


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
        head = QHBoxLayout()
        head.setContentsMargins(4, 0, 0, 0)
        head.addWidget(self.heading, 1)
        head.addWidget(self.recheck)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)

    def set_book(self, book_id: int | None) -> None:
        self.book_id = book_id
        if book_id is None:
            self.problems = []
            self.tree.clear()
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
