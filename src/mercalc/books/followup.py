"""Follow-up (uppföljning, SPEC 8): the year's outcomes against the periodised budget, the
full-year forecast, the deviations, and the settlement per member (avräkning).

Signs as in the driftbudget: contributions and other revenue negative, costs positive; the
ledger's outcomes carry the same signs. A positive deviation is favourable on revenue and costs
alike: budget − outcome (or − forecast). Every figure is exact (a Fraction where a month's share
does not end).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from ..numbers import Number, exact_sum, largest_remainder, round_half_up
from ..problems import Problem
from .capital import Activations, CapitalCosts, unregistered
from .members import split
from .model import BudgetLine, CommentFrom, Forecast, ForecastFile, Plan, Register, folded

Period = tuple[int, int]  # (year, month)
Money = Fraction | Number
Kind = Literal["contribution", "revenue", "cost", "unmapped"]
Method = Literal["entered", "budget", "schedule", "trend"]

UNMAPPED = "Ej kopplade konton"


class Figures(NamedTuple):
    """A row's figures: the budget, to date, the outcome to date and the forecast."""

    budget: Money
    budget_to_date: Money
    actual_to_date: Money
    forecast: Money

    @property
    def deviation_to_date(self) -> Fraction:
        """Budget to date − outcome: positive is favourable."""
        return Fraction(self.budget_to_date) - Fraction(self.actual_to_date)

    @property
    def deviation_year(self) -> Fraction:
        """Budget − forecast (avvikelse helår): positive is favourable."""
        return Fraction(self.budget) - Fraction(self.forecast)

    def __add__(self, other: Figures) -> Figures:  # type: ignore[override]  # money, not tuples
        return Figures(*(Fraction(a) + Fraction(b) for a, b in zip(self, other, strict=True)))


ZERO = Figures(0, 0, 0, 0)


class FollowUpLine(NamedTuple):
    """One row of the follow-up: a line of the plan, or the accounts that match none."""

    name: str
    kind: Kind
    figures: Figures
    method: Method  # how the forecast was made (SPEC 15)
    reason: str | None = None  # an entered forecast's reason
    comment: str | None = None  # kommentar till avvikelse


class Unmapped(NamedTuple):
    """An account of the export that matches no line, and its outcome to date."""

    account: str
    amount: Money


class Share(NamedTuple):
    """A member's settlement: its part of the full-year deviation, exact and in whole units
    (largest remainder, adding up to the rounded total); positive is paid back."""

    name: str
    amount: Money
    units: int = 0


class FollowUpStatement(NamedTuple):
    """The follow-up of one plan through one month, every figure exact."""

    organisation: str
    year: int
    unit: str
    through: Period
    contributions: tuple[FollowUpLine, ...]
    other_revenue: tuple[FollowUpLine, ...]
    costs: tuple[FollowUpLine, ...]
    unmapped_line: FollowUpLine | None  # "Ej kopplade konton", where any account matches no line
    unmapped: tuple[Unmapped, ...]
    revenue_total: Figures
    cost_total: Figures
    result: Figures  # Summa: its outcome is the export's sum through the month
    settlement: tuple[Share, ...] | None  # with --members
    uncommented: tuple[str, ...] = ()  # lines at or over [followup] comment_from without one
    # reviderad budget: the budget followed up is the adopted one and the year's revisions
    revised: bool = False
    outside: Outside | None = None  # outcomes of other boards' objects, left out
    # what leaves the follow-up unfinished (exit 1): each account that matches no line, a
    # month after the export's latest outcome
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()  # the ledger file's own (SIE), read past

    @property
    def months(self) -> int:
        return self.through[1]

    @property
    def revenue(self) -> tuple[FollowUpLine, ...]:
        return self.contributions + self.other_revenue


def line_of(plan: Plan) -> Callable[[str, tuple[str | None, ...]], BudgetLine | None]:
    """The line that claims an account's outcome: the most specific of its patterns (SPEC 13.2)."""
    from .ledger import line_matcher

    return line_matcher(plan)


def to_date(line: BudgetLine, month: int) -> Fraction:
    """The periodised budget through `month`: even (budget × m / 12), or by the line's profile
    (budget × the months' weights / all weights)."""
    return Fraction(line.budget) * profile_share(line, month)


def profile_share(line: BudgetLine, month: int) -> Fraction:
    """The line's share of its year through `month`: Σ weights through the month ÷ Σ weights
    (m / 12 without a profile)."""
    if line.profile is None:
        return Fraction(month, 12)
    return Fraction(exact_sum(line.profile[:month])) / Fraction(exact_sum(line.profile))


class CapitalSchedule(NamedTuple):
    """The capital line's schedule (SPEC 15): the year's unregistered costs U, the books' capital
    cost by month as budgeted (C) and as now forecast (activations moved), and each member's own
    investments' capital cost for the year, budgeted and forecast, by folded name."""

    unregistered: Fraction
    budgeted: tuple[Fraction, ...]
    forecast: tuple[Fraction, ...]
    own_budgeted: Mapping[str, Fraction]
    own_forecast: Mapping[str, Fraction]

    def to_date(self, budget: Number, month: int) -> Fraction:
        """U × m/12 + (budget − U) × C(1…m) ÷ C(year); even where C(year) is 0."""
        whole = sum(self.budgeted, Fraction(0))
        if whole == 0:
            return Fraction(budget) * Fraction(month, 12)
        share = sum(self.budgeted[:month], Fraction(0)) / whole
        elapsed = Fraction(month, 12)
        return self.unregistered * elapsed + (Fraction(budget) - self.unregistered) * share

    @property
    def year(self) -> Fraction:
        """The forecast: C(year) with the actual activations, plus U."""
        return sum(self.forecast, Fraction(0)) + self.unregistered


def capital_schedule(
    plan: Plan,
    plans: Iterable[Plan] = (),
    register: Register | None = None,
    activations: Activations | None = None,
) -> CapitalSchedule:
    """The capital line's schedule of `plan`'s year from its books (every plan and the register)."""
    plans = list(plans) or [plan]
    planned = CapitalCosts(plans, register)
    actual = CapitalCosts(plans, register, activations) if activations else planned
    return CapitalSchedule(
        Fraction(unregistered(plan, plan.year)),
        planned.monthly(plan.year),
        actual.monthly(plan.year),
        planned.member_costs(plan.year),
        actual.member_costs(plan.year),
    )


class Outside(NamedTuple):
    """Outcomes outside the board's objects ([ledger] objects): other boards' part of a shared
    ledger, left out (SPEC 13.2), counted per account and objects, and their sum."""

    count: int  # type: ignore[assignment]  # a field, not tuple.count
    amount: Money


def outcomes_by_line(
    plan: Plan,
    sums: Mapping[tuple, Decimal],  # (account, period[, objects])
    through: Period,
    names: Sequence[str] = (),
    factor: Fraction = Fraction(1),
) -> tuple[dict[int, Money], dict[str, Money], Outside]:
    """The outcome through the month of each line (by identity), of each unmapped account and
    outside the board's objects, converted by `factor` into the plan's unit; `names` are the
    dimensions of the sums' objects."""
    from .ledger import in_board, line_matcher

    match = line_matcher(plan, names)
    inside = in_board(plan, names)
    lines: dict[int, list[Decimal]] = {}
    unmapped: dict[str, list[Decimal]] = {}
    outside: list[Decimal] = []
    for key, amount in sums.items():
        account, period = key[0], key[1]
        objects = key[2] if len(key) > 2 else ()
        if period[0] != through[0] or period > through:
            continue
        if not inside(objects):
            outside.append(amount)
            continue
        line = match(account, objects)
        if line is None:
            unmapped.setdefault(account, []).append(amount)
        else:
            lines.setdefault(id(line), []).append(amount)

    def converted(values: list[Decimal]) -> Money:
        total = exact_sum(values)
        return total if factor == 1 else Fraction(total) * factor

    return (
        {key: converted(values) for key, values in lines.items()},
        {account: converted(unmapped[account]) for account in sorted(unmapped)},
        Outside(len(outside), converted(outside)),
    )


def follow_up(
    plan: Plan,
    sums: Mapping[tuple, Decimal],  # (account, period[, objects])
    through: Period,
    entered: ForecastFile | None = None,
    *,
    members: bool = False,
    plans: Iterable[Plan] = (),
    register: Register | None = None,
    names: Sequence[str] = (),
    actuals_unit: str | None = None,
) -> FollowUpStatement:
    """The follow-up of `plan` through `through` (year, month) from the sums per (account,
    period[, objects of the dimensions `names`]) in `actuals_unit` (else [ledger] unit, else
    kronor), within its books (`plans`, `register`: the capital line's schedule); `entered`
    the forecast file; with `members`, the settlement per member."""
    from .ledger import unit_factor

    entered, month = entered or ForecastFile(), through[1]
    factor = unit_factor(actuals_unit or plan.ledger.unit or "kr", plan.info.unit)
    actuals, accounts, outside = outcomes_by_line(plan, sums, through, names, factor)
    moved = {(plan.year, folded(a.investment)): a.activated for a in entered.activations}
    schedule = capital_schedule(plan, plans, register, moved)
    forecasts = {folded(f.line): f for f in entered.forecasts}
    capital = plan.capital_line

    def row(line: BudgetLine, kind: Kind, sign: int) -> FollowUpLine:
        schedule_of = schedule if line is capital else None
        own = forecasts.get(folded(line.name))
        return _row(line, kind, sign, actuals.get(id(line), 0), month, own, schedule_of)

    contributions = tuple(row(line, "contribution", -1) for line in plan.contributions)
    other_revenue = tuple(row(line, "revenue", -1) for line in plan.revenue)
    costs = tuple(row(line, "cost", 1) for line in plan.costs)
    unmapped_line = _unmapped_line(accounts, month)
    revenue_total = _sum(contributions + other_revenue)
    cost_total = _sum(costs)
    result = revenue_total + cost_total + (unmapped_line.figures if unmapped_line else ZERO)
    settlement = None
    if members:
        settlement = settle(plan, contributions, other_revenue + costs, schedule)
    uncommented = _uncommented(plan, entered, (*contributions, *other_revenue, *costs))
    return FollowUpStatement(
        organisation=plan.info.organisation,
        year=plan.year,
        unit=plan.info.unit,
        through=through,
        contributions=contributions,
        other_revenue=other_revenue,
        costs=costs,
        unmapped_line=unmapped_line,
        unmapped=tuple(Unmapped(account, amount) for account, amount in accounts.items()),
        revenue_total=revenue_total,
        cost_total=cost_total,
        result=result,
        settlement=settlement,
        uncommented=uncommented,
        outside=outside if outside.count else None,
    )


def _unmapped_line(accounts: Mapping[str, Money], month: int) -> FollowUpLine | None:
    """ "Ej kopplade konton": the outcome of the accounts that match no line, and its trend."""
    if not accounts:
        return None
    outcome: Money = sum((Fraction(amount) for amount in accounts.values()), Fraction(0))
    if all(not isinstance(amount, Fraction) for amount in accounts.values()):
        outcome = exact_sum(accounts.values())  # type: ignore[arg-type]
    figures = Figures(0, 0, outcome, Fraction(outcome) * 12 / month)
    return FollowUpLine(UNMAPPED, "unmapped", figures, "trend")


def _row(
    line: BudgetLine,
    kind: Kind,
    sign: int,
    actual: Money,
    month: int,
    own: Forecast | None,
    schedule: CapitalSchedule | None,
) -> FollowUpLine:
    """A line's figures (SPEC 15): the entered forecast wins; else a contribution, and a line
    with `forecast = "budget"`, at its budget; else the capital line (given its `schedule`) by
    the books' schedule; else by its trend."""
    if schedule is not None:
        budget_to_date = schedule.to_date(line.budget, month)
    else:
        budget_to_date = to_date(line, month)
    forecast: Fraction
    method: Method
    if own is not None and own.amount is not None:
        forecast, method = Fraction(own.amount), "entered"
    elif kind == "contribution" or line.forecast == "budget":
        forecast, method = Fraction(line.budget), "budget"
    elif schedule is not None:
        forecast, method = schedule.year, "schedule"
    else:
        forecast, method = _trend(line, sign * Fraction(actual), budget_to_date, month)
    figures = Figures(sign * line.budget, sign * budget_to_date, actual, sign * forecast)
    reason = own.reason if own is not None and own.amount is not None else None
    comment = own.comment if own is not None else None
    return FollowUpLine(line.name, kind, figures, method, reason, comment)


def _trend(
    line: BudgetLine, actual: Fraction, budget_to_date: Fraction, month: int
) -> tuple[Fraction, Method]:
    """The line's trend by its own profile: outcome to date ÷ its share of the year to date; its
    budget where that share is 0, or where nothing is booked yet though its budget to date is
    not 0 (an invoice not yet booked)."""
    share = profile_share(line, month)
    if share == 0 or (actual == 0 and budget_to_date != 0):
        return Fraction(line.budget), "budget"
    return actual / share, "trend"


def _uncommented(
    plan: Plan, entered: ForecastFile, lines: tuple[FollowUpLine, ...]
) -> tuple[str, ...]:
    """The lines whose full-year deviation needs a comment that the forecast file lacks."""
    threshold = comment_from(plan, entered)
    return tuple(
        line.name
        for line in lines
        if not line.comment and needs_comment(line.figures, threshold, plan.info.unit)
    )


def comment_from(plan: Plan, entered: ForecastFile | None = None) -> CommentFrom:
    """`[followup] comment_from`: the forecast file's, else the plan's, else 2 % and 100 tkr."""
    for settings in (entered.followup if entered else None, plan.followup):
        if settings is not None and settings.comment_from is not None:
            return settings.comment_from
    return CommentFrom()


def needs_comment(figures: Figures, threshold: CommentFrom, unit: str) -> bool:
    """A full-year deviation that reaches both the share of the budget and the amount (given
    in tkr, converted to the plan's unit) needs a comment."""
    deviation = abs(figures.deviation_year)
    amount = Fraction(threshold.amount) * (1000 if unit == "kr" else 1)
    share = Fraction(threshold.share) * abs(Fraction(figures.budget))
    return deviation != 0 and deviation >= amount and deviation >= share


def units_differ(statement: FollowUpStatement) -> Literal["larger", "smaller"] | None:
    """Whether the cost lines' outcomes to date, added as absolute amounts, are over 100 times
    their budgets to date (likewise added), or under a hundredth (SPEC 13.3)."""
    outcome = sum(
        (abs(Fraction(line.figures.actual_to_date)) for line in statement.costs), Fraction(0)
    )
    budget = sum(
        (abs(Fraction(line.figures.budget_to_date)) for line in statement.costs), Fraction(0)
    )
    if budget == 0 or outcome == 0:
        return None
    if outcome > 100 * budget:
        return "larger"
    if outcome * 100 < budget:
        return "smaller"
    return None


def _sum(lines: Iterable[FollowUpLine]) -> Figures:
    total = ZERO
    for line in lines:
        total += line.figures
    return total


def settle(
    plan: Plan,
    contributions: tuple[FollowUpLine, ...],
    shared: tuple[FollowUpLine, ...],
    schedule: CapitalSchedule | None = None,
) -> tuple[Share, ...]:
    """The settlement per member (avräkning): its own contribution's full-year deviation and
    its part of each cost and other-revenue line's, split as SPEC 7 splits the line's budget
    (its member, its key, the distribution's key); on the capital line, the deviation of its
    own investments' capital costs is its own (SPEC 15). What no key splits goes by the
    implicit key (each member's contribution less its direct costs), or in proportion to the
    contributions. Whole units by the largest remainder, adding up to the rounded total."""
    deviations = {row.name: Fraction(row.figures.deviation_year) for row in shared}
    costs = {folded(line.name) for line in plan.costs}

    def figure(line: BudgetLine) -> Fraction:
        # split() takes costs less other revenue: a revenue line's deviation enters negated
        deviation = deviations[line.name]
        return deviation if folded(line.name) in costs else -deviation

    own = _own_deviations(plan, shared, schedule)
    parts = split(plan, own, figure)  # type: ignore[arg-type]  # deviations: exact fractions
    rest = Fraction(parts.total) - sum(parts.shares, Fraction(0))
    capital = plan.capital_line
    capital_rest = Fraction(0)
    if capital is not None and not (capital.key or plan.distribution):
        # the capital line's shared rest goes by the implicit key, not by the contributions
        capital_rest = figure(capital) - sum(own.values(), Fraction(0))
    by_contribution = _weights([Fraction(line.budget) for line in plan.contributions])
    implicit = _implicit_weights(plan, schedule)
    exact = [
        Fraction(row.figures.deviation_year)
        + part
        + (rest - capital_rest) * weight
        + capital_rest * implicit_weight
        for row, part, weight, implicit_weight in zip(
            contributions, parts.shares, by_contribution, implicit, strict=True
        )
    ]
    units = largest_remainder(exact, round_half_up(sum(exact, Fraction(0)))) if exact else []
    return tuple(
        Share(line.name, amount, int(unit))
        for line, amount, unit in zip(plan.contributions, exact, units, strict=True)
    )


def _own_deviations(
    plan: Plan, shared: tuple[FollowUpLine, ...], schedule: CapitalSchedule | None
) -> dict[str, Fraction]:
    """Each member's own investments' capital-cost deviation (budgeted − forecast), where the
    capital line is forecast by its schedule; else none (the line's deviation is shared)."""
    capital = plan.capital_line
    row = next((r for r in shared if capital is not None and r.name == capital.name), None)
    if schedule is None or row is None or row.method != "schedule":
        return {}
    owners = set(schedule.own_budgeted) | set(schedule.own_forecast)
    return {
        owner: schedule.own_budgeted.get(owner, Fraction(0))
        - schedule.own_forecast.get(owner, Fraction(0))
        for owner in owners
    }


def _implicit_weights(plan: Plan, schedule: CapitalSchedule | None) -> list[Fraction]:
    """The implicit key (SPEC 7): each member's contribution less its direct costs (its own
    lines and own investments), as shares; the contributions where that gives nothing."""
    direct = {folded(line.name): Fraction(0) for line in plan.contributions}
    for line in plan.costs:
        if line.municipality is not None and folded(line.municipality) in direct:
            direct[folded(line.municipality)] += Fraction(line.budget)
    for owner, cost in (schedule.own_budgeted if schedule else {}).items():
        if owner in direct:
            direct[owner] += cost
    weights = [Fraction(line.budget) - direct[folded(line.name)] for line in plan.contributions]
    if sum(weights) <= 0 or any(weight < 0 for weight in weights):
        weights = [Fraction(line.budget) for line in plan.contributions]
    return _weights(weights)


def _weights(weights: list[Fraction]) -> list[Fraction]:
    """Weights as shares adding up to 1; equal shares where they add up to 0."""
    whole = sum(weights, Fraction(0))
    if whole == 0:
        return [Fraction(1, len(weights))] * len(weights) if weights else []
    return [weight / whole for weight in weights]
