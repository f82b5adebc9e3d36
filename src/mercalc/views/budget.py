"""The driftbudget drawn from its statement: the table as the seed shows it, and its json."""

from __future__ import annotations

from typing import Any

from ..books.budget import Amounts, BudgetRow, BudgetStatement
from ..swedish import swedish
from .table import Column, Report, Row, RowStyle

REVENUE_TOTAL = "Driftbidrag och övriga intäkter"
COST_TOTAL = "Kostnader"
RESULT = "Summa"


def budget_report(statement: BudgetStatement, *, explain: bool = False) -> Report:
    """The driftbudget table, with change reasons under their lines where `explain`."""
    year = statement.year
    columns = (
        Column("budget", f"Budget {year}"),
        Column("previous", f"Budget {statement.previous_year}"),
        Column("change", "Förändring"),
    )
    rows: list[Row] = []
    revenue_rows = _add_rows(rows, statement.revenue, explain)
    revenue_row = len(rows)
    rows.append(_total_row(REVENUE_TOTAL, statement.revenue_total, "subtotal", revenue_rows))
    cost_rows = _add_rows(rows, statement.costs, explain)
    cost_row = len(rows)
    rows.append(_total_row(COST_TOTAL, statement.cost_total, "subtotal", cost_rows))
    rows.append(_total_row(RESULT, statement.result, "total", (revenue_row, cost_row)))
    notes = () if statement.balanced else (_imbalance_note(statement),)
    title = f"Driftbudget {year}, {statement.organisation} ({statement.unit})"
    return Report(title, columns, tuple(rows), notes=notes, data=budget_data(statement, explain))


def _add_rows(rows: list[Row], lines: tuple[BudgetRow, ...], explain: bool) -> tuple[int, ...]:
    """Append the lines (and their reasons); the positions of the lines, for their subtotal."""
    positions = []
    for line in lines:
        positions.append(len(rows))
        rows.append(Row(line.name, (line.budget, line.previous, line.change)))
        if explain:
            rows += [Row(c.reason, (None, None, c.amount), "detail") for c in line.changes]
    return tuple(positions)


def _total_row(label: str, amounts: Amounts, style: RowStyle, sums: tuple[int, ...]) -> Row:
    return Row(label, (amounts.budget, amounts.previous, amounts.change), style, sums)


def _imbalance_note(statement: BudgetStatement) -> str:
    summa, unit = statement.result, statement.unit
    return (
        f"Budgeten är inte i balans: Summa ska vara 0 men är {swedish(summa.budget, None)} {unit} "
        f"i budget {statement.year} och {swedish(summa.previous, None)} {unit} i budget "
        f"{statement.previous_year}."
    )


def _amounts_data(amounts: Amounts | BudgetRow) -> dict[str, Any]:
    return {"budget": amounts.budget, "previous": amounts.previous, "change": amounts.change}


def _row_data(line: BudgetRow, explain: bool) -> dict[str, Any]:
    item = {"name": line.name, **_amounts_data(line)}
    if explain:
        item["changes"] = [{"reason": c.reason, "amount": c.amount} for c in line.changes]
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
