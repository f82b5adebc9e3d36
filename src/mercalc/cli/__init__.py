"""The command line: a thin layer that parses arguments and prints what the layers below give.

Loaded lazily, so that `mercalc --help` (which reads `_help`) imports no Typer.
"""

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
    """`app` with every command registered, and `main`."""
    if name not in ("app", "main"):
        raise AttributeError(name)
    import importlib

    for command in COMMANDS:
        importlib.import_module(f"{__name__}.{command.replace('-', '')}")
    module = importlib.import_module(f"{__name__}.{'common' if name == 'app' else 'errors'}")
    return getattr(module, name)
