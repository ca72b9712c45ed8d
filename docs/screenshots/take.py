"""Take the README's screenshots from the running app under Xvfb.

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/take.py

Drives the real window on a fresh copy of the sample library and captures the
whole X screen with ImageMagick's ``import -window root`` after each step.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402

from briefing.annotations import add_annotation  # noqa: E402
from briefing.books import list_books  # noqa: E402
from briefing.sample import load_sample  # noqa: E402
from briefing.store import open_store  # noqa: E402
from ui.app import make_application  # noqa: E402


def capture(name: str) -> None:
    subprocess.run(["import", "-window", "root", str(HERE / f"{name}.png")], check=True)
    print("captured", name, flush=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    store_path = work / "library.sqlite"
    with open_store(store_path) as s:
        load_sample(s)
        speech = s.scalar("SELECT id FROM documents WHERE title LIKE 'Press statement by President Tokayev%'")
        add_annotation(s, speech, "Transport and digital links are central", "Ask about the **2025 freight target** at the dinner.", "yellow")
        add_annotation(s, speech, "fibre-optic lines across", None, "green")
        book_id = list_books(s)[0]["id"]
    app = make_application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    from ui.main_window import MainWindow

    window = MainWindow(str(store_path))
    window.setGeometry(0, 0, 1600, 1000)
    window.show()
    window.start()
    steps = []

    def step(fn):
        steps.append(fn)
        return fn

    @step
    def library():
        window.library.search_field.setText("Tokayev Baku")
        window.library.run_search()

    @step
    def reader():
        model = window.library.model
        for row in range(model.rowCount()):
            if model.result_at(row).id == speech:
                window.library.view.setCurrentIndex(model.index(row, 0))
        window.reader.split.setSizes([620, 280])

    @step
    def shot_library():
        capture("library")

    @step
    def visits():
        window.show_page("visits")

    @step
    def shot_visits():
        capture("visits")

    @step
    def people():
        window.show_page("people")

    @step
    def shot_people():
        capture("people")

    @step
    def book():
        window.open_book(book_id)

    @step
    def book_item():
        editor = window.editor
        model = editor.model
        section = next(n for n in model.root.children if n.kind == "section" and n.children)
        note = next((c for c in section.children if c.kind == "item"), section)
        editor.tree.expandAll()
        editor.tree.setCurrentIndex(model.index_of("item" if note.kind == "item" else "section", note.id))

    @step
    def shot_book():
        capture("book-editor")

    @step
    def export():
        job = window.start_export({"path": str(work / "briefing.pdf"), "paper": "a4", "profile": "full",
                                   "watermark": "DRAFT"})
        job.finished.connect(lambda _: None)

    @step
    def preview():
        if window.previews:
            window.previews[0].setGeometry(200, 0, 1000, 1000)
            window.previews[0].raise_()

    @step
    def shot_preview():
        capture("pdf-preview")
        for p in list(window.previews):
            p.close()
        window.close()
        app.quit()

    def run(n: int = 0) -> None:
        if n < len(steps):
            steps[n]()
            # every step waits for the background work it started to be drawn
            QTimer.singleShot(1500 if steps[n].__name__ in ("export",) else 700, lambda: run(n + 1))

    QTimer.singleShot(1200, run)
    app.exec()


if __name__ == "__main__":
    main()
