"""The command line loads only what a command needs (bench/cli_start.py times it; nothing here is timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

import briefing.cli as cli_package

HEAVY = ("reportlab", "PySide6", "rapidfuzz")
# a command run in a fresh interpreter; prints its exit status and the heavy packages it loaded
PROBE = """
import json, sys
heavy = set(json.loads(sys.argv[2]))
sys.argv = ["briefing", *json.loads(sys.argv[1])]
from briefing.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps([code, sorted({m.split(".")[0] for m in sys.modules} & heavy)]), file=sys.stderr)
"""


def _loaded(argv: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(HEAVY)], capture_output=True, text=True, check=True
    )
    code, heavy = json.loads(result.stderr.strip().splitlines()[-1])
    assert code in (0, None), result.stderr
    return heavy


def test_importing_the_command_line_loads_no_heavy_package():
    code = f"import sys, briefing.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("argv", [["--version"], ["search", "Baku"], ["show", "1"], ["stats"]], ids=" ".join)
def test_everyday_commands_load_no_heavy_package(sample_path, argv):
    assert _loaded(["--store", str(sample_path), *argv]) == []


def test_help_still_lists_every_command(sample_path):
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--store", str(sample_path), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(cli_package.cli.commands)


def test_a_misspelt_command_is_still_refused_with_the_usual_error(sample_path):
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--store", str(sample_path), "serch", "Baku"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "No such command 'serch'" in result.stderr


def _callbacks(command: click.Command):
    yield command.callback
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _callbacks(sub)


def test_each_command_is_in_the_module_named_for_it():
    commands = cli_package.cli.commands
    for name, module in cli_package.COMMANDS.items():
        assert name in commands, f"COMMANDS names {name!r}, which no module registers"
        for callback in _callbacks(commands[name]):
            assert callback.__module__ == f"briefing.cli.{module}", (name, callback)


def test_every_module_of_commands_is_listed():
    folder = Path(cli_package.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "base"}
    assert modules == set(cli_package.MODULES)
