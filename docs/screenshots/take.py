"""Take the documentation's screenshots from the running app under Xvfb.

    .venv/bin/python docs/screenshots/take.py                 # all of them
    .venv/bin/python docs/screenshots/take.py library preflight   # only these

Needs Xvfb, ImageMagick (``import``, ``convert``) and poppler-utils
(``pdftoppm``), and Qt's xcb libraries. The script starts its own X servers
(1600×1000, and 1280×720 for the shot that shows the window fits a laptop),
a fresh home folder and an empty library: the app seeds it with the sample
library on its first start, as it does for a new user. It then drives the real
window step by step, as a person would, and captures the X screen with
``import -window root``. Dialogs and the PDF preview have no window manager to
frame them: each is cropped to its own window and given a thin frame. The
pocket card is the first page of ``briefing card``'s PDF, rendered at 110 dpi.

Every PNG is reduced to 256 colours and stripped, which keeps each well under
250 kB.
The home folder is a folder named ``~`` inside a temporary one and the app
runs from its parent, so the paths the app shows read ``~/Documents/…``
rather than naming the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

LARGE = "1600x1000"
SMALL = "1280x720"
STORE = "~/.local/share/briefing-book/library.sqlite"  # the app's default place, under the temporary home
PASSPHRASE = "caspian-ferry-2024"
# the programme typed into the sample's state visit for the visit-programme shot
PROGRAMME = [
    ("2024-03-12 09:30", "Arrival at Heydar Aliyev International Airport", "Baku airport", "Foreign Minister Bayramov", ""),
    ("2024-03-12 11:00-11:45", "Official welcome ceremony", "Zagulba Palace", "The Presidents", "Dark suit"),
    ("2024-03-12 12:00-13:30", "Talks in restricted format", "Zagulba Palace", "The Presidents", ""),
    ("2024-03-12 14:00-14:30", "Signing of documents and press statements", "Zagulba Palace", "Presidents, ministers", ""),
    ("2024-03-12 19:00", "State dinner", "Gulustan Palace", "The Presidents and spouses", "Black tie"),
]

# name: (session, what it shows); the sessions share one library, seeded by the first
SHOTS = {
    "library": ("large", "search results, filters and the reader with highlights and notes"),
    "note-dialog": ("large", "the note of a highlight, with its private checkbox"),
    "visits": ("large", "a visit's page"),
    "people": ("large", "a counterpart's page"),
    "visit-programme": ("large", "a visit's programme, edited as a table"),
    "person-editor": ("large", "a counterpart's particulars and roles with their dates"),
    "figures": ("large", "the Figures view: a figure's value, source and status"),
    "import-summary": ("large", "what became of each imported file"),
    "book-editor": ("large", "the book's contents and a note in the Markdown editor"),
    "preflight": ("large", "the pre-flight panel with a conflicting figure opened"),
    "book-menu": ("large", "the Book menu"),
    "export-dialog": ("large", "file, paper, contents and watermark of an export"),
    "pdf-preview": ("large", "the exported PDF in the preview window"),
    "print-progress": ("large", "printing from the preview, page by page"),
    "share-bundle": ("large", "File ▸ Share as bundle…"),
    "library-maintenance": ("large", "File ▸ Library maintenance"),
    "small-screen": ("small", "the library and reader at 1280×720, notes put away"),
    "visit-small": ("small", "a visit's programme at 1280×720"),
    "passphrase": ("passphrase", "the passphrase dialog of an encrypted library"),
    "pocket-card": ("card", "the first page of the pocket card"),
}


# ------------------------------------------------------------------ outside: servers, sessions, files


def start_xvfb(size: str) -> tuple[subprocess.Popen, str]:
    """An X server on a free display; its process and the display's name."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise SystemExit("Xvfb did not start")
    return server, f":{number}"


def environment(work: Path) -> dict[str, str]:
    home = work / "~"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "BRIEFING_", "QT_"))}
    env.update(HOME=str(home), BRIEFING_STORE=str(home / STORE.removeprefix("~/")), LANG="en_GB.UTF-8",
               QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(work / "runtime"))
    (work / "runtime").mkdir(mode=0o700, exist_ok=True)
    (home / "Documents").mkdir(parents=True, exist_ok=True)
    return env


def session(kind: str, names: list[str], work: Path, env: dict[str, str]) -> None:
    size = SMALL if kind == "small" else LARGE
    server, display = start_xvfb(size)
    try:
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--inside", kind, *names],
                       cwd=work, env={**env, "DISPLAY": display}, check=True, timeout=600)
    finally:
        server.terminate()
        server.wait(10)


def pocket_card(work: Path, env: dict[str, str]) -> None:
    """``briefing card`` on the sample book, its first page as a PNG."""
    pdf = work / "card.pdf"
    briefing = [sys.executable, "-m", "briefing"]
    subprocess.run([*briefing, "card", book_ref(work, env), "-o", str(pdf)],
                   cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(work / "card")], check=True)
    optimise(work / "card.png", HERE / "pocket-card.png", frame=True)
    print("captured pocket-card", flush=True)


def book_ref(work: Path, env: dict[str, str]) -> str:
    """The sample book's id, as the command line takes it."""
    out = subprocess.run([sys.executable, "-m", "briefing", "books"], cwd=work, env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.split()[0]


def optimise(source: Path, target: Path, *, crop: tuple[int, int, int, int] | None = None,
             frames: list[tuple[int, int, int, int]] = (), frame: bool = False) -> None:
    """Crop (x, y, width, height), outline ``frames`` as windows, reduce to 256 colours, strip."""
    args = ["convert", str(source)]
    for x, y, w, h in frames:  # a thin grey line round each window that no window manager framed
        args += ["-fill", "none", "-stroke", "#8c9098", "-strokewidth", "1",
                 "-draw", f"rectangle {x - 1},{y - 1} {x + w},{y + h}"]
    if crop:
        x, y, w, h = crop
        args += ["-crop", f"{w}x{h}+{x}+{y}", "+repage"]
    if frame:
        args += ["-bordercolor", "#8c9098", "-border", "1"]
    args += ["-strip", "+dither", "-colors", "256", "-define", "png:compression-level=9", f"PNG8:{target}"]
    subprocess.run(args, check=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--inside"]:
        return inside(argv[1], argv[2:])
    wanted = argv or list(SHOTS)
    unknown = [n for n in wanted if n not in SHOTS]
    if unknown:
        print(f"unknown shots: {', '.join(unknown)}; known: {', '.join(SHOTS)}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="briefing-shots-"))
    env = environment(work)
    try:
        # the first session seeds the library; the others need it as the first one left it
        for kind in ("large", "small", "card", "passphrase"):
            names = [n for n in SHOTS if SHOTS[n][0] == kind and n in wanted]
            if kind == "large" or names:
                if kind == "card":
                    pocket_card(work, env)
                else:
                    if kind == "passphrase":
                        encrypt(work, env)
                    session(kind, names, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def encrypt(work: Path, env: dict[str, str]) -> None:
    code = ("import os; from briefing.library.encryption import encrypt_store; "
            f"encrypt_store(os.environ['BRIEFING_STORE'], {PASSPHRASE!r})")
    subprocess.run([sys.executable, "-c", code], cwd=work, env=env, check=True)


# ------------------------------------------------------------------ inside: the app, driven


def inside(kind: str, names: list[str]) -> int:
    from PySide6.QtCore import QTimer

    from ui.app import make_application

    app = make_application()
    steps = {"large": large_session, "small": small_session, "passphrase": passphrase_session}[kind]
    failed: list[str] = []
    camera = Camera(names)
    driver = Driver(steps(camera), failed)
    QTimer.singleShot(300, driver.next)
    if kind == "passphrase":
        passphrase_start()  # runs the dialog's own loop, as the app's start does
    else:
        app.exec()
    if failed:
        print(failed[0], file=sys.stderr)
        return 1
    return 0


class Until:
    def __init__(self, test: Callable[[], bool], what: str, seconds: float = 60):
        self.test, self.what, self.seconds = test, what, seconds


def until(test: Callable[[], object], what: str, seconds: float = 60) -> Until:
    return Until(lambda: bool(test()), what, seconds)


class Driver:
    """Runs a generator of steps on the event loop: a number waits so many ms, an Until waits for a condition."""

    def __init__(self, steps: Iterator, failed: list[str]):
        self.steps = steps
        self.failed = failed

    def next(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        try:
            wait = next(self.steps)
        except StopIteration:
            QApplication.instance().quit()
            return
        except Exception:  # noqa: BLE001 - reported, then the app stops
            self.failed.append(traceback.format_exc())
            QApplication.instance().exit(1)
            return
        if isinstance(wait, Until):
            self._poll(wait, int(wait.seconds * 10))
        else:
            QTimer.singleShot(int(wait), self.next)

    def _poll(self, wait: Until, left: int) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        try:
            ok = wait.test()
        except Exception:  # noqa: BLE001
            ok = False
        if ok:
            QTimer.singleShot(600, self.next)  # let it be drawn
        elif left <= 0:
            self.failed.append(f"gave up waiting for {wait.what}")
            QApplication.instance().exit(1)
        else:
            QTimer.singleShot(100, lambda: self._poll(wait, left - 1))


class Camera:
    """Captures the X screen, whole or cropped to a window, for the shots asked for."""

    def __init__(self, names: list[str]):
        self.names = set(names)
        self.scratch = Path(tempfile.mkdtemp(prefix="screen-", dir="."))  # inside the work folder, removed with it

    def wants(self, name: str) -> bool:
        return name in self.names

    def shoot(self, name: str, *, window=None, crop=None, frames=()) -> None:
        """The screen as ``name``.png: ``window`` crops to that widget with a frame; ``crop`` is (x, y, w, h);
        ``frames`` are widgets to outline where they are."""
        if not self.wants(name):
            return
        raw = self.scratch / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(raw)], check=True)
        rects = [_rect(w) for w in frames]
        if window is not None:
            x, y, w, h = _rect(window)
            rects.append((x, y, w, h))
            crop = (x - 1, y - 1, w + 2, h + 2)
        optimise(raw, HERE / f"{name}.png", crop=crop, frames=rects)
        print("captured", name, flush=True)


def _rect(widget) -> tuple[int, int, int, int]:
    g = widget.frameGeometry()
    top_left = widget.mapToGlobal(widget.rect().topLeft()) if widget.parent() and not widget.isWindow() else g.topLeft()
    return top_left.x(), top_left.y(), g.width(), g.height()


def later(fn: Callable[[], object]) -> None:
    """Call ``fn`` from the event loop (for what opens a modal dialog, whose loop the steps then run in)."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, fn)


def modal(kind: type):
    from PySide6.QtWidgets import QApplication

    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, kind) and widget.isVisible() else None


def open_main_window(size: tuple[int, int]):
    from ui.app import prepare_store
    from ui.main_window import MainWindow

    store = os.path.expanduser(STORE)
    empty = prepare_store(store)  # what the app does on start: open, create, migrate
    window = MainWindow(store)
    window.setGeometry(0, 0, *size)
    window.show()
    window.start(load_sample_library=empty)  # an empty library gets the sample, as on a first start
    window.setGeometry(0, 0, *size)
    return window, empty


def select_document(window, title_start: str) -> int | None:
    model = window.library.model
    for row in range(model.rowCount()):
        result = model.result_at(row)
        if result.title.startswith(title_start):
            window.library.view.setCurrentIndex(model.index(row, 0))
            return result.id
    return None


def select_text(browser, text: str) -> bool:
    cursor = browser.document().find(text)
    if cursor.isNull():
        return False
    browser.setTextCursor(cursor)
    return True


def quiet(window) -> None:
    """No passing message in the status bar (what the previous step did is not this shot's news)."""
    window.statusBar().clearMessage()


def close_popups() -> None:
    from PySide6.QtWidgets import QApplication

    while QApplication.activePopupWidget() is not None:
        QApplication.activePopupWidget().close()


def menu_region(window, *menus, extra: int = 60) -> tuple[int, int, int, int]:
    """The top left of the window down to below the open menus."""
    right = max(m.geometry().right() for m in menus) + extra
    bottom = max(m.geometry().bottom() for m in menus) + 24
    return 0, 0, min(right, window.width()), min(bottom, window.height())


SPEECH = "Press statement by President Tokayev"


def large_session(camera: Camera) -> Iterator:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.common.markdown_editor import NoteDialog
    from ui.library.import_dialog import ImportSummary

    window, empty = open_main_window((1600, 1000))
    seeded = []
    window.sample_loaded.connect(lambda: seeded.append(True))
    if empty:
        yield until(lambda: seeded, "the sample library")
    window.settings.setValue("export/folder", "~/Documents")  # where this user keeps exports
    yield until(lambda: window.library.model.rowCount() > 0, "the library list")

    # ----- the library, a document, a highlight with a note
    library, reader = window.library, window.reader
    library.search_field.setText("Tokayev Baku")
    library.run_search()
    speech: list[int] = []
    yield until(lambda: speech.append(select_document(window, SPEECH)) or speech[-1], "the speech in the list")
    speech_id = speech[-1]
    yield until(lambda: reader.doc_id == speech_id and reader.doc, "the speech in the reader")
    if not reader.annotations:  # a fresh library: annotate as a reader would
        assert select_text(reader.browser, "fibre-optic lines across")
        reader.set_colour("green")
        reader.highlight_selection(with_note=False)
        yield until(lambda: len(reader.annotations) == 1, "the first highlight")
        assert select_text(reader.browser, "Transport and digital links are central")
        reader.set_colour("yellow")
        later(lambda: reader.highlight_selection(with_note=True))
        yield until(lambda: modal(NoteDialog), "the note dialog")
        dialog = modal(NoteDialog)
        dialog.editor.edit.setPlainText("Ask about the **2025 freight target** at the dinner.\n\n"
                                        "- trans-Caspian container traffic\n- the Aktau and Alat ports")
        dialog.private.setChecked(True)
        dialog.editor.render()
        yield 400
        camera.shoot("note-dialog", window=dialog)
        dialog.accept()
        yield until(lambda: len(reader.annotations) == 2, "the note")
    reader.split.setSizes([700, 320])
    reader.browser.verticalScrollBar().setValue(0)
    yield 600
    quiet(window)
    yield 300
    camera.shoot("library")

    # ----- visits and people
    window.show_page("visits")
    yield 900
    quiet(window)
    yield 300
    camera.shoot("visits")
    window.show_page("people")
    people = window.people.list
    for row in range(people.count()):
        if people.item(row).text().startswith("Kassym-Jomart Tokayev"):
            people.setCurrentRow(row)
    yield 900
    quiet(window)
    yield 300
    camera.shoot("people")

    # ----- the records kept by hand: a visit's programme, a person's particulars and roles, the figures
    window.people.tabs.setCurrentIndex(1)
    yield 700
    quiet(window)
    yield 300
    camera.shoot("person-editor")
    window.people.tabs.setCurrentIndex(0)
    window.show_page("visits")
    visits = window.visits
    yield until(lambda: visits.current_event, "a visit")
    if not visits.current_event["programme"]:  # the sample's visit has none: typed in, as a desk officer would
        for when, what, where, who, dress in PROGRAMME:
            visits.editor.add_item({"when": when, "what": what, "where": where, "who": who, "dress": dress})
        yield until(lambda: len(visits.current_event["programme"]) == len(PROGRAMME), "the programme")
    visits.editor.setCurrentIndex(4)  # Overview, Details, Who takes part, Documents, Programme
    yield 700
    quiet(window)
    yield 300
    camera.shoot("visit-programme")
    window.visits.editor.setCurrentIndex(0)
    window.show_page("figures")
    figures = window.figures
    yield until(lambda: figures.model.rowCount() > 0, "the figures")
    figures.table.selectRow(0)
    yield 700
    quiet(window)
    yield 300
    camera.shoot("figures")

    # ----- the book editor, the pre-flight panel
    editor = window.editor
    book_id = book_ref_inside(window)
    editor.split.setSizes([380, 700, 420])
    editor.left_split.setSizes([560, 300])
    window.open_book(book_id)
    yield until(lambda: editor.book is not None and editor.model.root.children, "the book")
    yield until(lambda: editor.preflight.problems, "the pre-flight check")
    editor.tree.expandAll()
    points = next((s for s in editor.model.root.children if s.kind == "section"
                   and "talking points" in (s.record.get("title") or "").lower()), None)
    item = next((c for c in (points.children if points else []) if c.kind == "item"), None)
    if item is not None:
        editor.tree.setCurrentIndex(editor.model.index_of("item", item.id))
    yield 900
    quiet(window)
    yield 300
    camera.shoot("book-editor")

    panel = editor.preflight
    editor.show_library(False)  # put away, as the toolbar's Library button does: the panel gets the width
    editor.split.setSizes([760, 720, 0])
    editor.left_split.setSizes([560, 300])
    for n, problem in enumerate(panel.problems):
        if problem.code == "conflicting-figure":
            panel.tree.setCurrentItem(panel.tree.topLevelItem(n))
            editor.open_problem(problem)
            break
    yield 900
    quiet(window)
    yield 300
    camera.shoot("preflight")
    editor.show_library(True)

    # ----- menus
    bar = window.menuBar()
    file_menu = bar.actions()[0].menu()
    if camera.wants("book-menu"):
        bar.setActiveAction(window.practice.menu.menuAction())
        yield until(lambda: window.practice.menu.isVisible(), "the Book menu")
        window.practice.menu.setActiveAction(window.practice.card_action)
        yield 300
        camera.shoot("book-menu", crop=menu_region(window, window.practice.menu, extra=260))
        close_popups()
        yield 300
    if camera.wants("share-bundle"):
        bar.setActiveAction(file_menu.menuAction())
        yield until(lambda: file_menu.isVisible(), "the File menu")
        file_menu.setActiveAction(window.share_bundle_action)
        yield 300
        camera.shoot("share-bundle", crop=menu_region(window, file_menu, extra=320))
        close_popups()
        yield 300
    if camera.wants("library-maintenance"):
        bar.setActiveAction(file_menu.menuAction())
        yield until(lambda: file_menu.isVisible(), "the File menu")
        file_menu.setActiveAction(window.maintenance_menu.menuAction())
        QTest.keyClick(file_menu, Qt.Key.Key_Right)  # opens the submenu, as the arrow key does
        yield until(lambda: window.maintenance_menu.isVisible(), "the Library maintenance menu")
        window.maintenance_menu.setActiveAction(window.backup_action)
        yield 300
        camera.shoot("library-maintenance", crop=menu_region(window, file_menu, window.maintenance_menu))
        close_popups()
        yield 300

    # ----- export: the dialog, the pre-flight check, the preview
    if any(camera.wants(n) for n in ("export-dialog", "pdf-preview", "print-progress")):
        yield from export_and_print(camera, window)

    # ----- importing: a new file, the same again, and three that are refused
    if camera.wants("import-summary"):
        folder = Path("import")
        folder.mkdir(exist_ok=True)
        note = ("# Desk note: questions for the Baku visit\n\n2024-03-01\n\n"
                "Points the desk wants raised: trans-Caspian freight, the fibre-optic link, "
                "and the culture action plan.\n")
        (folder / "desk-note-baku.md").write_text(note, encoding="utf-8")
        (folder / "desk-note-baku (copy).md").write_text(note, encoding="utf-8")
        (folder / "empty.txt").write_text("", encoding="utf-8")
        (folder / "minutes-2024-02-20.docx").write_bytes(b"PK\x03\x04 this is not a whole Word file")
        (folder / "programme.numbers").write_bytes(b"\x00\x01 a spreadsheet of another program")
        window.show_page("library")
        files = ["desk-note-baku.md", "desk-note-baku (copy).md", "empty.txt", "minutes-2024-02-20.docx",
                 "programme.numbers"]
        job = window.import_paths([str((folder / f).resolve()) for f in files])
        yield until(lambda: job.summary_dialog is not None and job.summary_dialog.isVisible(), "the import summary")
        summary: ImportSummary = job.summary_dialog
        summary.resize(760, 300)
        summary.tree.setColumnWidth(0, 260)
        summary.tree.setCurrentItem(None)
        summary.findChild(QDialogButtonBox).setFocus()
        yield 300
        camera.shoot("import-summary", window=summary)
        summary.accept()
        yield 300

    window.close()


def export_and_print(camera: Camera, window) -> Iterator:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.export.export_dialog import ExportDialog
    from ui.export.preflight_gate import PreflightRefusal

    later(window.export_book)
    yield until(lambda: modal(ExportDialog), "the export dialog")
    dialog = modal(ExportDialog)
    dialog.watermark.setText("DRAFT")
    yield 300
    camera.shoot("export-dialog", window=dialog)
    dialog.accept()
    yield until(lambda: window.previews or modal(PreflightRefusal), "the export")
    refusal = modal(PreflightRefusal)
    if refusal is not None:
        refusal.accept()
        yield until(lambda: window.previews, "the export")
    preview = window.previews[0]
    preview.setGeometry(280, 24, 1040, 950)
    preview.raise_()
    yield until(lambda: preview.page_count() > 0, "the preview")
    yield 1200
    camera.shoot("pdf-preview", window=preview)

    # ----- printing: the progress, page by page (to a PDF file, as no printer is here)
    if camera.wants("print-progress"):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(Path("printed.pdf").resolve()))
        job = preview.print_to(printer)
        yield until(lambda: job.dialog.isVisible() and job.printed >= 2, "the print progress", 120)
        camera.shoot("print-progress", window=preview, frames=[job.dialog])
        job.cancel()
        yield until(lambda: job.done, "the print to stop")
    for p in list(window.previews):
        p.close()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()
    yield 300


def book_ref_inside(window) -> int:
    from briefing.book.books import find_book
    from briefing.library.opening import open_store

    with open_store(window.store_path) as store:
        return find_book(store, "tokayev-baku-2024")


def small_session(camera: Camera) -> Iterator:
    window, _ = open_main_window((1280, 720))
    yield until(lambda: window.library.model.rowCount() > 0, "the library list")
    window.show_page("library")
    window.library.search_field.setText("Tokayev Baku")
    window.library.run_search()
    yield until(lambda: select_document(window, SPEECH), "the speech in the list")
    yield until(lambda: window.reader.doc, "the reader")
    window.reader.show_notes(False)  # put away, as on a laptop
    yield 900
    camera.shoot("small-screen")
    window.reader.show_notes(True)  # the next start finds them where a user left them
    window.show_page("visits")
    yield until(lambda: window.visits.current_event, "a visit")
    window.visits.editor.setCurrentIndex(4)
    yield 900
    camera.shoot("visit-small")
    window.visits.editor.setCurrentIndex(0)
    window.close()


def passphrase_session(camera: Camera) -> Iterator:
    from ui.maintenance.passphrase import PassphraseDialog

    yield until(lambda: modal(PassphraseDialog), "the passphrase dialog")
    dialog = modal(PassphraseDialog)
    dialog.edit.setText(PASSPHRASE)
    yield 300
    camera.shoot("passphrase", window=dialog)
    dialog.reject()


def passphrase_start() -> None:
    """What the app does on start for an encrypted library: ask for its passphrase, then open it."""
    from ui.app import prepare_store
    from ui.maintenance.passphrase import unlock

    # the path as the user would read it: relative to the folder the home is in, so it starts with ~/
    unlock(STORE, lambda key: prepare_store(os.path.expanduser(STORE), key))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
