"""`mercalc follow-up`: the year followed up against the ledger's outcomes."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

import mercalc

from ..i18n import _
from ..problems import PlanError, Problem
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
    report_after,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..books.followup import FollowUpStatement
    from ..books.loader import Books, Loaded
    from ..books.model import ForecastFile
    from ..io.actuals import Outcomes

ActualsOption = Annotated[
    Path,
    typer.Option(
        "--actuals",
        metavar="FILE",
        help="The ledger's outcomes (utfall): a SIE file, or an export in CSV or xlsx.",
    ),
]
ActualsUnitOption = Annotated[
    str | None,
    typer.Option(
        "--actuals-unit",
        metavar="UNIT",
        help="The unit of the export's amounts: kr or tkr (default: [ledger] unit, else kr).",
    ),
]
NoUnitCheckOption = Annotated[
    bool,
    typer.Option(
        "--no-unit-check",
        help="Follow up even where the outcomes are over 100 times the budget to date.",
    ),
]
ThroughOption = Annotated[
    str | None,
    typer.Option(
        "--through",
        metavar="YYYY-MM",
        help="Follow up through this month (default: the latest period of the outcomes).",
    ),
]


class Against(StrEnum):
    """The budget a follow-up measures against (SPEC 17)."""

    revised = "revised"  # reviderad budget: the adopted budget and the year's revisions
    adopted = "adopted"


AgainstOption = Annotated[
    Against,
    typer.Option(
        "--against",
        metavar="BUDGET",
        help="revised (the default: the adopted budget and the year's revisions) or adopted.",
    ),
]
ForecastOption = Annotated[
    Path | None,
    typer.Option(
        "--forecast",
        metavar="FILE",
        help="Entered forecasts: [[forecast]] with line, amount and reason.",
    ),
]


@app.command("follow-up")
def follow_up(
    actuals: ActualsOption,
    file: PlanArgument = None,
    year: PlanYearOption = None,
    data_dir: DataDirOption = None,
    through: ThroughOption = None,
    forecast: ForecastOption = None,
    against: AgainstOption = Against.revised,
    members: Annotated[
        bool, typer.Option("--members", help="Add the settlement per member (avräkning).")
    ] = False,
    actuals_unit: ActualsUnitOption = None,
    no_unit_check: NoUnitCheckOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Follow the year up against the ledger's outcomes.

    Budget to date, outcome, forecast and deviation per line; exit 1 for unmapped accounts.
    """
    from ..views.followup import followup_report

    books, loaded, file = chosen_plan_or_exit("follow-up", file, year, data_dir)
    problems = problems_of_plan(books, loaded)
    statement = _follow_up_or_exit(
        books,
        loaded.record.year,
        actuals=actuals,
        through=through,
        forecast=forecast,
        members=members,
        against=against.value,
        actuals_unit=actuals_unit,
        unit_check=not no_unit_check,
    )
    report_warnings(statement.warnings)
    files = inputs(file, actuals, forecast)
    emit(followup_report(statement), fmt, output, files, force=force, quiet=quiet)
    report_after([*statement.problems, *problems])


def _follow_up_or_exit(books: "Books", year: int, **asked: Any) -> "FollowUpStatement":
    """The library's follow-up, with a progress bar on a terminal; bad input ends the run,
    each problem said once the bar is gone (exit 2)."""
    progress = ProgressBar(asked["actuals"].name) if sys.stderr.isatty() else None
    try:
        return mercalc.follow_up(books, year, progress=progress, **asked)
    except PlanError as error:
        bad = error.problems
    finally:
        if progress is not None:
            progress.close()
    bad_input(bad)


def inputs(file: Path, actuals: Path, forecast: Path | None) -> list[Path]:
    """The files a follow-up reads: an output never replaces them."""
    return [file, actuals, *([forecast] if forecast is not None else [])]


def followup_inputs_or_exit(
    books: "Books",
    loaded: "Loaded",
    actuals: Path,
    through: str | None,
    forecast: Path | None,
    *,
    members: bool = False,
    actuals_unit: str | None = None,
    unit_check: bool = True,
) -> tuple["FollowUpStatement", "Outcomes", "ForecastFile | None"]:
    """The follow-up statement of a report against its revised budget, the outcomes and the
    forecast file it was made from; bad input ends the run (exit 2)."""
    from ..books.followupfiles import follow_up_of

    progress = ProgressBar(actuals.name) if sys.stderr.isatty() else None
    try:
        run = follow_up_of(
            books,
            loaded.record,
            actuals,
            through,
            forecast,
            members=members,
            actuals_unit=actuals_unit,
            unit_check=unit_check,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    report_warnings(run.warnings)
    if run.statement is None or run.outcomes is None:
        bad_input(list(run.bad))
    return run.statement, run.outcomes, run.forecasts


def report_warnings(warnings: "Iterable[Problem]") -> None:
    """Warnings of the ledger's file on stderr: it is not mercalc's to correct them."""
    sys.stderr.write("".join(f"{warning}\n" for warning in warnings))


class ProgressBar:
    """A Rich progress bar on stderr, shown only once a reading has taken more than a second."""

    DELAY = 1.0

    def __init__(self, name: str, console: Any = None):
        self.name = name
        self.console = console
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            console = self.console or Console(stderr=True)
            self.bar = Progress(
                TextColumn(_("Reading {file}").format(file=self.name), markup=False),
                BarColumn(),
                TaskProgressColumn(),
                console=console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=total or None)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
