"""`mercalc members`: who pays what, by the distribution keys."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    EXIT_PROBLEMS,
    FormatOption,
    OutputOption,
    app,
    bad_input,
    emit,
    plan_in_books_or_exit,
    report_problems,
)


@app.command()
def members(
    file: Annotated[Path, typer.Argument(help="The plan file, e.g. data/2023.toml.")],
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="NAME",
            help="What if the distribution's key were NAME: each member's contribution by it.",
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Who pays what: each member's contribution by the keys.

    The common part by each key, the direct costs, the computed contribution and the one in the
    plan; without keys, the share of the common costs that the contributions imply.
    """
    from ..books.members import find_key, members_statement
    from ..books.rules import book_problems, not_a_key
    from ..problems import Problem
    from ..views.members import members_report

    books, source = plan_in_books_or_exit(file)
    plan = source.record
    if key is not None and find_key(plan, key) is None:
        bad_input([Problem(str(file), not_a_key(key, plan), path=("--key",))])
    statement = members_statement(books.all_plans(), plan.year, instead=key)
    emit(members_report(statement), fmt, output, [Path(s.name) for s in books.plans])
    problems = book_problems(books, [source.name])
    if problems:
        report_problems(problems)
        raise typer.Exit(EXIT_PROBLEMS)
