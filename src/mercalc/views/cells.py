"""A report's cells and notes as people read them: money rounded half up in Swedish format,
the notes below a table, and figures exact to 10 decimals for csv and json."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import figure_text, round_half_up
from ..problems import safe_text
from ..swedish import swedish
from .table import CODES, Column, Report, Target, Value


def display(value: Value, column: Column) -> str:
    """A cell as people read it: money rounded half up to whole units, in Swedish format."""
    if value is None:
        return ""
    if column.kind == "code":
        return CODES[str(value)][0]
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Target):  # "högst 20": the word and its figure never part
        figure = swedish(value.amount, None)
        return f"{value.direction}\u00a0{figure}" if value.direction else figure
    if column.kind == "money":
        return swedish(value)
    if column.kind == "rate":
        return swedish(value * 100, None) + "\u00a0%"
    return swedish(value, None)


def rounding_notes(report: Report) -> list[str]:
    """Where a total's rounded exact value differs from the sum of its rounded rows, say so as a
    controller does (SPEC 16: "Avrundningsdifferenser förekommer: raderna blir 101, totalen
    100"), naming the total and what the rounded rows make; never an exact figure's decimals."""
    differences = []
    for row in report.rows:
        if not row.sums:
            continue
        for index, column in enumerate(report.columns):
            value = row.values[index]
            if column.kind != "money" or not isinstance(value, (int, Decimal)):
                continue
            parts = [report.rows[i].values[index] for i in row.sums]
            figures = [v for v in parts if isinstance(v, (int, Decimal))]
            shown = sum((round_half_up(v) for v in figures), Decimal(0))
            if round_half_up(value) != shown:
                differences.append(
                    f"{row.label}, {column.label}: raderna blir {swedish(shown)}, "
                    f"totalen {swedish(value)}"
                )
    if not differences:
        return []
    return [f"Avrundningsdifferenser förekommer: {'; '.join(differences)}."]


def table_notes(report: Report) -> list[str]:
    """The notes shown below a table: its own, then where rounding makes a total differ."""
    empty = [report.empty] if report.empty is not None else []  # a table that shows nothing
    return [*empty, *report.notes, *rounding_notes(report)]


def figure(value: int | Decimal) -> str:
    """A figure for csv and json: exact where it ends within 10 decimals, else rounded half up
    to 10 (`444.9166666667`, not the 28 digits of a division)."""
    return figure_text(value)
