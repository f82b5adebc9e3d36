"""`mercalc goals`: goals and indicators with their follow-up."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from typing import Annotated

import typer

from .common import (
    ForceOption,
    FormatOption,
    OutputOption,
    PlanArgument,
    app,
    emit,
    load_or_exit,
    parse_year,
)


@app.command()
def goals(
    file: PlanArgument,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            parser=parse_year,
            metavar="YEAR",
            help="Follow up this year only (default: every year with outcomes).",
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Goals and indicators with their follow-up.

    Targets per year and, where outcomes exist, met or not and the trend.
    """
    from ..books.goals import goals_statement
    from ..views.goals import goals_report

    loaded = load_or_exit(file)
    emit(goals_report(goals_statement(loaded.record, year)), fmt, output, [file], force=force)
