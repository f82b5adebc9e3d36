"""`mercalc check`: checks that the books are valid and balance."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    app,
    plan_paths,
    report_problems,
)


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Plan files; without any, every *.toml of the data folder."),
    ] = None,
    data_dir: Annotated[Path, typer.Option("--data-dir", help="The data folder.")] = Path("data"),
) -> None:
    """Check that plans are valid and balance.

    Balance in both columns, change reasons that add up, sound goals; silent when all is well.
    """
    from ..books.loader import load, year_clashes
    from ..books.rules import plan_findings
    from ..problems import PlanError

    paths = list(files) if files else plan_paths(data_dir)
    status = EXIT_OK
    plans = []
    for path in paths:
        try:
            loaded = load(path)
        except PlanError as error:
            report_problems(error.problems)
            status = EXIT_BAD_INPUT
            continue
        plans.append(loaded)
        problems = loaded.locate(plan_findings(loaded.plan))
        if problems:
            report_problems(problems)
            status = max(status, EXIT_PROBLEMS)
    if clashes := year_clashes(plans):
        report_problems(clashes)
        status = EXIT_BAD_INPUT
    raise typer.Exit(status)
