"""`mercalc --help` as Typer writes it, kept in `help.en.txt` and `help.sv.txt` beside this module
so that asking for help does not import Typer (importing it alone takes about six times as long
as starting Python). A test holds each text identical to Typer's output; after changing a
command's name, docstring, its Swedish or the app's help, `pytest --update-golden` writes them
anew.
"""

import os
import sys

LANGUAGES = ("en", "sv")


def path(language: str) -> str:
    """The file that keeps the help of `language`."""
    return os.path.join(os.path.dirname(__file__), f"help.{language}.txt")


def kept(language: str) -> str:
    """The kept help of `language` (`en` or `sv`)."""
    with open(path(language), encoding="utf-8") as file:
        return file.read()


def text() -> str:
    """The kept help in the user's language."""
    from ..i18n import language

    return kept(language())


def wide_enough() -> bool:
    """Typer wraps help to the terminal, up to 80 columns; this text is for 80 or more."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) >= 80
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns >= 80  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError):
        return True  # not a terminal: Typer uses 80 columns
