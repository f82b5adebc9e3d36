"""A report as csv for programs (exact figures) or csv-sv as Swedish Excel opens it: one row a
line, led by its kind."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..numbers import plain, round_half_up
from .cells import figure
from .table import CODES, Column, Report, Target, Value


def csv_text(text: str) -> str:
    """A text cell that a spreadsheet cannot run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CsvDialect(NamedTuple):
    """How a csv is written: `csv` for programs, `csv-sv` as Swedish Excel opens it."""

    separator: str
    newline: str
    bom: str
    kind_header: str
    kinds: dict[str, str]  # row style → the kind that leads its line
    swedish: bool  # figures rounded as the table shows them, with a decimal comma


# Each line starts with its kind, so that summing a column never counts a row twice.
CSV_DIALECTS = {
    "csv": CsvDialect(
        ",",
        "\n",
        "",
        "kind",
        {
            "line": "line",
            "subtotal": "subtotal",
            "total": "total",
            "detail": "reason",
            "group": "group",
            "settlement": "settlement",
        },
        swedish=False,
    ),
    "csv-sv": CsvDialect(
        ";",
        "\r\n",
        "\ufeff",
        "typ",
        {
            "line": "rad",
            "subtotal": "delsumma",
            "total": "summa",
            "detail": "orsak",
            "group": "grupp",
            "settlement": "avräkning",
        },
        swedish=True,
    ),
}


# A field with the separator, a quote, a line break, a tab or another control character is
# quoted, so that a name can never split a row (or start a new one with a formula).
_CSV_SPECIAL = r'["\x00-\x1f\x7f-\x9f\u2028\u2029{}]'


def _csv_field(value: Value, column: Column, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if column.kind == "code":
        return CODES[str(value)][0]
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, Target):
        value = value.amount
    if not dialect.swedish:
        return figure(value)
    # as the table shows it: money in whole units, a rate as its percentage, no thousands
    if column.kind == "money":
        text = plain(round_half_up(value))
    else:
        text = figure(value * 100 if column.kind == "rate" else value)
    return text.replace(".", ",")


def _csv_header(column: Column, dialect: CsvDialect) -> str:
    if dialect.swedish and column.kind == "rate":
        return csv_text(f"{column.label} (%)")
    return csv_text(column.label)


def to_csv(report: Report, fmt: str = "csv") -> str:
    """One row a line, led by its kind; `csv` carries plain exact numbers (`-9755`, `518.75`),
    `csv-sv` the table's figures as Swedish Excel reads them (`-9755`, `1,25`; `;`, BOM, CRLF)."""
    dialect = CSV_DIALECTS[fmt]
    special = re.compile(_CSV_SPECIAL.format(re.escape(dialect.separator)))

    def line(fields: list[str]) -> str:
        return dialect.separator.join(
            '"' + field.replace('"', '""') + '"' if special.search(field) else field
            for field in fields
        )

    columns = report.columns
    out = [
        line(
            [
                dialect.kind_header,
                csv_text(report.label_header or "Post"),
                *(_csv_header(c, dialect) for c in columns),
            ]
        )
    ]
    out.extend(
        line(
            [
                dialect.kinds[row.style],
                csv_text(row.label),
                *(_csv_field(v, c, dialect) for v, c in zip(row.values, columns, strict=True)),
            ]
        )
        for row in report.rows
    )
    return dialect.bom + dialect.newline.join(out) + dialect.newline
