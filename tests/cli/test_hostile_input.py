"""Plain words for every failure, and nothing hostile reaches the terminal or the wrong file.

An empty or device --store, ids past SQLite's integers, FTS5 syntax, very long
queries, terminal control codes in titles, a full disk: each ends in one line
(or a normal answer), never a traceback, an exception's name, or a file made
where none belongs.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time

import pytest

from briefing.book.books import create_book
from briefing.cli.base import clean
from briefing.library.documents import add_document
from briefing.library.opening import open_store
from briefing.search.query import MAX_QUERY_TOKENS, parse_query


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_an_empty_store_path_is_an_error_not_the_default_library(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for args in (("books",), ("init",), ("search", "x")):
        line = one_line_error(run_cli("--store", "", *args))
        assert "path is empty" in line
    assert not (tmp_path / "data").exists()


@pytest.mark.skipif(os.name != "posix", reason="devices and FIFOs are POSIX")
def test_a_device_or_fifo_store_is_refused_and_nothing_is_made_beside_it(run_cli, tmp_path, sample_path):
    fifo = tmp_path / "library.fifo"
    os.mkfifo(fifo)
    for args in (("init",), ("books",), ("check",), ("backup",), ("restore", sample_path), ("encrypt",),
                 ("import", sample_path)):
        line = one_line_error(run_cli("--store", fifo, *args))
        assert "not a regular file" in line, args
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["library.fifo", sample_path.name])
    for args in (("init",), ("books",)):  # the classic: --store /dev/null
        assert "not a regular file" in one_line_error(run_cli("--store", os.devnull, *args))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and not os.path.exists(os.devnull + "-journal")


@pytest.mark.parametrize("args", [
    ("show", "99999999999999999999"),
    ("book", "show", "99999999999999999999"),
    ("export", "99999999999999999999", "-o", "x.pdf"),
    ("annotate", "99999999999999999999", "--quote", "x"),
    ("figure", "edit", "99999999999999999999", "--label", "x"),
    ("figure", "add", "T", "1", "--as-of", "2020", "--source", "99999999999999999999"),
])
def test_ids_past_sqlite_integers_are_one_line(run_cli, sample_path, args):
    line = one_line_error(run_cli("--store", sample_path, *args))
    assert "OverflowError" not in line


@pytest.mark.parametrize("query", ['baku NEAR/3', 'NEAR(baku astana)', '"unclosed', 'a (b', 'AND OR NOT',
                                   '^baku', 'title:baku', '* baku', 'baku)', '-'])
def test_fts_syntax_is_searched_as_words_or_is_nothing(run_cli, sample_path, query):
    result = run_cli("--store", sample_path, "search", query)
    assert result.exit_code == 0, result.output


def test_long_queries_are_cut_before_they_cost_anything(sample_store):
    from briefing.search import search

    page = " ".join(["Baku", "Astana", "trade", "corridor", "agreement"] * 25_000)  # 125 KB
    assert len(parse_query(page).terms) <= MAX_QUERY_TOKENS
    started = time.perf_counter()
    search(sample_store, page)
    assert time.perf_counter() - started < 5


HOSTILE_TITLE = "Talks\x1b[2J\x1b[H\x1b]0;owned\x07 in Baku\r\x9b31mFAKE\x1b[8m"


def test_control_codes_in_titles_never_reach_the_terminal(run_cli, sample_path):
    with open_store(sample_path) as store:
        create_book(store, HOSTILE_TITLE)
        doc = add_document(store, {"title": HOSTILE_TITLE, "text": "Talks in Baku on the ferry line."})
    outputs = [run_cli("--store", sample_path, *args).output for args in (
        ("books",), ("show", str(doc)), ("search", "ferry line"), ("book", "show", "99999"))]
    for output in outputs:
        assert "\x1b" not in output and "\x9b" not in output and "\x07" not in output and "\r" not in output
    assert "Talks in Baku" in outputs[0] and "Talks in Baku" in outputs[1]


def test_clean_keeps_text_and_the_commands_own_colours():
    assert clean("Қазақстан\tAzərbaycan\n") == "Қазақстан\tAzərbaycan\n"
    assert clean("\x1b[31merror\x1b[0m") == "\x1b[31merror\x1b[0m"  # click.style
    assert clean(HOSTILE_TITLE) == "Talks in BakuFAKE"
    assert clean("50%\r", keep_cr=True) == "50%\r"


def _full_disk(monkeypatch):
    """Every library the command opens can grow by no page: SQLite says "database or disk is full"."""
    from briefing.library import opening

    configure = opening._configure

    def tight(conn):
        configure(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    monkeypatch.setattr(opening, "_configure", tight)


def test_a_full_disk_during_an_import_is_one_plain_sentence(run_cli, sample_path, tmp_path, monkeypatch):
    big = tmp_path / "long.txt"
    big.write_text("Talks on the ferry line. " * 40_000, encoding="utf-8")
    with open_store(sample_path) as store:
        documents = store.scalar("SELECT count(*) FROM documents")
    _full_disk(monkeypatch)
    result = run_cli("--store", sample_path, "import", big)
    assert result.exit_code == 1
    assert "the disk is full" in result.output.lower() and "OperationalError" not in result.output
    monkeypatch.undo()
    with open_store(sample_path) as store:
        assert store.scalar("SELECT count(*) FROM documents") == documents


def test_a_full_disk_during_a_bundle_import_is_one_plain_sentence(run_cli, sample_path, tmp_path, monkeypatch):
    bundle = tmp_path / "book.briefing"
    assert run_cli("--store", sample_path, "bundle", "export", "1", "-o", bundle).exit_code == 0
    other = tmp_path / "other.sqlite"
    assert run_cli("--store", other, "init").exit_code == 0
    _full_disk(monkeypatch)
    line = one_line_error(run_cli("--store", other, "bundle", "import", bundle))
    assert "not imported" in line and "the disk is full" in line


def test_a_full_disk_during_encryption_is_one_plain_sentence(run_cli, sample_path, monkeypatch):
    from briefing.cli import maintenance

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(maintenance, "encrypt_store", full)
    result = run_cli("--store", sample_path, "encrypt", input="a long passphrase\na long passphrase\n")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: {sample_path}: the disk is full") and "OperationalError" not in last


def test_store_level_errors_have_plain_words(tmp_path):
    from briefing.errors import DiskFull

    with open_store(tmp_path / "lib.sqlite") as store:
        store.execute("PRAGMA max_page_count = " + str(store.scalar("PRAGMA page_count")))
        with pytest.raises(DiskFull, match="the disk is full"):
            add_document(store, {"title": "Long", "text": "word " * 200_000})
        assert store.scalar("SELECT count(*) FROM documents") == 0


def test_a_file_name_that_is_not_utf8_is_stored_under_a_safe_form_and_listed(run_cli, tmp_path):
    import json

    folder = tmp_path / "folder"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"talks-\xff\xfe.txt"), "wb") as f:
            f.write(b"Talks in Baku on the ferry line.\n")
    except (OSError, ValueError):
        pytest.skip("this file system takes only UTF-8 names")
    (folder / "b.txt").write_text("Second file on trade.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Third file on visas.\n", encoding="utf-8")
    store = tmp_path / "library.sqlite"
    assert run_cli("--store", store, "init").exit_code == 0
    result = run_cli("--store", store, "import", folder)
    assert result.exit_code == 0, result.output
    assert "Imported 3" in result.output  # none lost, none left unlisted
    result = run_cli("--store", store, "import", folder, "--json")  # again: each file listed as a duplicate
    listed = [d["path"] for d in json.loads(result.stdout)["duplicates"]]
    assert any(p.endswith("talks-\\xff\\xfe.txt") for p in listed)
    with open_store(store) as s:
        paths = [r["source_path"] for r in s.rows("SELECT source_path FROM documents")]
    assert any(p.endswith("talks-\\xff\\xfe.txt") for p in paths)
