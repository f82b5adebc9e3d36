"""`mercalc --help` and `--version` answer without importing Typer, and say what Typer says."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import run

from mercalc import __version__
from mercalc.__main__ import run as entry
from mercalc.cli import _help


def test_the_kept_help_is_what_typer_prints():
    assert _help.typer_help() == _help.TEXT, "run `python -m mercalc._help` to write it anew"


def test_help_and_version_answer_before_typer_is_imported(monkeypatch, capsys):
    for arguments, expected in (
        (["--help"], _help.TEXT),
        (["--version"], f"mercalc {__version__}\n"),
    ):
        monkeypatch.setattr(sys, "argv", ["mercalc", *arguments])
        monkeypatch.setenv("COLUMNS", "100")
        entry()
        assert capsys.readouterr().out == expected
    code = "import sys; from mercalc.__main__ import run; run(); print('typer' in sys.modules)"
    for arguments in (["--help"], ["--version"], ["budget", "data/2023.toml", "--version"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *arguments],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "100"},
            check=True,
        )
        assert result.stdout.endswith("False\n")


def test_a_narrow_terminal_gets_typer_s_own_wrapping():
    code = "from mercalc.__main__ import run; run()"
    narrow = subprocess.run(
        [sys.executable, "-c", code, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "60"},
    )
    assert narrow.stdout != _help.TEXT
    assert "Budget calculator for the MER-plan (goals, economy,\n" in narrow.stdout


def test_subcommand_help_and_version_through_typer():
    assert run("--version").stdout == f"mercalc {__version__}\n"
    result = run("budget", "--help")
    assert result.exit_code == 0 and "--explain" in result.stdout
