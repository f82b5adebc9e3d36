"""`mercalc --help` as Typer writes it, kept here so that asking for help does not import Typer.

Importing Typer alone takes about six times as long as starting Python; a test holds this text
identical to Typer's output. After changing a command's name, docstring or the app's help, run
`python -m mercalc.cli._help` to write it anew (then `ruff format`).
"""

import os
import sys

TEXT = (
    "Usage: mercalc [OPTIONS] COMMAND [ARGS]...\n"
    "\n"
    "  Budget calculator for the MER-plan (goals, economy, resources) of a\n"
    "  municipal board.\n"
    "\n"
    "  Add --debug anywhere to see the traceback of an internal error.\n"
    "\n"
    "Options:\n"
    "  --version  Show the version and exit.\n"
    "  --help     Show this message and exit.\n"
    "\n"
    "Commands:\n"
    "  budget   The operating budget (driftbudget).\n"
    "  capital  Capital costs of the investments in a year.\n"
    "  check    Check that plans are valid and balance.\n"
    "  goals    Goals and indicators with their follow-up.\n"
    "  new      Write next year's plan from this year's.\n"
    "  report   The whole MER-plan as one document.\n"
)


def wide_enough() -> bool:
    """Typer wraps help to the terminal, up to 80 columns; this text is for 80 or more."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) >= 80
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns >= 80
    except (OSError, AttributeError, ValueError):
        return True  # not a terminal: Typer uses 80 columns


def typer_help() -> str:
    """What Typer itself prints for `mercalc --help` on an 80-column terminal."""
    import subprocess

    code = "import sys; from mercalc.cli import main; sys.argv = ['mercalc', '--help']; main()"
    environment = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    ).stdout


if __name__ == "__main__":
    from pathlib import Path

    path = Path(__file__)
    source = path.read_text(encoding="utf-8")
    start = source.index("TEXT = (")
    end = source.index(")\n", start) + 2
    lines = "".join(f"    {line!r}\n" for line in typer_help().splitlines(keepends=True))
    path.write_text(source[:start] + f"TEXT = (\n{lines})\n" + source[end:], encoding="utf-8")
    print(f"wrote {path}")
