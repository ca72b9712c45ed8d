"""Take the README's screenshot of the pre-flight panel from the running app under Xvfb.

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/take_preflight.py

Opens the sample book on a fresh copy of the sample library, opens the
conflicting-figure problem from the panel (as a double-click does) and
captures the whole X screen with ImageMagick's ``import -window root``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402

from briefing.books import find_book  # noqa: E402
from briefing.sample import load_sample  # noqa: E402
from briefing.store import open_store  # noqa: E402
from ui.app import make_application  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    store_path = work / "library.sqlite"
    with open_store(store_path) as s:
        load_sample(s)
        book_id = find_book(s, "tokayev-baku-2024")
    app = make_application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    from ui.main_window import MainWindow

    window = MainWindow(str(store_path))
    window.setGeometry(0, 0, 1600, 1000)
    window.show()
    window.start()
    editor = window.editor

    def open_book() -> None:
        editor.split.setSizes([560, 560, 380])
        editor.left_split.setSizes([560, 300])
        window.open_book(book_id)

    def open_problem() -> None:
        panel = editor.preflight
        for n, problem in enumerate(panel.problems):
            if problem.code == "conflicting-figure":
                panel.tree.setCurrentItem(panel.tree.topLevelItem(n))
                editor.open_problem(problem)
        panel.tree.setColumnWidth(2, 200)

    def shot() -> None:
        subprocess.run(["import", "-window", "root", str(HERE / "preflight.png")], check=True)
        print("captured preflight", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(1200, open_book)
    QTimer.singleShot(2600, open_problem)
    QTimer.singleShot(3600, shot)
    app.exec()


if __name__ == "__main__":
    main()
