"""A report as Rich draws it for a colour terminal, laid out as the plain renderer lays it out."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .grid import NATURAL_WIDTH, grid
from .table import CODES, Column, Report, Value


def to_rich_table(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """A Rich table laid out as the plain renderer lays it out; names go in as Text, so `[red]`
    in a name is shown, never read as markup."""

    drawn = grid(report, width)
    report, gap = drawn.shown, drawn.layout.gap
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        padding=(0, 0 if gap == 1 else 1),
        collapse_padding=gap == 2,
    )
    for heading, size, right in zip(drawn.header, drawn.layout.widths, drawn.right, strict=True):
        table.add_column(
            Text("\n".join(heading)), width=size, no_wrap=True, justify="right" if right else "left"
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
