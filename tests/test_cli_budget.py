"""`mercalc budget`: the seed's driftbudget, exactly, in every format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from conftest import SEED_PLAN, run
from seed import SEED_DRIFTBUDGET, seed_number

NBSP = "\u00a0"


def test_table_shows_every_figure_of_the_seed(golden):
    result = run("budget", SEED_PLAN)
    assert result.exit_code == 0
    assert result.stderr == ""
    golden("budget-2023.txt", result.stdout)
    lines = result.stdout.splitlines()
    for label, *figures in SEED_DRIFTBUDGET:
        row = next(line for line in lines if line.strip().startswith(label + " "))
        cells = [cell for cell in row[len(label) + row.index(label) :].split(" ") if cell]
        assert cells == [f.replace(" ", NBSP) for f in figures], label


def test_explain_lists_the_reasons_under_their_lines(golden):
    result = run("budget", SEED_PLAN, "--explain")
    assert result.exit_code == 0
    golden("budget-2023-explain.txt", result.stdout)
    lines = result.stdout.splitlines()
    personnel = next(i for i, line in enumerate(lines) if "Personalkostnader" in line)
    assert "Löneökning 3 % och höjt PO 5 %" in lines[personnel + 1]
    assert lines[personnel + 1].split(" ")[-1] == "716"


def test_json_carries_the_same_figures():
    result = run("budget", SEED_PLAN, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout, parse_float=Decimal)
    assert (data["organisation"], data["year"], data["previous_year"], data["unit"]) == (
        "Sydnärkes IT-nämnd",
        2023,
        2022,
        "tkr",
    )
    rows = [
        *data["revenue"],
        data["revenue_total"],
        *data["costs"],
        data["cost_total"],
        data["result"],
    ]
    assert len(rows) == len(SEED_DRIFTBUDGET)
    for row, (_label, budget, previous, change) in zip(rows, SEED_DRIFTBUDGET, strict=True):
        assert (row["budget"], row["previous"], row["change"]) == (
            seed_number(budget),
            seed_number(previous),
            seed_number(change),
        )
    assert [r["name"] for r in data["revenue"]] == ["Lekeberg", "Laxå", "Askersund", "Hallsberg"]
    assert data["balanced"] is True


def test_csv_and_markdown_carry_the_same_figures(golden):
    table = list(csv.reader(io.StringIO(run("budget", SEED_PLAN, "-f", "csv").stdout)))
    assert table[0] == ["kind", "Post", "Budget 2023", "Budget 2022", "Förändring"]
    assert [row[1:] for row in table[1:]] == [
        [label, *(str(seed_number(f)) for f in figures)] for label, *figures in SEED_DRIFTBUDGET
    ]
    kinds = {row[1]: row[0] for row in table[1:]}
    assert (kinds["Lekeberg"], kinds["Kostnader"], kinds["Summa"]) == ("line", "subtotal", "total")
    markdown = run("budget", SEED_PLAN, "-f", "markdown").stdout
    golden("budget-2023.md", markdown)
    assert "| **Summa** | **0** | **0** | **0** |" in markdown
    assert f"| Askersund | -11{NBSP}268 | -10{NBSP}602 | -666 |" in markdown


def test_unbalanced_plan_exits_1_after_printing_the_difference(plan_text, write_plan):
    path = write_plan(plan_text.replace("budget = 8400", "budget = 8401"))
    result = run("budget", path)
    assert result.exit_code == 1
    assert "Summa                                       1             0            1" in (
        result.stdout.replace(NBSP, " ")
    )
    assert "Budgeten är inte i balans: Summa ska vara 0 men är 1 tkr i budget 2023" in result.stdout
    assert result.stderr == (
        f"{path}:4: plan: does not balance in budget (2023): Summa is 1 "
        "(revenue -41391, costs 41392): costs exceed revenue by 1\n"
    )
    data = json.loads(run("budget", path, "-f", "json").stdout)
    assert data["balanced"] is False and data["result"]["budget"] == 1


def test_output_file_is_written_and_never_over_the_plan(tmp_path, plan_text, write_plan):
    out = tmp_path / "budget.csv"
    result = run("budget", SEED_PLAN, "-f", "csv", "-o", out)
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("kind,Post,Budget 2023")
    plan = write_plan(plan_text)
    result = run("budget", plan, "-o", plan)
    assert result.exit_code == 2
    assert result.stderr == f"{plan}: is an input plan: choose another output file\n"
    assert plan.read_text(encoding="utf-8") == plan_text


def test_missing_file_is_bad_input():
    result = run("budget", "no/such/plan.toml")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "no/such/plan.toml: no such file\n",
    )


def test_a_full_disk_on_stdout_is_said_plainly():
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        import pytest

        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "mercalc", "budget", str(SEED_PLAN)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert (result.returncode, result.stderr) == (
        74,
        "mercalc: cannot write the output: No space left on device\n",
    )


PLAN_YEARS = """[plan]
organisation = "Testnämnd"
year = 2023
plan_years = [2024, 2025]

[indices]
pay = { 2024 = "3.5%", 2025 = "3%" }

[[contribution]]
name = "A"
budget = 400
previous = 380

[[contribution]]
name = "B"
budget = 600
previous = 570

[[cost]]
name = "Personal"
budget = 700
previous = 650
index = "pay"

[[cost]]
name = "Licenser"
budget = 300
previous = 300
plan = { 2025 = 350 }
"""


def test_plan_years_add_a_column_each_in_every_format(write_plan, golden):
    path = write_plan(PLAN_YEARS, "2023.toml")
    result = run("budget", path, "--plan-years")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("budget-plan-years.txt", result.stdout)
    # Personal 700 × 1.035 = 724.5 → 725, × 1.03 = 746.75 → 747; Licenser 300, then 350
    table = list(csv.reader(io.StringIO(run("budget", path, "--plan-years", "-f", "csv").stdout)))
    assert table[0][-3:] == ["Förändring", "Plan 2024", "Plan 2025"]
    assert {row[1]: row[-2:] for row in table[1:]} == {
        "A": ["-410", "-439"],  # 1 025 and 1 097 shared 4:6 by the largest remainder
        "B": ["-615", "-658"],
        "Driftbidrag och övriga intäkter": ["-1025", "-1097"],
        "Personal": ["725", "747"],
        "Licenser": ["300", "350"],
        "Kostnader": ["1025", "1097"],
        "Summa": ["0", "0"],
    }
    data = json.loads(run("budget", path, "--plan-years", "-f", "json").stdout)
    objects = [*data["revenue"], data["revenue_total"], *data["costs"], data["cost_total"]]
    assert [item["plan"] for item in objects] == [
        {"2024": int(a), "2025": int(b)} for a, b in (row[-2:] for row in table[1:-1])
    ]
    assert data["result"]["plan"] == {"2024": 0, "2025": 0} and data["balanced"] is True
    markdown = run("budget", path, "--plan-years", "-f", "markdown").stdout
    assert "| **Summa** | **0** | **0** | **0** | **0** | **0** |" in markdown
    assert "plan" not in json.loads(run("budget", path, "-f", "json").stdout)["result"]


def test_a_plan_year_that_does_not_balance_exits_1_after_printing(write_plan):
    text = PLAN_YEARS.replace('name = "A"\n', 'name = "A"\nplan = { 2024 = 400, 2025 = 400 }\n')
    path = write_plan(
        text.replace('name = "B"\n', 'name = "B"\nplan = { 2024 = 625, 2025 = 690 }\n'),
        "2023.toml",
    )
    result = run("budget", path, "--plan-years")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "\nBudgeten är inte i balans: Summa ska vara 0 men är 7 tkr i plan 2025.\n"
    )
    assert result.stderr == (
        f"{path}:1: plan: does not balance in plan (2025): Summa is 7 "
        "(revenue -1090, costs 1097): costs exceed revenue by 7\n"
    )
    # a problem of the plan: `check` and `budget` without the columns say it too
    assert (run("check", path).exit_code, run("check", path).stderr) == (1, result.stderr)
    assert (run("budget", path).exit_code, run("budget", path).stderr) == (1, result.stderr)


def test_plan_years_in_a_workbook_are_numbers(write_plan, tmp_path):
    import openpyxl

    path = write_plan(PLAN_YEARS, "2023.toml")
    out = tmp_path / "driftbudget.xlsx"
    assert run("budget", path, "--plan-years", "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    header = next(row for row in sheet.iter_rows() if row[-1].value == "Plan 2025")
    assert [cell.value for cell in header[-3:]] == ["Förändring", "Plan 2024", "Plan 2025"]
    rows = {row[0].value: [cell.value for cell in row[-2:]] for row in sheet.iter_rows()}
    assert (rows["Personal"], rows["A"], rows["Summa"]) == ([725, 747], [-410, -439], [0, 0])
