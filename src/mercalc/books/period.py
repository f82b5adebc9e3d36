"""The period's report (SPEC 15): a tertial or interim report of one plan, from its follow-up,
its investments as they actually went into service, its indicators' outcomes for the period,
and its events and measures. Every figure exact; the words are the view's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from ..numbers import Number, round_half_up
from .capital import Activations, investment_costs
from .followup import FollowUpStatement
from .model import FollowUpSettings, ForecastFile, Plan, Register, folded

PeriodKind = Literal["tertial", "interim", "month"]
Assessment = Literal["uppfylls", "delvis", "uppfylls inte"]


class Period(NamedTuple):
    """Which report: the first tertial (through April), the interim report (through
    `interim_through`, August by default) or a follow-up through any month."""

    kind: PeriodKind
    year: int
    through: int  # the last month of the period

    @property
    def month(self) -> tuple[int, int]:
        return (self.year, self.through)


def interim_through(plan: Plan, entered: ForecastFile | None = None) -> int:
    """`[followup] interim_through`: the forecast file's, else the plan's, else 8 (August)."""
    for settings in (entered.followup if entered else None, plan.followup):
        if settings is not None and settings.interim_through is not None:
            return settings.interim_through
    return 8


def period_of(
    text: str, plan: Plan, entered: ForecastFile | None = None
) -> Period | tuple[int, int] | None:
    """`T1`, `T2` or `YYYY-MM` as a period of the plan's year; (year, month) of a month of
    another year (the caller says so); None where the text is none of these."""
    value = text.strip().upper()
    if value == "T1":
        return Period("tertial", plan.year, 4)
    if value == "T2":
        return Period("interim", plan.year, interim_through(plan, entered))
    digits = value[:4] + value[5:]
    if len(value) == 7 and value[4] == "-" and digits.isascii() and digits.isdigit():
        year, month = int(value[:4]), int(value[5:])
        if 1 <= month <= 12:
            return Period("month", year, month) if year == plan.year else (year, month)
    return None


class InvestmentFollowUp(NamedTuple):
    """An investment of the plan in the period: its amount, planned and actual (or forecast)
    activation, the year's capital cost as budgeted and as now forecast, and the amount
    proposed to carry into next year (ombudgetering)."""

    name: str
    municipality: str | None
    amount: Number
    planned: tuple[int, int]
    activated: tuple[int, int]
    budgeted_cost: Fraction
    forecast_cost: Fraction
    carry_over: Number | None
    actual_to_date: Fraction | None = None  # its outcome to date, where it gives `objects`

    @property
    def moved(self) -> bool:
        return self.planned != self.activated

    @property
    def effect(self) -> Fraction:
        """The capital-cost effect in the year of the changed activation: budget − forecast,
        positive is favourable."""
        return self.budgeted_cost - self.forecast_cost


def investment_outcomes(
    plan: Plan,
    sums: Mapping[tuple, Decimal],  # (account, period[, objects])
    through: tuple[int, int],
    names: Sequence[str] = (),
    factor: Fraction = Fraction(1),
) -> dict[str, Fraction]:
    """The outcome to date of each investment that gives `objects` (its project), by folded
    name: every outcome of the year through the month whose objects it claims, converted by
    `factor` into the plan's unit."""
    from .ledger import objects_score

    wanted = [(folded(i.name), i.objects) for i in plan.investments if i.objects]
    totals = {name: Fraction(0) for name, _objects in wanted}
    if not wanted:
        return totals
    for key, amount in sums.items():
        period = key[1]
        if period[0] != through[0] or period > through:
            continue
        objects = dict(zip(names, key[2] if len(key) > 2 else (), strict=False))
        for name, patterns in wanted:
            if objects_score(patterns, objects) is not None:
                totals[name] += Fraction(amount) * factor
    return totals


def investments_followed_up(
    plan: Plan,
    plans: Iterable[Plan] = (),
    register: Register | None = None,
    activations: Activations | None = None,
    outcomes: Mapping[str, Fraction] | None = None,
) -> tuple[InvestmentFollowUp, ...]:
    """Each investment of the plan's year with its planned and actual activation, the year's
    capital cost both ways, and its outcome to date (`outcomes` by folded name)."""
    outcomes = outcomes or {}
    plans = list(plans) or [plan]
    planned = [c for c in investment_costs(plans, plan.year, register) if c.plan_year == plan.year]
    actual = [
        c
        for c in investment_costs(plans, plan.year, register, activations)
        if c.plan_year == plan.year
    ]

    def cost(item: object) -> Fraction:
        years = item.years  # type: ignore[attr-defined]
        return years[plan.year].capital_cost if plan.year in years else Fraction(0)

    return tuple(
        InvestmentFollowUp(
            before.name,
            before.investment.municipality,
            before.investment.total,
            before.activation,
            after.activation,
            cost(before),
            cost(after),
            before.investment.carry_over,
            outcomes.get(folded(before.name)),
        )
        for before, after in zip(planned, actual, strict=True)
    )


class IndicatorOutcome(NamedTuple):
    """An indicator with the year's target and the period's outcome and assessment."""

    goal: str
    name: str
    unit: str | None
    direction: str | None
    target: Number | None
    value: Number | None
    assessment: Assessment | None
    comment: str | None


def indicator_outcomes(plan: Plan, entered: ForecastFile | None) -> tuple[IndicatorOutcome, ...]:
    """Every indicator of the plan, with the forecast file's `[[outcome]]` for it where given."""
    outcomes = {folded(o.indicator): o for o in (entered.outcomes if entered else ())}
    rows = []
    for goal in plan.goals:
        for indicator in goal.indicators:
            given = outcomes.get(folded(indicator.name))
            rows.append(
                IndicatorOutcome(
                    goal.board_goal or goal.council_goal,
                    indicator.name,
                    indicator.unit,
                    indicator.direction,
                    indicator.targets.get(plan.year),
                    given.value if given else None,
                    given.assessment if given else None,
                    given.comment if given else None,
                )
            )
    return tuple(rows)


class InvestmentTotals(NamedTuple):
    """The investments of the period added up: amount, outcome to date, the capital cost
    effect of changed activations and the amount carried into next year."""

    amount: Fraction
    actual_to_date: Fraction
    effect: Fraction
    carry_over: Fraction


class PeriodStatement(NamedTuple):
    """The period's report of one plan: what the view draws as the tertial or interim report."""

    period: Period
    followup: FollowUpStatement
    investments: tuple[InvestmentFollowUp, ...]
    indicators: tuple[IndicatorOutcome, ...]
    events: tuple[str, ...]  # väsentliga händelser
    measures: tuple[str, ...]  # åtgärder

    @property
    def investment_totals(self) -> InvestmentTotals:
        """The investments' figures added up, exactly."""
        items = self.investments
        return InvestmentTotals(
            sum((Fraction(i.amount) for i in items), Fraction(0)),
            sum((i.actual_to_date or Fraction(0) for i in items), Fraction(0)),
            sum((i.effect for i in items), Fraction(0)),
            sum((Fraction(i.carry_over or 0) for i in items), Fraction(0)),
        )

    @property
    def negative(self) -> bool:
        """Whether the forecast result is negative (a deficit: costs over revenue) in whole
        units, as the report shows it: a deficit of 0,2 tkr is a result in balance."""
        return round_half_up(self.followup.result.forecast) > 0


def settings(plan: Plan, entered: ForecastFile | None) -> FollowUpSettings:
    """The period's events and measures: the forecast file's, else the plan's."""
    for given in (entered.followup if entered else None, plan.followup):
        if given is not None and (given.events or given.measures):
            return given
    return FollowUpSettings()


def period_statement(
    period: Period,
    plan: Plan,
    followup: FollowUpStatement,
    entered: ForecastFile | None = None,
    plans: Iterable[Plan] = (),
    register: Register | None = None,
    outcomes: Mapping[str, Fraction] | None = None,
) -> PeriodStatement:
    """The period's report from the plan's follow-up through the period and its books, with
    the investments' outcomes to date (`investment_outcomes`)."""
    moved = {
        (plan.year, folded(a.investment)): a.activated
        for a in (entered.activations if entered else ())
    }
    given = settings(plan, entered)
    return PeriodStatement(
        period,
        followup,
        investments_followed_up(plan, plans, register, moved, outcomes),
        indicator_outcomes(plan, entered),
        given.events,
        given.measures,
    )


def period_findings(statement: PeriodStatement) -> list[tuple[str, str | None]]:
    """What stops the period's report (a problem; `--draft` writes it anyway): each line whose
    deviation needs a comment without one, and a negative forecast without measures. Each as
    (what, the line's name or None)."""
    found: list[tuple[str, str | None]] = [
        ("uncommented", name) for name in statement.followup.uncommented
    ]
    if statement.negative and not statement.measures:
        found.append(("no_measures", None))
    return found
