"""One report, many renderings: a terminal table, markdown, csv, csv-sv or json, from one Report."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from ..numbers import plain, round_half_up, to_figure_places
from ..problems import safe_text
from ..swedish import swedish
from .layout import Layout, fit, heading, indented, wrap
from .table import CODES, Column, Report, Row, Target, Value

# Rich draws tables for a terminal, in colour, up to this many rows (it costs ~0.2 ms a row);
# other output, and larger tables, get the same layout from the plain renderer.
RICH_MAX_ROWS = 300

# Output that is not a terminal is not wrapped: the table takes the width it needs.
NATURAL_WIDTH = 240


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
    controller does ("Avrundningsdifferenser förekommer"), naming the total, its exact value and
    what the rounded rows make."""
    differences = []
    for row in report.rows:
        if not row.sums:
            continue
        for index, column in enumerate(report.columns):
            if column.kind != "money" or not isinstance(row.values[index], (int, Decimal)):
                continue
            parts = [report.rows[i].values[index] for i in row.sums]
            shown = sum((round_half_up(v) for v in parts if v is not None), Decimal(0))
            if round_half_up(row.values[index]) != shown:
                differences.append(
                    f"{row.label}, {column.label} är {swedish(row.values[index])} "
                    f"(exakt {swedish(row.values[index], None)}) men de avrundade raderna blir "
                    f"{swedish(shown)}"
                )
    if not differences:
        return []
    return [f"Avrundningsdifferenser förekommer: {'; '.join(differences)}."]


def render(report: Report, fmt: str, *, color: bool = False, width: int | None = None) -> str:
    """The report as text: `table`, `json`, `csv`, `csv-sv` or `markdown`."""
    if fmt == "json":
        return to_json(report.data) + "\n"
    if fmt in CSV_DIALECTS:
        return to_csv(report, fmt)
    if report.empty is not None and fmt in ("table", "markdown"):
        return report.empty + "\n"
    if fmt == "markdown":
        return to_markdown(report)
    if not color or len(report.rows) > RICH_MAX_ROWS:
        return to_plain_table(report, width)
    return to_rich_table(report, color=color, width=width)


def table_notes(report: Report) -> list[str]:
    """The notes shown below a table: its own, then where rounding makes a total differ."""
    empty = [report.empty] if report.empty is not None else []  # a table that shows nothing
    return [*empty, *report.notes, *rounding_notes(report)]


def _label(row: Row) -> str:
    text = safe_text(row.label)
    return f"  {text}" if row.style == "detail" else text


def _markdown_row(row: Row, columns: tuple[Column, ...]) -> str:
    cells = [
        markdown_text(row.label),
        *(markdown_text(display(v, c)) for v, c in zip(row.values, columns, strict=True)),
    ]
    if row.style in ("subtotal", "total", "group"):
        cells = [f"**{cell}**" if cell else cell for cell in cells]
    elif row.style == "detail":
        cells = [f"*{cell}*" if cell else cell for cell in cells]
        cells[0] = "\u00a0\u00a0" + cells[0]
    return "| " + " | ".join(cells) + " |"


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


def to_rich_table(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """A Rich table laid out as the plain renderer lays it out; names go in as Text, so `[red]`
    in a name is shown, never read as markup."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    drawn = grid(report, width)
    report, gap = drawn.shown, drawn.layout.gap
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        padding=(0, 0 if gap == 1 else 1),
        collapse_padding=gap == 2,
    )
    for lines, size, right in zip(drawn.header, drawn.layout.widths, drawn.right, strict=True):
        table.add_column(
            Text("\n".join(lines)), width=size, no_wrap=True, justify="right" if right else "left"
        )
    styles = {"subtotal": "bold", "total": "bold", "group": "bold", "detail": "italic"}
    for row, lines, end in zip(report.rows, drawn.rows, drawn.ends, strict=True):
        style = styles.get(row.style, "")
        cells = [Text("\n".join(lines[0]), style=style)]
        cells += [
            Text("\n".join(text), style=_cell_style(v, c, style))
            for v, c, text in zip(row.values, report.columns, lines[1:], strict=True)
        ]
        table.add_row(*cells, end_section=end)
    out = io.StringIO()
    console = Console(
        file=out,
        width=max(drawn.layout.width + 1, width or NATURAL_WIDTH),
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for line in drawn.title:
        console.print(Text(line, style="bold"), no_wrap=True, crop=False)
    console.print(table)
    for note in drawn.notes:
        console.print(Text(note), no_wrap=True, crop=False)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def _cell_style(value: Value, column: Column, style: str) -> str:
    if column.kind == "code" and value is not None:
        return f"{style} {CODES[str(value)][1]}".strip()
    return style


def to_plain_table(report: Report, width: int | None = None) -> str:
    """The table Rich draws, character for character, in plain Python: for output that is not
    a terminal, where colour is never used and Rich's import (~30 ms) and ~0.2 ms a row would
    only cost time, and for tables too long for Rich."""
    drawn = grid(report, width)
    widths, gap = drawn.layout.widths, drawn.layout.gap

    def lines(cells: list[list[str]], top: bool = True) -> list[str]:
        height = max(len(cell) for cell in cells)
        # Rich sets a heading's lines at the bottom of the header row, a row's at its top
        filled = [
            cell + [""] * (height - len(cell)) if top else [""] * (height - len(cell)) + cell
            for cell in cells
        ]
        out = []
        for number in range(height):
            padded = (
                cell[number].rjust(size) if right else cell[number].ljust(size)
                for cell, size, right in zip(filled, widths, drawn.right, strict=True)
            )
            out.append((" " + (" " * gap).join(padded)).rstrip())
        return out

    out = [*drawn.title, "", *lines(drawn.header, top=False)]
    out.append(" " + "\u2500" * (drawn.layout.width - 1))
    for cells, end in zip(drawn.rows, drawn.ends, strict=True):
        out.extend(lines(cells))
        if end:
            out.append("")
    out.append("")
    out.extend(drawn.notes)
    return "\n".join(out) + "\n"


_MARKDOWN_SPECIAL = r"([\\|*_`\[\]<>#])"


def markdown_text(text: str) -> str:
    """Text in a markdown table cell: pipes and markup characters escaped, one line."""
    return re.sub(_MARKDOWN_SPECIAL, r"\\\1", safe_text(text.replace("\n", " ")))


def to_markdown(report: Report) -> str:
    """A GitHub-flavoured markdown table with the report's title and notes."""
    out = [f"**{markdown_text(report.title)}**", ""]
    out.append(
        "| "
        + " | ".join(
            [markdown_text(report.label_header), *(markdown_text(c.label) for c in report.columns)]
        )
        + " |"
    )
    out.append(
        "|"
        + "|".join(["---", *("---" if c.kind == "text" else "--:" for c in report.columns)])
        + "|"
    )
    out.extend(_markdown_row(row, report.columns) for row in report.rows)
    notes = table_notes(report)
    if notes:
        out.append("")
        out.extend(markdown_text(note) for note in notes)
    return "\n".join(out) + "\n"


def csv_text(text: str) -> str:
    """A text cell that a spreadsheet cannot run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def figure(value: int | Decimal) -> str:
    """A figure for csv and json: exact where it ends within 10 decimals, else rounded half up
    to 10 (`444.9166666667`, not the 28 digits of a division)."""
    return plain(to_figure_places(value))


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


def _json_parts(value: Any, indent: str, dumps: Callable[..., str]) -> Iterator[str]:
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield f",\n{inner}" if i else f"\n{inner}"
            yield dumps(str(key), ensure_ascii=False)
            yield ": "
            yield from _json_parts(item, inner, dumps)
        yield f"\n{indent}}}"
    elif isinstance(value, (list, tuple)):
        if not value:
            yield "[]"
            return
        yield "["
        for i, item in enumerate(value):
            yield f",\n{inner}" if i else f"\n{inner}"
            yield from _json_parts(item, inner, dumps)
        yield f"\n{indent}]"
    elif isinstance(value, bool) or value is None:
        yield dumps(value)
    elif isinstance(value, (int, Decimal)):
        yield figure(value)  # exact to 10 decimals, never through a float
    else:
        yield dumps(value, ensure_ascii=False)


def to_json(value: Any) -> str:
    """JSON with exact numbers (Decimal written digit for digit, up to 10 decimals)."""
    import json

    return "".join(_json_parts(value, "", json.dumps))
