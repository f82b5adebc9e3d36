"""The driftbudget drawn from its statement: the table as the seed shows it, and its json."""

from __future__ import annotations

from typing import Any

from ..books.budget import Amounts, BudgetRow, BudgetStatement
from ..numbers import Number
from ..swedish import swedish, swedish_list
from .table import Column, Footnotes, Report, Row, RowStyle

REVENUE_TOTAL = "Driftbidrag och övriga intäkter"
COST_TOTAL = "Kostnader"
RESULT = "Summa"


def budget_report(
    statement: BudgetStatement, *, explain: bool = False, footnotes: bool = False
) -> Report:
    """The driftbudget table, with change reasons under their lines where `explain`; a line's
    note is a row of its own there, or a footnote where `footnotes` (the document)."""
    year = statement.year
    columns = (
        Column("budget", f"Budget {year}"),
        Column("previous", f"Budget {statement.previous_year}"),
        Column("change", "Förändring"),
        *(Column(f"plan_{plan_year}", f"Plan {plan_year}") for plan_year in statement.plan_years),
    )
    rows: list[Row] = []
    years = statement.plan_years
    marks = Footnotes() if footnotes else None
    revenue_rows = _add_rows(rows, statement.revenue, years, explain, marks)
    revenue_row = len(rows)
    rows.append(_total_row(REVENUE_TOTAL, statement.revenue_total, years, "subtotal", revenue_rows))
    cost_rows = _add_rows(rows, statement.costs, years, explain, marks)
    cost_row = len(rows)
    rows.append(_total_row(COST_TOTAL, statement.cost_total, years, "subtotal", cost_rows))
    rows.append(_total_row(RESULT, statement.result, years, "total", (revenue_row, cost_row)))
    notes = () if statement.balanced else (_imbalance_note(statement),)
    if marks is not None:
        notes += marks.lines()
    title = f"Driftbudget {year}, {statement.organisation} ({statement.unit})"
    return Report(title, columns, tuple(rows), notes=notes, data=budget_data(statement, explain))


def _add_rows(
    rows: list[Row],
    lines: tuple[BudgetRow, ...],
    years: tuple[int, ...],
    explain: bool,
    marks: Footnotes | None,
) -> tuple[int, ...]:
    """Append the lines (and their reasons); the positions of the lines, for their subtotal."""
    positions = []
    blank = (None,) * len(years)
    for line in lines:
        positions.append(len(rows))
        label = line.name if marks is None else marks.mark(line.name, line.note)
        rows.append(Row(label, _values(line, years)))
        if not explain:
            continue
        if line.note and marks is None:
            rows.append(Row(f"Not: {line.note}", (None,) * (3 + len(years)), "detail"))
        if line.restated:
            # omräknad budget: the previous column is last year's budget redone, and why
            rows.append(
                Row(f"Omräknad budget: {line.restated}", (None,) * (3 + len(years)), "detail")
            )
        rows += [Row(c.reason, (None, None, c.amount, *blank), "detail") for c in line.changes]
    return tuple(positions)


def _values(amounts: Amounts | BudgetRow, years: tuple[int, ...]) -> tuple[Number, ...]:
    """Budget, previous, change, then each plan year's figure."""
    return (amounts.budget, amounts.previous, amounts.change, *(amounts.plan[y] for y in years))


def _total_row(
    label: str, amounts: Amounts, years: tuple[int, ...], style: RowStyle, sums: tuple[int, ...]
) -> Row:
    return Row(label, _values(amounts, years), style, sums)


def _imbalance_note(statement: BudgetStatement) -> str:
    summa, unit = statement.result, statement.unit
    columns = [
        f"{swedish(summa.plan[year], None)} {unit} i plan {year}"
        for year in statement.plan_years
        if summa.plan[year] != 0
    ]
    if summa.budget != 0 or summa.previous != 0:
        columns[:0] = [
            f"{swedish(summa.budget, None)} {unit} i budget {statement.year}",
            f"{swedish(summa.previous, None)} {unit} i budget {statement.previous_year}",
        ]
    return f"Budgeten är inte i balans: Summa ska vara 0 men är {swedish_list(columns)}."


def _amounts_data(amounts: Amounts | BudgetRow) -> dict[str, Any]:
    data = {"budget": amounts.budget, "previous": amounts.previous, "change": amounts.change}
    if amounts.plan:
        data["plan"] = {str(year): amount for year, amount in amounts.plan.items()}
    return data


def _row_data(line: BudgetRow, explain: bool) -> dict[str, Any]:
    item = {"name": line.name, **_amounts_data(line)}
    if explain:
        item["changes"] = [{"reason": c.reason, "amount": c.amount} for c in line.changes]
        if line.restated:
            item["restated"] = line.restated
        if line.note:
            item["note"] = line.note
    return item


def budget_data(statement: BudgetStatement, explain: bool = False) -> dict[str, Any]:
    """The json of SPEC section 3; with `explain`, each line's reasons too."""
    return {
        "organisation": statement.organisation,
        "year": statement.year,
        "previous_year": statement.previous_year,
        "unit": statement.unit,
        "revenue": [_row_data(line, explain) for line in statement.revenue],
        "revenue_total": _amounts_data(statement.revenue_total),
        "costs": [_row_data(line, explain) for line in statement.costs],
        "cost_total": _amounts_data(statement.cost_total),
        "result": _amounts_data(statement.result),
        "balanced": statement.balanced,
    }
