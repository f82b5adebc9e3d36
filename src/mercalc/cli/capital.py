"""`mercalc capital`: capital costs of the investments in a year."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

import mercalc

from ..i18n import _
from ..problems import Problem
from .common import (
    DataDirOption,
    ForceOption,
    FormatOption,
    OutputOption,
    QuietOption,
    app,
    bad_input,
    books_or_exit,
    contradicting,
    data_folder,
    emit,
    rates_given,
    year_option,
)

YearOption = Annotated[int | None, year_option("The year (default: the latest plan's).")]


@app.command()
def capital(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE", help="One plan file; without it, every plan of the data folder."
        ),
    ] = None,
    year: YearOption = None,
    data_dir: DataDirOption = None,
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule", help="Every investment's capital cost for every year of its life."
        ),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Capital costs of the investments in a year.

    Depreciation and interest (kapitalkostnader) of every investment in force.
    """
    from ..views.capital import capital_report, schedule_report

    if path is not None and data_dir is not None:
        contradicting("capital", _("FILE"), "--data-dir")
    books = books_or_exit(path if path is not None else data_folder(data_dir or Path("data")))
    plans = books.all_plans()
    register = books.register_record
    if not plans and (register is None or year is None):
        bad_input([Problem(str(books.folder), _("holds no plan files (*.toml)"))])
    if year is None:
        year = plans[-1].year
    with rates_given(books):
        if schedule:
            report = schedule_report(mercalc.schedule(books, year))
        else:
            report = capital_report(mercalc.capital(books, year))
    inputs = [Path(s.name) for s in books.plans]
    inputs += [Path(books.register.name)] if books.register else []
    emit(report, fmt, output, inputs, force=force, quiet=quiet)
