"""`mercalc new`: next year's plan from this year's."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .common import (
    EXIT_PROBLEMS,
    app,
    bad_input,
    contradicting,
    missing_argument,
    parse_year,
    plan_in_books_or_exit,
    report_problems,
    same_file,
    write_stdout,
)


@app.command()
def new(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(metavar="FILE", help="This year's plan file.")
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option("--from", metavar="FILE", help="This year's plan file (as FILE)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            parser=parse_year,
            metavar="YEAR",
            help="The new plan's year (default: the year after the plan's).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write (default: YEAR.toml in the plan's folder).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    index: Annotated[
        list[str] | None,
        typer.Option(
            "--index", metavar="NAME=PCT", help="Raise the line NAME by PCT % (repeatable)."
        ),
    ] = None,
    index_all: Annotated[
        str | None,
        typer.Option("--index-all", metavar="PCT", help="Raise every cost line by PCT %."),
    ] = None,
) -> None:
    """Write next year's plan from this year's.

    The budget becomes previous; the members' contributions balance the new plan.
    """
    from ..books.capital import MissingRate
    from ..books.rollforward import (
        Indexation,
        RollForwardError,
        UnbalancedSource,
        parse_indices,
        parse_percent,
        plan_file,
        roll_forward,
        summary,
    )
    from ..books.rules import missing_rate
    from ..io.writer import OutputError, write_atomically
    from ..problems import Problem

    if file is not None and source is not None and not same_file(file, source):
        contradicting("new", _("FILE"), "--from")
    source = file or source
    if source is None:
        raise missing_argument(ctx, "file")
    books, loaded = plan_in_books_or_exit(source)
    year = year or loaded.record.year + 1
    target = output or source.parent / f"{year}.toml"
    if same_file(target, source):
        message = _("is the plan to start from: choose another output file")
        bad_input([Problem(str(target), message)])
    try:
        indexation = Indexation(
            parse_indices(index or []),
            parse_percent(index_all) if index_all is not None else None,
        )
        plan, review = roll_forward(books, loaded.record, year, indexation)
    except MissingRate as missing:
        bad_input([missing_rate(books, missing.year, loaded)])
    except UnbalancedSource as error:
        report_problems([Problem(str(source), str(error))])
        raise typer.Exit(EXIT_PROBLEMS) from None
    except RollForwardError as error:
        bad_input([Problem(str(source), str(error), names=error.names)])
    header = f"MER-plan {year}, {plan.info.organisation}: made from {source.name}."
    # everything is made before the plan is written: once it is there, nothing can fail but stdout
    data = plan_file(loaded.text, loaded.record, plan, header).encode("utf-8")
    written = _("Wrote {file}: {summary}\nNext: review it, then run: mercalc check {file}")
    said = written.format(file=target, summary=summary(plan, indexation, review)) + "\n"
    try:
        write_atomically(target, data, overwrite=force)
    except FileExistsError:
        message = _("exists already: left as it is (--force replaces it)")
        report_problems([Problem(str(target), message)])
        raise typer.Exit(EXIT_PROBLEMS) from None
    except OutputError as error:
        bad_input([Problem(str(target), str(error))])
    write_stdout(said)
