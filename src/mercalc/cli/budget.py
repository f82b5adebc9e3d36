"""`mercalc budget`: the operating budget (driftbudget)."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from typing import Annotated

import typer

from .common import (
    ForceOption,
    FormatOption,
    OutputOption,
    PlanArgument,
    QuietOption,
    app,
    bad_input,
    emit,
    plan_in_books_or_exit,
    problems_of_plan,
    report_after,
)


@app.command()
def budget(
    file: PlanArgument,
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

    books, loaded = plan_in_books_or_exit(file)
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
