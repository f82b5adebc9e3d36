"""`mercalc goals`: goals and indicators with their follow-up."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from typing import Annotated

import mercalc

from .common import (
    DataDirOption,
    ForceOption,
    FormatOption,
    OutputOption,
    PlanArgument,
    QuietOption,
    app,
    chosen_plan_or_exit,
    emit,
    year_option,
)


@app.command()
def goals(
    file: PlanArgument = None,
    year: Annotated[
        int | None, year_option("Follow up this year only (default: every year with outcomes).")
    ] = None,
    data_dir: DataDirOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Goals and indicators with their follow-up.

    Targets per year and, where outcomes exist, met or not and the trend.
    """
    from ..views.goals import goals_report

    books, loaded, file = chosen_plan_or_exit("goals", file, year, data_dir, latest_otherwise=True)
    report = goals_report(mercalc.goals(books, loaded.record.year, outcome_year=year))
    emit(report, fmt, output, [file], force=force, quiet=quiet)
