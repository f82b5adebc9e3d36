"""The formats for spreadsheets: csv and csv-sv with a kind on every row, figures to at most 10
decimals, and the format taken from `-o FILE`'s extension."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import ROOT, SEED_PLAN, run
from typer.testing import CliRunner

from mercalc.cli import app
from mercalc.views.cells import figure
from mercalc.views.render import render
from mercalc.views.table import Column, Report, Row

BOM = b"\xef\xbb\xbf"


def rows_of(text: str, separator: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def stdout_bytes(*arguments: object) -> bytes:
    """stdout as sent, byte for byte (the runner's text would turn CRLF into LF)."""
    result = CliRunner().invoke(app, [str(a) for a in arguments])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_csv_golden_files_of_the_seed_budget(golden):
    golden("budget-2023-explain.csv", stdout_bytes("budget", SEED_PLAN, "--explain", "-f", "csv"))
    swedish = stdout_bytes("budget", SEED_PLAN, "--explain", "-f", "csv-sv")
    golden("budget-2023-explain-sv.csv", swedish)
    assert swedish.startswith(BOM) and swedish.count(b"\n") == swedish.count(b"\r\n") == 19


def test_csv_sv_is_what_swedish_excel_opens(tmp_path):
    out = tmp_path / "driftbudget.csv"
    assert run("budget", SEED_PLAN, "--explain", "-f", "csv-sv", "-o", out).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(BOM + "typ;Post;Budget 2023;Budget 2022;Förändring\r\n".encode())
    assert data.count(b"\n") == data.count(b"\r\n") == 19  # CRLF only: header and 18 rows
    text = data[len(BOM) :].decode("utf-8")
    rows = {row[1]: row for row in rows_of(text, ";")}
    assert rows["Lekeberg"] == ["rad", "Lekeberg", "-9755", "-9316", "-439"]
    assert rows["Resor, kurser, tele och hyra"][0] == "rad"  # a comma needs no quotes here
    assert rows["Driftbidrag och övriga intäkter"][0] == "delsumma"
    assert rows["Summa"] == ["summa", "Summa", "0", "0", "0"]
    assert rows["Övrigt, ej specificerat"] == ["orsak", "Övrigt, ej specificerat", "", "", "100"]


def test_csv_sv_rounds_figures_as_the_table_shows_them():
    text = run("capital", SEED_PLAN, "-f", "csv-sv").stdout
    rows = rows_of(text.removeprefix("\ufeff"), ";")
    assert rows[0][:2] == ["typ", "Investering"] and rows[0][5] == "Räntesats (%)"
    laxa = ["rad", "IT-invest Laxå", "2023-07", "1686", "3 och 4 år", "1,25", "222", "11", "233"]
    assert rows[3] == laxa
    assert rows[-1][0] == "summa" and rows[-1][-1] == "1764"


def test_csv_and_json_give_at_most_10_decimals():
    rows = rows_of(run("capital", SEED_PLAN, "-f", "csv").stdout)
    assert rows[3][6:] == ["222.4583333333", "10.5375", "232.9958333333"]
    assert rows[2][6:] == ["415.25", "18.775", "434.025"]  # exact where it ends within 10
    data = json.loads(run("capital", SEED_PLAN, "-f", "json").stdout, parse_float=Decimal)
    assert data["lines"][2]["capital_cost"] == Decimal("232.9958333333")
    assert data["total"]["capital_cost"] == Decimal("1764.34375")


def test_figures_end_within_10_decimals_rounded_half_up():
    assert figure(Decimal("444.9166666666666666666666667")) == "444.9166666667"
    assert figure(Decimal("0.00000000005")) == "0.0000000001"
    assert figure(Decimal("-0.00000000005")) == "-0.0000000001"
    assert figure(Decimal("-0.00000000004")) == "0"
    assert figure(Decimal("1.250000000000000")) == "1.25"
    assert figure(Decimal("0.0123456789")) == "0.0123456789"
    assert figure(-9755) == "-9755"


def test_the_kind_column_lets_a_sum_count_every_amount_once():
    rows = rows_of(run("budget", SEED_PLAN, "--explain", "-f", "csv").stdout)
    assert rows[0][0] == "kind"
    assert {row[0] for row in rows[1:]} == {"line", "reason", "subtotal", "total"}
    change = [(row[0], Decimal(row[4])) for row in rows[1:]]
    lines = sum(amount for kind, amount in change if kind == "line")
    assert lines == next(amount for kind, amount in change if kind == "total")
    assert sum(amount for _, amount in change) != lines  # summing every row counts twice
    goals = rows_of(run("goals", SEED_PLAN, "-f", "csv-sv").stdout.removeprefix("\ufeff"), ";")
    assert goals[0][0] == "typ" and {row[0] for row in goals[1:]} == {"grupp", "rad"}


NAMES = ["a\rb", "c\nd", "e\tf", "g;h", 'i"j', "=\r=1+1", "\t=1", "\r=2", "k\u2028l", "m\x85n"]


@pytest.mark.parametrize("fmt", ["csv", "csv-sv"])
def test_a_name_never_splits_a_row_nor_starts_a_formula(fmt):
    report = Report(
        "T",
        (Column("x", "Belopp"), Column("t", "Text", "text")),
        tuple(Row(name, (Decimal(1), name)) for name in NAMES),
        data={},
    )
    text = render(report, fmt).removeprefix("\ufeff")
    rows = rows_of(text, ";" if fmt == "csv-sv" else ",")
    assert len(rows) == len(NAMES) + 1  # every break within a name is quoted
    for row, name in zip(rows[1:], NAMES, strict=True):
        shown = "'" + name if name[0] in "=\t\r" else name
        assert row[1:] == [shown, "1", shown]


def test_the_format_is_taken_from_the_output_file(tmp_path):
    for name, check in (
        ("b.json", lambda data: json.loads(data)["balanced"] is True),
        ("b.JSON", lambda data: json.loads(data)["balanced"] is True),
        ("b.csv", lambda data: data.startswith(b"kind,Post,")),
        ("b.md", lambda data: data.startswith(b"**Driftbudget 2023")),
        ("b.xlsx", lambda data: data.startswith(b"PK")),
        ("b.txt", lambda data: data.startswith(b"Driftbudget 2023") and b"\xe2\x94\x80" in data),
        ("b", lambda data: data.startswith(b"Driftbudget 2023")),
    ):
        out = tmp_path / name
        result = run("budget", SEED_PLAN, "-o", out)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), name
        assert check(out.read_bytes()), name
    out = tmp_path / "explicit.json"
    assert run("budget", SEED_PLAN, "-f", "csv-sv", "-o", out).exit_code == 0
    assert out.read_bytes().startswith(BOM + b"typ;")  # an explicit --format wins


def test_a_format_the_command_does_not_make_is_bad_input(tmp_path):
    for command, name, made in (
        (["budget", SEED_PLAN], "b.html", "table, json, csv, csv-sv, markdown, xlsx, sie"),
        (["capital", SEED_PLAN], "c.pdf", "table, json, csv, csv-sv, markdown, xlsx"),
        (["capital", SEED_PLAN], "c.se", "table, json, csv, csv-sv, markdown, xlsx"),  # budget's
        (["report", SEED_PLAN], "r.json", "html, markdown, xlsx, pdf"),
        (["report", SEED_PLAN], "r.csv", "html, markdown, xlsx, pdf"),
    ):
        out = tmp_path / name
        result = run(*command, "-o", out)
        wanted = {"se": "sie"}.get(out.suffix[1:], out.suffix[1:])
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"{out}: this command does not write {wanted} (it writes {made}): "
            "choose another file name or give --format\n",
        )
        assert not out.exists() and list(tmp_path.iterdir()) == []


def test_report_takes_its_format_from_the_output_file(tmp_path):
    for name, start in (("r.md", b"# MER-plan 2023"), ("r.xlsx", b"PK"), ("r.htm", b"<!DOCTYPE")):
        out = tmp_path / name
        assert run("report", SEED_PLAN, "-o", out).exit_code == 0
        assert out.read_bytes().startswith(start), name


def test_a_workbook_goes_down_a_pipe_as_bytes():
    result = CliRunner().invoke(app, ["budget", str(SEED_PLAN), "-f", "xlsx"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")


def in_a_terminal(*arguments: str) -> tuple[int, bytes]:
    """Run mercalc with stdout on a pseudo-terminal; its exit code and everything it wrote."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mercalc", *arguments],
        stdout=secondary,
        stderr=secondary,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    return process.wait(), output


@pytest.mark.parametrize(
    "arguments",
    [("budget", "data/2023.toml", "-f", "xlsx"), ("report", "data/2023.toml", "-f", "xlsx")],
)
def test_a_workbook_is_refused_to_a_terminal(arguments):
    code, output = in_a_terminal(*arguments)
    refusal = b"mercalc: xlsx is a file, not for a terminal: give -o FILE.xlsx\r\n"
    assert (code, output) == (2, refusal)
