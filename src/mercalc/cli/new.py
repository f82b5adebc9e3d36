"""`mercalc new`: next year's plan from this year's."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    EXIT_PROBLEMS,
    app,
    bad_input,
    load_or_exit,
    report_problems,
    same_file,
    write_stdout,
)


@app.command()
def new(
    source: Annotated[Path, typer.Option("--from", help="This year's plan file.")],
    year: Annotated[
        int,
        typer.Option(
            "--year", "-y", min=1900, max=2200, help="The new plan's year: the year after."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Where to write (default: <the plan's folder>/<year>.toml).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    index: Annotated[
        list[str] | None, typer.Option("--index", help="Raise one line: NAME=PCT (repeatable).")
    ] = None,
    index_all: Annotated[
        str | None, typer.Option("--index-all", help="Raise every cost line by PCT.")
    ] = None,
) -> None:
    """Write next year's plan from this year's.

    The budget becomes previous; the members' contributions balance the new plan.
    """
    from ..books.rollforward import (
        Indexation,
        RollForwardError,
        UnbalancedSource,
        next_plan,
        parse_index,
        parse_percent,
        plan_toml,
        summary,
    )
    from ..io.writer import OutputError, write_atomically
    from ..problems import Problem

    target = output or source.parent / f"{year}.toml"
    if same_file(target, source):
        bad_input([Problem(str(target), "is the plan to start from: choose another output file")])
    loaded = load_or_exit(source)
    try:
        indexation = Indexation(
            dict(parse_index(item) for item in index or []),
            parse_percent(index_all) if index_all is not None else None,
        )
        plan = next_plan(loaded.record, year, indexation)
    except UnbalancedSource as error:
        report_problems([Problem(str(source), str(error))])
        raise typer.Exit(EXIT_PROBLEMS) from None
    except RollForwardError as error:
        bad_input([Problem(str(source), str(error))])
    header = f"MER-plan {year}, {plan.info.organisation}: made from {source.name}."
    try:
        write_atomically(target, plan_toml(plan, header).encode("utf-8"), overwrite=force)
    except FileExistsError:
        report_problems(
            [Problem(str(target), "exists already: left as it is (--force replaces it)")]
        )
        raise typer.Exit(EXIT_PROBLEMS) from None
    except OutputError as error:
        bad_input([Problem(str(target), str(error))])
    write_stdout(
        f"Wrote {target}: {summary(plan, indexation)}\n"
        f"Next: review it, then run: mercalc check {target}\n"
    )
