"""Rendering: names are data (never markup, escapes or formulas), numbers exact, notes honest."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from conftest import run
from seed import HOSTILE, hostile_plan

from mercalc.views.cells import rounding_notes
from mercalc.views.render import RICH_MAX_ROWS, render
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
        "Avrundningsdifferenser förekommer: Summa, Belopp: raderna blir 0, totalen 1."
    ]
    assert rounding_notes(report_of([Decimal("0.4"), Decimal("0.6")])) == []
    assert "raderna blir 0, totalen 1." in render(report, "table")
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
        "Avrundningsdifferenser förekommer: Summa, A: raderna blir 0, totalen 1; "
        "Summa, B: raderna blir 2, totalen 3."
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

    from mercalc.views.plaintable import to_plain_table
    from mercalc.views.richtable import to_rich_table

    for report in seed_reports():
        assert to_plain_table(report) == to_rich_table(report), report.title


def _heading_parts(report, width: int) -> list[tuple[str, list[str]]]:
    """Each column's heading and the words its lines show at `width`."""
    from mercalc.views.grid import grid

    drawn = grid(report, width)
    labels = [report.label_header, *(column.label for column in report.columns)]
    return [
        (label, " ".join(lines).split()) for label, lines in zip(labels, drawn.header, strict=True)
    ]


def test_headings_wrap_between_words_and_abbreviate_a_word_too_long():
    from conftest import seed_reports

    for report in seed_reports():
        for width in (60, 80, 100):
            for label, shown in _heading_parts(report, width):
                words = label.split()
                assert len(shown) == len(words), (label, shown, width)
                for word, part in zip(words, shown, strict=True):
                    # the whole word, or its beginning with a full stop: never a cut word
                    assert part == word or (
                        part.endswith(".") and word.startswith(part[:-1]) and len(part) >= 5
                    ), (label, shown, width)


def test_at_80_columns_no_heading_is_cut_inside_a_word():
    result = run("capital", "--year", "2023")
    assert result.exit_code == 0
    from conftest import seed_reports

    capital = seed_reports()[2]
    shown = dict(_heading_parts(capital, 80))
    assert shown["Investering"] == ["Investering"]
    assert all(not part.endswith(("/", "-")) for parts in shown.values() for part in parts)


def test_a_wrapped_reason_keeps_its_indent():
    from conftest import seed_reports

    from mercalc.views.plaintable import to_plain_table

    text = to_plain_table(seed_reports()[1], 60)
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("   Löneökning"))
    assert lines[first + 1].startswith("   höjt PO 5 %")


def test_a_what_if_key_fits_60_columns_leaving_out_what_may_give_way():
    from conftest import ROOT

    from mercalc.books.loader import load
    from mercalc.books.memberstatement import members_statement
    from mercalc.views.members import members_report
    from mercalc.views.plaintable import to_plain_table
    from mercalc.views.richtable import to_rich_table

    books = load(ROOT / "tests" / "plans" / "members" / "2023.toml")
    report = members_report(members_statement(books, 2023, "Användare"))
    text = to_plain_table(report, 60)
    assert max(map(len, text.splitlines())) <= 60
    assert text == to_rich_table(report, width=60)
    header = " ".join(text.splitlines()[3:5])
    for label in ("Beräknat", "Enligt", "Användare", "Skillnad", "Differens"):
        assert label in header
    assert text.rstrip().endswith(
        "Vid 60 teckens bredd visas inte: Gemensamt, Invånare;\nGemensamt, Användare; "
        "Direkta kostnader; Budget 2022;\nFörändring (se dem i en bredare terminal eller med "
        "-f csv)."
    )
    assert "visas inte" not in to_plain_table(report, 200)  # room for every column
