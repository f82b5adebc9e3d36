"""Capital costs (kapitalkostnader): straight-line depreciation plus internal interest, per year."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

from ..numbers import Number, exact_sum
from .model import Investment, Part, Plan, Register, folded

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

    @property
    def capital_cost(self) -> Fraction:
        return capital_cost_of(self)

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
    # the amount as numerator / denominator: each figure is one Fraction of two products of
    # integers (one reduction), not a chain of Fraction operations
    amount = Fraction(part.amount)
    top, bottom = amount.numerator, amount.denominator
    total_months = 12 * part.years
    start = year * 12 + (month - 1)  # months since year 0 at activation
    end = start + total_months
    years = range(year, (end - 1) // 12 + 1)
    schedule = []
    for current in years if only is None else [y for y in (only,) if y in years]:
        first, last = max(start, current * 12), min(end, current * 12 + 12)
        months, remaining = last - first, total_months - (first - start)
        rate = Fraction(rate_for(current))
        schedule.append(
            CostYear(
                current,
                months,
                Fraction(top * remaining, bottom * total_months),
                Fraction(top * months, bottom * total_months),
                Fraction(
                    rate.numerator * top * remaining * months,
                    rate.denominator * bottom * total_months * 12,
                ),
            )
        )
    return schedule


@dataclass(frozen=True)
class InvestmentCosts:
    """An investment of the register or of a plan with its capital cost per year over its life."""

    investment: Investment
    activation: tuple[int, int]  # the year and month it went into service
    years: dict[int, CostYear]
    plan_year: int | None = None  # the plan that lists it; None for the register

    @property
    def name(self) -> str:
        return self.investment.name

    @property
    def activated(self) -> str:
        return f"{self.activation[0]}-{self.activation[1]:02d}"

    @property
    def periods(self) -> tuple[int, ...]:
        return tuple(sorted({part.years for part in self.investment.parts}))


class MissingRate(LookupError):
    """No plan and no register gives the internal rate of a year that a figure needs."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


class Rates:
    """The internal rate (internränta) of each year, from the books (SPEC 5.2, 16): the plan of
    the year's `interest_rate`; else the `plan_rates` entry of the latest plan before it that
    gives one; else the rate of the latest earlier year that has one by those two steps (the last
    given rate carries on); else the `interest_rate` of the latest plan before it; else the
    register's `rates` entry. Calling it for a year without a rate raises MissingRate."""

    def __init__(self, plans: Iterable[Plan], register: Register | None = None):
        self._plans = sorted((p for p in plans if p.capital is not None), key=lambda p: p.year)
        self._register = register.info.rates if register is not None else {}
        self._known: dict[int, Decimal | None] = {}
        # the years a plan gives a rate for: its own year, and its plan_rates entries
        self._given = sorted(
            {p.year for p in self._plans if p.capital and p.capital.interest_rate is not None}
            | {y for p in self._plans if p.capital for y in p.capital.plan_rates if y > p.year}
        )

    def get(self, year: int) -> Decimal | None:
        """The rate of `year`, or None where the books give none."""
        if year not in self._known:
            self._known[year] = self._find(year)
        return self._known[year]

    def __call__(self, year: int) -> Decimal:
        rate = self.get(year)
        if rate is None:
            raise MissingRate(year)
        return rate

    def given(self, year: int) -> Decimal | None:
        """The rate a plan gives `year` itself (SPEC 5.2's first two steps), if any."""
        earlier = [p.capital for p in reversed(self._plans) if p.year < year]
        own = [p.capital for p in self._plans if p.year == year]
        candidates = (
            *(c.interest_rate for c in own if c is not None),
            *(c.plan_rates.get(year) for c in earlier if c is not None),
        )
        return next((rate for rate in candidates if rate is not None), None)

    def source(self, year: int) -> int | None:
        """The year whose given rate `year` uses: itself, or the latest earlier year with a
        given rate (None where the rate comes from an older plan or the register)."""
        if self.given(year) is not None:
            return year
        before = [given for given in self._given if given < year and self.given(given)]
        return before[-1] if before else None

    def _find(self, year: int) -> Decimal | None:
        source = self.source(year)
        if source is not None:
            return self.given(source)
        earlier = [p.capital for p in reversed(self._plans) if p.year < year]
        candidates = (
            *(c.interest_rate for c in earlier if c is not None),
            self._register.get(year),
        )
        return next((rate for rate in candidates if rate is not None), None)


def rate_lookup(plans: Iterable[Plan], register: Register | None = None) -> Rates:
    """Each year's rate as the books give it (SPEC 5.2)."""
    return Rates(plans, register)


# (the year of the plan that lists it, its folded name) → the (year, month) it went into service
Activations = Mapping[tuple[int, str], tuple[int, int]]


def in_service(
    plans: Iterable[Plan], register: Register | None = None, activations: Activations | None = None
) -> list[tuple[Investment, tuple[int, int], int | None]]:
    """Every investment of the books with the month it went into service and the plan that
    lists it: the register's first (they came before the plans), then each plan's by year.
    `activations` moves a plan's investments (by its year and their folded name) to the month
    they actually went, or are now forecast to go, into service."""
    assets: list[tuple[Investment, tuple[int, int], int | None]] = (
        [(inv, inv.activated, None) for inv in register.investments] if register else []
    )
    moved = activations or {}
    for plan in sorted(plans, key=lambda p: p.year):
        # halvårseffekt: by default, investments activate at the plan's activation month (July)
        month = plan.capital.activation_month if plan.capital is not None else 7
        assets += [
            (
                inv,
                moved.get((plan.year, folded(inv.name)), inv.activated or (plan.year, month)),
                plan.year,
            )
            for inv in plan.investments
        ]
    return assets


def investment_costs(
    plans: Iterable[Plan],
    only: int | None = None,
    register: Register | None = None,
    activations: Activations | None = None,
) -> list[InvestmentCosts]:
    """Every investment of the books, each a separate asset even where names repeat; with
    `only`, just the figures of that year; `activations` moves investments to their actual
    month. MissingRate where a year in force has no rate."""
    plans = list(plans)
    rate_for = rate_lookup(plans, register)
    result = []
    for investment, (year, month), plan_year in in_service(plans, register, activations):
        years: dict[int, CostYear] = {}
        for part in investment.parts:
            for cost in part_schedule(part, year, month, rate_for, only):
                years[cost.year] = years[cost.year] + cost if cost.year in years else cost
        result.append(InvestmentCosts(investment, (year, month), years, plan_year))
    return result


class _Parts(NamedTuple):
    """Parts of one depreciation period activated in one month, their amounts summed: their
    capital cost is that of one part of the sum, as every figure is linear in the amount."""

    amount: Number
    years: int


class CapitalCosts:
    """The investments of the books summed by activation month, depreciation period and the
    member whose own they are, and each year's rate: C(Y) of a year without going through every
    investment again. Every figure is linear in the amount, so a month and period's capital cost
    of one unit, worked out once, times each sum gives the same exact figures."""

    def __init__(
        self,
        plans: Iterable[Plan],
        register: Register | None = None,
        activations: Activations | None = None,
    ):
        plans = list(plans)
        self.rates = rate_lookup(plans, register)
        # (activation year, month, period) → the member whose own they are (None: shared) → sums
        groups: dict[tuple[int, int, int], dict[str | None, list[Number]]] = {}
        for investment, (start, month), _plan_year in in_service(plans, register, activations):
            owner = investment.municipality and folded(investment.municipality)
            for part in investment.parts:
                by_owner = groups.setdefault((start, month, part.years), {})
                by_owner.setdefault(owner, []).append(part.amount)
        self._groups = [
            (key, {owner: exact_sum(amounts) for owner, amounts in by_owner.items()})
            for key, by_owner in groups.items()
        ]
        self._costs: dict[int, Fraction] = {}

    def cost(self, year: int, rate: Decimal | None = None) -> Fraction:
        """C(Y): the exact capital cost of `year` of every investment in force in it, at the
        books' rate of the year or at `rate` where given; MissingRate where there is none."""
        if rate is None and year in self._costs:
            return self._costs[year]
        total = sum(self._by_owner(year, rate).values(), Fraction(0))
        if rate is None:
            self._costs[year] = total
        return total

    def member_costs(self, year: int, rate: Decimal | None = None) -> dict[str, Fraction]:
        """Each member's own investments' exact capital cost in `year`, by folded member name,
        at the books' rate of the year or at `rate` where given."""
        return {
            owner: cost for owner, cost in self._by_owner(year, rate).items() if owner is not None
        }

    def monthly(self, year: int) -> tuple[Fraction, ...]:
        """C(1…12) of `year`: each month's exact capital cost, each investment's year spread
        evenly over its months in service that year; the twelve add up to C(year)."""
        return self._monthly(year, None)

    def member_monthly(self, year: int) -> dict[str, tuple[Fraction, ...]]:
        """Each member's own investments' exact capital cost by month of `year`, by folded name."""
        return {
            owner: self._monthly(year, owner)
            for owner in {owner for _key, by_owner in self._groups for owner in by_owner}
            if owner is not None
        }

    def _monthly(self, year: int, only: str | None) -> tuple[Fraction, ...]:
        months = [Fraction(0)] * 12
        for (start, month, years), by_owner in self._groups:
            unit = part_schedule(_Parts(1, years), start, month, self.rates, only=year)  # type: ignore[arg-type]
            if not unit:
                continue
            amount = exact_sum(a for owner, a in by_owner.items() if only is None or owner == only)
            first = max(start * 12 + month - 1, year * 12) - year * 12  # its first month in `year`
            per_month = unit[0].capital_cost * Fraction(amount) / unit[0].months
            for index in range(first, first + unit[0].months):
                months[index] += per_month
        return tuple(months)

    def _by_owner(self, year: int, rate: Decimal | None) -> dict[str | None, Fraction]:
        rate_for = self.rates if rate is None else (lambda _year: rate)
        costs: dict[str | None, Fraction] = {}
        for (start, month, years), by_owner in self._groups:
            unit = part_schedule(_Parts(1, years), start, month, rate_for, only=year)  # type: ignore[arg-type]
            if not unit:
                continue  # not in service in `year`
            per_unit = unit[0].capital_cost
            for owner, amount in by_owner.items():
                costs[owner] = costs.get(owner, Fraction(0)) + per_unit * Fraction(amount)
        return costs


def capital_cost(
    plans: Iterable[Plan],
    year: int,
    register: Register | None = None,
    rate: Decimal | None = None,
) -> Fraction:
    """C(Y): the exact capital cost of `year` of every investment of the books in force in it,
    at the books' rate of the year or at `rate` where given."""
    return CapitalCosts(plans, register).cost(year, rate)


def monthly_capital_cost(
    plans: Iterable[Plan],
    year: int,
    register: Register | None = None,
    activations: Activations | None = None,
) -> tuple[Fraction, ...]:
    """C(1…12): the exact capital cost of each month of `year` of every investment of the books
    (each investment's year spread evenly over its months in service that year), adding up to
    C(year); `activations` moves investments to their actual month. The capital line's schedule
    (SPEC 15) and its monthly budget (SPEC 14) both come from here."""
    return CapitalCosts(plans, register, activations).monthly(year)


def unregistered(plan: Plan, year: int) -> Number:
    """The capital costs of `year` of earlier investments that no register holds (SPEC 5.2): a
    number is the budget year's, carried unchanged to the plan years; else the year's entry."""
    value = plan.capital.unregistered if plan.capital is not None else None
    if isinstance(value, dict):
        return value.get(year, 0)
    return value or 0


def plan_rate(plan: Plan, year: int) -> Decimal | None:
    """The rate a plan gives a later year (SPEC 6, 16): its plan_rates entry for the year, else
    its latest entry before the year (the last given rate carries on), else its interest_rate
    (None: the books' rate of the year)."""
    capital = plan.capital
    if capital is None:
        return None
    given = [y for y in capital.plan_rates if y <= year]
    return capital.plan_rates[max(given)] if given else capital.interest_rate


def decided_costs(
    plans: Iterable[Plan], plan: Plan, register: Register | None = None
) -> CapitalCosts:
    """The books as `plan` decided them: the register and the plans up to its budget year."""
    return CapitalCosts([p for p in plans if p.year <= plan.year], register)


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
    note: str | None = None  # the plan's note on the investment (a footnote in the document)

    @property
    def capital_cost(self) -> Fraction:
        return capital_cost_of(self)


class CapitalTotal(NamedTuple):
    """The sums of the lines, exact."""

    amount: Number
    depreciation: Fraction
    interest: Fraction

    @property
    def capital_cost(self) -> Fraction:
        return capital_cost_of(self)


class CapitalStatement(NamedTuple):
    """The investment budget of one year: every investment in force and its capital cost."""

    year: int
    rate: Decimal | None  # the year's internal rate (internränta); None where no plan gives one
    lines: tuple[CapitalLine, ...]
    total: CapitalTotal


def capital_statement(
    plans: list[Plan], year: int, register: Register | None = None
) -> CapitalStatement:
    """The capital costs of `year` of every investment of the books in force in it."""
    rate = rate_lookup(plans, register).get(year)
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
            item.investment.note,
        )
        for item, cost in in_force(investment_costs(plans, year, register), year)
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


def schedule_statement(
    plans: list[Plan], year: int | None = None, register: Register | None = None
) -> ScheduleStatement:
    """Every investment's capital cost for every year from activation to write-off: those of
    the register and of the plans up to `year` (all without it), the budget and plan years of
    the latest of those plans marked."""
    plans = sorted((p for p in plans if year is None or p.year <= year), key=lambda p: p.year)
    costs = investment_costs(plans, register=register)
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
