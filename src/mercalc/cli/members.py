"""`mercalc members`: who pays what, by the distribution keys."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

import mercalc

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
    rates_given,
    report_after,
)


@app.command()
def members(
    file: PlanArgument = None,
    year: PlanYearOption = None,
    data_dir: DataDirOption = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="NAME",
            help="What if the distribution's key were NAME: each member's contribution by it.",
        ),
    ] = None,
    with_plan_years: Annotated[
        bool,
        typer.Option("--plan-years", help="Add each plan year's computed contributions."),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Who pays what: each member's contribution by the keys.

    The common part by each key, the direct costs, the computed contribution and the one in the
    plan; without keys, the share of the common costs that the contributions imply.
    """
    from ..books.members import find_key
    from ..books.validation import not_a_key
    from ..problems import Problem
    from ..views.members import members_report

    books, source, file = chosen_plan_or_exit("members", file, year, data_dir)
    plan = source.record
    if key is not None and find_key(plan, key) is None:
        bad_input([Problem(str(file), not_a_key(key, plan), path=("--key",))])
    problems = problems_of_plan(books, source)
    with rates_given(books, source):
        statement = mercalc.members(books, plan.year, key=key, plan_years=with_plan_years)
    inputs = [Path(s.name) for s in books.plans]
    emit(members_report(statement), fmt, output, inputs, force=force, quiet=quiet)
    report_after(problems)
