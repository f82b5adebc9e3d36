"""`mercalc budget`: the operating budget (driftbudget)."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from typing import Annotated

import typer

from .common import (
    DataDirOption,
    ForceOption,
    FormatOption,
    OutputOption,
    PlanArgument,
    PlanYearOption,
    QuietOption,
    app,
    bad_input,
    chosen_plan_or_exit,
    emit,
    problems_of_plan,
    report_after,
)


@app.command()
def budget(
    file: PlanArgument = None,
    year: PlanYearOption = None,
    data_dir: DataDirOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List the reasons for each change.")
    ] = False,
    with_plan_years: Annotated[
        bool,
        typer.Option("--plan-years", help="Add a column for each plan year (planår)."),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """The operating budget (driftbudget).

    Revenue negative, costs positive, subtotals and Summa; exit 1 when it does not balance.
    """
    from ..books.budget import budget_statement
    from ..views.budget import budget_report

    books, loaded, file = chosen_plan_or_exit("budget", file, year, data_dir)
    plan, years = loaded.record, None
    problems = problems_of_plan(books, loaded)
    if with_plan_years:  # a plan year that does not balance is among the problems
        from ..books.capital import MissingRate
        from ..books.planyears import books_plan_years
        from ..books.rules import missing_rate

        try:
            years = books_plan_years(books, plan)
        except MissingRate as missing:
            bad_input([missing_rate(books, missing.year, loaded)])
    before = books.plan(plan.year - 1) if plan.year - 1 in books.years else None
    report = budget_report(budget_statement(plan, years, before), explain=explain)
    emit(report, fmt, output, [file], force=force, quiet=quiet)
    report_after(problems)
