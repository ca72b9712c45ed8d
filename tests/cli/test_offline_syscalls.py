"""The app and the CLI open no network connection, as the kernel sees it.

tests/cli/test_offline.py guards Python's own sockets; a connection made from
compiled code (Qt's network stack, the PDF or font libraries) passes beside it.
Here every process runs under a system-call tracer (strace, following every
thread and child), and no connect, sendto, sendmsg or sendmmsg may name an
IPv4 or IPv6 address. Local sockets (AF_UNIX: a desktop bus, a display) and
kernel ones (AF_NETLINK) are fine.

Skipped only when strace is not installed or the machine forbids tracing.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
OFFLINE = FIXTURES / "offline"
TRACED = "connect,sendto,sendmsg,sendmmsg"
NETWORK = re.compile(r"sa_family=AF_INET6?\b")


@functools.cache
def tracer() -> list[str]:
    """The strace command line to put before a program; skips when tracing is impossible here."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (Debian package strace), so system calls cannot be watched")
    for fast in (["--seccomp-bpf"], []):  # only the traced calls stop the process, where strace can
        command = [strace, "-f", *fast, "-qq", "-e", f"trace={TRACED}"]
        probe = subprocess.run([*command, "-o", os.devnull, sys.executable, "-c", "pass"],
                               capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return command
        if "Operation not permitted" in probe.stderr or "ptrace" in probe.stderr.lower():
            pytest.skip(f"this machine does not permit tracing processes: {probe.stderr.strip()[:200]}")
    pytest.fail(f"strace cannot run a program: {probe.stderr.strip()[:500]}")


def private_env(home: Path) -> dict[str, str]:
    """No guard of Python's own (the tracer is the judge); settings and caches in the test's folder."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def traced(argv: list[str], log: Path, env: dict[str, str], timeout: float = 60):
    """Run argv under the tracer; returns its result and the traced calls that named a network address."""
    result = subprocess.run([*tracer(), "-o", str(log), *argv], env=env, capture_output=True, text=True,
                            timeout=timeout)
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return result, [line for line in lines if NETWORK.search(line)]


# ------------------------------------------------------------- the tracer catches what it must


@pytest.mark.parametrize(
    "code",
    [
        "import socket; s = socket.socket(); s.settimeout(0.2)\ntry: s.connect(('127.0.0.1', 9))\nexcept OSError: pass",
        "import socket; s = socket.socket(socket.AF_INET6); s.settimeout(0.2)\n"
        "try: s.connect(('::1', 9))\nexcept OSError: pass",
        "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))",
        # from compiled code, in a thread of a child process: beyond what an in-process hook sees
        "import subprocess, sys; subprocess.run([sys.executable, '-c', "
        "'import threading\\nfrom PySide6.QtNetwork import QTcpSocket\\n"
        "def go():\\n    s = QTcpSocket(); s.connectToHost(\"127.0.0.1\", 9); s.waitForConnected(500)\\n"
        "t = threading.Thread(target=go); t.start(); t.join()'], check=True)",
    ],
    ids=["tcp-ipv4", "tcp-ipv6", "udp-sendto", "qt-in-a-child-thread"],
)
def test_the_tracer_catches_a_connection(code, tmp_path):
    result, found = traced([sys.executable, "-c", code], tmp_path / "trace.log", private_env(tmp_path / "home"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert found, f"not caught; the trace was:\n{(tmp_path / 'trace.log').read_text()[-2000:]}"


def test_the_tracer_lets_local_sockets_through(tmp_path):
    code = (
        "import socket, sys\n"
        "server = socket.socket(socket.AF_UNIX); server.bind(sys.argv[1]); server.listen()\n"
        "client = socket.socket(socket.AF_UNIX); client.connect(sys.argv[1]); client.send(b'x')\n"
    )
    log = tmp_path / "trace.log"
    result, found = traced([sys.executable, "-c", code, str(tmp_path / "s")], log, private_env(tmp_path / "home"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sa_family=AF_UNIX" in log.read_text()  # seen, and allowed
    assert found == []


# ------------------------------------------------------------- the app and the CLI


def test_the_desktop_app_opens_no_network_connection(tmp_path):
    store, out = tmp_path / "library.sqlite", tmp_path / "out"
    result, found = traced([sys.executable, str(OFFLINE / "drive_app.py"), str(store), str(out)],
                           tmp_path / "app.log", private_env(tmp_path / "home"), timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    session = json.loads(result.stdout.strip().splitlines()[-1])
    assert session["preview_pages"] >= 2 and (out / "sample-book.pdf").is_file()
    assert found == [], "the app used the network:\n" + "\n".join(found)


def test_the_cli_opens_no_network_connection(tmp_path):
    env = private_env(tmp_path / "home")
    store = tmp_path / "library.sqlite"
    logs = tmp_path / "logs"
    logs.mkdir()
    calls: dict[str, list[str]] = {}

    def briefing(name: str, *args: object) -> str:
        result, found = traced([sys.executable, "-m", "briefing", "--store", str(store), *map(str, args)],
                               logs / f"{name}.log", env)
        assert result.returncode == 0, f"briefing {' '.join(map(str, args))}: {result.stderr[-2000:]}"
        calls[name] = found
        return result.stdout

    briefing("init", "init", "--sample")
    assert json.loads(briefing("search", "search", "Tokayev", "--json"))["results"]
    imported = json.loads(briefing("import", "import", OFFLINE / "remote_resources.html",
                                   FIXTURES / "import" / "good" / "agreement_ru.pdf", "--tag", "offline", "--json"))
    assert len(imported["imported"]) == 2 and not imported["rejected"]
    book = json.loads(briefing("books", "books", "--json"))[0]["id"]
    for doc in imported["imported"]:  # the page full of remote links goes into the exported book
        briefing(f"book add {doc['id']}", "book", "add", book, doc["id"])
    briefing("export", "export", book, "-o", tmp_path / "book.pdf", "--watermark", "DRAFT", "--force")
    briefing("bundle export", "bundle", "export", book, "-o", tmp_path / "shared.briefing")
    briefing("bundle import", "bundle", "import", tmp_path / "shared.briefing", "--json")
    briefing("card", "card", book, "-o", tmp_path / "card.pdf", "--force")
    assert all((tmp_path / name).stat().st_size > 0 for name in ("book.pdf", "shared.briefing", "card.pdf"))
    used = {name: found for name, found in calls.items() if found}
    assert used == {}, "commands that used the network:\n" + json.dumps(used, indent=1, ensure_ascii=False)
