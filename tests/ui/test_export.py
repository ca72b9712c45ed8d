"""Export a book from the app: progress, cancel, then the preview with page navigation and printing."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QPushButton
from ui_support import new_book, open_window, settle


def choices(path, **extra):
    return {"path": str(path), "paper": "a4", "profile": "full", "watermark": None, **extra}


def test_export_with_progress_then_preview(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    target = tmp_path / "out" / "baku.pdf"
    target.parent.mkdir()
    job = window.start_export(choices(target, watermark="DRAFT", paper="letter"))
    steps = []
    job.op.on_progress(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=30000) as finished:
        pass
    result = finished.args[0]
    assert target.exists() and result.pages >= 2
    assert steps and steps[-1][0] == steps[-1][1]  # progress reached the end
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)

    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    preview = window.previews[0]
    assert preview.page_count() == result.pages
    assert preview.page.value() == 1 and not preview.prev_action.isEnabled()
    preview.next_action.trigger()
    qtbot.waitUntil(lambda: preview.current_page() == 1, timeout=5000)
    assert preview.page.value() == 2
    preview.page.setValue(result.pages)
    qtbot.waitUntil(lambda: preview.current_page() == result.pages - 1, timeout=5000)
    assert not preview.next_action.isEnabled()

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    job = preview.print_to(printer)
    with qtbot.waitSignal(job.finished, timeout=60000) as printed:
        pass
    assert printed.args == [result.pages]
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    preview.close()
    settle(qtbot, window)


def pdf_printer(path, dpi: int = 1200) -> QPrinter:
    """A printer as a real one reports itself (600 or 1200 dpi), writing a PDF file instead of paper."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def exported_book(qtbot, window, tmp_path):
    new_book(qtbot, window, window.store_path)
    target = tmp_path / "baku.pdf"
    job = window.start_export(choices(target))
    with qtbot.waitSignal(job.finished, timeout=30000) as finished:
        pass
    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    for preview in list(window.previews):
        preview.close()
    return finished.args[0]


class Ticks:
    """A 10 ms timer on the UI thread: the longest gap between its ticks is how long the window froze."""

    def __init__(self):
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def test_file_print_renders_at_300_dpi_with_progress_and_the_window_stays_responsive(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    assert not window.print_action.isEnabled()
    result = exported_book(qtbot, window, tmp_path)
    assert window.print_action.isEnabled() and window.print_action.shortcut().toString() == "Ctrl+P"
    assert window.last_export(window.book_id) == result.path
    output = tmp_path / "printed.pdf"
    ticks = Ticks()
    shown = []
    job = window.print_book(printer=pdf_printer(output))
    job.progress.connect(lambda done, total: shown.append((done, total, job.dialog.isVisible())))
    with qtbot.waitSignal(job.finished, timeout=120000) as printed:
        pass
    ticks.timer.stop()
    assert printed.args == [result.pages] and job.dpi == 300
    # an A4 page fits 8.3 x 11.7 inches: at 300 dpi no side is over 3,510 pixels (at 1200, over 14,000)
    assert job.image_sizes and all(s.width() <= 2500 and s.height() <= 3510 for s in job.image_sizes)
    assert [d for d, _, _ in shown] == list(range(1, result.pages + 1))
    assert any(visible for *_, visible in shown)  # the progress dialog came up while the pages went out
    assert ticks.longest < 0.5, f"the window froze for {ticks.longest:.2f} s"
    copy = QPdfDocument()
    copy.load(str(output))
    assert copy.pageCount() == result.pages
    copy.close()
    settle(qtbot, window)


def test_printing_can_be_cancelled_from_its_progress_dialog(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    result = exported_book(qtbot, window, tmp_path)
    assert result.pages >= 2
    job = window.print_book(printer=pdf_printer(tmp_path / "cancelled.pdf"))
    with qtbot.waitSignal(job.progress, timeout=30000):
        pass
    qtbot.waitUntil(job.dialog.isVisible, timeout=5000)  # progress is shown while the pages go out
    with qtbot.waitSignal(job.cancelled, timeout=10000):
        job.dialog.findChild(QPushButton).click()
    assert job.done and 1 <= job.printed < result.pages, (job.printed, result.pages)
    assert not job.dialog.isVisible()
    settle(qtbot, window)


def test_print_without_an_export_offers_to_export_first_then_prints(qtbot, sample_path, tmp_path, monkeypatch):
    import ui.export.pdf_preview

    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    asked, exported, printed = [], [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(window.exports, "export_book", lambda: exported.append(True))
    monkeypatch.setattr(ui.export.pdf_preview, "ask_and_print", lambda path, parent, **k: printed.append(path))
    assert window.last_export(window.book_id) is None
    assert window.print_book() is None
    assert len(asked) == 1 and "not been exported" in asked[0] and exported == [True] and printed == []
    job = window.start_export(choices(tmp_path / "first.pdf"))  # what the export dialog leads to
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert printed == [tmp_path / "first.pdf"]
    for preview in list(window.previews):
        preview.close()
    settle(qtbot, window)


def test_file_print_from_the_menu_asks_for_a_printer(qtbot, sample_path, tmp_path, monkeypatch):
    """The menu's Print… goes to the print dialog (the action's checked flag is never taken for a printer)."""
    import ui.export.pdf_preview

    window = open_window(qtbot, sample_path, tmp_path)
    result = exported_book(qtbot, window, tmp_path)
    asked = []
    monkeypatch.setattr(ui.export.pdf_preview, "ask_and_print", lambda path, parent, **k: asked.append((path, k)))
    window.print_action.trigger()
    assert asked == [(result.path, {"printer": None})]
    settle(qtbot, window)


def test_cancelled_export_writes_nothing(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    target = tmp_path / "cancelled.pdf"
    job = window.start_export(choices(target))
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=30000):
        pass
    assert not target.exists()
    assert not list(tmp_path.glob("*.part"))
    settle(qtbot, window)


def test_export_failure_is_one_line(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    from ui.export.export_dialog import ExportJob

    job = ExportJob(window.runner, window.editor.book["id"], choices(tmp_path / "missing" / "x.pdf"), window)
    with qtbot.waitSignal(job.failed, timeout=30000) as failed:
        pass
    assert "does not exist" in failed.args[0] and "\n" not in failed.args[0]
    settle(qtbot, window)
