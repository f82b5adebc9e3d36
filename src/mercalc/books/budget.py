"""The operating budget (driftbudget): revenue negative, costs positive, Summa that must be 0."""

from __future__ import annotations

from typing import NamedTuple

from ..numbers import Number, exact_sum, exactly
from .model import BudgetLine, Plan


class Amounts(NamedTuple):
    """A row's budget, previous and change; revenue already carries its minus sign."""

    budget: Number
    previous: Number

    @property
    def change(self) -> Number:
        with exactly():
            return self.budget - self.previous

    def __add__(self, other: Amounts) -> Amounts:  # type: ignore[override]  # money, not tuples
        with exactly():
            return Amounts(self.budget + other.budget, self.previous + other.previous)


class BudgetChange(NamedTuple):
    """A reason for a row's change, signed as the row is."""

    reason: str
    amount: Number


class BudgetRow(NamedTuple):
    """One line of the driftbudget, signed as shown: revenue negative, costs positive."""

    name: str
    budget: Number
    previous: Number
    changes: tuple[BudgetChange, ...] = ()

    @property
    def change(self) -> Number:
        with exactly():
            return self.budget - self.previous


class BudgetStatement(NamedTuple):
    """The operating budget of one plan, every figure exact."""

    organisation: str
    year: int
    unit: str
    contributions: tuple[BudgetRow, ...]  # the members' (driftbidrag)
    other_revenue: tuple[BudgetRow, ...]  # övriga intäkter
    revenue_total: Amounts
    costs: tuple[BudgetRow, ...]
    cost_total: Amounts
    result: Amounts  # Summa

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def revenue(self) -> tuple[BudgetRow, ...]:
        """Revenue in the seed's order: the members' contributions, then other revenue."""
        return self.contributions + self.other_revenue

    @property
    def balanced(self) -> bool:
        """Summa is exactly 0 in both the budget and the previous column."""
        return self.result.budget == 0 and self.result.previous == 0


def signed(line: BudgetLine, sign: int) -> BudgetRow:
    """A plan's line as a row of the statement: revenue (sign -1) gets its minus sign."""
    return BudgetRow(
        line.name,
        sign * line.budget,
        sign * line.previous,
        tuple(BudgetChange(change.reason, sign * change.amount) for change in line.changes),
    )


def total(lines: tuple[BudgetLine, ...], sign: int) -> Amounts:
    return Amounts(
        exact_sum(sign * line.budget for line in lines),
        exact_sum(sign * line.previous for line in lines),
    )


def revenue_lines(plan: Plan) -> tuple[BudgetLine, ...]:
    """Revenue in the seed's order: the members' contributions, then other revenue."""
    return plan.contributions + plan.revenue


def result(plan: Plan) -> Amounts:
    """Summa: revenue (negative) plus costs; a balanced plan gives 0 in both columns."""
    return total(revenue_lines(plan), -1) + total(plan.costs, 1)


def budget_statement(plan: Plan) -> BudgetStatement:
    """The driftbudget of a plan: its lines signed, their totals and Summa."""
    revenue = total(revenue_lines(plan), -1)
    costs = total(plan.costs, 1)
    return BudgetStatement(
        organisation=plan.info.organisation,
        year=plan.year,
        unit=plan.info.unit,
        contributions=tuple(signed(line, -1) for line in plan.contributions),
        other_revenue=tuple(signed(line, -1) for line in plan.revenue),
        revenue_total=revenue,
        costs=tuple(signed(line, 1) for line in plan.costs),
        cost_total=costs,
        result=revenue + costs,
    )
