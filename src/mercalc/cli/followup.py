"""`mercalc follow-up`: the year followed up against the ledger's outcomes."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

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
    from ..books.followup import FollowUpStatement
    from ..books.loader import Books, Loaded
    from ..books.model import ForecastFile
    from ..io.actuals import Outcomes
    from ..problems import Problem

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
    statement, outcomes, _entered = followup_inputs_or_exit(
        books,
        loaded,
        actuals,
        through,
        forecast,
        members=members,
        against=against,
        actuals_unit=actuals_unit,
        unit_check=not no_unit_check,
    )
    files = inputs(file, actuals, forecast)
    emit(followup_report(statement), fmt, output, files, force=force, quiet=quiet)
    report_after(unmapped_problems(statement, outcomes) + problems)


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
    against: str = "revised",  # or "adopted"
    actuals_unit: str | None = None,
    unit_check: bool = True,
) -> tuple["FollowUpStatement", "Outcomes", "ForecastFile | None"]:
    """The follow-up statement, the outcomes and the forecast file it was made from."""
    from ..books.followup import follow_up as statement_of
    from ..books.ledger import filtered_dimensions
    from ..books.loader import load_forecasts
    from ..books.revisions import revised
    from ..problems import PlanError

    plan = loaded.record
    bad: list[Problem] = []
    if against == "revised" and plan.revisions:
        plan = revised(plan)
    outcomes = None
    dimensions = filtered_dimensions(plan)
    try:
        outcomes = read_with_progress(actuals, plan, dimensions)
    except PlanError as error:
        bad += error.problems
    forecasts, forecast_problems = (
        (None, []) if forecast is None else load_forecasts(forecast, plan)
    )
    bad += forecast_problems
    month = _through(through, plan.year, bad)
    bad += _unit_option(actuals_unit, outcomes)
    if outcomes is not None:
        bad += _outside_the_year(outcomes, plan.year)
        if month is None and through is None:
            month = _latest(outcomes, bad)
        bad += _year_totals(outcomes, month)
    if bad or outcomes is None or month is None:
        bad_input(bad)
    report_warnings(list(outcomes.warnings))
    statement = statement_of(
        plan,
        outcomes.sums,
        month,
        forecasts,
        members=members,
        plans=books.all_plans(),
        register=books.register.record if books.register is not None else None,
        names=tuple(dimensions),
        actuals_unit=actuals_unit,
    )
    if unit_check:
        _check_units(statement, outcomes)
    return statement._replace(revised=plan is not loaded.record), outcomes, forecasts


def report_warnings(warnings: list["Problem"]) -> None:
    """Warnings of the ledger's file on stderr: it is not mercalc's to correct them."""
    sys.stderr.write("".join(f"{warning}\n" for warning in warnings))


def _unit_option(unit: str | None, outcomes: "Outcomes | None") -> list["Problem"]:
    """--actuals-unit is kr or tkr, and never given with a SIE file (always kronor)."""
    from ..i18n import _
    from ..problems import Problem

    if unit is None:
        return []
    if unit not in ("kr", "tkr"):
        message = _('"{value}" is not a unit: write kr or tkr').format(value=unit)
        return [Problem("--actuals-unit", message)]
    if outcomes is not None and outcomes.columns[0].startswith("#"):
        message = _("a SIE file is always in kronor: leave out --actuals-unit")
        return [Problem("--actuals-unit", message)]
    return []


def _year_totals(outcomes: "Outcomes", month: tuple[int, int] | None) -> list["Problem"]:
    """A SIE file of year totals only (#RES) follows up the whole year, never a part of it."""
    from ..i18n import _
    from ..problems import Problem

    if not outcomes.year_totals_only or month is None or month[1] == 12:
        return []
    message = _(
        "holds only year totals (#RES): follow up through {year}-12, or export the periods "
        "(SIE 2 or 3) or the vouchers (SIE 4)"
    ).format(year=month[0])
    return [Problem(outcomes.file, message)]


def _check_units(statement: "FollowUpStatement", outcomes: "Outcomes") -> None:
    """Outcomes over 100 times the budget to date stop the follow-up: the units likely differ
    (SPEC 13.3)."""
    from ..books.followup import units_differ
    from ..i18n import _
    from ..problems import Problem

    if units_differ(statement) == "larger":
        message = _(
            "the cost lines' outcomes to date are over 100 times their budget to date "
            "(the plan is in {unit}): the units may differ; give --actuals-unit (or [ledger] "
            "unit), or --no-unit-check to follow up anyway"
        ).format(unit=statement.unit)
        bad_input([Problem(outcomes.file, message)])


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
    from ..i18n import _, number
    from ..problems import Problem
    from ..views.followup import figure

    message = _(
        "{account} matches the accounts of no line (outcome {amount} through {through}): "
        "add it to a line's accounts"
    )
    through = f"{statement.through[0]}-{statement.through[1]:02d}"
    return _beyond_the_export(statement, outcomes) + [
        Problem(
            outcomes.file,
            message.format(
                account=item.account, amount=number(figure(item.amount)), through=through
            ),
            outcomes.account_rows[item.account],
            (outcomes.columns[0],),
            bad_input=False,
        )
        for item in statement.unmapped
    ]


def _beyond_the_export(statement: "FollowUpStatement", outcomes: "Outcomes") -> list["Problem"]:
    """A follow-up through a month after the export's latest outcome (exit 1): the months
    between count as without any outcome, and each trend is read as if the year stood still."""
    from ..i18n import _
    from ..problems import Problem

    latest = outcomes.latest()
    if latest is None or tuple(statement.through) <= tuple(latest):
        return []
    message = _(
        "its latest outcome is of {latest}: a follow-up through {through} counts no outcome "
        "after it; export the ledger through {through}, or follow up through {latest}"
    )
    words = {
        "latest": f"{latest[0]}-{latest[1]:02d}",
        "through": f"{statement.through[0]}-{statement.through[1]:02d}",
    }
    return [Problem(outcomes.file, message.format(**words), bad_input=False)]


def read_with_progress(
    path: Path, plan: Any = None, dimensions: dict[str, int] | None = None
) -> "Outcomes":
    """The ledger's outcomes, from a SIE file or an export (its columns as `[ledger]` names
    them); on a terminal, a progress bar once reading an export takes over a second."""
    from ..books.ledger import ledger_columns
    from ..io.actuals import read_ledger

    year = plan.year if plan is not None else 0
    columns = ledger_columns(plan) if plan is not None else None
    if not sys.stderr.isatty():
        return read_ledger(path, year, dimensions, columns)
    progress = ProgressBar(path.name)
    try:
        return read_ledger(path, year, dimensions, columns, progress)
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
