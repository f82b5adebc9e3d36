"""The investment budget and the schedule of capital costs, drawn from their statements."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..books.capital import CapitalLine, CapitalStatement, CapitalTotal, ScheduleStatement
from ..numbers import as_decimal
from ..swedish import percent, swedish_list
from .table import Column, Footnotes, Report, Row, Value

CAPITAL_COLUMNS = (
    Column("activated", "Aktiverad", "text"),
    Column("amount", "Investeringsutgift"),
    Column("years", "Avskrivningstid", "text"),
    Column("rate", "Räntesats", "rate"),
    Column("depreciation", "Avskrivning"),
    Column("interest", "Ränta"),
    Column("capital_cost", "Kapitalkostnad"),
)


def periods_text(periods: tuple[int, ...]) -> str:
    """`(3,)` → "3 år", `(3, 4)` → "3 och 4 år", as the seed writes it."""
    return f"{swedish_list([str(p) for p in periods])} år"


def _costs(figures: CapitalLine | CapitalTotal) -> dict[str, Any]:
    """Depreciation, interest and capital cost as exact decimals."""
    return {
        "depreciation": as_decimal(figures.depreciation),
        "interest": as_decimal(figures.interest),
        "capital_cost": as_decimal(figures.capital_cost),
    }


def capital_report(statement: CapitalStatement, *, footnotes: bool = False) -> Report:
    """The investment budget of one year: each investment in force and its capital cost; an
    investment's note as a footnote where `footnotes` (the document)."""
    rate = statement.rate  # the year's, the same for every investment in force
    marks = Footnotes()
    rows = [
        Row(
            marks.mark(line.name, line.note if footnotes else None),
            (line.activated, line.amount, periods_text(line.periods), rate, *_costs(line).values()),
        )
        for line in statement.lines
    ]
    total = statement.total
    rows.append(
        Row(
            "Totalt",
            (None, total.amount, None, rate, *_costs(total).values()),
            "total",
            tuple(range(len(rows))),
        )
    )
    rate_text = f", internränta {percent(rate)}" if rate is not None else ""
    year = statement.year
    empty = None if statement.lines else f"Inga investeringar med kapitalkostnad {year}."
    return Report(
        f"Kapitalkostnader {year}{rate_text}",
        CAPITAL_COLUMNS,
        tuple(rows),
        label_header="Investering",
        notes=marks.lines(),
        empty=empty,
        data=capital_data(statement),
    )


def capital_data(statement: CapitalStatement) -> dict[str, Any]:
    """The json of SPEC section 3 (with each line's rate and book value)."""
    lines = [
        {
            "name": line.name,
            "activated": line.activated,
            "municipality": line.municipality,
            "years": list(line.periods),
            "rate": statement.rate,
            "amount": line.amount,
            "book_value": as_decimal(line.book_value),
            **_costs(line),
        }
        for line in statement.lines
    ]
    total = {"amount": statement.total.amount, **_costs(statement.total)}
    return {"year": statement.year, "rate": statement.rate, "lines": lines, "total": total}


def schedule_report(statement: ScheduleStatement) -> Report:
    """Every investment's capital cost for every year of its life, a column a year."""
    years = statement.years

    def label(year: int) -> str:
        if year == statement.budget_year:
            return f"{year} (budget)"
        return f"{year} (planår)" if year in statement.plan_years else str(year)

    columns = (
        Column("activated", "Aktiverad", "text"),
        Column("amount", "Investeringsutgift"),
        *(Column(str(year), label(year)) for year in years),
    )
    rows = [
        Row(line.name, (line.activated, line.amount, *_by_year(line.capital_cost, years)))
        for line in statement.lines
    ]
    total = statement.total
    rows.append(
        Row(
            "Totalt",
            (None, total.amount, *_by_year(total.capital_cost, years)),
            "total",
            tuple(range(len(rows))),
        )
    )
    return Report(
        "Kapitalkostnader per år",
        columns,
        tuple(rows),
        label_header="Investering",
        data=schedule_data(statement),
    )


def _by_year(costs: Mapping[int, Fraction], years: tuple[int, ...]) -> list[Value]:
    return [as_decimal(costs[year]) if year in costs else None for year in years]


def schedule_data(statement: ScheduleStatement) -> dict[str, Any]:
    """The schedule's json: each line's and the total's capital cost by year."""

    def by_year(costs: Mapping[int, Fraction]) -> dict[str, Any]:
        return {str(year): as_decimal(cost) for year, cost in costs.items()}

    return {
        "years": list(statement.years),
        "budget_year": statement.budget_year,
        "plan_years": list(statement.plan_years),
        "lines": [
            {
                "name": line.name,
                "activated": line.activated,
                "amount": line.amount,
                "capital_cost": by_year(line.capital_cost),
            }
            for line in statement.lines
        ],
        "total": {
            "amount": statement.total.amount,
            "capital_cost": by_year(statement.total.capital_cost),
        },
    }
