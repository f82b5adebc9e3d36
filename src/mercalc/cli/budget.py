"""`mercalc budget`: the operating budget (driftbudget)."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from typing import Annotated

import typer

from .common import (
    EXIT_PROBLEMS,
    ForceOption,
    FormatOption,
    OutputOption,
    PlanArgument,
    app,
    emit,
    plan_in_books_or_exit,
    report_problems,
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
) -> None:
    """The operating budget (driftbudget).

    Revenue negative, costs positive, subtotals and Summa; exit 1 when it does not balance.
    """
    from ..books.budget import budget_statement
    from ..books.rules import imbalance_findings
    from ..views.budget import budget_report

    books, loaded = plan_in_books_or_exit(file)
    plan, years = loaded.record, None
    unbalanced = imbalance_findings(plan)
    if with_plan_years:
        from ..books.members import own_capital_for
        from ..books.planyears import plan_years
        from ..books.rules import plan_year_findings

        years = plan_years(plan, own_capital=own_capital_for(books.all_plans(), plan))
        unbalanced += plan_year_findings(years)
    report = budget_report(budget_statement(plan, years), explain=explain)
    emit(report, fmt, output, [file], force=force)
    if unbalanced:
        report_problems(loaded.locate(unbalanced))
        raise typer.Exit(EXIT_PROBLEMS)
