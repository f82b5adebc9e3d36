"""Each line's figure in the plan years (SPEC 6), from the plan alone: given, raised by its
index from last year's rounded figure, or unchanged. Below the loader: the load-time checks
name a figure that outgrows 10^12 at its index."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from ..numbers import Number, exactly, round_half_up
from .model import MAX_AMOUNT, BudgetLine, Plan

# how a plan-year figure came about, for the change analysis of `new` and the document
Basis = Literal["given", "index", "unchanged", "capital", "spread", "key"]


class PlanYearError(LookupError):
    """A plan-year figure that the plan cannot give (bad input that the checks report)."""


class PlanFigure(NamedTuple):
    """One line's figure for one plan year, and how it came about."""

    amount: Number
    basis: Basis
    # the index's rate where the figure is indexed; the capital line's internal rate
    rate: Decimal | None = None


LineYears = Mapping[int, PlanFigure]


def line_years(plan: Plan, line: BudgetLine) -> dict[int, PlanFigure]:
    """A cost or other-revenue line, year by year: its plan figure where given; else, with an
    index, last year's figure raised by the year's rate and rounded half up to whole units;
    else last year's figure."""
    named = plan.index_named(line.index)
    rates = None if line.index is None else plan.indices.get(named or "", {})
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


def growth_bounds(plan: Plan) -> dict[str, int]:
    """For each index, the largest figure its rates cannot raise beyond 10^12 in the plan years
    (each year's rounding included): 10^12 less a unit a year, over the product of 1 + each
    rate, a fall counted as no change."""
    room = Fraction(MAX_AMOUNT - len(plan.info.plan_years))
    return {
        name: math.floor(
            room / math.prod((max(Fraction(1), 1 + Fraction(r)) for r in rates.values()), start=1)
        )
        for name, rates in plan.indices.items()
    }


def beyond_bound(
    plan: Plan, line: BudgetLine, limits: Mapping[str, int] | None = None
) -> BeyondBound | None:
    """Where an indexed line's plan-year figure first outgrows 10^12, if it does; `limits`
    (growth_bounds of the plan) passes at once a line that cannot."""
    named = plan.index_named(line.index)
    limit = None if limits is None or named is None else limits.get(named)
    if limit is not None and max((line.budget, *line.plan.values())) <= limit:
        return None
    try:
        line_years(plan, line)
    except BeyondBound as beyond:
        return beyond
    except PlanYearError:  # a missing rate: said by its own rule
        return None
    return None
