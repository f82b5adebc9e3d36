"""Workbooks read back with openpyxl: figures are numbers as the table rounds them, the table's
emphasis, a header that stays in view, notes below, the title in the properties."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import OUTCOMES, ROOT, SEED_PLAN, run, seed_reports
from seed import HOSTILE, SEED_DRIFTBUDGET, hostile_plan, seed_number

from mercalc.books.loader import load_plan
from mercalc.numbers import round_half_up
from mercalc.problems import safe_text
from mercalc.views.cells import display, table_notes
from mercalc.views.document import plan_document
from mercalc.views.table import CODES, Report, Target
from mercalc.views.xlsx import document_workbook, footnote_marks, report_workbook, sheet_names

HEADER = 3  # the title, a blank row, the header


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def check_sheet(sheet, report: Report) -> None:
    """Every cell of the sheet against the report it was drawn from."""
    assert sheet["A1"].value == report.title and sheet["A1"].font.b
    assert sheet.freeze_panes == f"A{HEADER + 1}"
    header = [cell for cell in sheet[HEADER]]
    labels, marks = footnote_marks(report, [row.label for row in report.rows], table_notes(report))
    skip = 1 if marks is None else 2  # a footnote mark has a cell of its own, after the name
    assert [c.value for c in header] == [report.label_header or None] + [None] * (skip - 1) + [
        c.label for c in report.columns
    ]
    assert all(cell.font.b for cell in header[skip:])
    for number, (row, bare) in enumerate(zip(report.rows, labels, strict=True), HEADER + 1):
        cells = sheet[number]
        label = cells[0]
        assert label.value == bare and label.data_type == "s"
        if marks is not None:
            assert cells[1].value == (marks[number - HEADER - 1] or None)
        assert label.font.b == (row.style in ("subtotal", "total", "group"))
        assert label.font.i == (row.style == "detail")
        assert label.alignment.indent == (1 if row.style == "detail" else 0)
        for cell, value, column in zip(cells[skip:], row.values, report.columns, strict=False):
            check_cell(cell, value, column.kind, row.style)
    notes = [sheet.cell(HEADER + len(report.rows) + 1 + i, 1).value for i in range(3)]
    expected = table_notes(report)
    assert notes[: len(expected) + 1] == ([None, *expected] if expected else [None])
    check_widths(sheet, report, skip)


def check_cell(cell, value, kind: str, style: str) -> None:
    if value is None:
        assert cell.value is None
        return
    assert cell.font.b == (style in ("subtotal", "total", "group"))
    assert cell.font.i == (style == "detail")
    if kind == "code":
        assert cell.value == CODES[value][0]
    elif isinstance(value, Target):  # a number shown with its word: "högst 20"
        assert isinstance(cell.value, (int, float)) and cell.data_type == "n"
        assert Decimal(str(cell.value)) == value.amount
        assert cell.number_format == f'"{value.direction} "#,##0'
    elif isinstance(value, str):
        assert cell.value == value and cell.data_type == "s"
    elif kind == "money":  # a number, as the table rounds it, never text
        assert type(cell.value) is int and cell.data_type == "n"
        assert cell.value == round_half_up(value) and cell.number_format == "#,##0"
    elif kind == "rate":
        assert isinstance(cell.value, (int, float)) and cell.number_format.endswith("%")
        assert Decimal(str(cell.value)) == value
    else:  # exact: the value as it is
        assert isinstance(cell.value, (int, float)) and cell.number_format.startswith("#,##0")
        assert Decimal(str(cell.value)) == value


def check_widths(sheet, report: Report, skip: int = 1) -> None:
    for index, column in enumerate(report.columns, skip + 1):
        letter = openpyxl.utils.get_column_letter(index)
        shown = [display(row.values[index - skip - 1], column) for row in report.rows]
        assert sheet.column_dimensions[letter].width >= max(map(len, [column.label, *shown]))


@pytest.mark.parametrize("report", seed_reports(), ids=lambda r: r.title[:30])
def test_every_table_as_a_workbook(report):
    book = read(report_workbook(report))
    assert book.properties.title == report.title
    assert len(book.sheetnames) == 1
    check_sheet(book.active, report)


def test_the_document_is_a_sheet_per_table():
    document = plan_document(load_plan(SEED_PLAN))
    book = read(document_workbook(document))
    assert book.properties.title == "MER-plan 2023 med planår 2024–2025"
    tables = [part.table for section in document.sections for part in section.parts if part.table]
    assert book.sheetnames == [
        "Mål och indikatorer",
        "Driftbudget",
        "Investeringsbudget",
    ]
    for sheet, table in zip(book.worksheets, tables, strict=True):
        check_sheet(sheet, table)


def test_driftbudget_xlsx_holds_the_seed_figures_as_numbers(tmp_path):
    out = tmp_path / "driftbudget.xlsx"
    result = run("budget", SEED_PLAN, "-o", out)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    sheet = openpyxl.load_workbook(out).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=HEADER + 1)}
    for label, *figures in SEED_DRIFTBUDGET:
        assert [cell.value for cell in rows[label][1:]] == [seed_number(f) for f in figures]
        assert all(cell.data_type == "n" for cell in rows[label][1:])
    assert all(cell.font.b for cell in rows["Summa"])
    assert not any(cell.font.b for cell in rows["Lekeberg"])


def test_report_xlsx_has_a_sheet_per_table(tmp_path):
    out = tmp_path / "mer-plan.xlsx"
    assert run("report", SEED_PLAN, "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Mål och indikatorer",
        "Driftbudget",
        "Investeringsbudget",
    ]
    investments = book["Investeringsbudget"]
    # the footnote marks have a column of their own, after the names
    assert [c.value for c in investments[HEADER + 1]][:4] == [
        "Gemensam IT-invest",
        None,
        "2023-07",
        3000,
    ]
    assert investments.cell(HEADER + 1, 6).value == 0.0125
    assert investments.cell(HEADER + 1, 6).number_format == "0.00%"


def test_every_command_writes_a_workbook(tmp_path):
    for arguments in (
        ["budget", SEED_PLAN, "--explain"],
        ["capital", SEED_PLAN, "--schedule"],
        ["goals", OUTCOMES],
        ["report", SEED_PLAN],
    ):
        out = tmp_path / f"{arguments[0]}.xlsx"
        result = run(*arguments, "-f", "xlsx", "-o", out)
        assert (result.exit_code, result.stderr) == (0, ""), arguments
        book = openpyxl.load_workbook(out)
        assert book.properties.title and all(s.freeze_panes == "A4" for s in book.worksheets)


def test_names_stay_text_in_a_workbook(write_plan, tmp_path):
    out = tmp_path / "hostile.xlsx"
    assert run("budget", hostile_plan(write_plan), "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    labels = [row[0] for row in sheet.iter_rows(min_row=HEADER + 1) if row[0].value]
    assert {cell.data_type for cell in labels} == {"s"}  # never "f": no formula runs
    assert {cell.value for cell in labels} >= {safe_text(name) for name in HOSTILE}


def test_a_sheet_name_is_cut_between_words_never_inside_a_year():
    assert sheet_names(
        [
            "Fördelning mellan kommunerna 2023",
            "Fördelning mellan kommunerna 2024",
            "Kapitalkostnader för investeringarna 2023",
        ]
    ) == [
        "Fördelning mellan kommunerna",
        "Fördelning mellan (2)",
        "Kapitalkostnader för",
    ]


def test_the_budget_workbook_prints_on_a4_fitted_to_the_width_with_its_header_repeated(tmp_path):
    assert run("budget", SEED_PLAN, "-o", tmp_path / "b.xlsx").exit_code == 0
    assert run("capital", "--year", "2023", "--schedule", "-o", tmp_path / "c.xlsx").exit_code == 0
    for name, orientation in (("b.xlsx", "portrait"), ("c.xlsx", "landscape")):
        sheet = openpyxl.load_workbook(tmp_path / name).active
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.orientation == orientation
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == f"${HEADER}:${HEADER}"


def test_a_footnote_mark_has_a_cell_of_its_own_and_figures_stay_values():
    document = plan_document(load_plan(SEED_PLAN))
    sheet = read(document_workbook(document))["Investeringsbudget"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=HEADER + 1, values_only=True)}
    assert rows["IT-invest Lekeberg"][1:4] == ("¹", "2023-07", 3004)
    assert rows["Gemensam IT-invest"][1] is None
    notes = [row[0] for row in rows.values() if isinstance(row[0], str) and row[0][0] == "¹"]
    assert len(notes) == 1
    for row in sheet.iter_rows():
        for cell in row:
            assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_a_column_of_rates_has_one_percent_format():
    from mercalc.views.table import Column, Row

    rates = Report(
        "Räntor",
        (Column("rate", "Räntesats", "rate"),),
        (
            Row("a", (Decimal("0.0125"),)),
            Row("b", (Decimal("0.02"),)),
            Row("c", (Decimal("0.03"),)),
        ),
        data={},
    )
    sheet = read(report_workbook(rates)).active
    formats = {sheet.cell(row, 2).number_format for row in range(HEADER + 1, HEADER + 4)}
    assert formats == {"0.00%"}


def test_a_name_that_reads_as_an_error_value_stays_text(write_plan, tmp_path):
    import tomli_w

    errors = ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
    plan = write_plan(
        tomli_w.dumps(
            {
                "plan": {"organisation": "#N/A", "year": 2023},
                "contribution": [{"name": "K", "budget": len(errors)}],
                "cost": [{"name": name, "budget": 1} for name in errors],
            }
        )
    )
    out = tmp_path / "errors.xlsx"
    assert run("budget", plan, "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value in errors]
    assert {cell.value for cell in cells} == set(errors)
    assert {cell.data_type for cell in cells} == {"s"}  # never "e": an error value


def test_sheet_names_excel_takes():
    assert sheet_names(["Drift/budget [2023]", "x" * 40, "x" * 40, "'q'", "", "a:b*c?\\"]) == [
        "Drift-budget -2023-",
        "x" * 31,
        "x" * 27 + " (2)",
        "q",
        "Blad",
        "a-b-c--",
    ]


def test_a_workbook_that_cannot_be_written_leaves_nothing(tmp_path):
    out = tmp_path / "no" / "such" / "budget.xlsx"
    result = run("budget", SEED_PLAN, "-o", out)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_start_up_does_not_import_openpyxl():
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('openpyxl' in sys.modules, file=sys.stderr))\n"
        "from mercalc.__main__ import run\n"
        "run()\n"
    )
    for arguments in (["budget", "data/2023.toml"], ["budget", "data/2023.toml", "-f", "csv"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *arguments],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(Path(ROOT) / "src")},
        )
        assert result.stderr == "False\n", arguments
