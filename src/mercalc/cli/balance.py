"""`mercalc balance`: make a plan hold, edited in place."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
from typing import Annotated, Optional

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
    against: Annotated[
        Optional[str],  # noqa: UP045 (Typer reads the annotation)
        typer.Option(
            "--against",
            metavar="REV",
            help="Measure the members' own costs against the plan at this git revision "
            "(default: HEAD, where the plan is in a git repository).",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Balance a plan: its capital line, then the contributions.

    The capital line comes from the books. Each member's own costs stay its own, measured
    against the plan's committed version in git. The file is edited in place, its comments
    and layout kept; each change is shown.
    """
    from ..books.balance import (
        Against,
        CannotBalance,
        balancing,
        committed_plan,
        committed_version,
    )
    from ..books.revisions import revision_findings
    from ..io.gitrev import RevisionError
    from ..problems import Problem

    books, loaded, file = chosen_plan_or_exit("balance", file, year, data_dir)
    try:
        committed = committed_version(file, against)
    except RevisionError as error:
        bad_input([Problem(str(file), str(error))])
    versus = committed_plan(committed[1], loaded.record.year) if committed else Against(None)
    try:
        with rates_given(books, loaded):
            edits = balancing(books, loaded, versus)
    except CannotBalance as error:
        report_problems(loaded.locate([(("plan",), str(error))]))
        raise typer.Exit(EXIT_PROBLEMS) from None
    if edits and not dry_run:
        _write(file, loaded, edits)
    _say(file, books, loaded, edits, committed[0] if committed and versus.plan else None)
    if edits and not dry_run:
        say_written(file, quiet)
    # balance makes the adopted budget hold; the revised one must hold too (as check says)
    budgets = {edit.path[:2]: edit.new for edit in edits if edit.path[2:] == ("budget",)}
    revised = revision_findings(loaded.record, budgets)
    if revised:
        report_problems(loaded.locate(revised))
        raise typer.Exit(EXIT_PROBLEMS)


def _write(file, loaded, edits) -> None:
    """The plan written with the edits, in place; a file changed meanwhile is left alone."""
    from ..books.balance import balanced_text
    from ..i18n import _
    from ..io.writer import EditRefused, FileChanged, OutputError, rewrite
    from ..problems import Problem

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


def _say(file, books, loaded, edits, revision) -> None:
    """Each change on stderr; what the members' own costs were measured against; or that the
    plan needed nothing."""
    from ..books.balance import shared_own_costs
    from ..i18n import _, number
    from ..problems import safe_text

    def say(text: str) -> None:
        sys.stderr.write(safe_text(text) + "\n")

    if not edits:
        say(_("{file}: the plan holds already: nothing to change").format(file=file))
        return
    for edit in edits:
        old = "–" if edit.old is None else number(edit.old)
        if edit.path[-1] == "reason":
            say(f"{edit.label} → {edit.reason}")
        else:
            say(f"{edit.label}: {old} → {number(edit.new)}")
    if revision is not None:
        message = _(
            "Own costs measured against the committed version {revision} ({commit}, {date})"
        )
        say(message.format(revision=revision.name, commit=revision.commit[:7], date=revision.date))
        return
    if not any(edit.path[0] == "contribution" for edit in edits):
        return
    shared = shared_own_costs(books, loaded)
    if shared:
        say(
            _(
                "No committed version to measure against: the shortfall is shared by the "
                "implicit key, and with it these members' own costs:"
            )
        )
        for name, amount in shared:
            say(f"  {name}: {number(amount)}")
        say(
            _("Add a [distribution] (with a [[key]]) so that each member's own costs stay its own.")
        )
