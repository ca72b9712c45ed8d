"""A library in a place this user cannot write to opens read-only: it is read, never changed, and a
write is refused in plain words. As root every file is writable, so most tests here make the place
read-only by telling the opener so (``writable``); one uses a real read-only folder when not root.
"""

from __future__ import annotations

import os
import shutil

import pytest

from briefing.errors import StoreReadOnly
from briefing.library import opening
from briefing.library.documents import add_document
from briefing.library.opening import open_store


@pytest.fixture
def read_only_place(monkeypatch):
    monkeypatch.setattr(opening, "writable", lambda file: False)


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_read_only_library_is_read_and_never_written(sample_path, read_only_place):
    before = sample_path.read_bytes()
    with open_store(sample_path, create=False) as store:
        assert store.read_only
        assert store.scalar("SELECT count(*) FROM documents") > 0
        with pytest.raises(StoreReadOnly, match="the library is read-only"):
            add_document(store, {"title": "New", "text": "Nothing."})
        with pytest.raises(StoreReadOnly, match="the library is read-only"), store.atomic():
            store.execute("DELETE FROM documents")
    assert sample_path.read_bytes() == before


def test_the_command_line_reads_it_and_refuses_writes_in_plain_words(run_cli, sample_path, read_only_place, tmp_path):
    store = ["--store", sample_path]
    assert run_cli(*store, "books").exit_code == 0
    assert run_cli(*store, "search", "Baku").exit_code == 0
    assert run_cli(*store, "export", "1", "-o", tmp_path / "pack.pdf", "--force").exit_code == 0
    for args in (("book", "note", "1", "--section", "X", "--body", "y"), ("annotate", "1", "--quote", "Baku"),
                 ("figure", "add", "T", "1", "--as-of", "2020", "--source", "1")):
        result = run_cli(*store, *args)
        assert result.exit_code == 1 and "the library is read-only" in result.output, args
        assert "OperationalError" not in result.output
    assert not (sample_path.parent / "backups").exists()  # no daily backup written beside it


def test_check_without_repair_finds_a_read_only_library_sound(run_cli, sample_path, read_only_place):
    result = run_cli("--store", sample_path, "check", "--no-repair")
    assert result.exit_code == 0, result.output
    assert "Search index: ok" in result.output and "damaged" not in result.output


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="a read-only folder binds no one but root")
def test_a_real_read_only_folder(run_cli, sample_path, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copyfile(sample_path, folder / "library.sqlite")
    os.chmod(folder / "library.sqlite", 0o444)
    os.chmod(folder, 0o555)
    try:
        before = _files(folder)
        assert run_cli("--store", folder / "library.sqlite", "books").exit_code == 0
        result = run_cli("--store", folder / "library.sqlite", "check", "--no-repair")
        assert result.exit_code == 0 and "damaged" not in result.output, result.output
        result = run_cli("--store", folder / "library.sqlite", "annotate", "1", "--quote", "Baku")
        assert result.exit_code == 1 and "the library is read-only" in result.output
        assert _files(folder) == before
    finally:
        os.chmod(folder, 0o755)
