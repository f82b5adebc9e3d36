"""The command line: parse arguments, load, compute, render, print. No business rules here."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from .. import __version__
from ..i18n import _
from ..io import stdout
from ..io.output import same_file
from .conventions import HELP_OPTION_NAMES, Group, Typer

if TYPE_CHECKING:
    from ..books.loader import Books, Loaded
    from ..problems import Problem
    from ..views.table import Report

app = Typer(
    name="mercalc",
    cls=Group,
    context_settings={"help_option_names": HELP_OPTION_NAMES},
    help="Budget calculator for the MER-plan (goals, economy, resources) of a municipal board.\n\n"
    "Add --debug anywhere to see the traceback of an internal error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_PROBLEMS, EXIT_BAD_INPUT = 1, 2
EXIT_INTERNAL = 70  # sysexits: a defect


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    csv_sv = "csv-sv"
    markdown = "markdown"
    xlsx = "xlsx"
    sie = "sie"  # budget only: the budget as the ledger imports it (SPEC 14)


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, csv, csv-sv (Swedish Excel), markdown, xlsx, or for budget sie "
        "(the ledger's import) (default: from the -o file's extension, else table).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Say nothing on the terminal of the file written."),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Let -o replace a plan or the register of the books.")
]


def year_option(help: str) -> Any:
    """`--year`/`-y YEAR`, a year from 1900 to 2200, with the command's own help."""
    return typer.Option("--year", "-y", parser=parse_year, metavar="YEAR", help=help)


PlanArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="FILE",
        help="The plan file, e.g. data/2023.toml (default: the latest plan of the data folder).",
    ),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", metavar="FOLDER", help="The data folder (default: data)."),
]


def contradicting(command: str, first: str, second: str) -> NoReturn:
    """Two options that cannot both hold: bad input, never one of them silently ignored."""
    message = _("mercalc {command}: {first} and {second} contradict each other: give one of them")
    sys.stderr.write(message.format(command=command, first=first, second=second) + "\n")
    raise typer.Exit(EXIT_BAD_INPUT)


def parse_year(text: str) -> int:
    """A year given on the command line, within the years a plan may have."""
    from ..books.model import FIRST_YEAR, LAST_YEAR

    year = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("{value} is not a year from {low} to {high}")
        shown = text if len(text) <= 20 else f"{text[:10]}…"  # 5 000 digits: a few are enough
        raise typer.BadParameter(message.format(value=shown, low=FIRST_YEAR, high=LAST_YEAR))
    return year


PlanYearOption = Annotated[
    int | None, year_option("The plan of this year in the data folder (default: the latest).")
]


def _version(value: bool) -> None:
    if value:
        write_stdout(f"mercalc {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Budget calculator for the MER-plan of a municipal board."""


def report_problems(problems: list["Problem"]) -> None:
    """Every problem on stderr, one line each: FILE:LINE: key.path: message."""
    sys.stderr.write("".join(f"{problem}\n" for problem in problems))


def bad_input(problems: list["Problem"]) -> NoReturn:
    report_problems(problems)
    raise typer.Exit(EXIT_BAD_INPUT)


def books_or_exit(path: Path) -> "Books":
    """The books of a plan file or a folder; bad input anywhere in them ends the run (exit 2)."""
    from ..books.loader import load

    books = load(path)
    if books.problems:
        bad_input(list(books.problems))
    return books


def plan_in_books_or_exit(path: Path) -> "tuple[Books, Loaded]":
    """The books of a plan file and the plan itself; with bad input in them, every problem of
    the books and the plan's own (SPEC 5.5) end the run (exit 2)."""
    from ..books.loader import load
    from ..books.rules import plan_problems
    from ..problems import Problem

    books = load(path)
    source = books.source_of(path)
    if books.problems:
        bad_input([*books.problems, *(plan_problems(source) if source is not None else [])])
    if source is None and books.register is not None and same_file(path, Path(books.register.name)):
        bad_input([Problem(str(path), _("is the register, not a plan: give a plan file"))])
    if source is None:  # a folder given where a plan file was wanted
        bad_input([Problem(str(path), _("is a directory, not a plan file"))])
    return books, source


def chosen_plan_or_exit(
    command: str,
    file: Path | None,
    year: int | None,
    data_dir: Path | None,
    *,
    latest_otherwise: bool = False,
) -> "tuple[Books, Loaded, Path]":
    """The books, the plan and its file that a command reads (SPEC 16): FILE; without it, the
    plan of `--year` in the data folder (`--data-dir`, default data), else the latest there.
    FILE of another year than `--year` contradicts it; with `latest_otherwise` (where
    `--year` means more than which plan), a year without a plan takes the latest plan."""
    if file is not None and data_dir is not None:
        contradicting(command, _("FILE"), "--data-dir")
    if file is not None:
        books, source = plan_in_books_or_exit(file)
        if year is not None and source.record.year != year and not latest_otherwise:
            contradicting(command, _("FILE"), "--year")
        return books, source, file
    from ..books.loader import load
    from ..problems import Problem

    folder = data_folder(data_dir or Path("data"))
    books = load(folder)
    if books.problems:
        bad_input(list(books.problems))
    if not books.plans:
        bad_input([Problem(str(folder), _("holds no plan files (*.toml)"))])
    source = max(books.plans, key=lambda plan: plan.record.year)
    if year is not None and year in books.years:
        source = books.source(year)
    elif year is not None and not latest_otherwise:
        message = _("holds no plan of {year}: its plans are of {years}")
        years = ", ".join(map(str, sorted(books.years)))
        bad_input([Problem(str(folder), message.format(year=year, years=years))])
    return books, source, Path(source.name)


def problems_of_plan(books: "Books", source: "Loaded") -> list["Problem"]:
    """The problems of the plan shown and of the rules across the books that read it (SPEC
    5.1), to report after the output (`report_after`); bad input among them (a rate that a
    figure needs) ends the run before any output (exit 2)."""
    from ..books.rules import book_problems

    problems = book_problems(books, [source.name])
    if any(problem.bad_input for problem in problems):
        bad_input(problems)
    return problems


@contextmanager
def rates_given(books: "Books", needed_by: "Loaded | None" = None) -> Iterator[None]:
    """A figure that needs an internal rate the books do not give ends the run: bad input
    naming the year, at the plan of that year, the register or `needed_by` (exit 2)."""
    from ..books.capital import MissingRate
    from ..books.loader import missing_rate

    try:
        yield
    except MissingRate as missing:
        bad_input([missing_rate(books, missing.year, needed_by)])


def report_after(problems: list["Problem"]) -> None:
    """The plan's problems on stderr after its output, and exit 1; nothing where there are none."""
    if problems:
        report_problems(problems)
        raise typer.Exit(EXIT_PROBLEMS)


# `-o FILE` without `--format` writes the format its extension names (SPEC 9); any other
# extension, the command's own default.
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".xlsx": "xlsx",
    ".se": "sie",
    ".html": "html",
    ".pdf": "pdf",
}
FILE_FORMATS = ("xlsx", "pdf", "html")  # files only: never sent to a terminal


def output_format(fmt: str | None, output: Path | None, made: Sequence[str], default: str) -> str:
    """The format to write: `--format` wins, else the extension of `-o FILE`, else the default;
    a format the command does not make, and a binary one to a terminal, are bad input."""
    from ..i18n import _
    from ..problems import Problem

    chosen = None if fmt is None else str(fmt)
    if chosen is None:
        chosen = default if output is None else EXTENSIONS.get(output.suffix.lower(), default)
    if chosen not in made:
        message = _(
            "this command does not write {format} (it writes {formats}): "
            "choose another file name or give --format"
        ).format(format=chosen, formats=", ".join(made))
        bad_input([Problem(str(output or "--format"), message)])
    if chosen in FILE_FORMATS and output is None and sys.stdout.isatty():
        message = _("{format} is a file, not for a terminal: give -o FILE.{format}")
        sys.stderr.write(f"mercalc: {message.format(format=chosen)}\n")
        raise typer.Exit(EXIT_BAD_INPUT)
    return chosen


def emit(
    report: "Report",
    fmt: Format | None,
    output: Path | None,
    inputs: list[Path],
    *,
    force: bool = False,
    quiet: bool = False,
) -> None:
    """Render once and print it, or write it atomically to `-o` (never over an input plan)."""
    made = [kind for kind in Format if kind != Format.sie]  # SIE: budget's own
    chosen = output_format(fmt, output, made, Format.table)
    if chosen == Format.xlsx:
        from ..views.xlsx import report_workbook

        deliver(report_workbook(report), output, inputs, force=force, quiet=quiet)
        return
    from ..views.render import render

    if output is None:
        terminal = chosen == Format.table and sys.stdout.isatty()
        color = terminal and "NO_COLOR" not in os.environ
        width = terminal_width() if terminal else None  # names wrap to fit it
        write_stdout(render(report, chosen, color=color, width=width))
        return
    write_output(render(report, chosen), output, inputs, force=force, quiet=quiet)


# A terminal that reports no width (0 columns, as `script` may give) is taken as this wide.
DEFAULT_WIDTH = 80


def terminal_width() -> int:
    """The terminal's width in columns: `COLUMNS` where set, else what the terminal reports;
    a width of 0 or an unknown one is 80."""
    import shutil

    columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return columns if columns > 0 else DEFAULT_WIDTH


def deliver(
    content: str | bytes,
    output: Path | None,
    inputs: list[Path],
    *,
    force: bool = False,
    quiet: bool = False,
) -> None:
    """Text or a file's bytes on stdout, or written atomically to `-o`."""
    if output is None:
        write_stdout(content)
    else:
        write_output(content, output, inputs, force=force, quiet=quiet)


def written(path: Path) -> str:
    """What a command says of a file it wrote: "Wrote data/2024.toml"."""
    return _("Wrote {file}").format(file=path)


def say_written(path: Path, quiet: bool = False) -> None:
    """ "Wrote FILE" on stderr for a person at a terminal; nothing for a script, or with -q."""
    if not quiet and sys.stderr.isatty():
        sys.stderr.write(written(path) + "\n")


def write_stdout(text: str | bytes) -> None:
    """The report on stdout as UTF-8 (a workbook as its bytes); a closed pipe ends the run
    quietly (`| head` has all it wants), a full disk or a closed stdout says so: exit 74."""
    try:
        stdout.write(text)
    except stdout.StdoutError as error:
        raise typer.Exit(stdout.fail(error)) from None


def write_output(
    text: str | bytes,
    output: Path,
    inputs: list[Path],
    *,
    force: bool = False,
    quiet: bool = False,
) -> None:
    """The report in the file `-o` names: never over an input plan, nor without --force over a
    plan or the register of any books."""
    from ..io.output import refusal
    from ..io.writer import OutputError, write_atomically
    from ..problems import Problem

    refused = refusal(output, inputs, force=force)
    if refused is not None and refused.bad_input:
        bad_input([refused])
    if refused is not None:
        report_problems([refused])
        raise typer.Exit(EXIT_PROBLEMS)
    data = text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")
    try:
        write_atomically(output, data)
    except OutputError as error:
        bad_input([Problem(str(output), str(error))])
    say_written(output, quiet)


def data_folder(data_dir: Path) -> Path:
    """The data folder of a command that reads the whole books; where it is missing, say where
    it was looked for and how to name another."""
    from ..problems import Problem, readable_name

    try:
        folder = data_dir.is_dir()
    except OSError as error:  # a name too long for the file system, say
        from ..io.files import unreadable

        bad_input([Problem(str(data_dir), unreadable(error))])
    if not folder:
        message = _(
            "is not a folder of plan files (looked for {path}): run mercalc where data/ is, "
            "or name the folder with --data-dir FOLDER"
        )
        path = readable_name(str(data_dir.absolute()))
        bad_input([Problem(str(data_dir), message.format(path=path))])
    return data_dir
