"""`mercalc balance`: make a plan hold, edited in place."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
from typing import Annotated

import typer

from .common import (
    EXIT_PROBLEMS,
    DataDirOption,
    PlanArgument,
    PlanYearOption,
    QuietOption,
    app,
    bad_input,
    chosen_plan_or_exit,
    rates_given,
    report_problems,
    say_written,
)


@app.command()
def balance(
    file: PlanArgument = None,
    year: PlanYearOption = None,
    data_dir: DataDirOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes and write nothing.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Balance a plan: its capital line, then the contributions.

    The capital line comes from the books. The file is edited in place, its comments and
    layout kept; each change is shown.
    """
    from ..books.balance import CannotBalance, balanced_text, balancing
    from ..books.revisions import revision_findings
    from ..i18n import _
    from ..io.writer import EditRefused, FileChanged, OutputError, rewrite
    from ..problems import Problem, safe_text
    from ..swedish import swedish

    books, loaded, file = chosen_plan_or_exit("balance", file, year, data_dir)
    try:
        with rates_given(books, loaded):
            edits = balancing(books, loaded)
    except CannotBalance as error:
        report_problems(loaded.locate([(("plan",), str(error))]))
        raise typer.Exit(EXIT_PROBLEMS) from None
    if edits and not dry_run:
        try:
            rewrite(file, loaded.text, balanced_text(loaded, edits))
        except FileChanged:
            message = _("the file changed while balancing; run again")
            report_problems([Problem(str(file), message, bad_input=False)])
            raise typer.Exit(EXIT_PROBLEMS) from None
        except EditRefused as error:
            report_problems([Problem(str(file), str(error), bad_input=False)])
            raise typer.Exit(EXIT_PROBLEMS) from None
        except OutputError as error:
            bad_input([Problem(str(file), str(error))])
    for edit in edits:
        old = "–" if edit.old is None else swedish(edit.old, None)
        sys.stderr.write(safe_text(f"{edit.label}: {old} → {swedish(edit.new, None)}") + "\n")
    if edits and not dry_run:
        say_written(file, quiet)
    # balance makes the adopted budget hold; the revised one must hold too (as check says)
    budgets = {edit.path[:2]: edit.new for edit in edits if edit.path[2:] == ("budget",)}
    revised = revision_findings(loaded.record, budgets)
    if revised:
        report_problems(loaded.locate(revised))
        raise typer.Exit(EXIT_PROBLEMS)
