"""Export a book from the app: progress, cancel, then the preview with page navigation and printing."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter
from test_ui_book import new_book
from ui_support import open_window, settle


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
    assert preview.print_to(printer) == result.pages
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    preview.close()
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
    from ui.export_dialog import ExportJob

    job = ExportJob(window.runner, window.editor.book["id"], choices(tmp_path / "missing" / "x.pdf"), window)
    with qtbot.waitSignal(job.failed, timeout=30000) as failed:
        pass
    assert "does not exist" in failed.args[0] and "\n" not in failed.args[0]
    settle(qtbot, window)
