"""`mercalc report --period`: the period's own report (tertialrapport, delårsrapport)."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .common import (
    bad_input,
    deliver,
    plan_in_books_or_exit,
    problems_of_plan,
    report_after,
    report_problems,
)
from .followup import followup_inputs_or_exit, inputs

if TYPE_CHECKING:
    from fractions import Fraction

    from ..books.followup import FollowUpStatement
    from ..books.model import ForecastFile, Plan
    from ..books.period import Period, PeriodStatement
    from ..io.actuals import Outcomes
    from ..problems import Problem


class PeriodRequest(NamedTuple):
    """What `report --period` was asked for."""

    file: Path
    period: str
    actuals: Path | None
    through: str | None
    forecast: Path | None
    fmt: str
    output: Path | None
    draft: bool
    force: bool
    quiet: bool = False
    member: str | None = None
    actuals_unit: str | None = None  # --actuals-unit
    unit_check: bool = True  # not --no-unit-check


def write_period_report(request: PeriodRequest) -> None:
    """The period's report, refused (exit 1) where it has problems unless --draft."""
    from ..books.followupfiles import unfinished_problems
    from ..books.period import period_statement
    from ..views.period import period_document
    from .documents import draft_lines, render_document

    books, source = plan_in_books_or_exit(request.file)
    problems = problems_of_plan(books, source)
    period = _period_or_exit(request, source.record)
    statement, outcomes, entered = followup_inputs_or_exit(
        books,
        source,
        _needs_actuals(request),
        f"{period.year}-{period.through:02d}",
        request.forecast,
        members=True,
        actuals_unit=request.actuals_unit,
        unit_check=request.unit_check,
    )
    register = books.register.record if books.register is not None else None
    spent = _investment_outcomes(source.record, outcomes, period.month, request.actuals_unit)
    report = period_statement(
        period, source.record, statement, entered, books.all_plans(), register, spent
    )
    named = request.forecast or request.file

    def more() -> list["Problem"]:
        return unfinished_problems(statement, outcomes) + _period_problems(report, named)

    problems = more() + problems
    if problems and not request.draft:  # a report the board gets has its deviations explained
        report_after(problems)
    banner = draft_lines(books, source, more) if request.draft else None
    document = period_document(report, banner)
    files = inputs(request.file, _needs_actuals(request), request.forecast)
    deliver(
        render_document(document, request.fmt),
        request.output,
        files,
        force=request.force,
        quiet=request.quiet,
    )
    report_problems(problems)


def _investment_outcomes(
    plan: "Plan", outcomes: "Outcomes", through: tuple[int, int], actuals_unit: str | None
) -> "dict[str, Fraction]":
    """Each investment's outcome to date by its objects, in the plan's unit (the ledger's
    amounts in the unit the follow-up reads them in)."""
    from ..books.followupfiles import outcomes_unit
    from ..books.ledger import filtered_dimensions, unit_factor
    from ..books.period import investment_outcomes

    factor = unit_factor(outcomes_unit(plan, outcomes, actuals_unit), plan.info.unit)
    names = tuple(filtered_dimensions(plan))
    return investment_outcomes(plan, outcomes.sums, through, names, factor)


def _needs_actuals(request: PeriodRequest) -> Path:
    """--period follows up an export: without --actuals, bad input."""
    from ..i18n import _
    from ..problems import Problem

    if request.actuals is None:
        message = _("a period's report follows up the ledger: give the export with --actuals FILE")
        bad_input([Problem("--period", message)])
    return request.actuals


def _period_or_exit(request: PeriodRequest, plan: "Plan") -> "Period":
    """T1, T2 or YYYY-MM as the period of the plan's year; --through beside it is bad input."""
    from ..books.loader import load_forecasts
    from ..books.period import Period, period_of
    from ..i18n import _
    from ..problems import Problem

    _needs_actuals(request)
    if request.member is not None:
        message = _("a period's report is the board's: leave out --member")
        bad_input([Problem("--member", message)])
    if request.through is not None:
        message = _("--period says the month the report runs through: leave out --through")
        bad_input([Problem("--through", message)])
    entered: ForecastFile | None = None
    if request.forecast is not None:
        entered, _problems = load_forecasts(request.forecast, plan)  # said when it is read
    period = period_of(request.period, plan, entered)
    if isinstance(period, Period):
        return period
    if period is None:
        message = _('"{value}" is not a period: write T1, T2 or a month such as {year}-08')
    else:
        message = _('"{value}" is not a month of the plan year {year}')
    bad_input([Problem("--period", message.format(value=request.period, year=plan.year))])


def _period_problems(report: "PeriodStatement", file: Path) -> list["Problem"]:
    """Each deviation that needs a comment without one, and a negative forecast without
    measures: the report is not ready for the board (exit 1; --draft writes it)."""
    from ..books.period import period_findings
    from ..i18n import _
    from ..problems import Problem

    problems = []
    for what, name in period_findings(report):
        if what == "uncommented":
            message = _(
                '"{name}": the full-year deviation {deviation} reaches [followup] '
                "comment_from: explain it with a comment in the forecast file "
                '([[forecast]] line = "{name}", comment = "…")'
            ).format(name=name, deviation=_deviation(report.followup, name))
        else:
            message = _(
                "the forecast result is negative: give the measures (åtgärder) in "
                "[followup] measures"
            )
        problems.append(Problem(str(file), message, bad_input=False))
    return problems


def _deviation(statement: "FollowUpStatement", name: str | None) -> str:
    from ..numbers import round_half_up
    from ..swedish import swedish

    line = next(line for line in (*statement.revenue, *statement.costs) if line.name == name)
    return f"{swedish(round_half_up(line.figures.deviation_year))} {statement.unit}"
