"""`mercalc budget`: the operating budget (driftbudget)."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated, Any

import typer

import mercalc

from .common import (
    DataDirOption,
    ForceOption,
    Format,
    FormatOption,
    OutputOption,
    PlanArgument,
    PlanYearOption,
    QuietOption,
    app,
    bad_input,
    chosen_plan_or_exit,
    deliver,
    emit,
    output_format,
    problems_of_plan,
    rates_given,
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
    from ..views.budget import budget_report

    books, loaded, file = chosen_plan_or_exit("budget", file, year, data_dir)
    plan = loaded.record
    problems = problems_of_plan(books, loaded)
    with rates_given(books, loaded):  # a plan year that does not balance is among the problems
        statement = mercalc.budget(books, plan.year, plan_years=with_plan_years)
    if output_format(fmt, output, list(Format), Format.table) == Format.sie:
        write_sie(books, loaded, output, file, force=force, quiet=quiet)
        report_after(problems)
        return
    report = budget_report(statement, explain=explain)
    emit(report, fmt, output, [file], force=force, quiet=quiet)
    report_after(problems)


def write_sie(
    books: Any, loaded: Any, output: Path | None, file: Path, *, force: bool, quiet: bool
) -> None:
    """The budget as the SIE file a ledger imports (SPEC 14); a line that names no account to
    book it on is bad input for this format, and the file's notes go to stderr."""
    import datetime
    import os
    import sys

    from .. import __version__
    from ..books.ledgerbudget import ledger_budget
    from ..views.sie import sie_budget

    budget, findings = ledger_budget(loaded.record, books.all_plans(), books.register_record)
    if findings:
        bad_input(loaded.locate(findings, bad_input=True))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        if epoch and epoch.isdigit()
        else datetime.date.today()
    )
    content, notes = sie_budget(budget, __version__, today)
    deliver(content, output, [file], force=force, quiet=quiet)
    sys.stderr.write("".join(f"{note}\n" for note in notes))
