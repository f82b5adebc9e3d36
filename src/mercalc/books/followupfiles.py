"""The follow-up of a plan of the books made from files (SPEC 8, 13, 15, 17): the ledger's
outcomes (a SIE file or an export), the forecast file and the month, each problem of them a
value; the statement where none of them is bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from ..i18n import _, number
from ..io.actuals import Outcomes, Progress, read_ledger
from ..numbers import to_figure_places
from ..problems import PlanError, Problem
from .followup import FollowUpStatement, Period, follow_up, units_differ
from .ledger import filtered_dimensions, ledger_columns
from .loader import Books, load_forecasts
from .model import ForecastFile, Plan
from .revisions import revised

Against = Literal["revised", "adopted"]


class FollowUpRun(NamedTuple):
    """A follow-up made from files: its statement, or the bad input that stops it."""

    statement: FollowUpStatement | None  # None where `bad` holds any problem
    bad: tuple[Problem, ...]  # the export's, the forecast file's, the month's or the unit's
    # the ledger file's own warnings (SIE), once its outcomes are read for the follow-up
    warnings: tuple[Problem, ...]
    outcomes: Outcomes | None
    forecasts: ForecastFile | None


def follow_up_of(
    books: Books,
    plan: Plan,
    actuals: Path,
    through: str | None = None,
    forecast: Path | None = None,
    *,
    members: bool = False,
    against: Against = "revised",
    actuals_unit: str | None = None,
    unit_check: bool = True,
    progress: Progress | None = None,
) -> FollowUpRun:
    """The follow-up of `plan` of `books` against the ledger's file `actuals` through the month
    `through` ("YYYY-MM"; default the latest of the outcomes), against its revised budget (or
    the adopted one), with the entries of the forecast file `forecast`; every bad input found
    in one run. The statement carries the problems that leave it unfinished (exit 1)."""
    adopted = plan
    if against == "revised" and plan.revisions:
        plan = revised(plan)
    dimensions = filtered_dimensions(plan)
    bad: list[Problem] = []
    outcomes = None
    try:
        outcomes = read_ledger(actuals, plan.year, dimensions, ledger_columns(plan), progress)
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
        return FollowUpRun(None, tuple(bad), (), outcomes, forecasts)
    statement = follow_up(
        plan,
        outcomes.sums,
        month,
        forecasts,
        members=members,
        plans=books.all_plans(),
        register=books.register_record,
        names=tuple(dimensions),
        actuals_unit=outcomes_unit(plan, outcomes, actuals_unit),
    )
    if unit_check and units_differ(statement) == "larger":
        return FollowUpRun(
            None, (_units(statement, outcomes),), outcomes.warnings, outcomes, forecasts
        )
    statement = statement._replace(revised=plan is not adopted, warnings=outcomes.warnings)
    statement = statement._replace(problems=tuple(unfinished_problems(statement, outcomes)))
    return FollowUpRun(statement, (), outcomes.warnings, outcomes, forecasts)


def outcomes_unit(plan: Plan, outcomes: Outcomes, actuals_unit: str | None = None) -> str:
    """The unit of the ledger's amounts (SPEC 13.3): kronor in a SIE file, always; in an export,
    `actuals_unit` (--actuals-unit), else [ledger] unit, else kronor."""
    if _is_sie(outcomes):
        return "kr"
    return actuals_unit or plan.ledger.unit or "kr"


def _is_sie(outcomes: Outcomes) -> bool:
    return outcomes.columns[0].startswith("#")  # its records (#TRANS), not an export's header


def _units(statement: FollowUpStatement, outcomes: Outcomes) -> Problem:
    """Outcomes over 100 times the budget to date stop the follow-up: the units likely differ
    (SPEC 13.3)."""
    message = _(
        "the cost lines' outcomes to date are over 100 times their budget to date "
        "(the plan is in {unit}): the units may differ; give --actuals-unit (or [ledger] "
        "unit), or --no-unit-check to follow up anyway"
    ).format(unit=statement.unit)
    return Problem(outcomes.file, message)


def _unit_option(unit: str | None, outcomes: Outcomes | None) -> list[Problem]:
    """--actuals-unit is kr or tkr, and never given with a SIE file (always kronor)."""
    if unit is None:
        return []
    if unit not in ("kr", "tkr"):
        message = _('"{value}" is not a unit: write kr or tkr').format(value=unit)
        return [Problem("--actuals-unit", message)]
    if outcomes is not None and _is_sie(outcomes):
        message = _("a SIE file is always in kronor: leave out --actuals-unit")
        return [Problem("--actuals-unit", message)]
    return []


def _year_totals(outcomes: Outcomes, month: Period | None) -> list[Problem]:
    """A SIE file of year totals only (#RES) follows up the whole year, never a part of it."""
    if not outcomes.year_totals_only or month is None or month[1] == 12:
        return []
    message = _(
        "holds only year totals (#RES): follow up through {year}-12, or export the periods "
        "(SIE 2 or 3) or the vouchers (SIE 4)"
    ).format(year=month[0])
    return [Problem(outcomes.file, message)]


def _through(text: str | None, year: int, bad: list[Problem]) -> Period | None:
    """`--through 2023-08` → (2023, 8): a month of the plan year."""
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


def _outside_the_year(outcomes: Outcomes, year: int) -> list[Problem]:
    """Outcomes of another year than the plan's are bad input, each at its first row."""
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


def _latest(outcomes: Outcomes, bad: list[Problem]) -> Period | None:
    """The latest period of the outcomes; an export without any is bad input without --through."""
    latest = outcomes.latest()
    if latest is None:
        message = _("holds no outcomes: give --through YYYY-MM to follow up a month without any")
        bad.append(Problem(outcomes.file, message))
    return latest


def unfinished_problems(statement: FollowUpStatement, outcomes: Outcomes) -> list[Problem]:
    """A month after the export's latest outcome, and each account that matches no line, at
    its first row (exit 1: its outcome is in the row "Ej kopplade konton", but belongs to no
    line); in the language of the moment (a document's banner asks for them in Swedish)."""
    message = _(
        "{account} matches the accounts of no line (outcome {amount} through {through}): "
        "add it to a line's accounts"
    )
    through = f"{statement.through[0]}-{statement.through[1]:02d}"
    return _beyond_the_export(statement, outcomes) + [
        Problem(
            outcomes.file,
            message.format(
                account=item.account,
                amount=number(to_figure_places(item.amount)),
                through=through,
            ),
            outcomes.account_rows[item.account],
            (outcomes.columns[0],),
            bad_input=False,
        )
        for item in statement.unmapped
    ]


def _beyond_the_export(statement: FollowUpStatement, outcomes: Outcomes) -> list[Problem]:
    """A follow-up through a month after the export's latest outcome (exit 1): the months
    between count as without any outcome, and each trend is read as if the year stood still."""
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
