"""A report laid out for the terminal: each cell as its lines, to the terminal's width or as
wide as it needs; the Rich and the plain renderer both draw this grid."""

from __future__ import annotations

from typing import NamedTuple

from ..problems import safe_text
from .cells import display, table_notes
from .layout import Layout, fit, heading, indented, wrap
from .table import Report, Row

# Output that is not a terminal is not wrapped: the table takes the width it needs.
NATURAL_WIDTH = 240


def _label(row: Row) -> str:
    text = safe_text(row.label)
    return f"  {text}" if row.style == "detail" else text


class Grid(NamedTuple):
    """A table laid out for the terminal: each cell as its lines, the title and notes too."""

    layout: Layout
    title: list[str]
    header: list[list[str]]
    rows: list[list[list[str]]]
    ends: list[bool]  # a blank line after the row: before the total, and before each group
    notes: list[str]
    right: list[bool]  # figures are right-aligned
    shown: Report  # the report drawn: without the columns a narrow terminal leaves out


def grid(report: Report, width: int | None = None) -> Grid:
    """The report's table laid out to `width` (the terminal's), or as wide as it needs."""
    columns = report.columns
    labels = [_label(row) for row in report.rows]
    cells = [
        [display(v, c) for v, c in zip(row.values, columns, strict=True)] for row in report.rows
    ]
    figures = [False, *(column.kind != "text" for column in columns)]
    layout = fit(
        [report.label_header, *(column.label for column in columns)],
        [labels, *([row[i] for row in cells] for i in range(len(columns)))],
        figures,
        width,
    )
    if width is not None and layout.width > width and any(c.optional for c in columns):
        return grid(without_optional_columns(report, width), width)
    widths = layout.widths
    rows = [
        [
            indented(row.label and safe_text(row.label), widths[0], "  ")
            if row.style == "detail"
            else wrap(label, widths[0]),
            *(wrap(text, size) for text, size in zip(values, widths[1:], strict=True)),
        ]
        for row, label, values in zip(report.rows, labels, cells, strict=True)
    ]
    ends = []
    for position, row in enumerate(report.rows):
        following = report.rows[position + 1] if position + 1 < len(report.rows) else None
        ends.append(
            following is not None
            and (
                following.style == "total" or (following.style == "group" and row.style != "group")
            )
        )
    title = safe_text(report.title)
    notes = table_notes(report)
    if width is not None:
        title = "\n".join(wrap(title, width))
        notes = ["\n".join(wrap(note, width)) for note in notes]
    header = [
        heading(text, size)
        for text, size in zip(
            [report.label_header, *(c.label for c in columns)], widths, strict=True
        )
    ]
    return Grid(layout, title.split("\n"), header, rows, ends, notes, figures, report)


def without_optional_columns(report: Report, width: int) -> Report:
    """The report without the columns that may give way on a terminal too narrow for it, and a
    note naming them."""
    kept = [i for i, column in enumerate(report.columns) if not column.optional]
    left_out = "; ".join(column.label for column in report.columns if column.optional)
    note = (
        f"Vid {width} teckens bredd visas inte: {left_out} "
        "(se dem i en bredare terminal eller med -f csv)."
    )
    return report._replace(
        columns=tuple(report.columns[i] for i in kept),
        rows=tuple(row._replace(values=tuple(row.values[i] for i in kept)) for row in report.rows),
        notes=(*report.notes, note),
    )
