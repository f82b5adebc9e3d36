"""Capital costs (kapitalkostnader): straight-line depreciation plus internal interest, per year."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

from ..numbers import Number, exact_sum
from .model import Investment, Part, Plan

RateFor = Callable[[int], Decimal]


def capital_cost_of(figures: CostYear | CapitalLine | CapitalTotal) -> Fraction:
    """Capital cost (kapitalkostnad) = depreciation + interest."""
    return figures.depreciation + figures.interest


@dataclass(frozen=True)
class CostYear:
    """One year of one part or investment: exact fractions, rounded only for display."""

    year: int
    months: int
    book_value: Fraction  # at the start of the year (at activation, in the activation year)
    depreciation: Fraction
    interest: Fraction

    capital_cost = property(capital_cost_of)

    def __add__(self, other: CostYear) -> CostYear:
        return CostYear(
            self.year,
            max(self.months, other.months),
            self.book_value + other.book_value,
            self.depreciation + other.depreciation,
            self.interest + other.interest,
        )


def part_schedule(
    part: Part, year: int, month: int, rate_for: RateFor, only: int | None = None
) -> list[CostYear]:
    """Every year of a part activated in `year`-`month`, from activation to write-off (or just
    the year `only`, where it is in service).

    Depreciation is amount / (12 × years) a month for 12 × years months; interest for a year is
    that year's rate × the book value at the start of the year × its months in service / 12.
    Every figure is amount × integers / integers, divided last, so nothing is lost to rounding.
    """
    amount = Fraction(part.amount)
    total_months = 12 * part.years
    start = year * 12 + (month - 1)  # months since year 0 at activation
    end = start + total_months
    years = range(year, (end - 1) // 12 + 1)
    schedule = []
    for current in years if only is None else [y for y in (only,) if y in years]:
        first, last = max(start, current * 12), min(end, current * 12 + 12)
        months = last - first
        book_value = amount * (total_months - (first - start)) / total_months
        depreciation = amount * months / total_months
        interest = Fraction(rate_for(current)) * book_value * months / 12
        schedule.append(CostYear(current, months, book_value, depreciation, interest))
    return schedule


@dataclass(frozen=True)
class InvestmentCosts:
    """An investment of one plan with its capital cost per year over its whole life."""

    investment: Investment
    plan_year: int
    activation_month: int
    years: dict[int, CostYear]

    @property
    def name(self) -> str:
        return self.investment.name

    @property
    def activated(self) -> str:
        return f"{self.plan_year}-{self.activation_month:02d}"

    @property
    def periods(self) -> tuple[int, ...]:
        return tuple(sorted({part.years for part in self.investment.parts}))


def rate_lookup(plans: Iterable[Plan]) -> RateFor:
    """A year's rate is its own plan's internal rate, or that of the latest plan before it."""
    rates = sorted(
        (p.year, p.capital.interest_rate)
        for p in plans
        if p.capital is not None and p.capital.interest_rate is not None
    )
    years = [plan_year for plan_year, _ in rates]

    def rate_for(year: int) -> Decimal:
        # an investment's own plan always has [capital], so a rate is known from then on
        return rates[bisect.bisect_right(years, year) - 1][1]

    return rate_for


def investment_costs(plans: Iterable[Plan], only: int | None = None) -> list[InvestmentCosts]:
    """Every investment of every plan, each a separate asset even where names repeat; with
    `only`, just the figures of that year."""
    plans = sorted(plans, key=lambda p: p.year)
    rate_for = rate_lookup(plans)
    result = []
    for plan in plans:
        if plan.capital is None:
            continue
        # halvårseffekt: investments activate at the plan's activation month (July by default)
        month = plan.capital.activation_month
        for investment in plan.investments:
            years: dict[int, CostYear] = {}
            for part in investment.parts:
                for cost in part_schedule(part, plan.year, month, rate_for, only):
                    years[cost.year] = years[cost.year] + cost if cost.year in years else cost
            result.append(InvestmentCosts(investment, plan.year, month, years))
    return result


def in_force(costs: list[InvestmentCosts], year: int) -> list[tuple[InvestmentCosts, CostYear]]:
    """The investments with a capital cost in `year`, with that year's figures."""
    return [(item, item.years[year]) for item in costs if year in item.years]


class CapitalLine(NamedTuple):
    """An investment in force in the year, with that year's exact figures."""

    name: str
    activated: str  # "YYYY-MM"
    municipality: str | None  # None: shared by every member
    periods: tuple[int, ...]  # the depreciation periods of its parts, in years
    amount: Number  # investeringsutgift
    book_value: Fraction  # at the start of the year (at activation, in the activation year)
    depreciation: Fraction
    interest: Fraction

    capital_cost = property(capital_cost_of)


class CapitalTotal(NamedTuple):
    """The sums of the lines, exact."""

    amount: Number
    depreciation: Fraction
    interest: Fraction

    capital_cost = property(capital_cost_of)


class CapitalStatement(NamedTuple):
    """The investment budget of one year: every investment in force and its capital cost."""

    year: int
    rate: Decimal | None  # the year's internal rate (internränta); None where no plan gives one
    lines: tuple[CapitalLine, ...]
    total: CapitalTotal


def capital_statement(plans: list[Plan], year: int) -> CapitalStatement:
    """The capital costs of `year` of every investment of the plans in force in it."""
    known = any(p.capital is not None and p.year <= year for p in plans)
    rate = rate_lookup(plans)(year) if known else None
    lines = tuple(
        CapitalLine(
            item.name,
            item.activated,
            item.investment.municipality,
            item.periods,
            item.investment.total,
            cost.book_value,
            cost.depreciation,
            cost.interest,
        )
        for item, cost in in_force(investment_costs(plans, year), year)
    )
    total = CapitalTotal(
        exact_sum(line.amount for line in lines),
        sum((line.depreciation for line in lines), Fraction(0)),
        sum((line.interest for line in lines), Fraction(0)),
    )
    return CapitalStatement(year, rate, lines, total)


class ScheduleLine(NamedTuple):
    """An investment's capital cost for every year from activation to write-off."""

    name: str
    activated: str
    amount: Number
    capital_cost: Mapping[int, Fraction]  # by year, in order


class ScheduleTotal(NamedTuple):
    amount: Number
    capital_cost: Mapping[int, Fraction]


class ScheduleStatement(NamedTuple):
    """Every investment's capital cost by year, with the budget and plan years of the plan."""

    years: tuple[int, ...]
    budget_year: int | None  # the latest plan's budget year, and its plan years
    plan_years: tuple[int, ...]
    lines: tuple[ScheduleLine, ...]
    total: ScheduleTotal


def schedule_statement(plans: list[Plan], year: int | None = None) -> ScheduleStatement:
    """Every investment's capital cost for every year from activation to write-off: those of
    the plans up to `year` (all without it), the budget and plan years of its plan marked."""
    plans = sorted((p for p in plans if year is None or p.year <= year), key=lambda p: p.year)
    costs = investment_costs(plans)
    years = tuple(sorted({year for item in costs for year in item.years}))
    lines = tuple(
        ScheduleLine(
            item.name,
            item.activated,
            item.investment.total,
            MappingProxyType({y: cost.capital_cost for y, cost in item.years.items()}),
        )
        for item in costs
    )
    total = ScheduleTotal(
        exact_sum(line.amount for line in lines),
        MappingProxyType(
            {
                y: sum(
                    (line.capital_cost[y] for line in lines if y in line.capital_cost), Fraction(0)
                )
                for y in years
            }
        ),
    )
    marked = plans[-1] if plans else None
    return ScheduleStatement(
        years,
        marked.year if marked else None,
        tuple(sorted(marked.info.plan_years)) if marked else (),
        lines,
        total,
    )
