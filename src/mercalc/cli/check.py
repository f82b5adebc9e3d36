"""`mercalc check`: checks that the books are valid and balance."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import Annotated

import typer

from ..problems import Problem
from .common import app, bad_input, data_folder, report_problems


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
    from ..books.loader import load
    from ..books.rules import book_problems
    from ..problems import exit_code

    problems: list[Problem] = []
    if files:
        others: list[Problem] = []
        for path in files:
            books = load(path)
            if path.is_dir() and not books.plans and not books.problems:
                bad_input([Problem(str(path), "holds no plan files (*.toml)")])
            source = books.source_of(path)
            named = [] if source is None else [source.name]
            own = [p for p in books.problems if p.file == str(path)]
            own += book_problems(books, named)
            problems += [p for p in own if p not in problems]
            # bad input anywhere in the books is bad input of the run (SPEC 5.1)
            others += [p for p in books.problems if p not in own and p not in others]
        problems += [p for p in others if p not in problems]
    else:
        books = load(data_folder(data_dir))
        if not books.plans and not books.problems:
            bad_input([Problem(str(data_dir), "holds no plan files (*.toml)")])
        problems = book_problems(books)
    report_problems(problems)
    raise typer.Exit(exit_code(problems))
