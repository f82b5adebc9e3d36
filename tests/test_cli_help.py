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
    anew = "run `python -m mercalc.cli._help` to write it anew"
    assert _help.typer_help() == _help.TEXT, anew
    assert _help.typer_help("sv_SE.UTF-8") == _help.SWEDISH, anew


def test_help_and_version_answer_before_typer_is_imported(
    monkeypatch, capsys, use_language, keep_signals
):
    for language, arguments, expected in (
        ("en", ["--help"], _help.TEXT),
        ("en", ["-h"], _help.TEXT),
        ("sv", ["--help"], _help.SWEDISH),
        ("sv", ["-h"], _help.SWEDISH),
        ("en", ["--version"], f"mercalc {__version__}\n"),
    ):
        use_language(language)
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
