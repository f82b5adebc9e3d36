"""Capital costs (kapitalkostnader): straight-line depreciation plus internal interest, per year."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from ..numbers import Number, exact_sum
from ..swedish import percent, swedish_list
from ..views.table import Column, Report, Row
from .model import Investment, Part, Plan

RateFor = Callable[[int], Decimal]


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
        return self.depreciation + self.interest

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


def exact(value: Fraction | Number) -> Decimal | int:
    """A fraction as an exact Decimal where one exists (518.75), else to 28 significant digits."""
    if isinstance(value, (int, Decimal)):
        return value
    if value.denominator == 1:
        return value.numerator
    rest, places = value.denominator, 0
    for prime in (2, 5):
        power = 0
        while rest % prime == 0:
            rest //= prime
            power += 1
        places = max(places, power)
    with localcontext() as context:
        # a terminating fraction gets every digit it has; others are cut at 28 significant digits
        whole_digits = len(str(abs(value.numerator) // value.denominator))
        context.prec = whole_digits + places + 1 if rest == 1 else 28
        return Decimal(value.numerator) / Decimal(value.denominator)


def periods_text(periods: tuple[int, ...]) -> str:
    """`(3,)` → "3 år", `(3, 4)` → "3 och 4 år", as the seed writes it."""
    return f"{swedish_list([str(p) for p in periods])} år"


def in_force(costs: list[InvestmentCosts], year: int) -> list[tuple[InvestmentCosts, CostYear]]:
    """The investments with a capital cost in `year`, with that year's figures."""
    return [(item, item.years[year]) for item in costs if year in item.years]


def capital_report(plans: list[Plan], year: int) -> Report:
    """The investment budget of one year: each investment in force and its capital cost."""
    known = any(p.capital is not None and p.year <= year for p in plans)
    rate = rate_lookup(plans)(year) if known else None
    lines = in_force(investment_costs(plans, year), year)
    columns = (
        Column("activated", "Aktiverad", "text"),
        Column("amount", "Investeringsutgift"),
        Column("years", "Avskrivningstid", "text"),
        Column("rate", "Räntesats", "rate"),
        Column("depreciation", "Avskrivning"),
        Column("interest", "Ränta"),
        Column("capital_cost", "Kapitalkostnad"),
    )
    rows = [
        Row(
            item.name,
            (
                item.activated,
                item.investment.total,
                periods_text(item.periods),
                rate,  # the rate is the year's, the same for every investment in force
                exact(cost.depreciation),
                exact(cost.interest),
                exact(cost.capital_cost),
            ),
        )
        for item, cost in lines
    ]
    amount = exact_sum(item.investment.total for item, _ in lines)
    depreciation = sum((cost.depreciation for _, cost in lines), Fraction(0))
    interest = sum((cost.interest for _, cost in lines), Fraction(0))
    totals = (exact(amount), exact(depreciation), exact(interest), exact(depreciation + interest))
    rows.append(
        Row("Totalt", (None, totals[0], None, rate, *totals[1:]), "total", tuple(range(len(rows))))
    )
    data = {
        "year": year,
        "rate": rate,
        "lines": [
            {
                "name": item.name,
                "activated": item.activated,
                "municipality": item.investment.municipality,
                "years": list(item.periods),
                "rate": rate,
                "amount": item.investment.total,
                "book_value": exact(cost.book_value),
                "depreciation": exact(cost.depreciation),
                "interest": exact(cost.interest),
                "capital_cost": exact(cost.capital_cost),
            }
            for item, cost in lines
        ],
        "total": dict(
            zip(("amount", "depreciation", "interest", "capital_cost"), totals, strict=True)
        ),
    }
    rate_text = f", internränta {percent(rate)}" if rate is not None else ""
    notes = () if lines else (f"Inga investeringar med kapitalkostnad {year}.",)
    return Report(
        f"Kapitalkostnader {year}{rate_text}",
        columns,
        tuple(rows),
        label_header="Investering",
        notes=notes,
        data=data,
    )


def schedule_report(plans: list[Plan], year: int | None = None) -> Report:
    """Every investment's capital cost for every year from activation to write-off: those of
    the plans up to `year` (all without it), the budget and plan years of its plan marked."""
    plans = sorted((p for p in plans if year is None or p.year <= year), key=lambda p: p.year)
    marked = plans[-1] if plans else None
    costs = investment_costs(plans)
    years = sorted({year for item in costs for year in item.years})
    plan_years = set(marked.info.plan_years) if marked else set()
    budget_year = marked.year if marked else None

    def label(year: int) -> str:
        if year == budget_year:
            return f"{year} (budget)"
        return f"{year} (planår)" if year in plan_years else str(year)

    columns = (
        Column("activated", "Aktiverad", "text"),
        Column("amount", "Investeringsutgift"),
        *(Column(str(year), label(year)) for year in years),
    )
    rows = [
        Row(
            item.name,
            (
                item.activated,
                item.investment.total,
                *(exact(item.years[y].capital_cost) if y in item.years else None for y in years),
            ),
        )
        for item in costs
    ]
    totals = {
        year: sum(
            (item.years[year].capital_cost for item in costs if year in item.years), Fraction(0)
        )
        for year in years
    }
    amount = exact_sum(item.investment.total for item in costs)
    rows.append(
        Row(
            "Totalt",
            (None, amount, *(exact(totals[y]) for y in years)),
            "total",
            tuple(range(len(rows))),
        )
    )
    data = {
        "years": years,
        "budget_year": budget_year,
        "plan_years": sorted(plan_years),
        "lines": [
            {
                "name": item.name,
                "activated": item.activated,
                "amount": item.investment.total,
                "capital_cost": {str(y): exact(c.capital_cost) for y, c in item.years.items()},
            }
            for item in costs
        ],
        "total": {"amount": amount, "capital_cost": {str(y): exact(totals[y]) for y in years}},
    }
    return Report(
        "Kapitalkostnader per år", columns, tuple(rows), label_header="Investering", data=data
    )
