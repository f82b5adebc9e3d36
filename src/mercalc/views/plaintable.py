"""The table Rich draws, character for character, in plain Python."""

from __future__ import annotations

from .grid import grid
from .table import Report


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
