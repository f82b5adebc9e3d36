"""Rendering: names are data (never markup, escapes or formulas), numbers exact, notes honest."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from conftest import run
from seed import HOSTILE, hostile_plan

from mercalc.views.render import RICH_MAX_ROWS, render, rounding_notes
from mercalc.views.table import Column, Report, Row

ESCAPES = "\x1b[31mRöd\x1b[0m\x07"  # bad input in a plan file; a table made in code may hold it


def test_escapes_and_markup_in_names_are_shown_as_text(write_plan):
    table = run("budget", hostile_plan(write_plan)).stdout
    assert "[red]Markup[/red] [link=http://x]länk[/link]" in table
    report = Report("Test", (Column("x", "Belopp"),), (Row(ESCAPES, (Decimal(1),)),), data={})
    for fmt in ("table", "markdown"):
        drawn = render(report, fmt, color=fmt == "table")
        assert "\x1b[31m" not in drawn and "\x07" not in drawn, fmt
        assert "x1b" in drawn, fmt  # shown, as text


def test_csv_cells_cannot_run_as_formulas(write_plan):
    rows = list(
        csv.reader(io.StringIO(run("budget", hostile_plan(write_plan), "-f", "csv").stdout))
    )
    names = {row[1] for row in rows}
    for formula in ("=HYPERLINK", "+1+1", "-2+3", "@SUM(A1)"):
        assert not any(name.startswith(formula) for name in names)
        assert any(name.startswith("'" + formula) for name in names)
    assert ["line", "K", "-7", "0", "-7"] in rows  # numbers stay plain numbers


def test_markdown_escapes_pipes_and_markup(write_plan):
    markdown = run("budget", hostile_plan(write_plan), "-f", "markdown").stdout
    assert "| A \\| B \\| C | 1 | 0 | 1 |" in markdown
    assert "\\<script\\>" in markdown and "<script>" not in markdown


def test_json_carries_names_as_they_are(write_plan):
    import json

    data = json.loads(run("budget", hostile_plan(write_plan), "-f", "json").stdout)
    assert [line["name"] for line in data["costs"]] == HOSTILE


def report_of(values: list[Decimal]) -> Report:
    rows = [Row(f"Rad {i}", (v,)) for i, v in enumerate(values)]
    rows.append(Row("Summa", (sum(values, Decimal(0)),), "total", tuple(range(len(values)))))
    return Report("Test", (Column("x", "Belopp"),), tuple(rows), data={})


def test_a_total_that_differs_from_its_rounded_rows_is_noted():
    report = report_of([Decimal("0.4"), Decimal("0.4"), Decimal("0.4")])
    assert rounding_notes(report) == [
        "Avrundningsdifferenser förekommer: Summa, Belopp är 1 (exakt 1,2) men de avrundade "
        "raderna blir 0."
    ]
    assert rounding_notes(report_of([Decimal("0.4"), Decimal("0.6")])) == []
    assert "de avrundade raderna blir 0." in render(report, "table")
    two = Report(
        "Test",
        (Column("x", "A"), Column("y", "B")),
        (
            Row("Rad", (Decimal("0.4"), Decimal("1.4"))),
            Row("Rad", (Decimal("0.4"), Decimal("1.4"))),
            Row("Summa", (Decimal("0.8"), Decimal("2.8")), "total", (0, 1)),
        ),
        data={},
    )
    assert rounding_notes(two) == [  # one note: each total that differs, its facts
        "Avrundningsdifferenser förekommer: Summa, A är 1 (exakt 0,8) men de avrundade raderna "
        "blir 0; Summa, B är 3 (exakt 2,8) men de avrundade raderna blir 2."
    ]


def test_large_tables_are_drawn_without_rich_even_in_a_terminal():
    values = [Decimal(i) + Decimal("0.5") for i in range(RICH_MAX_ROWS + 1)]
    text = render(report_of(values), "table", color=True)
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert lines[0] == "Test"
    assert lines[4].split() == ["Rad", "0", "1"]
    total = sum(values)
    summa = next(line for line in lines if line.startswith(" Summa"))
    assert summa.split("  ")[-1].strip() == f"{int(total + Decimal('0.5')):,}".replace(
        ",", "\u00a0"
    )


def test_the_plain_renderer_draws_what_rich_draws():
    """Output that is not a terminal skips Rich; it must not look any different."""
    from conftest import seed_reports

    from mercalc.views.render import to_plain_table, to_rich_table

    for report in seed_reports():
        assert to_plain_table(report) == to_rich_table(report), report.title
