"""Follow-up (uppföljning, SPEC 8): the year's outcomes against the periodised budget, the
full-year forecast, the deviations, and the settlement per member (avräkning).

Signs as in the driftbudget: contributions and other revenue negative, costs positive; the
ledger's outcomes carry the same signs. A positive deviation is favourable on revenue and costs
alike: budget − outcome (or − forecast). Every figure is exact (a Fraction where a month's share
does not end).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from ..numbers import Number, exact_sum
from .model import BudgetLine, Forecast, Plan, folded

Period = tuple[int, int]  # (year, month)
Money = Fraction | Number
Kind = Literal["contribution", "revenue", "cost", "unmapped"]
Method = Literal["entered", "linear"]

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
    method: Method  # how the forecast was made: entered in the forecast file, or linear
    reason: str | None = None  # an entered forecast's reason


class Unmapped(NamedTuple):
    """An account of the export that matches no line, and its outcome to date."""

    account: str
    amount: Decimal


class Share(NamedTuple):
    """A member's settlement: its part of the full-year deviation; positive is paid back."""

    name: str
    amount: Money


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

    @property
    def months(self) -> int:
        return self.through[1]

    @property
    def revenue(self) -> tuple[FollowUpLine, ...]:
        return self.contributions + self.other_revenue


def line_of(plan: Plan) -> Callable[[str], BudgetLine | None]:
    """The line whose `accounts` match an account: an account number, or the longest prefix
    `5*` (two lines never match one account: that is bad input)."""
    exact: dict[str, BudgetLine] = {}
    prefixes: dict[str, BudgetLine] = {}
    for line in (*plan.contributions, *plan.revenue, *plan.costs):
        for pattern in line.accounts:
            if pattern.endswith("*"):
                prefixes.setdefault(pattern[:-1], line)
            else:
                exact.setdefault(pattern, line)

    def match(account: str) -> BudgetLine | None:
        if account in exact:
            return exact[account]
        for end in range(len(account), 0, -1):
            if account[:end] in prefixes:
                return prefixes[account[:end]]
        return None

    return match


def to_date(line: BudgetLine, month: int) -> Fraction:
    """The periodised budget through `month`: even (budget × m / 12), or by the line's profile
    (budget × the months' weights / all weights)."""
    if line.profile is None:
        return Fraction(line.budget) * month / 12
    return (
        Fraction(line.budget)
        * Fraction(exact_sum(line.profile[:month]))
        / Fraction(exact_sum(line.profile))
    )


def outcomes_by_line(
    plan: Plan, sums: Mapping[tuple[str, Period], Decimal], through: Period
) -> tuple[dict[int, Decimal], dict[str, Decimal]]:
    """The outcome through the month of each line (by identity) and of each unmapped account."""
    match = line_of(plan)
    lines: dict[int, list[Decimal]] = {}
    unmapped: dict[str, list[Decimal]] = {}
    for (account, period), amount in sums.items():
        if period[0] != through[0] or period > through:
            continue
        line = match(account)
        if line is None:
            unmapped.setdefault(account, []).append(amount)
        else:
            lines.setdefault(id(line), []).append(amount)
    return (
        {key: exact_sum(values) for key, values in lines.items()},
        {account: exact_sum(unmapped[account]) for account in sorted(unmapped)},
    )


def follow_up(
    plan: Plan,
    sums: Mapping[tuple[str, Period], Decimal],
    through: Period,
    forecasts: Mapping[str, Forecast] | None = None,
    *,
    members: bool = False,
) -> FollowUpStatement:
    """The follow-up of `plan` through the month `through` (year, month) from the export's
    sums per (account, period); `forecasts` by folded line name; with `members`, the settlement
    per member."""
    forecasts = forecasts or {}
    month = through[1]
    actuals, accounts = outcomes_by_line(plan, sums, through)

    def row(line: BudgetLine, kind: Kind, sign: int) -> FollowUpLine:
        actual = actuals.get(id(line), 0)
        entered = forecasts.get(folded(line.name))
        budget = sign * line.budget
        if entered is None:
            forecast, method, reason = _linear(actual, month), "linear", None
        else:
            forecast, method, reason = sign * entered.amount, "entered", entered.reason
        figures = Figures(budget, sign * to_date(line, month), actual, forecast)
        return FollowUpLine(line.name, kind, figures, method, reason)

    contributions = tuple(row(line, "contribution", -1) for line in plan.contributions)
    other_revenue = tuple(row(line, "revenue", -1) for line in plan.revenue)
    costs = tuple(row(line, "cost", 1) for line in plan.costs)
    unmapped_line = None
    if accounts:
        outcome = exact_sum(accounts.values())
        figures = Figures(0, 0, outcome, _linear(outcome, month))
        unmapped_line = FollowUpLine(UNMAPPED, "unmapped", figures, "linear")
    revenue_total = _sum(contributions + other_revenue)
    cost_total = _sum(costs)
    result = revenue_total + cost_total + (unmapped_line.figures if unmapped_line else ZERO)
    settlement = None
    if members:
        settlement = settle(plan, contributions, other_revenue + costs)
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
    )


def _linear(outcome: Number, month: int) -> Fraction:
    """The linear forecast: the outcome to date for the whole year (outcome × 12 / m)."""
    return Fraction(outcome) * 12 / month


def _sum(lines: Iterable[FollowUpLine]) -> Figures:
    total = ZERO
    for line in lines:
        total += line.figures
    return total


def settle(
    plan: Plan, contributions: tuple[FollowUpLine, ...], shared: tuple[FollowUpLine, ...]
) -> tuple[Share, ...]:
    """The settlement per member (avräkning): its own contribution's full-year deviation and
    its part of each cost and other-revenue line's, split as SPEC 7 splits the line's budget
    (its member, its key, the distribution's key); what no key splits, in a plan without keys,
    in proportion to the contributions."""
    from .members import split

    deviations = {row.name: Fraction(row.figures.deviation_year) for row in shared}
    costs = {folded(line.name) for line in plan.costs}

    def figure(line: BudgetLine) -> Fraction:
        # split() takes costs less other revenue: a revenue line's deviation enters negated
        deviation = deviations[line.name]
        return deviation if folded(line.name) in costs else -deviation

    parts = split(plan, {}, figure)
    rest = Fraction(parts.total) - sum(parts.shares, Fraction(0))
    weights = [Fraction(line.budget) for line in plan.contributions]
    if sum(weights) == 0:  # no contribution to go by: the members share it equally
        weights = [Fraction(1)] * len(weights)
    whole = sum(weights, Fraction(0))
    return tuple(
        Share(line.name, Fraction(own.figures.deviation_year) + part + rest * weight / whole)
        for line, own, part, weight in zip(
            plan.contributions, contributions, parts.shares, weights, strict=True
        )
    )
