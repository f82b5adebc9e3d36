"""The plan years (planår, SPEC 6): each line's figure for every plan year, and contributions
that balance each of them.

Every plan-year figure is in whole units (a given figure as given): an indexed line is rounded
half up each year and the next year is raised from the rounded figure, so the table of the plan
years adds up exactly, with nothing left to a rounding note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..numbers import Number, exact_sum, exactly, largest_remainder, round_half_up
from .members import Split, split
from .model import MAX_AMOUNT, BudgetLine, Plan

if TYPE_CHECKING:
    from .loader import Books

# how a plan-year figure came about, for the change analysis of `new` and the document
Basis = Literal["given", "index", "unchanged", "capital", "spread", "key"]


class PlanYearError(LookupError):
    """A plan-year figure that the plan cannot give (bad input that the checks report)."""


class PlanFigure(NamedTuple):
    """One line's figure for one plan year, and how it came about."""

    amount: Number
    basis: Basis
    rate: Decimal | None = None  # the index's rate, where the figure is indexed


LineYears = Mapping[int, PlanFigure]


class PlanYears(NamedTuple):
    """The plan years of one plan: per line (in the plan's order) its figure for each year."""

    years: tuple[int, ...]
    contributions: tuple[LineYears, ...]
    revenue: tuple[LineYears, ...]
    costs: tuple[LineYears, ...]

    def cost_total(self, year: int) -> Number:
        return exact_sum(line[year].amount for line in self.costs)

    def revenue_total(self, year: int) -> Number:
        """Contributions and other revenue of `year`, with the minus sign revenue is shown with."""
        return -exact_sum(line[year].amount for line in self.contributions + self.revenue)

    def needed(self, year: int) -> Number:
        """What the members' contributions must cover in `year`: costs − other revenue."""
        other = exact_sum(line[year].amount for line in self.revenue)
        return exact_sum((self.cost_total(year), -other))

    def result(self, year: int) -> Number:
        """Summa of `year`: revenue (negative) + costs; 0 where the year balances."""
        return exact_sum((self.revenue_total(year), self.cost_total(year)))


# The capital line's figure for a plan year (unregistered + C(p), rounded), from the books.
CapitalLineFor = Callable[[int], Number]
# The members' own investments' capital costs in a plan year, by folded name, from the books.
OwnCapitalFor = Callable[[int], Mapping[str, Fraction]]


def line_years(plan: Plan, line: BudgetLine) -> dict[int, PlanFigure]:
    """A cost or other-revenue line, year by year: its plan figure where given; else, with an
    index, last year's figure raised by the year's rate and rounded half up to whole units;
    else last year's figure."""
    rates = None if line.index is None else plan.indices.get(line.index, {})
    figures: dict[int, PlanFigure] = {}
    figure = line.budget
    for year in plan.info.plan_years:
        if year in line.plan:
            current = PlanFigure(line.plan[year], "given")
        elif rates is not None:
            if year not in rates:
                raise PlanYearError(f'{line.name}: "{line.index}" has no rate for {year}')
            raised = _raised(line, figure, rates[year], year)
            current = PlanFigure(raised, "index", rates[year])
        else:
            current = PlanFigure(figure, "unchanged")
        figures[year] = current
        figure = current.amount
    return figures


class BeyondBound(PlanYearError):
    """An indexed figure that outgrows 10^12 in a plan year: (line name, figure, year)."""


def _raised(line: BudgetLine, figure: Number, rate: Decimal, year: int) -> int:
    """Last year's rounded figure raised by the year's rate (uppräkning), rounded half up; a
    figure beyond 10^12 stops the plan years there (raising it on would outgrow any number)."""
    with exactly():
        exact = figure * (1 + rate)
    raised = int(round_half_up(exact))
    if raised > MAX_AMOUNT:
        raise BeyondBound(line.name, raised, year)
    return raised


def beyond_bound(plan: Plan, line: BudgetLine) -> BeyondBound | None:
    """Where an indexed line's plan-year figure first outgrows 10^12, if it does."""
    try:
        line_years(plan, line)
    except BeyondBound as beyond:
        return beyond
    except PlanYearError:  # a missing rate: said by its own rule
        return None
    return None


def shares(total: Number, weights: Sequence[Number]) -> list[Number]:
    """`total` in proportion to `weights`, in whole units by the largest remainder (equal
    shares where the weights add up to 0)."""
    if not weights:
        return []
    base = exact_sum(weights)
    if base == 0:
        return largest_remainder([Fraction(total) / len(weights)] * len(weights), total)
    whole = Fraction(total)
    return largest_remainder([whole * Fraction(w) / Fraction(base) for w in weights], total)


def _contribution_years(
    plan: Plan,
    costs: tuple[LineYears, ...],
    revenue: tuple[LineYears, ...],
    own_capital: OwnCapitalFor | None,
) -> tuple[dict[int, PlanFigure], ...]:
    """Each plan year's contributions: those given where every contribution gives one; else
    the year's costs − other revenue by the distribution (SPEC 7), or without one in proportion
    to the budget year's contributions."""
    members = plan.contributions
    figures: tuple[dict[int, PlanFigure], ...] = tuple({} for _ in members)
    partial = PlanYears(plan.info.plan_years, (), revenue, costs)
    weights = [line.budget for line in members]
    for year in plan.info.plan_years:
        if members and all(year in line.plan for line in members):
            for line, own in zip(members, figures, strict=True):
                own[year] = PlanFigure(line.plan[year], "given")
            continue
        if plan.distribution is not None:
            own_costs = own_capital(year) if own_capital is not None else {}
            amounts = year_split(plan, partial, year, own_costs).contributions
            basis: Basis = "key"
        else:
            amounts, basis = shares(partial.needed(year), weights), "spread"
        for amount, own in zip(amounts, figures, strict=True):
            own[year] = PlanFigure(amount, basis)
    return figures


def year_split(
    plan: Plan, years: PlanYears, year: int, own_capital: Mapping[str, Fraction]
) -> Split:
    """Each member's exact part of a plan year's costs less other revenue (SPEC 7)."""
    lines = plan.costs + plan.revenue
    figures = {
        id(line): line_years[year].amount
        for line, line_years in zip(lines, years.costs + years.revenue, strict=True)
    }
    return split(plan, own_capital, lambda line: figures[id(line)])


def plan_years(
    plan: Plan,
    capital_line: CapitalLineFor | None = None,
    own_capital: OwnCapitalFor | None = None,
) -> PlanYears:
    """The plan years of a plan: every line's figure for each plan year; `capital_line` gives
    the capital line's (`[capital] cost_line`) and `own_capital` the members' own investments'
    capital costs, from the books."""
    cost_line = plan.capital.cost_line if plan.capital is not None else None
    revenue = tuple(line_years(plan, line) for line in plan.revenue)
    costs = tuple(
        _capital_years(plan, capital_line)
        if line.name == cost_line and capital_line is not None
        else line_years(plan, line)
        for line in plan.costs
    )
    contributions = _contribution_years(plan, costs, revenue, own_capital)
    return PlanYears(plan.info.plan_years, contributions, revenue, costs)


def _capital_years(plan: Plan, capital_line: CapitalLineFor) -> dict[int, PlanFigure]:
    return {year: PlanFigure(capital_line(year), "capital") for year in plan.info.plan_years}


def books_plan_years(books: Books, plan: Plan) -> PlanYears:
    """The plan years of `plan` within its books: its capital line and its members' own
    investments from the register and the plans as it decided them (MissingRate where a rate
    they need is not given)."""
    from .capital import capital_line_for
    from .members import own_capital_for

    register = books.register.record if books.register is not None else None
    plans = books.all_plans()
    return plan_years(
        plan, capital_line_for(plans, plan, register), own_capital_for(plans, plan, register)
    )
