"""The pre-flight check before a book goes out: on an error, the list and the choice to stop or go ahead anyway.

Export, numbered copies and the pocket card all pass through ``check_then``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from briefing.book.preflight import ERROR, Problem, run_preflight, summary
from ui.book_editor.preflight_panel import detail_line, fill_problem_list, problem_tree
from ui.common.operations import Operation, OpRunner


class PreflightRefusal(QDialog):
    """The check found an error: the list, and the choice to stop or go ahead anyway."""

    def __init__(self, problems: list[Problem], action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Pre-flight check")
        self.resize(820, 360)
        errors = sum(p.severity == ERROR for p in problems)
        text = QLabel(f"The book fails its pre-flight check ({summary(problems)}). "
                      f"Fix the {'error' if errors == 1 else 'errors'} first, or go ahead anyway.", wordWrap=True)
        self.tree = problem_tree()
        fill_problem_list(self.tree, problems)
        self.detail = detail_line(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.anyway = buttons.addButton(f"{action} anyway", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)


def check_then(
    runner: OpRunner,
    parent: QWidget,
    book_id: int,
    action: str,
    proceed: Callable[[bool], None],
    *,
    status: Callable[[str], None],
    failed: Callable[[str], None],
) -> Operation:
    """Run the check; on an error show the list and call ``proceed(force=True)`` only if the user goes ahead.

    ``status`` is told when the user stops; ``failed`` gets the message when the check cannot run.
    """

    def checked(problems: list[Problem]) -> None:
        if not any(p.severity == ERROR for p in problems):
            proceed(False)
            return
        dialog = PreflightRefusal(problems, action, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            proceed(True)
        else:
            status(f"{action} stopped: the book fails its pre-flight check.")

    op = runner.read(lambda job: run_preflight(job.store, book_id), "pre-flight check")
    op.on_success(checked).on_failure(failed)
    return op
