"""Editions seen in the app: what was added, removed and changed since an edition (Book ▸ Changes since edition…)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget


class ChangesDialog(QDialog):
    """What was added, removed and changed since an edition, with what changed."""

    def __init__(self, report: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"Changes since edition {report['since']}")
        self.resize(760, 460)
        counts = ", ".join(f"{len(report[k])} {k}" for k in ("added", "changed", "removed"))
        self.summary = QLabel(f"Compared with edition {report['since']} of {report['published'][:10]}: {counts}.")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Item", "Section", "What changed"])
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 200)
        for key, heading in (("added", "Added"), ("changed", "Changed"), ("removed", "Removed")):
            group = QTreeWidgetItem([f"{heading} ({len(report[key])})"])
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for entry in report[key]:
                what = ", ".join(entry.get("what", [])) if key == "changed" else heading.lower()
                group.addChild(QTreeWidgetItem([entry["title"], entry["section"], what]))
            group.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def group(self, key: str) -> list[list[str]]:
        """The rows listed under added/changed/removed, for tests and readers of the dialog."""
        index = ("added", "changed", "removed").index(key)
        group = self.tree.topLevelItem(index)
        return [[group.child(n).text(c) for c in range(3)] for n in range(group.childCount())]
