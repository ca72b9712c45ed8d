"""Every file the app writes for the user has the mode the user's umask gives a new file, the same
everywhere: the pack, the card, numbered copies, a bundle, a backup, exported annotations."""

from __future__ import annotations

import os
import stat

import pytest


@pytest.fixture
def umask():
    def set_to(value: int) -> None:
        os.umask(value)

    old = os.umask(0o022)
    yield set_to
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_follow_the_umask(run_cli, sample_path, tmp_path, umask, mask, expected):
    umask(mask)
    out = tmp_path / "out"
    out.mkdir()
    store = ["--store", sample_path]
    book = "tokayev-baku-2024"
    assert run_cli(*store, "export", book, "-o", out / "pack.pdf").exit_code == 0
    assert run_cli(*store, "card", book, "-o", out / "card.pdf").exit_code == 0
    assert run_cli(*store, "distribute", book, "--to", "A", "-o", out / "copies").exit_code == 0
    assert run_cli(*store, "bundle", "export", book, "-o", out / "book.briefing").exit_code == 0
    assert run_cli(*store, "annotations", "--export", out / "notes.jsonld").exit_code == 0
    written = [out / "pack.pdf", out / "card.pdf", out / "book.briefing", out / "notes.jsonld",
               *sorted((out / "copies").glob("*.pdf"))]
    assert len(written) >= 5
    for path in written:
        assert _mode(path) == expected, path.name
    # a backup is made by SQLite, which starts from 0644: the umask narrows it the same way
    assert run_cli(*store, "backup", "-o", out / "backup.sqlite").exit_code == 0
    assert _mode(out / "backup.sqlite") == expected & 0o644
