"""The exported book seen in the app (QtPdf), page by page, with printing and its folder at hand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSpinBox, QToolBar, QWidget

from . import theme
from .markdown_view import open_local


class PdfPreview(QMainWindow):
    """A window showing one PDF file."""

    def __init__(self, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"{self.path.name} — Preview")
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.setCentralWidget(self.view)

        self.page = QSpinBox()
        self.page.setMinimum(1)
        self.page.setKeyboardTracking(False)
        self.page.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.of_pages = QLabel()
        self.prev_action = QAction(theme.icon("previous"), "Previous page", self)
        self.prev_action.setShortcuts([QKeySequence(Qt.Key.Key_PageUp), QKeySequence("Ctrl+Left")])
        self.prev_action.triggered.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_action = QAction(theme.icon("next"), "Next page", self)
        self.next_action.setShortcuts([QKeySequence(Qt.Key.Key_PageDown), QKeySequence("Ctrl+Right")])
        self.next_action.triggered.connect(lambda: self.go_to(self.current_page() + 1))
        zoom_in = QAction(theme.icon("zoom-in"), "Zoom in", self, shortcut=QKeySequence.StandardKey.ZoomIn)
        zoom_in.triggered.connect(lambda: self.zoom(1.25))
        zoom_out = QAction(theme.icon("zoom-out"), "Zoom out", self, shortcut=QKeySequence.StandardKey.ZoomOut)
        zoom_out.triggered.connect(lambda: self.zoom(0.8))
        fit = QAction(theme.icon("fit-width"), "Fit width", self, shortcut=QKeySequence("Ctrl+0"))
        fit.triggered.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        print_action = QAction(theme.icon("print"), "Print…", self, shortcut=QKeySequence.StandardKey.Print)
        print_action.triggered.connect(self.print_document)
        folder = QAction(theme.icon("folder"), "Open containing folder", self)
        folder.triggered.connect(self.open_folder)
        close = QAction("Close", self, shortcut=QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        self.addAction(close)

        tools = QToolBar("Preview")
        tools.setMovable(False)
        tools.setIconSize(QSize(18, 18))
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addAction(self.prev_action)
        tools.addWidget(QLabel(" Page "))
        tools.addWidget(self.page)
        tools.addWidget(self.of_pages)
        tools.addAction(self.next_action)
        tools.addSeparator()
        for action in (zoom_out, fit, zoom_in):
            tools.addAction(action)
        tools.addSeparator()
        tools.addAction(print_action)
        tools.addAction(folder)
        self.addToolBar(tools)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.load()

    def load(self) -> bool:
        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_:
            self.statusBar().showMessage(f"{self.path}: cannot be shown ({error.name})")
            return False
        count = self.document.pageCount()
        self.page.setMaximum(max(1, count))
        self.of_pages.setText(f" of {count} ")
        self.statusBar().showMessage(f"{self.path}  ·  {count} pages")
        self._page_changed(0)
        return True

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.document.pageCount() and page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def _page_changed(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
        self.prev_action.setEnabled(page > 0)
        self.next_action.setEnabled(page < self.document.pageCount() - 1)

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def open_folder(self) -> None:
        if not open_local(QUrl.fromLocalFile(str(self.path.parent))):
            QMessageBox.information(self, "Open folder", f"The book was saved in\n{self.path.parent}")

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Send the pages to ``printer`` (its page range, else all); returns the pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        if first == 0 and last == 0:
            first, last = 1, self.document.pageCount()
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            for page in range(first - 1, last):
                if printed:
                    printer.newPage()
                target = painter.viewport()
                points = self.document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = self.document.render(page, size)
                painter.drawImage(0, 0, image)
                printed += 1
        finally:
            painter.end()
        return printed
