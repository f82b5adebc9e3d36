"""`mercalc capital`: the seed's investment budget, plan years and the schedule."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import DATA, SEED_PLAN, run

NBSP = "\u00a0"


def cells(line: str) -> list[str]:
    return [cell for cell in line.split(" ") if cell]


def test_the_seed_table_for_2023(golden):
    result = run("capital", "--year", "2023", "--data-dir", DATA)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("capital-2023.txt", result.stdout)
    rows = {line.split("  ")[0].strip(): cells(line) for line in result.stdout.splitlines()[3:]}
    assert rows["Gemensam IT-invest"][-1] == "519"
    assert [rows[f"IT-invest {m}"][-1] for m in ("Lekeberg", "Laxå", "Askersund", "Hallsberg")] == [
        "434",
        "233",
        "322",
        "256",
    ]
    assert rows["Totalt"][1] == f"12{NBSP}095" and rows["Totalt"][-1] == f"1{NBSP}764"


def test_json_of_the_seed_year():
    data = json.loads(
        run("capital", SEED_PLAN, "-y", "2023", "-f", "json").stdout, parse_float=Decimal
    )
    assert data["year"] == 2023
    assert data["lines"][0] == {
        "name": "Gemensam IT-invest",
        "activated": "2023-07",
        "municipality": None,
        "years": [3],
        "rate": Decimal("0.0125"),
        "amount": 3000,
        "book_value": 3000,
        "depreciation": 500,
        "interest": Decimal("18.75"),
        "capital_cost": Decimal("518.75"),
    }
    assert data["total"]["amount"] == 12095


def test_a_plan_year_shows_the_full_year_effect():
    result = run("capital", "--year", "2024", "--data-dir", DATA)
    line = next(li for li in result.stdout.splitlines() if li.startswith(" Gemensam"))
    assert cells(line)[-1] == f"1{NBSP}031"


def test_a_year_without_investments_is_an_empty_table():
    for year in ("2019", "2031"):
        result = run("capital", "--year", year, "--data-dir", DATA, "-f", "json")
        assert result.exit_code == 0
        assert json.loads(result.stdout)["lines"] == []


def test_the_schedule_marks_the_budget_and_plan_years(golden):
    result = run("capital", "--schedule", "--data-dir", DATA)
    assert result.exit_code == 0
    golden("capital-schedule.txt", result.stdout)
    header = result.stdout.splitlines()[2]
    assert "2023 (budget)" in header and "2024 (planår)" in header and "2025 (planår)" in header
    assert "2027" in header and "2028" not in header


def test_a_later_plan_rate_applies_to_earlier_investments(tmp_path, plan_text):
    (tmp_path / "2023.toml").write_text(plan_text, encoding="utf-8")
    (tmp_path / "2024.toml").write_text(
        '[plan]\norganisation = "Sydnärkes IT-nämnd"\nyear = 2024\n\n'
        '[capital]\ninterest_rate = "2.5%"\n',
        encoding="utf-8",
    )
    data = json.loads(
        run("capital", "-y", "2024", "--data-dir", tmp_path, "-f", "json").stdout,
        parse_float=Decimal,
    )
    assert data["rate"] == Decimal("0.025")
    assert data["lines"][0]["interest"] == Decimal("62.5")


def test_two_plans_for_one_year_are_bad_input(tmp_path, plan_text):
    (tmp_path / "a.toml").write_text(plan_text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(plan_text, encoding="utf-8")
    result = run("capital", "--data-dir", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path / 'b.toml'}:6: plan.year: 2023 is already the year of {tmp_path / 'a.toml'}: "
        "one plan per year\n"
    )


INVESTMENT = '[[investment]]\nname = "Datorer"\n{body}\n'


@pytest.mark.parametrize(
    ("capital", "body", "line", "key", "says"),
    [
        ('"1.25%"', "amount = -300\nyears = 3", 8, "investment[0].amount", "is negative"),
        ('"1.25%"', "amount = 300\nyears = 0", 9, "investment[0].years", "depreciation period"),
        ('"1.25%"', "amount = 300\nyears = 101", 9, "investment[0].years", "depreciation period"),
        ('"abc"', "amount = 300\nyears = 3", 5, "capital.interest_rate", "percentage"),
        ('"150%"', "amount = 300\nyears = 3", 5, "capital.interest_rate", "0–100 %"),
        (
            '"1.25%"',
            "amount = 300\nyears = 3\nparts = [{ amount = 300, years = 3 }]",
            6,
            "investment[0]",
            "not both",
        ),
        (
            '"1.25%"',
            'municipality = "Laxå"\namount = 300\nyears = 3',
            8,
            "investment[0].municipality",
            "not a member",
        ),
    ],
)
def test_bad_capital_values_name_file_line_and_key(write_plan, capital, body, line, key, says):
    path = write_plan(
        f'[plan]\norganisation = "N"\nyear = 2023\n[capital]\ninterest_rate = {capital}\n'
        + INVESTMENT.format(body=body)
    )
    result = run("capital", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:{line}: {key}: ")
    assert says in result.stderr and len(result.stderr.splitlines()) == 1


def test_every_problem_of_every_plan_in_the_folder_is_said(tmp_path, plan_text):
    (tmp_path / "2023.toml").write_text(
        plan_text.replace("years = 3\n", "years = 0\n", 1), encoding="utf-8"
    )
    (tmp_path / "2024.toml").write_text("[plan]\nyear = 2024\n", encoding="utf-8")
    result = run("capital", "--data-dir", tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [
        "investment[0].years",
        "plan.organisation",
    ]
