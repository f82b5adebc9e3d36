"""`mercalc check`: checks that the books are valid and balance."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
from pathlib import Path
from typing import Annotated

import typer

import mercalc

from ..i18n import _, ngettext
from ..problems import Problem, exit_code
from .common import (
    DataDirOption,
    PlanYearOption,
    app,
    bad_input,
    chosen_plan_or_exit,
    contradicting,
    data_folder,
    report_problems,
)


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE", help="Plan files; without any, every *.toml of the data folder."
        ),
    ] = None,
    year: PlanYearOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Check that plans are valid and balance.

    Balance in both columns, change reasons that add up, sound goals; silent when all is well.
    """
    from ..books.loader import is_folder

    if files and data_dir is not None:
        contradicting("check", _("FILE"), "--data-dir")
    if files and year is not None:
        contradicting("check", _("FILE"), "--year")
    if year is not None:  # the plan of that year, with the rules that read it
        files = [chosen_plan_or_exit("check", None, year, data_dir)[2]]
    problems: list[Problem] = []
    if files:
        others: list[Problem] = []
        for path in files:
            books = mercalc.load(path)
            if is_folder(path) and not books.plans and not books.problems:
                bad_input([Problem(str(path), _("holds no plan files (*.toml)"))])
            own = mercalc.check(books, files=[path])
            problems += [p for p in own if p not in problems]
            # bad input anywhere in the books is bad input of the run (SPEC 5.1)
            others += [p for p in books.problems if p not in own and p not in others]
        problems += [p for p in others if p not in problems]
    else:
        data_dir = data_dir or Path("data")
        books = mercalc.load(data_folder(data_dir))
        if not books.plans and not books.problems:
            bad_input([Problem(str(data_dir), _("holds no plan files (*.toml)"))])
        problems = mercalc.check(books)
    report_problems(problems)
    if not problems and sys.stderr.isatty():  # silent for scripts; a person is told what was read
        sys.stderr.write(_checked(files, data_dir, len(books.plans)) + "\n")
    raise typer.Exit(exit_code(problems))


def _checked(files: list[Path] | None, data_dir: Path | None, plans: int) -> str:
    """One line saying what `check` read and found well."""
    if files:
        return _("Checked {files}: no problems found.").format(files=", ".join(map(str, files)))
    return ngettext(
        "Checked {folder}: {count} plan, no problems found.",
        "Checked {folder}: {count} plans, no problems found.",
        plans,
    ).format(folder=data_dir, count=plans)
