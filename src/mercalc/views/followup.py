"""The follow-up drawn from its statement: the table of SPEC 8, its notes, and its json."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..books.followup import Figures, FollowUpLine, FollowUpStatement, units_differ
from ..numbers import Number, to_figure_places
from ..swedish import MONTHS, swedish
from .budget import COST_TOTAL, RESULT, REVENUE_TOTAL
from .table import Column, Report, Row, RowStyle, Value

SETTLEMENT = "Avräkning per medlemskommun"
SETTLEMENT_TOTAL = "Summa avräkning"


def month_name(statement: FollowUpStatement) -> str:
    """`augusti`: the month the outcomes run through, in Swedish lower case."""
    return MONTHS[statement.months - 1]


def followup_columns(statement: FollowUpStatement) -> tuple[Column, ...]:
    month = month_name(statement)
    return (
        Column("budget", "Reviderad budget" if statement.revised else "Budget"),
        Column("budget_to_date", f"Budget t.o.m. {month}"),
        Column("actual_to_date", f"Utfall t.o.m. {month}"),
        Column("deviation_to_date", "Avvikelse"),
        Column("forecast", "Prognos"),
        Column("deviation_year", "Avvikelse helår"),
        Column("forecast_method", "Prognosmetod", "code"),
    )


def figure(value: Fraction | Number) -> Number:
    """An exact figure as the table, csv and json carry it: `-66.6666666667` for -200/3 (exact
    where it ends within 10 decimals, else rounded half up: SPEC 9)."""
    return to_figure_places(value)


def _values(figures: Figures) -> tuple[Value, ...]:
    return tuple(figure(value) for value in _figures(figures).values())


def _figures(figures: Figures) -> dict[str, Any]:
    return {
        "budget": figures.budget,
        "budget_to_date": figures.budget_to_date,
        "actual_to_date": figures.actual_to_date,
        "deviation_to_date": figures.deviation_to_date,
        "forecast": figures.forecast,
        "deviation_year": figures.deviation_year,
    }


def followup_report(
    statement: FollowUpStatement, *, methods: bool = True, comments: bool = False
) -> Report:
    """The follow-up table: the driftbudget's rows with their outcome, forecast and deviations,
    the accounts that match no line, Summa, and (with --members) the settlement per member;
    without `methods`, no column of forecast methods (the notes name the entered forecasts);
    with `comments`, a column of each line's comment on its deviation."""
    rows: list[Row] = []
    revenue = _add_lines(rows, statement.revenue)
    revenue_row = _add_total(rows, REVENUE_TOTAL, statement.revenue_total, "subtotal", revenue)
    costs = _add_lines(rows, statement.costs)
    totals = [revenue_row, _add_total(rows, COST_TOTAL, statement.cost_total, "subtotal", costs)]
    if statement.unmapped_line is not None:
        totals += _add_lines(rows, (statement.unmapped_line,))
    _add_total(rows, RESULT, statement.result, "total", tuple(totals))
    if statement.settlement is not None:
        _add_settlement(rows, statement)
    month = month_name(statement)
    title = (
        f"Uppföljning t.o.m. {month} {statement.year}, {statement.organisation} ({statement.unit})"
    )
    columns = followup_columns(statement)
    if not methods:
        columns, rows = columns[:-1], [row._replace(values=row.values[:-1]) for row in rows]
    if comments:
        said = {line.name: line.comment for line in (*statement.revenue, *statement.costs)}
        columns = (*columns, Column("comment", "Kommentar", "text"))
        rows = [
            row._replace(values=(*row.values, said.get(row.label) if row.style == "line" else None))
            for row in rows
        ]
    return Report(
        title,
        columns,
        tuple(rows),
        notes=tuple(followup_notes(statement)),
        data=followup_data(statement),
    )


def _add_lines(rows: list[Row], lines: tuple[FollowUpLine, ...]) -> tuple[int, ...]:
    positions = []
    for line in lines:
        positions.append(len(rows))
        rows.append(Row(line.name, (*_values(line.figures), line.method)))
    return tuple(positions)


def _add_total(
    rows: list[Row], label: str, figures: Figures, style: RowStyle, sums: tuple[int, ...]
) -> int:
    rows.append(Row(label, (*_values(figures), None), style, sums))
    return len(rows) - 1


def _add_settlement(rows: list[Row], statement: FollowUpStatement) -> None:
    """Each member's settlement in whole units (largest remainder: they add up to the rounded
    total), in the column of the full-year deviation."""
    shares = statement.settlement or ()
    units = [share.units for share in shares]
    total = sum(units)
    empty = (None,) * 5
    rows.append(Row(SETTLEMENT, (*empty, None, None), "group"))
    positions = []
    for share, amount in zip(shares, units, strict=True):
        positions.append(len(rows))
        rows.append(Row(share.name, (*empty, amount, None), "settlement"))
    rows.append(Row(SETTLEMENT_TOTAL, (*empty, total, None), "total", tuple(positions)))


def followup_notes(statement: FollowUpStatement) -> list[str]:
    """How to read the table: the signs, the forecasts, the accounts that match no line."""
    month = month_name(statement)
    notes = [
        f"Avvikelse = budget t.o.m. {month} − utfall; avvikelse helår = budget − prognos. "
        "En positiv avvikelse är gynnsam."
    ]
    lines = (*statement.revenue, *statement.costs)
    notes += method_notes(statement)
    notes += [
        f"Inmatad prognos för {line.name}: {line.reason}"
        for line in lines
        if line.method == "entered" and line.reason
    ]
    if statement.unmapped:
        accounts = ", ".join(
            f"{item.account} ({swedish(figure(item.amount), None)})" for item in statement.unmapped
        )
        notes.append(f"{statement.unmapped_line.name}: {accounts}.")  # type: ignore[union-attr]
    if statement.outside is not None:
        outside = statement.outside
        notes.append(
            "Utfall utanför nämndens objekt ([ledger] objects) ingår inte: andra nämnders del "
            f"av huvudboken, {outside.count} st. per konto och objekt, summa "
            f"{swedish(figure(outside.amount), None)}."
        )
    if units_differ(statement) == "smaller":
        notes.append(
            "Utfallet är under en hundradel av budgeten t.o.m. månaden: "
            f"kontrollera enheten (planen är i {statement.unit}, --actuals-unit)."
        )
    if statement.settlement is not None:
        notes.append(
            "Avräkning: ett positivt belopp betalas tillbaka till kommunen, ett negativt "
            "betalar kommunen in. Avvikelsen på kommunens egna investeringars "
            "kapitalkostnader är kommunens egen. Beloppen är avrundade till hela "
            f"{statement.unit} så att de blir summan (största rest)."
            + (" Ej kopplade konton ingår inte." if statement.unmapped else "")
        )
    return notes


def method_notes(statement: FollowUpStatement) -> list[str]:
    """The legend of the forecast methods the table uses (Prognosmetod)."""
    month = month_name(statement)
    used = {line.method for line in (*statement.revenue, *statement.costs)}
    legend = {
        "entered": "inmatad = prognosen i prognosfilen",
        "budget": 'budget = prognos enligt budget (bidragen, rader med forecast = "budget", '
        "och rader utan utfall ännu)",
        "schedule": "kapitalplan = årets kapitalkostnad enligt anläggningarna och deras "
        "aktivering, med de ej registrerade kapitalkostnaderna",
        "trend": f"trend = utfallet t.o.m. {month} ÷ radens andel av året t.o.m. {month} "
        "(efter dess profil, annars jämnt)",
    }
    if not used:
        return []
    return ["Prognosmetod: " + "; ".join(legend[m] for m in legend if m in used) + "."]


def _line_data(line: FollowUpLine) -> dict[str, Any]:
    figures = {key: figure(value) for key, value in _figures(line.figures).items()}
    year = figures.pop("deviation_year")
    return {
        "name": line.name,
        "kind": line.kind,
        **figures,
        "forecast_method": line.method,
        "deviation_year": year,
        "comment": line.comment,
    }


def followup_data(statement: FollowUpStatement) -> dict[str, Any]:
    """The json of SPEC 8."""
    lines = [*statement.revenue, *statement.costs]
    if statement.unmapped_line is not None:
        lines.append(statement.unmapped_line)
    data: dict[str, Any] = {
        "organisation": statement.organisation,
        "year": statement.year,
        "through": f"{statement.through[0]}-{statement.through[1]:02d}",
        "months": statement.months,
        "lines": [_line_data(line) for line in lines],
        "revenue_total": _total_data(statement.revenue_total),
        "cost_total": _total_data(statement.cost_total),
        "result": _total_data(statement.result),
        "unmapped": [
            {"account": item.account, "amount": figure(item.amount)} for item in statement.unmapped
        ],
    }
    if statement.revised:  # each line's budget is its revised budget (SPEC 17)
        data["against"] = "revised"
    if statement.settlement is not None:
        data["settlement"] = [
            {"name": share.name, "amount": share.units, "exact": figure(share.amount)}
            for share in statement.settlement
        ]
    return data


def _total_data(figures: Figures) -> dict[str, Any]:
    return {key: figure(value) for key, value in _figures(figures).items()}
