"""The driftbudget drawn from its statement: the table as the seed shows it, and its json."""

from __future__ import annotations

from typing import Any, NamedTuple

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
    # budgetjustering: the revisions of the year and the revised budget beside the adopted one
    revised = (
        (Column("adjustment", "Justering"), Column("revised", f"Reviderad budget {year}"))
        if statement.revised
        else ()
    )
    columns = (
        Column("budget", f"Budget {year}"),
        Column("previous", _previous_heading(statement)),
        Column("change", "Förändring"),
        *revised,
        *(Column(f"plan_{plan_year}", f"Plan {plan_year}") for plan_year in statement.plan_years),
    )
    rows: list[Row] = []
    shape = _Shape(statement.plan_years, statement.revised)
    marks = Footnotes() if footnotes else None
    revenue_rows = _add_rows(rows, statement.revenue, shape, explain, marks)
    revenue_row = len(rows)
    rows.append(_total_row(REVENUE_TOTAL, statement.revenue_total, shape, "subtotal", revenue_rows))
    cost_rows = _add_rows(rows, statement.costs, shape, explain, marks)
    cost_row = len(rows)
    rows.append(_total_row(COST_TOTAL, statement.cost_total, shape, "subtotal", cost_rows))
    rows.append(_total_row(RESULT, statement.result, shape, "total", (revenue_row, cost_row)))
    notes: tuple[str, ...] = () if statement.balanced else (_imbalance_note(statement),)
    if marks is not None:
        notes += marks.lines()
    title = f"Driftbudget {year}, {statement.organisation} ({statement.unit})"
    return Report(title, columns, tuple(rows), notes=notes, data=budget_data(statement, explain))


class _Shape(NamedTuple):
    """The columns after Förändring: Justering and Reviderad budget where the plan has
    revisions, then the plan years."""

    years: tuple[int, ...]
    revised: bool

    @property
    def width(self) -> int:
        return 3 + (2 if self.revised else 0) + len(self.years)

    def detail(self, *, change: Number | None = None, adjustment: Number | None = None) -> tuple:
        """A detail row's values: a reason's amount in the column it explains."""
        values: list[Number | None] = [None, None, change]
        if self.revised:
            values += [adjustment, None]
        return (*values, *(None,) * len(self.years))


def _previous_heading(statement: BudgetStatement) -> str:
    """Last year's budget, revised where its revisions enter it."""
    heading = f"Budget {statement.previous_year}"
    return f"{heading} (reviderad)" if statement.previous_revised else heading


def _add_rows(
    rows: list[Row],
    lines: tuple[BudgetRow, ...],
    shape: _Shape,
    explain: bool,
    marks: Footnotes | None,
) -> tuple[int, ...]:
    """Append the lines (and their reasons); the positions of the lines, for their subtotal."""
    positions = []
    for line in lines:
        positions.append(len(rows))
        label = line.name if marks is None else marks.mark(line.name, line.note)
        rows.append(Row(label, _values(line, shape)))
        if not explain:
            continue
        if line.note and marks is None:
            rows.append(Row(f"Not: {line.note}", shape.detail(), "detail"))
        if line.restated:
            # omräknad budget: the previous column is last year's budget redone, and why
            rows.append(Row(f"Omräknad budget: {line.restated}", shape.detail(), "detail"))
        rows += [Row(c.reason, shape.detail(change=c.amount), "detail") for c in line.changes]
        rows += [
            Row(
                f"{r.reason} ({', '.join(r.refs)}, {r.date.isoformat()})",
                shape.detail(adjustment=r.amount),
                "detail",
            )
            for r in line.revisions
        ]
    return tuple(positions)


def _values(amounts: Amounts | BudgetRow, shape: _Shape) -> tuple[Number, ...]:
    """Budget, previous, change, [justering, reviderad budget,] then each plan year's figure."""
    revised = (amounts.adjustment, amounts.revised) if shape.revised else ()
    return (
        amounts.budget,
        amounts.previous,
        amounts.change,
        *revised,
        *(amounts.plan[y] for y in shape.years),
    )


def _total_row(
    label: str, amounts: Amounts, shape: _Shape, style: RowStyle, sums: tuple[int, ...]
) -> Row:
    return Row(label, _values(amounts, shape), style, sums)


def _imbalance_note(statement: BudgetStatement) -> str:
    summa, unit = statement.result, statement.unit
    columns = [
        f"{swedish(summa.plan[year], None)} {unit} i plan {year}"
        for year in statement.plan_years
        if summa.plan[year] != 0
    ]
    if statement.revised and summa.revised != 0:
        columns[:0] = [f"{swedish(summa.revised, None)} {unit} i reviderad budget {statement.year}"]
    if summa.budget != 0 or summa.previous != 0:
        columns[:0] = [
            f"{swedish(summa.budget, None)} {unit} i budget {statement.year}",
            f"{swedish(summa.previous, None)} {unit} i budget {statement.previous_year}",
        ]
    return f"Budgeten är inte i balans: Summa ska vara 0 men är {swedish_list(columns)}."


def _amounts_data(amounts: Amounts | BudgetRow, revised: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "budget": amounts.budget,
        "previous": amounts.previous,
        "change": amounts.change,
    }
    if revised:
        data["revised"] = amounts.revised
    if amounts.plan:
        data["plan"] = {str(year): amount for year, amount in amounts.plan.items()}
    return data


def _row_data(line: BudgetRow, explain: bool, revised: bool) -> dict[str, Any]:
    item = {"name": line.name, **_amounts_data(line, revised)}
    if explain:
        item["changes"] = [{"reason": c.reason, "amount": c.amount} for c in line.changes]
        if line.revisions:
            item["revisions"] = [
                {
                    "date": r.date.isoformat(),
                    "ref": list(r.refs),
                    "amount": r.amount,
                    "reason": r.reason,
                    "one_off": r.one_off,
                }
                for r in line.revisions
            ]
        if line.restated:
            item["restated"] = line.restated
        if line.note:
            item["note"] = line.note
    return item


def budget_data(statement: BudgetStatement, explain: bool = False) -> dict[str, Any]:
    """The json of SPEC section 3; with `explain`, each line's reasons too; where the plan
    has revisions, each line's and total's revised budget (SPEC 17)."""
    revised = statement.revised
    return {
        "organisation": statement.organisation,
        "year": statement.year,
        "previous_year": statement.previous_year,
        "unit": statement.unit,
        "revenue": [_row_data(line, explain, revised) for line in statement.revenue],
        "revenue_total": _amounts_data(statement.revenue_total, revised),
        "costs": [_row_data(line, explain, revised) for line in statement.costs],
        "cost_total": _amounts_data(statement.cost_total, revised),
        "result": _amounts_data(statement.result, revised),
        "balanced": statement.balanced,
    }
