"""`mercalc --help` and `--version` answer without importing Typer, and say what Typer says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import run

from mercalc import __version__
from mercalc.__main__ import run as entry
from mercalc.cli import _help


def typer_help(language: str) -> str:
    """What Typer itself prints for `mercalc --help` on an 80-column terminal in a language."""
    code = "import sys; from mercalc.cli import main; sys.argv = ['mercalc', '--help']; main()"
    quiet = ("LC_ALL", "LC_MESSAGES", "LANGUAGE")
    environment = {k: v for k, v in os.environ.items() if k not in quiet}
    environment |= {"COLUMNS": "80", "LANG": "sv_SE.UTF-8" if language == "sv" else "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    ).stdout


def test_the_kept_help_is_what_typer_prints(request):
    """`pytest --update-golden` keeps Typer's text anew (after a change of a command's help)."""
    for language in _help.LANGUAGES:
        printed = typer_help(language)
        if request.config.getoption("--update-golden"):
            Path(_help.path(language)).write_text(printed, encoding="utf-8")
        assert _help.kept(language) == printed, "run `pytest --update-golden` to keep it anew"


def test_help_and_version_answer_before_typer_is_imported(
    monkeypatch, capsys, use_language, keep_signals
):
    for language, arguments, expected in (
        ("en", ["--help"], _help.kept("en")),
        ("en", ["-h"], _help.kept("en")),
        ("sv", ["--help"], _help.kept("sv")),
        ("sv", ["-h"], _help.kept("sv")),
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
    assert narrow.stdout != _help.kept("en")
    assert "Budget calculator for the MER-plan (goals, economy,\n" in narrow.stdout


def test_subcommand_help_and_version_through_typer():
    assert run("--version").stdout == f"mercalc {__version__}\n"
    result = run("budget", "--help")
    assert result.exit_code == 0 and "--explain" in result.stdout
