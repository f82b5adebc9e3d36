"""The command line: parse arguments, load, compute, render, print. No business rules here."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__

if TYPE_CHECKING:
    from .loader import Loaded
    from .problems import Problem
    from .report import Report

app = typer.Typer(
    name="mercalc",
    help="Budget calculator for the MER-plan (goals, economy, resources) of a municipal board.\n\n"
    "Add --debug anywhere to see the traceback of an internal error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERNAL, EXIT_IO_ERROR = 70, 74  # sysexits: a defect; stdout could not be written


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table, json, csv or markdown.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", dir_okay=False),
]


def _version(value: bool) -> None:
    if value:
        print(f"mercalc {__version__}")
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


def load_or_exit(path: Path) -> "Loaded":
    from .loader import load
    from .problems import PlanError

    try:
        return load(path)
    except PlanError as error:
        bad_input(error.problems)


def emit(report: "Report", fmt: Format, output: Path | None, inputs: list[Path]) -> None:
    """Render once and print it, or write it atomically to `-o` (never over an input plan)."""
    from .render import render

    if output is None:
        color = fmt is Format.table and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = os.get_terminal_size().columns if color else None
        write_stdout(render(report, fmt.value, color=color, width=width))
        return
    write_output(render(report, fmt.value), output, inputs)


def write_stdout(text: str) -> None:
    """The report on stdout; a closed pipe ends the run quietly, a full disk says so."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `mercalc budget … | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_PROBLEMS) from None
    except OSError as error:
        sys.stderr.write(f"mercalc: cannot write the output: {error.strerror or error}\n")
        raise typer.Exit(EXIT_IO_ERROR) from None


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one existing file (an output must never replace a plan)."""
    return one.exists() and other.exists() and one.resolve() == other.resolve()


def write_output(text: str, output: Path, inputs: list[Path]) -> None:
    from .problems import Problem
    from .writer import OutputError, write_atomically

    for source in inputs:
        if same_file(output, source):
            bad_input([Problem(str(output), "is an input plan: choose another output file")])
    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputError as error:
        bad_input([Problem(str(output), str(error))])


@app.command()
def budget(
    file: Annotated[Path, typer.Argument(help="The plan file, e.g. data/2023.toml.")],
    explain: Annotated[
        bool, typer.Option("--explain", help="List the reasons for each change.")
    ] = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """The operating budget (driftbudget).

    Revenue negative, costs positive, subtotals and Summa; exit 1 when it does not balance.
    """
    from .budget import budget_report, imbalance_findings

    loaded = load_or_exit(file)
    emit(budget_report(loaded.plan, explain=explain), fmt, output, [file])
    unbalanced = imbalance_findings(loaded.plan)
    if unbalanced:
        report_problems(loaded.locate(unbalanced))
        raise typer.Exit(EXIT_PROBLEMS)


YearOption = Annotated[
    int | None,
    typer.Option("--year", "-y", min=1900, max=2200, help="The year (default: the latest plan's)."),
]


@app.command()
def capital(
    path: Annotated[
        Path | None,
        typer.Argument(help="One plan file; without it, every plan of the data folder."),
    ] = None,
    year: YearOption = None,
    data_dir: Annotated[Path, typer.Option("--data-dir", help="The data folder.")] = Path("data"),
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule", help="Every investment's capital cost for every year of its life."
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Capital costs of the investments in a year.

    Depreciation and interest (kapitalkostnader) of every investment in force.
    """
    from .capital import capital_report, schedule_report

    paths = [path] if path is not None else plan_paths(data_dir)
    plans = [item.plan for item in load_all_or_exit(paths)]
    if year is None:
        year = plans[-1].year
    report = schedule_report(plans, year) if schedule else capital_report(plans, year)
    emit(report, fmt, output, paths)


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Plan files; without any, every *.toml of the data folder."),
    ] = None,
    data_dir: Annotated[Path, typer.Option("--data-dir", help="The data folder.")] = Path("data"),
) -> None:
    """Check that plans are valid and balance.

    Balance in both columns, change reasons that add up, sound goals; silent when all is well.
    """
    from .checks import plan_findings
    from .loader import load, year_clashes
    from .problems import PlanError

    paths = list(files) if files else plan_paths(data_dir)
    status = EXIT_OK
    plans = []
    for path in paths:
        try:
            loaded = load(path)
        except PlanError as error:
            report_problems(error.problems)
            status = EXIT_BAD_INPUT
            continue
        plans.append(loaded)
        problems = loaded.locate(plan_findings(loaded.plan))
        if problems:
            report_problems(problems)
            status = max(status, EXIT_PROBLEMS)
    if clashes := year_clashes(plans):
        report_problems(clashes)
        status = EXIT_BAD_INPUT
    raise typer.Exit(status)


@app.command()
def goals(
    file: Annotated[Path, typer.Argument(help="The plan file, e.g. data/2023.toml.")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=1900,
            max=2200,
            help="Follow up this year only (default: every year with outcomes).",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Goals and indicators with their follow-up.

    Targets per year and, where outcomes exist, met or not and the trend.
    """
    from .goals import goals_report

    loaded = load_or_exit(file)
    emit(goals_report(loaded.plan, year), fmt, output, [file])


@app.command()
def new(
    source: Annotated[Path, typer.Option("--from", help="This year's plan file.")],
    year: Annotated[
        int,
        typer.Option(
            "--year", "-y", min=1900, max=2200, help="The new plan's year: the year after."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Where to write (default: <the plan's folder>/<year>.toml).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    index: Annotated[
        list[str] | None, typer.Option("--index", help="Raise one line: NAME=PCT (repeatable).")
    ] = None,
    index_all: Annotated[
        str | None, typer.Option("--index-all", help="Raise every cost line by PCT.")
    ] = None,
) -> None:
    """Write next year's plan from this year's.

    The budget becomes previous; the members' contributions balance the new plan.
    """
    from .problems import Problem
    from .rollforward import (
        Indexation,
        RollForwardError,
        UnbalancedSource,
        next_plan,
        parse_index,
        parse_percent,
        plan_toml,
        summary,
    )
    from .writer import OutputError, write_atomically

    target = output or source.parent / f"{year}.toml"
    if same_file(target, source):
        bad_input([Problem(str(target), "is the plan to start from: choose another output file")])
    loaded = load_or_exit(source)
    try:
        indexation = Indexation(
            dict(parse_index(item) for item in index or []),
            parse_percent(index_all) if index_all is not None else None,
        )
        plan = next_plan(loaded.plan, year, indexation)
    except UnbalancedSource as error:
        report_problems([Problem(str(source), str(error))])
        raise typer.Exit(EXIT_PROBLEMS) from None
    except RollForwardError as error:
        bad_input([Problem(str(source), str(error))])
    header = f"MER-plan {year}, {plan.info.organisation}: made from {source.name}."
    try:
        write_atomically(target, plan_toml(plan, header).encode("utf-8"), overwrite=force)
    except FileExistsError:
        report_problems(
            [Problem(str(target), "exists already: left as it is (--force replaces it)")]
        )
        raise typer.Exit(EXIT_PROBLEMS) from None
    except OutputError as error:
        bad_input([Problem(str(target), str(error))])
    write_stdout(
        f"Wrote {target}: {summary(plan, indexation)}\n"
        f"Next: review it, then run: mercalc check {target}\n"
    )


class DocumentFormat(StrEnum):
    html = "html"
    markdown = "markdown"


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="The plan file, e.g. data/2023.toml.")],
    fmt: Annotated[
        DocumentFormat,
        typer.Option("--format", "-f", help="html (one self-contained file) or markdown."),
    ] = DocumentFormat.html,
    output: OutputOption = None,
) -> None:
    """The whole MER-plan as one document.

    Goals, operating and investment budget with charts, as one HTML file or Markdown.
    """
    from .document import plan_document
    from .publish import to_html, to_markdown_document

    document = plan_document(load_or_exit(file).plan)
    text = to_html(document) if fmt is DocumentFormat.html else to_markdown_document(document)
    if output is None:
        write_stdout(text)
    else:
        write_output(text, output, [file])


def plan_paths(data_dir: Path) -> list[Path]:
    from .problems import Problem

    if not data_dir.is_dir():
        bad_input([Problem(str(data_dir), "is not a folder of plan files")])
    paths = sorted(data_dir.glob("*.toml"))
    if not paths:
        bad_input([Problem(str(data_dir), "holds no plan files (*.toml)")])
    return paths


def load_all_or_exit(paths: list[Path]) -> list["Loaded"]:
    from .loader import load_folder
    from .problems import PlanError

    try:
        return load_folder(paths)
    except PlanError as error:
        bad_input(error.problems)


def main() -> None:
    """Entry point: user errors are one line each; a traceback only with --debug."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("mercalc: interrupted\n")
        sys.exit(130)
    except Exception as error:
        if debug:
            raise
        sys.stderr.write(
            f"mercalc: internal error: {type(error).__name__}: {error}\n"
            "Run the same command with --debug to see the traceback.\n"
        )
        sys.exit(EXIT_INTERNAL)
