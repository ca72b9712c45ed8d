"""The exported book seen in the app (QtPdf), page by page, with printing and its folder at hand.

Printing rasterises each page at no more than ``PRINT_DPI``: a printer
reports 600 or 1200 dpi, and a page at 1200 dpi is a 500 MB image (at 300
dpi, 35 MB, and no different on paper). QtPdf and the print engine hold
Python's lock while they work, so a thread would not keep the window
responsive; instead the work is cut in short steps (render a page, make it
opaque, paint it on the printer a band at a time) run on the UI thread by
``ui.common.steps.run_in_steps``, with events handled between steps, and
shown like any other long work (``ProgressJob``: a progress dialog and Cancel).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSpinBox, QToolBar, QWidget

from briefing.errors import BriefingError
from ui.common import theme
from ui.common.fitting import fit_to_screen
from ui.common.markdown_view import open_local
from ui.common.operations import Job
from ui.common.progress import ProgressJob
from ui.common.steps import run_in_steps

PRINT_DPI = 300  # the most a page is rendered at for printing
BAND_PIXELS = 1_000_000  # a page goes to the printer in bands of about this many pixels, one step each


def print_resolution(printer: QPrinter) -> int:
    """The resolution pages are rendered at for ``printer``: its own, at most PRINT_DPI."""
    return max(72, min(printer.resolution(), PRINT_DPI))


def page_range(printer: QPrinter, count: int) -> range:
    """The pages (0-based) the printer's range asks for, all of them when it names none."""
    first, last = printer.fromPage(), printer.toPage()
    if first == 0 and last == 0:
        first, last = 1, count
    return range(max(1, first) - 1, min(last, count))


class PrintJob(ProgressJob):
    """Prints a PDF file's pages on ``printer`` in short steps on the UI thread, with a progress dialog and Cancel.

    ``finished(pages)`` when done, ``cancelled()`` after Cancel (the print job
    is aborted), ``failed(message)`` when the file or the printer cannot be used.
    """

    def __init__(self, path: str | Path, printer: QPrinter, pages: range, parent: QWidget | None = None):
        self.path = Path(path)
        self.printer = printer  # kept alive until the job is done with it
        self.pages = pages
        self.dpi = print_resolution(printer)
        self.image_sizes: list[QSize] = []  # what each page was rendered at
        self.printed = 0
        super().__init__(run_in_steps(self._work, "print"), f"Preparing {len(pages)} pages for the printer…", "Print",
                         parent, maximum=max(1, len(pages)),
                         describe=lambda done, total: f"Printed {done} of {total} pages…")

    @property
    def done(self) -> bool:
        return self.op.done

    def abort(self) -> None:
        """Cancel and stop now (the window is closing): the print job is aborted at once."""
        self.cancel()
        self.op.step()

    def _work(self, job: Job) -> Iterator[None]:
        """The printing, as a generator: each ``yield`` lets the window handle its events.

        Returns the number of pages printed; closed early (Cancel), it aborts
        the print job, so what the printer has not yet received is not printed.
        """
        document = QPdfDocument(self)  # its own, so the preview can go on showing pages
        painter = QPainter()
        try:
            error = document.load(str(self.path))
            if error != QPdfDocument.Error.None_:
                raise BriefingError(f"{self.path}: cannot be printed ({error.name})")
            if not painter.begin(self.printer):
                raise BriefingError("The printer could not be started.")
            total = len(self.pages)
            for page in self.pages:
                if self.printed:
                    self.printer.newPage()
                yield from self._page(document, painter, page)
                self.printed += 1
                job.progress(self.printed, total)
            return self.printed
        except GeneratorExit:
            self.printer.abort()
            raise
        finally:
            if painter.isActive():
                painter.end()
            document.close()
            document.deleteLater()

    def _page(self, document: QPdfDocument, painter: QPainter, page: int) -> Iterator[None]:
        target = painter.viewport()  # the printable area, in printer pixels
        points = document.pagePointSize(page)
        scale = min(target.width() / points.width(), target.height() / points.height())
        area = QRectF(0, 0, points.width() * scale, points.height() * scale)
        ratio = self.dpi / max(1, self.printer.resolution())
        size = QSize(max(1, round(area.width() * ratio)), max(1, round(area.height() * ratio)))
        rendered = document.render(page, size)
        self.image_sizes.append(rendered.size())
        yield
        # the page comes with a transparent background: on white it prints faster and needs no mask
        image = QImage(rendered.size(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        flatten = QPainter(image)
        flatten.drawImage(0, 0, rendered)
        flatten.end()
        del rendered
        yield
        width, height = image.width(), image.height()
        band = max(32, BAND_PIXELS // max(1, width))
        per_row = area.height() / height
        for top in range(0, height, band):
            rows = min(height, top + band + 1) - top  # one row over the next band's: no hairline between
            source = QRect(0, top, width, rows)
            painter.drawImage(QRectF(area.x(), area.y() + top * per_row, area.width(), rows * per_row), image, source)
            yield


def ask_and_print(
    path: str | Path, parent: QWidget, page_count: int | None = None, printer: QPrinter | None = None
) -> PrintJob | None:
    """The print dialog for the PDF at ``path``, then printing in short steps; None when not printed.

    With ``printer`` already set up (tests, a caller's own dialog), no dialog is shown.
    """
    if page_count is None:
        probe = QPdfDocument()
        probe.load(str(path))
        page_count = probe.pageCount()
        probe.close()
    if page_count <= 0:
        QMessageBox.warning(parent, "Print", f"{path}: cannot be printed (no pages could be read)")
        return None
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(Path(path).stem)
        dialog = QPrintDialog(printer, parent)
        dialog.setMinMax(1, page_count)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
    job = PrintJob(path, printer, page_range(printer, page_count), parent)
    job.failed.connect(lambda message: QMessageBox.warning(parent, "Print", message))
    return job


class PdfPreview(QMainWindow):
    """A window showing one PDF file."""

    def __init__(self, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.print_job: PrintJob | None = None
        self.setWindowTitle(f"{self.path.name} — Preview")
        fit_to_screen(self, 900, 1000)
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
        self.prev_action = theme.themed(QAction("Previous page", self), "previous")
        self.prev_action.setShortcuts([QKeySequence(Qt.Key.Key_PageUp), QKeySequence("Ctrl+Left")])
        self.prev_action.triggered.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_action = theme.themed(QAction("Next page", self), "next")
        self.next_action.setShortcuts([QKeySequence(Qt.Key.Key_PageDown), QKeySequence("Ctrl+Right")])
        self.next_action.triggered.connect(lambda: self.go_to(self.current_page() + 1))
        zoom_in = theme.themed(QAction("Zoom in", self, shortcut=QKeySequence.StandardKey.ZoomIn), "zoom-in")
        zoom_in.triggered.connect(lambda: self.zoom(1.25))
        zoom_out = theme.themed(QAction("Zoom out", self, shortcut=QKeySequence.StandardKey.ZoomOut), "zoom-out")
        zoom_out.triggered.connect(lambda: self.zoom(0.8))
        fit = theme.themed(QAction("Fit width", self, shortcut=QKeySequence("Ctrl+0")), "fit-width")
        fit.triggered.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        print_action = theme.themed(QAction("Print…", self, shortcut=QKeySequence.StandardKey.Print), "print")
        print_action.triggered.connect(self.print_document)
        folder = theme.themed(QAction("Open containing folder", self), "folder")
        folder.triggered.connect(self.open_folder)
        close = QAction("Close", self, shortcut=QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        self.addAction(close)

        # icons only, but for the two a reader looks for by name: the bar fits a narrow window
        # and never hides "Open containing folder" behind its overflow
        tools = QToolBar("Preview")
        tools.setMovable(False)
        tools.setIconSize(QSize(18, 18))
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
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
        for named in (print_action, folder):
            tools.widgetForAction(named).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.folder_action = folder
        self.tools = tools
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

    def print_document(self) -> PrintJob | None:
        if self.print_job is not None and not self.print_job.done:
            return self.print_job
        self.print_job = ask_and_print(self.path, self, self.document.pageCount())
        return self.print_job

    def print_to(self, printer: QPrinter) -> PrintJob:
        """Start sending the pages to ``printer`` (its page range, else all) in the background."""
        self.print_job = PrintJob(self.path, printer, page_range(printer, self.document.pageCount()), self)
        return self.print_job

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.print_job is not None and not self.print_job.done:
            self.print_job.abort()
            super().closeEvent(event)
