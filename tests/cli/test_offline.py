"""The CLI opens no network connection: every command runs under an audit hook that
ends the process on any name lookup or connection (tests/fixtures/offline). This sees
Python's own sockets only; tests/cli/test_offline_syscalls.py watches the system calls of
the app and the CLI, compiled libraries included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

OFFLINE = Path(__file__).parent.parent / "fixtures" / "offline"


def offline_env() -> dict[str, str]:
    """The environment for a Python process that must not touch the network."""
    path = os.pathsep.join(p for p in (str(OFFLINE), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


@pytest.mark.parametrize(
    "code",
    [
        "import socket; socket.getaddrinfo('localhost', 80)",
        "import socket; s = socket.socket(); s.settimeout(0.1); s.connect(('127.0.0.1', 9))",
        "import urllib.request\ntry:\n    urllib.request.urlopen('http://127.0.0.1:9/')\nexcept Exception:\n    pass",
    ],
)
def test_the_hook_stops_any_network_use_even_when_caught(code):
    result = subprocess.run([sys.executable, "-c", code], env=offline_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 86
    assert "NETWORK ACCESS ATTEMPTED" in result.stderr


def test_the_hook_lets_local_work_run():
    code = "import socket, sqlite3; a, b = socket.socketpair(); a.send(b'x'); print(b.recv(1).decode())"
    result = subprocess.run([sys.executable, "-c", code], env=offline_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "x"


def test_every_cli_command_runs_without_the_network(tmp_path):
    result = subprocess.run(
        [sys.executable, str(OFFLINE / "drive_cli.py"), str(tmp_path / "library.sqlite")],
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("init", "search", "show", "stats", "annotate", "export", "backup", "restore", "check"):
        assert name in report["covered"]
    if report["help_only"]:  # a warning, so a new command does not break the build before it is added
        warnings.warn(f"only --help checked offline; add to tests/fixtures/offline/drive_cli.py: {report['help_only']}", stacklevel=1)
