"""The command line: a thin layer that parses arguments and prints what the layers below give.

Loaded lazily, so that `mercalc --help` (which reads `_help`) imports no Typer.
"""

import importlib
import sys
from collections.abc import Iterable
from typing import Any

# The commands by name; each is the module of its name, without hyphens (`follow-up`: followup).
COMMANDS = (
    "balance",
    "budget",
    "capital",
    "check",
    "diff",
    "follow-up",
    "goals",
    "members",
    "new",
    "report",
)


def __getattr__(name: str) -> Any:
    """`app`, the Typer app with every command registered."""
    if name != "app":
        raise AttributeError(name)
    _register(COMMANDS)
    return importlib.import_module(f"{__name__}.common").app


def main() -> None:
    """The command line on `sys.argv`, with the commands that this run needs registered."""
    _register(commands_run(sys.argv[1:]))
    importlib.import_module(f"{__name__}.errors").main()


def commands_run(arguments: list[str]) -> tuple[str, ...]:
    """The commands a run needs: `mercalc budget …` only budget (the others' modules and Click
    commands were some 10 ms of each run's start-up); anything else, such as the app's help or
    a command that does not exist, every command."""
    given = [argument for argument in arguments if argument != "--debug"]
    if given and given[0] in COMMANDS:
        return (given[0],)
    return COMMANDS


def _register(commands: Iterable[str]) -> None:
    """Each command's module, whose import registers it with the app."""
    for command in commands:
        importlib.import_module(f"{__name__}.{command.replace('-', '')}")
