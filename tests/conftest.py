"""Shared fixtures: a fresh in-memory store, a temp-file store, and the sample
library built once per session and copied per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.library.opening import open_store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory) -> Path:
    from briefing.sample import load_sample

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with open_store(path) as s:
        load_sample(s)
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def sample_path(_sample_template, tmp_path) -> Path:
    """A private copy of the sample library on disk."""
    path = tmp_path / "sample.sqlite"
    shutil.copyfile(_sample_template, path)
    return path


@pytest.fixture
def sample_store(sample_path):
    s = open_store(sample_path)
    yield s
    s.close()


@pytest.fixture
def run_cli():
    """Run the ``briefing`` entry point in-process; returns click's Result."""
    from briefing.cli import cli

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
