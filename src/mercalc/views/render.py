"""One report, many renderings: a terminal table, markdown, csv, csv-sv or json, from one Report.

Each rendering has its module (`plaintable`, `richtable`, `markdown`, `csvtext`, `jsontext`);
the cells and notes they share are `cells.py`'s."""

from __future__ import annotations

from .csvtext import CSV_DIALECTS, to_csv
from .markdown import to_markdown
from .plaintable import to_plain_table
from .table import Report

# Rich draws tables for a terminal, in colour, up to this many rows (it costs ~0.2 ms a row);
# other output, and larger tables, get the same layout from the plain renderer.
RICH_MAX_ROWS = 300


def render(report: Report, fmt: str, *, color: bool = False, width: int | None = None) -> str:
    """The report as text: `table`, `json`, `csv`, `csv-sv` or `markdown`."""
    if fmt == "json":
        from .jsontext import to_json  # json's import only where json is written

        return to_json(report.data) + "\n"
    if fmt in CSV_DIALECTS:
        return to_csv(report, fmt)
    if report.empty is not None and fmt in ("table", "markdown"):
        return report.empty + "\n"
    if fmt == "markdown":
        return to_markdown(report)
    if not color or len(report.rows) > RICH_MAX_ROWS:
        return to_plain_table(report, width)
    from .richtable import to_rich_table  # Rich's import (~30 ms) only for a colour terminal

    return to_rich_table(report, color=color, width=width)
