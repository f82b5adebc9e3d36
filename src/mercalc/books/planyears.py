"""The plan years (planår, SPEC 6): each line's figure for every plan year, and contributions
that balance each of them.

Every plan-year figure is in whole units (a given figure as given): an indexed line is rounded
half up each year and the next year is raised from the rounded figure, so the table of the plan
years adds up exactly, with nothing left to a rounding note.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import NamedTuple

from ..numbers import Number, exact_sum, round_half_up
from .capital import CapitalCosts, plan_rate, unregistered
from .lineyears import Basis, LineYears, PlanFigure, line_years
from .loader import Books
from .members import Split, own_capital_for, split
from .model import BudgetLine, Plan
from .ownshare import direct_costs, implicit_key, own_and_common


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


# The capital line's figure for a plan year (unregistered + C(p), rounded) and the rate it was
# computed at, from the books.
CapitalLineFor = Callable[[int], PlanFigure]
# The members' own investments' capital costs in a plan year, by folded name, from the books.
OwnCapitalFor = Callable[[int], Mapping[str, Fraction]]


def _contribution_years(
    plan: Plan,
    costs: tuple[LineYears, ...],
    revenue: tuple[LineYears, ...],
    own_capital: OwnCapitalFor | None,
) -> tuple[dict[int, PlanFigure], ...]:
    """Each plan year's contributions: those given where every contribution gives one; else
    the year's costs − other revenue by the distribution (SPEC 7); without one, each member's
    figure of the year before changed by the change of its own direct costs, and the common
    rest by the implicit key of the year before (SPEC 16)."""
    members = plan.contributions
    figures: tuple[dict[int, PlanFigure], ...] = tuple({} for _ in members)
    partial = PlanYears(plan.info.plan_years, (), revenue, costs)
    names = [line.name for line in members]
    before = [line.budget for line in members]
    # the year before's direct costs, made only where a year is spread (a split of every line)
    direct_before = functools.partial(direct_costs, plan, _own(own_capital, plan.year))
    for year in plan.info.plan_years:
        own_costs = _own(own_capital, year)
        basis: Basis
        direct = functools.partial(direct_costs, plan, own_costs, _figures_of(plan, partial, year))
        if members and all(year in line.plan for line in members):
            amounts, basis = [line.plan[year] for line in members], "given"
        elif plan.distribution is not None:
            amounts = year_split(plan, partial, year, own_costs).contributions
            basis = "key"
        else:
            amounts = _spread(names, before, partial.needed(year), direct(), direct_before())
            basis = "spread"
        for amount, line_figures in zip(amounts, figures, strict=True):
            line_figures[year] = PlanFigure(amount, basis)
        before = list(amounts)
        direct_before = direct
    return figures


def _spread(
    names: list[str],
    before: list[Number],
    needed: Number,
    direct: Mapping[str, Fraction],
    direct_before: Mapping[str, Fraction],
) -> list[Number]:
    """Each member's figure of the year before changed by the change of its own direct costs,
    and the common rest by the implicit key of the year before (SPEC 16)."""
    change = exact_sum((needed, -exact_sum(before)))
    own = {key: cost - direct_before.get(key, Fraction(0)) for key, cost in direct.items()}
    weights = implicit_key(list(zip(names, before, strict=True)), direct_before)
    changes, _own_parts = own_and_common(names, change, own, weights, before)
    return [exact_sum((b, c)) for b, c in zip(before, changes, strict=True)]


def _own(own_capital: OwnCapitalFor | None, year: int) -> Mapping[str, Fraction]:
    return own_capital(year) if own_capital is not None else {}


def _figures_of(plan: Plan, years: PlanYears, year: int) -> Callable[[BudgetLine], Number]:
    """A line's figure in a plan year, for the split of that year."""
    lines = plan.costs + plan.revenue
    figures = {
        id(line): line_years[year].amount
        for line, line_years in zip(lines, years.costs + years.revenue, strict=True)
    }
    return lambda line: figures[id(line)]


def year_split(
    plan: Plan,
    years: PlanYears,
    year: int,
    own_capital: Mapping[str, Fraction],
    instead: str | None = None,
) -> Split:
    """Each member's exact part of a plan year's costs less other revenue (SPEC 7), by the
    distribution's key or by the what-if key `instead`."""
    return split(plan, own_capital, _figures_of(plan, years, year), instead)


def plan_years(
    plan: Plan,
    capital_line: CapitalLineFor | None = None,
    own_capital: OwnCapitalFor | None = None,
) -> PlanYears:
    """The plan years of a plan: every line's figure for each plan year; `capital_line` gives
    the capital line's (`[capital] cost_line`) and `own_capital` the members' own investments'
    capital costs, from the books."""
    revenue = tuple(line_years(plan, line) for line in plan.revenue)
    capital = plan.capital_line if capital_line is not None else None
    costs = tuple(
        {year: capital_line(year) for year in plan.info.plan_years}
        if capital_line is not None and line is capital
        else line_years(plan, line)
        for line in plan.costs
    )
    contributions = _contribution_years(plan, costs, revenue, own_capital)
    return PlanYears(plan.info.plan_years, contributions, revenue, costs)


def books_plan_years(books: Books, plan: Plan) -> PlanYears:
    """The plan years of `plan` within its books: its capital line and its members' own
    investments from the register and the plans as it decided them (MissingRate where a rate
    they need is not given)."""
    return plan_years(plan, capital_line_for(books, plan), own_capital_for(books, plan))


def capital_line_figure(
    books: Books, plan: Plan, year: int | None = None, decided: CapitalCosts | None = None
) -> Fraction:
    """The exact figure of `plan`'s capital line (SPEC 5.3, 6): its unregistered capital costs
    plus C(Y). In its budget year, C of every investment of the books; in a later year, of the
    books as the plan decided them (`decided`, where it is at hand), at its own plan_rates entry
    for the year (else its interest_rate). Rounded half up where shown."""
    if year is None or year == plan.year:
        return Fraction(unregistered(plan, plan.year)) + books.capital_costs.cost(plan.year)
    decided = decided or books.decided_costs(plan)
    return Fraction(unregistered(plan, year)) + decided.cost(year, plan_rate(plan, year))


def capital_line_for(books: Books, plan: Plan) -> CapitalLineFor | None:
    """The capital line's figure in each plan year of `plan`, rounded half up (SPEC 6), from the
    books as the plan decided them, with the rate it was computed at; None where the plan has
    no capital line."""
    if plan.capital_line is None:
        return None
    decided = books.decided_costs(plan)

    def figure(year: int) -> PlanFigure:
        amount = int(round_half_up(capital_line_figure(books, plan, year, decided)))
        rate = plan_rate(plan, year)
        return PlanFigure(amount, "capital", decided.rates.get(year) if rate is None else rate)

    return figure
