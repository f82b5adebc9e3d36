"""A report as a GitHub-flavoured markdown table, with its title and notes."""

from __future__ import annotations

import re

from ..problems import safe_text
from .cells import display, table_notes
from .table import Column, Report, Row

_MARKDOWN_SPECIAL = r"([\\|*_`\[\]<>#])"


def markdown_text(text: str) -> str:
    """Text in a markdown table cell: pipes and markup characters escaped, one line."""
    return re.sub(_MARKDOWN_SPECIAL, r"\\\1", safe_text(text.replace("\n", " ")))


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
