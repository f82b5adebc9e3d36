"""`mercalc --help` as Typer writes it, kept here so that asking for help does not import Typer.

Importing Typer alone takes about six times as long as starting Python; a test holds these texts
(English and Swedish) identical to Typer's output. After changing a command's name, docstring,
its Swedish or the app's help, run `python -m mercalc.cli._help` to write them anew (then
`ruff format`).
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
    "  --version   Show the version and exit.\n"
    "  -h, --help  Show this message and exit.\n"
    "\n"
    "Commands:\n"
    "  balance    Balance a plan: its capital line, then the contributions.\n"
    "  budget     The operating budget (driftbudget).\n"
    "  capital    Capital costs of the investments in a year.\n"
    "  check      Check that plans are valid and balance.\n"
    "  follow-up  Follow the year up against the ledger's outcomes.\n"
    "  goals      Goals and indicators with their follow-up.\n"
    "  members    Who pays what: each member's contribution by the keys.\n"
    "  new        Write next year's plan from this year's.\n"
    "  report     The whole MER-plan as one document.\n"
)

SWEDISH = (
    "Användning: mercalc [FLAGGOR] KOMMANDO [ARGUMENT]...\n"
    "\n"
    "  Budgetkalkylator för MER-planen (mål, ekonomi, resurser) i en kommunal\n"
    "  nämnd.\n"
    "\n"
    "  Lägg till --debug var som helst för att se hela felutskriften vid ett\n"
    "  internt fel.\n"
    "\n"
    "Flaggor:\n"
    "  --version   Visa versionen och avsluta.\n"
    "  -h, --help  Visa den här hjälpen och avsluta.\n"
    "\n"
    "Kommandon:\n"
    "  balance    Få planen i balans: kapitalkostnaderna, sedan driftbidragen.\n"
    "  budget     Driftbudgeten.\n"
    "  capital    Kapitalkostnader för investeringarna ett år.\n"
    "  check      Kontrollera att planerna är giltiga och i balans.\n"
    "  follow-up  Följ upp året mot utfallet i ekonomisystemet.\n"
    "  goals      Mål och indikatorer med uppföljning.\n"
    "  members    Vem betalar vad: driftbidrag per kommun enligt nycklarna.\n"
    "  new        Skriv nästa års plan utifrån årets.\n"
    "  report     Hela MER-planen som ett dokument.\n"
)


def text() -> str:
    """The kept help in the user's language."""
    from ..i18n import language

    return SWEDISH if language() == "sv" else TEXT


def wide_enough() -> bool:
    """Typer wraps help to the terminal, up to 80 columns; this text is for 80 or more."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) >= 80
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns >= 80
    except (OSError, AttributeError, ValueError):
        return True  # not a terminal: Typer uses 80 columns


def typer_help(locale: str = "C.UTF-8") -> str:
    """What Typer itself prints for `mercalc --help` on an 80-column terminal in a locale."""
    import subprocess

    code = "import sys; from mercalc.cli import main; sys.argv = ['mercalc', '--help']; main()"
    quiet = ("LC_ALL", "LC_MESSAGES", "LANGUAGE")
    environment = {k: v for k, v in os.environ.items() if k not in quiet}
    environment |= {"COLUMNS": "80", "LANG": locale}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    ).stdout


if __name__ == "__main__":
    from pathlib import Path

    path = Path(__file__)
    source = path.read_text(encoding="utf-8")
    for name, locale in (("TEXT", "C.UTF-8"), ("SWEDISH", "sv_SE.UTF-8")):
        start = source.index(f"{name} = (")
        end = source.index(")\n", start) + 2
        lines = typer_help(locale).splitlines(keepends=True)
        kept = "".join(f"    {line!r}\n" for line in lines)
        source = source[:start] + f"{name} = (\n{kept})\n" + source[end:]
    path.write_text(source, encoding="utf-8")
    print(f"wrote {path}")
