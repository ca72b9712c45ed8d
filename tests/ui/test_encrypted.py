"""The app on an encrypted library: the passphrase from the start command or the dialog, retry, cancel, no trace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_support import isolate_settings, settle

from briefing.library.encryption import PASSPHRASE_ENV, encrypt_store

pytest.importorskip("sqlcipher3")

SECRET = "correct horse battery staple"


@pytest.fixture
def encrypted_path(sample_path):
    encrypt_store(sample_path, SECRET)
    return sample_path


# the test now running: an answering loop left by an earlier test stops instead of answering this one's dialogs
_TEST_NUMBER = [0]


@pytest.fixture(autouse=True)
def _next_test():
    _TEST_NUMBER[0] += 1


def answer(replies: list[str | None]) -> list[dict]:
    """Answer the passphrase dialogs as they come: a string is typed and confirmed, None cancels."""
    from ui.maintenance.passphrase import PassphraseDialog

    seen: list[dict] = []
    tries = iter(range(500))  # gives up after some 10 s, so a test without a dialog leaves no timer behind
    test = _TEST_NUMBER[0]

    def step() -> None:
        if test != _TEST_NUMBER[0]:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog) or not dialog.isVisible():
            if next(tries, None) is not None:
                QTimer.singleShot(20, step)
            return
        seen.append({"error": dialog.error.text() if not dialog.error.isHidden() else "",
                     "echo": dialog.edit.echoMode(), "new": dialog.new})
        reply = replies[len(seen) - 1]
        if reply is None:
            dialog.reject()
        else:
            dialog.edit.setText(reply)
            dialog.repeat.setText(reply)
            dialog.ok.click()
        if len(seen) < len(replies):
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)
    return seen


class _App:
    """Stands in for the QApplication run() makes, so its event loop does not block the test."""

    def __init__(self, qtbot, check):
        self.qtbot, self.check, self.windows, self.errors = qtbot, check, [], []

    def exec(self) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if w.__class__.__name__ == "MainWindow"
                      and w.isVisible())
        self.windows.append(window)
        self.qtbot.addWidget(window)  # deleted at the test's end, as every test's window is
        self.check(window)
        window.close()
        return 0


@pytest.fixture
def fake_app(qtbot, tmp_path, monkeypatch):
    import ui.app

    isolate_settings(tmp_path)

    def make(check):
        app = _App(qtbot, check)
        monkeypatch.setattr(ui.app, "make_application", lambda *a: app)
        monkeypatch.setattr(ui.app.QMessageBox, "critical", lambda _parent, _title, text: app.errors.append(text))
        return app

    return make


def _library_reads(qtbot):
    def check(window) -> None:
        qtbot.waitUntil(lambda: window.library.model.rowCount() > 0, timeout=15000)
        qtbot.waitUntil(lambda: window.visits.list.count() > 0, timeout=15000)
        settle(qtbot, window, timeout=15000)

    return check


def _no_trace_of(secret: str, folder) -> list[str]:
    """Files under ``folder`` holding the passphrase in clear (settings, backups, anything)."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and secret.encode() in path.read_bytes():
            found.append(str(path))
    return found


def test_the_dialog_asks_again_after_a_wrong_passphrase_and_opens_the_library(qtbot, encrypted_path, tmp_path,
                                                                                 fake_app):
    from ui.app import run

    app = fake_app(_library_reads(qtbot))
    seen = answer(["not it", SECRET])
    assert run(str(encrypted_path)) == 0
    assert len(seen) == 2
    assert all(s["echo"] == QLineEdit.EchoMode.Password and not s["new"] for s in seen)
    assert seen[0]["error"] == "" and "wrong" in seen[1]["error"].lower()
    window = app.windows[0]
    assert window.runner.is_idle() and window.library.model.total > 20
    assert _no_trace_of(SECRET, tmp_path) == []  # not in the settings, the daily backup or anywhere else


def test_cancel_quits_cleanly_without_opening_the_window(qtbot, encrypted_path, fake_app):
    from ui.app import run

    app = fake_app(lambda window: None)
    seen = answer([None])
    assert run(str(encrypted_path)) == 0
    assert len(seen) == 1 and app.windows == []


def test_a_passphrase_given_at_start_opens_without_asking(qtbot, encrypted_path, tmp_path, fake_app):
    from ui.app import run

    app = fake_app(_library_reads(qtbot))
    seen = answer([None])  # would cancel, were a dialog shown
    assert run(str(encrypted_path), passphrase=SECRET) == 0
    assert seen == [] and len(app.windows) == 1
    assert _no_trace_of(SECRET, tmp_path) == []


def test_a_wrong_passphrase_given_at_start_asks_in_the_dialog(qtbot, encrypted_path, fake_app):
    from ui.app import run

    app = fake_app(_library_reads(qtbot))
    seen = answer([SECRET])
    assert run(str(encrypted_path), passphrase="stale") == 0
    assert len(seen) == 1 and "given" in seen[0]["error"] and len(app.windows) == 1


def test_ask_on_a_new_library_creates_it_encrypted_after_typing_twice(qtbot, store_path, tmp_path, fake_app):
    from briefing.library.encryption import is_encrypted
    from ui.app import run

    def check(window) -> None:
        qtbot.waitUntil(lambda: window.library.model.rowCount() > 0, timeout=30000)  # the sample library loaded
        settle(qtbot, window, timeout=30000)

    fake_app(check)
    seen = answer([SECRET])
    assert run(str(store_path), ask=True) == 0
    assert len(seen) == 1 and seen[0]["new"]
    assert is_encrypted(store_path)


def test_a_plain_library_opens_without_a_dialog(qtbot, sample_path, fake_app):
    from ui.app import run

    app = fake_app(_library_reads(qtbot))
    seen = answer([None])
    assert run(str(sample_path)) == 0
    assert seen == [] and len(app.windows) == 1


def test_a_passphrase_for_a_plain_library_is_refused_with_the_core_message(qtbot, sample_path, fake_app):
    from ui.app import run

    app = fake_app(lambda window: None)
    assert run(str(sample_path), passphrase=SECRET) == 1
    assert app.windows == [] and "not encrypted" in app.errors[0]


def test_new_library_dialog_refuses_two_different_passphrases(qtbot, store_path):
    from ui.maintenance.passphrase import MISMATCH, PassphraseDialog

    dialog = PassphraseDialog(store_path, new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.edit.echoMode() == dialog.repeat.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok.isEnabled()
    dialog.edit.setText("one")
    dialog.repeat.setText("two")
    dialog.ok.click()
    assert dialog.isVisible() and dialog.error.text() == MISMATCH and dialog.edit.text() == ""


def test_worker_threads_open_the_store_with_the_passphrase(qtbot, encrypted_path):
    from ui.common.operations import OpRunner

    runner = OpRunner(str(encrypted_path), passphrase=SECRET)
    try:
        read = runner.read(lambda job: job.store.scalar("SELECT count(*) FROM documents"))
        write = runner.write(lambda job: job.store.scalar("SELECT count(*) FROM books"))
        with qtbot.waitSignals([read._signals.succeeded, write._signals.succeeded], timeout=15000):
            pass
    finally:
        runner.shutdown()


@pytest.mark.parametrize("args, env, expected", [
    (["--ask-passphrase"], None, {"passphrase": None, "ask": True}),
    ([], SECRET, {"passphrase": SECRET, "ask": False}),
    ([], None, {"passphrase": None, "ask": False}),
])
def test_the_start_command_passes_the_passphrase_to_the_app(store_path, run_cli, monkeypatch, args, env, expected):
    import ui.app

    calls = []
    monkeypatch.setattr(ui.app, "run", lambda path, **kw: calls.append((path, kw)) or 0)
    if env:
        monkeypatch.setenv(PASSPHRASE_ENV, env)
    else:
        monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    result = run_cli("--store", store_path, *args)
    assert result.exit_code == 0
    assert calls == [(str(store_path), expected)]
