"""The operating budget (driftbudget): revenue negative, costs positive, Summa that must be 0."""

from __future__ import annotations

from typing import NamedTuple

from ..numbers import Number, exact_sum, exactly
from ..swedish import swedish
from ..views.table import Column, Report, Row
from .model import BudgetLine, Plan

REVENUE_TOTAL = "Driftbidrag och övriga intäkter"
COST_TOTAL = "Kostnader"
RESULT = "Summa"


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

    def as_data(self) -> dict[str, Number]:
        return {"budget": self.budget, "previous": self.previous, "change": self.change}


def signed(line: BudgetLine, sign: int) -> Amounts:
    return Amounts(sign * line.budget, sign * line.previous)


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


def budget_report(plan: Plan, *, explain: bool = False) -> Report:
    """The driftbudget table as the seed shows it, with change reasons under their lines."""
    year = plan.year
    columns = (
        Column("budget", f"Budget {year}"),
        Column("previous", f"Budget {year - 1}"),
        Column("change", "Förändring"),
    )
    rows: list[Row] = []

    def add_lines(lines: tuple[BudgetLine, ...], sign: int) -> tuple[list[dict], list[int]]:
        data, indices = [], []
        for line in lines:
            amounts = signed(line, sign)
            indices.append(len(rows))
            rows.append(Row(line.name, (amounts.budget, amounts.previous, amounts.change)))
            item = {"name": line.name, **amounts.as_data()}
            if explain:
                item["changes"] = [
                    {"reason": change.reason, "amount": sign * change.amount}
                    for change in line.changes
                ]
                for change in line.changes:
                    rows.append(Row(change.reason, (None, None, sign * change.amount), "detail"))
            data.append(item)
        return data, indices

    revenue_data, revenue_rows = add_lines(revenue_lines(plan), -1)
    revenue = total(revenue_lines(plan), -1)
    revenue_row = len(rows)
    rows.append(
        Row(
            REVENUE_TOTAL,
            (revenue.budget, revenue.previous, revenue.change),
            "subtotal",
            tuple(revenue_rows),
        )
    )
    cost_data, cost_rows = add_lines(plan.costs, 1)
    costs = total(plan.costs, 1)
    cost_row = len(rows)
    rows.append(
        Row(COST_TOTAL, (costs.budget, costs.previous, costs.change), "subtotal", tuple(cost_rows))
    )
    summa = revenue + costs
    rows.append(
        Row(RESULT, (summa.budget, summa.previous, summa.change), "total", (revenue_row, cost_row))
    )

    balanced = summa.budget == 0 and summa.previous == 0
    notes = []
    if not balanced:
        notes.append(
            f"Budgeten är inte i balans: Summa ska vara 0 men är {_plain_pair(summa, plan)}."
        )
    data = {
        "organisation": plan.info.organisation,
        "year": year,
        "previous_year": year - 1,
        "unit": plan.info.unit,
        "revenue": revenue_data,
        "revenue_total": revenue.as_data(),
        "costs": cost_data,
        "cost_total": costs.as_data(),
        "result": summa.as_data(),
        "balanced": balanced,
    }
    title = f"Driftbudget {year}, {plan.info.organisation} ({plan.info.unit})"
    return Report(title, columns, tuple(rows), notes=tuple(notes), data=data)


def _plain_pair(summa: Amounts, plan: Plan) -> str:
    unit = plan.info.unit
    return (
        f"{swedish(summa.budget, None)} {unit} i budget {plan.year} och "
        f"{swedish(summa.previous, None)} {unit} i budget {plan.year - 1}"
    )
