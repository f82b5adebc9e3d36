"""`mercalc follow-up`: the year followed up against the ledger's outcomes."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    ForceOption,
    FormatOption,
    OutputOption,
    PlanArgument,
    QuietOption,
    app,
    bad_input,
    emit,
    plan_in_books_or_exit,
    problems_of_plan,
    report_after,
)

if TYPE_CHECKING:
    from ..books.followup import FollowUpStatement
    from ..books.loader import Books, Loaded
    from ..books.model import ForecastFile
    from ..io.actuals import Outcomes
    from ..problems import Problem

ActualsOption = Annotated[
    Path,
    typer.Option(
        "--actuals", metavar="FILE", help="The ledger's export of outcomes (utfall): CSV or xlsx."
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
    file: PlanArgument,
    actuals: ActualsOption,
    through: ThroughOption = None,
    forecast: ForecastOption = None,
    against: AgainstOption = Against.revised,
    members: Annotated[
        bool, typer.Option("--members", help="Add the settlement per member (avräkning).")
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Follow the year up against the ledger's outcomes.

    Budget to date, outcome, forecast and deviation per line; exit 1 for unmapped accounts.
    """
    from ..views.followup import followup_report

    books, loaded = plan_in_books_or_exit(file)
    problems = problems_of_plan(books, loaded)
    statement, outcomes = followup_or_exit(
        books, loaded, actuals, through, forecast, members=members, against=against
    )
    files = inputs(file, actuals, forecast)
    emit(followup_report(statement), fmt, output, files, force=force, quiet=quiet)
    report_after(unmapped_problems(statement, outcomes) + problems)


def inputs(file: Path, actuals: Path, forecast: Path | None) -> list[Path]:
    """The files a follow-up reads: an output never replaces them."""
    return [file, actuals, *([forecast] if forecast is not None else [])]


def followup_or_exit(
    books: "Books",
    loaded: "Loaded",
    actuals: Path,
    through: str | None,
    forecast: Path | None,
    *,
    members: bool = False,
    against: str = "revised",  # or "adopted"
) -> tuple["FollowUpStatement", "Outcomes"]:
    """The follow-up statement and the outcomes it was made from, against the revised budget
    (or the adopted one); bad input in the export, the forecasts or --through ends the run,
    all of it at once."""
    statement, outcomes, _entered = followup_inputs_or_exit(
        books, loaded, actuals, through, forecast, members=members, against=against
    )
    return statement, outcomes


def followup_inputs_or_exit(
    books: "Books",
    loaded: "Loaded",
    actuals: Path,
    through: str | None,
    forecast: Path | None,
    *,
    members: bool = False,
    against: str = "revised",  # or "adopted"
) -> tuple["FollowUpStatement", "Outcomes", "ForecastFile | None"]:
    """The follow-up statement, the outcomes and the forecast file it was made from."""
    from ..books.followup import follow_up as statement_of
    from ..books.loader import load_forecasts
    from ..books.revisions import revised
    from ..problems import PlanError

    plan = loaded.record
    bad: list[Problem] = []
    if against == "revised" and plan.revisions:
        plan = revised(plan)
    outcomes = None
    try:
        outcomes = read_with_progress(actuals)
    except PlanError as error:
        bad += error.problems
    forecasts, forecast_problems = (
        (None, []) if forecast is None else load_forecasts(forecast, plan)
    )
    bad += forecast_problems
    month = _through(through, plan.year, bad)
    if outcomes is not None:
        bad += _outside_the_year(outcomes, plan.year)
        if month is None and through is None:
            month = _latest(outcomes, bad)
    if bad or outcomes is None or month is None:
        bad_input(bad)
    statement = statement_of(
        plan,
        outcomes.sums,
        month,
        forecasts,
        members=members,
        plans=books.all_plans(),
        register=books.register.record if books.register is not None else None,
    )
    return statement._replace(revised=plan is not loaded.record), outcomes, forecasts


def _through(text: str | None, year: int, bad: list["Problem"]) -> tuple[int, int] | None:
    """`--through 2023-08` → (2023, 8): a month of the plan year."""
    from ..i18n import _
    from ..problems import Problem

    if text is None:
        return None
    value = text.strip()
    digits = value[:4] + value[5:]
    shape = len(value) == 7 and value[4] == "-" and digits.isascii() and digits.isdigit()
    if not shape or not 1 <= int(value[5:]) <= 12:
        message = _('"{value}" is not a month: write YYYY-MM, such as {year}-08')
        bad.append(Problem("--through", message.format(value=text, year=year)))
        return None
    month = (int(value[:4]), int(value[5:]))
    if month[0] != year:
        message = _("{month} is not a month of the plan year {year}")
        bad.append(Problem("--through", message.format(month=value, year=year)))
        return None
    return month


def _outside_the_year(outcomes: "Outcomes", year: int) -> list["Problem"]:
    """Outcomes of another year than the plan's are bad input, each at its first row."""
    from ..i18n import _
    from ..problems import Problem

    message = _("{period} is outside the plan year {year}")
    return [
        Problem(
            outcomes.file,
            message.format(period=f"{period[0]}-{period[1]:02d}", year=year),
            row,
            (outcomes.columns[1],),
        )
        for period, row in sorted(outcomes.period_rows.items(), key=lambda item: item[1])
        if period[0] != year
    ]


def _latest(outcomes: "Outcomes", bad: list["Problem"]) -> tuple[int, int] | None:
    """The latest period of the outcomes; an export without any is bad input without --through."""
    from ..i18n import _
    from ..problems import Problem

    latest = outcomes.latest()
    if latest is None:
        message = _("holds no outcomes: give --through YYYY-MM to follow up a month without any")
        bad.append(Problem(outcomes.file, message))
    return latest


def unmapped_problems(statement: "FollowUpStatement", outcomes: "Outcomes") -> list["Problem"]:
    """Each account that matches no line, at its first row (exit 1: its outcome is in the
    table's row "Ej kopplade konton", but belongs to no line)."""
    from ..i18n import _
    from ..problems import Problem
    from ..swedish import swedish

    message = _(
        "{account} matches the accounts of no line (outcome {amount} through {through}): "
        "add it to a line's accounts"
    )
    through = f"{statement.through[0]}-{statement.through[1]:02d}"
    return [
        Problem(
            outcomes.file,
            message.format(
                account=item.account, amount=swedish(item.amount, None), through=through
            ),
            outcomes.account_rows[item.account],
            (outcomes.columns[0],),
            bad_input=False,
        )
        for item in statement.unmapped
    ]


def read_with_progress(path: Path) -> "Outcomes":
    """The export's outcomes; on a terminal, a progress bar once reading takes over a second."""
    from ..io.actuals import read_outcomes

    if not sys.stderr.isatty():
        return read_outcomes(path)
    progress = ProgressBar(path.name)
    try:
        return read_outcomes(path, progress)
    finally:
        progress.close()


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

            from ..i18n import _

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
