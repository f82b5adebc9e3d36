"""`mercalc capital`: capital costs of the investments in a year."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    FormatOption,
    OutputOption,
    app,
    bad_input,
    books_or_exit,
    data_folder,
    emit,
)

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
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Capital costs of the investments in a year.

    Depreciation and interest (kapitalkostnader) of every investment in force.
    """
    from ..books.capital import capital_statement, schedule_statement
    from ..problems import Problem
    from ..views.capital import capital_report, schedule_report

    books = books_or_exit(path if path is not None else data_folder(data_dir))
    plans = books.all_plans()
    if not plans:
        bad_input([Problem(str(books.folder), "holds no plan files (*.toml)")])
    if year is None:
        year = plans[-1].year
    if schedule:
        report = schedule_report(schedule_statement(plans, year))
    else:
        report = capital_report(capital_statement(plans, year))
    emit(report, fmt, output, [Path(source.name) for source in books.plans])
