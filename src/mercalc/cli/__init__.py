"""The command line: a thin layer that parses arguments and prints what the layers below give.

Loaded lazily, so that `mercalc --help` (which reads `_help`) imports no Typer.
"""

import sys
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
    """`app` with every command registered; `main` with the command the run names (or all)."""
    if name not in ("app", "main"):
        raise AttributeError(name)
    import importlib

    for command in COMMANDS if name == "app" else commands_run(sys.argv[1:]):
        importlib.import_module(f"{__name__}.{command.replace('-', '')}")
    module = importlib.import_module(f"{__name__}.{'common' if name == 'app' else 'errors'}")
    return getattr(module, name)


def commands_run(arguments: list[str]) -> tuple[str, ...]:
    """The commands a run needs: `mercalc budget …` only budget (the others' modules and Click
    commands are some 10 ms of each run's start-up); anything else, such as the app's help or
    a command that does not exist, every command."""
    given = [argument for argument in arguments if argument != "--debug"]
    if given and given[0] in COMMANDS:
        return (given[0],)
    return COMMANDS
