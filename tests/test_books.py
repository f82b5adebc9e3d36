"""The books: a folder of plans and the register (SPEC 5): the capital ledger over every year."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import run
from hypothesis import given, settings
from hypothesis import strategies as st

from mercalc.books.capital import (
    MissingRate,
    capital_cost,
    investment_costs,
    part_schedule,
    rate_lookup,
)
from mercalc.books.loader import load
from mercalc.books.model import Part, validate_register

BOOKS = Path(__file__).resolve().parent / "books"

# The held-out books, written out by hand: (activated year, month, [(amount, years)]).
ASSETS = [
    (2019, 10, [(1800, 5)]),  # the register
    (2021, 7, [(2400, 4)]),
    (2022, 3, [(900, 3), (600, 10)]),
    (2023, 7, [(1200, 3)]),  # the 2023 plan: its activation month, and one given
    (2023, 2, [(600, 2)]),
    (2024, 7, [(1500, 4)]),  # the 2024 plan
]
# The rate of each year as SPEC 5.2 and 16 order them: the register before the plans; each
# plan's interest_rate; the 2024 plan's plan_rates; after them, the last given rate (2026's 3 %).
RATES = {2019: "1.5", 2020: "1.5", 2021: "1.25", 2022: "1", 2023: "1.5", 2024: "2.5"}
RATES |= {2025: "2.75", 2026: "3"}


def rate_text(year: int) -> str:
    return RATES.get(year, RATES[max(RATES)])


def rate(year: int) -> Fraction:
    return Fraction(Decimal(rate_text(year))) / 100


def expected_cost(year: int) -> Fraction:
    """Month by month: each month in service writes off amount / months; each year's interest is
    the rate × the book value when the year (or the service) starts × its months / 12."""
    total = Fraction(0)
    for start_year, start_month, parts in ASSETS:
        for amount, years in parts:
            months = 12 * years
            first = start_year * 12 + start_month - 1
            in_year = [m for m in range(first, first + months) if m // 12 == year]
            if not in_year:
                continue
            book_value = Fraction(amount) - Fraction(amount, months) * (in_year[0] - first)
            total += Fraction(amount, months) * len(in_year)
            total += rate(year) * book_value * len(in_year) / 12
    return total


def test_the_held_out_books_check_clean():
    result = run("check", "--data-dir", BOOKS)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    for name in ("2023.toml", "2024.toml"):
        assert run("check", BOOKS / name).exit_code == 0


@pytest.mark.parametrize("year", range(2018, 2034))
def test_the_capital_ledger_is_exact_before_in_and_after_the_plans(year):
    books = load(BOOKS)
    register = books.register.record
    assert capital_cost(books.all_plans(), year, register) == expected_cost(year)


def test_the_rate_of_each_year_follows_the_books():
    books = load(BOOKS)
    rates = rate_lookup(books.all_plans(), books.register.record)
    assert {year: rates(year) * 100 for year in range(2019, 2029)} == {
        year: Decimal(rate_text(year)) for year in range(2019, 2029)
    }
    assert rates.get(2018) is None
    with pytest.raises(MissingRate):
        rates(2018)


def test_register_investments_are_listed_with_their_month():
    books = load(BOOKS)
    costs = investment_costs(books.all_plans(), register=books.register.record)
    assert [(item.name, item.activated, item.plan_year) for item in costs] == [
        ("Servrar 2019", "2019-10", None),
        ("Klientdatorer 2021", "2021-07", None),
        ("Nätverk 2022", "2022-03", None),
        ("Gemensam IT-invest", "2023-07", 2023),
        ("Skolplattor", "2023-02", 2023),
        ("Gemensam IT-invest", "2024-07", 2024),
    ]


def test_capital_reads_the_books_with_the_register():
    result = run("capital", "--year", "2022", "--data-dir", BOOKS, "-f", "json")
    assert result.exit_code == 0
    assert '"Nätverk 2022"' in result.stdout and '"activated": "2022-03"' in result.stdout
    result = run("capital", BOOKS / "2024.toml", "--schedule", "-f", "csv")
    assert result.exit_code == 0 and "Servrar 2019" in result.stdout


def test_a_year_without_a_rate_is_bad_input_only_where_a_figure_needs_it(tmp_path):
    folder = tmp_path / "books"
    shutil.copytree(BOOKS, folder)
    register = folder / "register.toml"
    register.write_text(
        register.read_text(encoding="utf-8").replace('2019 = "1.5%", ', ""), encoding="utf-8"
    )
    assert run("capital", "--year", "2023", "--data-dir", folder).exit_code == 0
    assert run("check", "--data-dir", folder).exit_code == 0
    result = run("capital", "--year", "2019", "--data-dir", folder)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{register}:5: register.rates: no internal rate (internränta) for 2019: give "
        "interest_rate in the plan of 2019, plan_rates in an earlier plan, or rates in the "
        "register\n"
    )
    assert run("capital", "--schedule", "--data-dir", folder).exit_code == 2


def copy_of_books(tmp_path: Path) -> Path:
    folder = tmp_path / "books"
    shutil.copytree(BOOKS, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_capital_line_is_reconciled_with_the_books(tmp_path):
    """SPEC 5.3: 400 unregistered + C(2024) 2 217,9375 is 2 618, not 2 617."""
    assert round(400 + expected_cost(2024)) == 2618
    folder = copy_of_books(tmp_path)
    plan = folder / "2024.toml"
    edit(plan, "budget = 2618", "budget = 2617")
    edit(plan, 'name = "Licenser"\nbudget = 4100', 'name = "Licenser"\nbudget = 4101')
    result = run("check", plan)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{plan}:52: cost[3].budget: Kapitalkostnader: 2617 in the plan, 2618 by the "
        "books (400 unregistered + 2217.94 capital costs of 2024): the difference is -1\n"
    )


def test_the_capital_line_is_skipped_where_an_investment_was_left_out(tmp_path):
    folder = copy_of_books(tmp_path)
    edit(folder / "2023.toml", "amount = 1200", "amout = 1200")
    edit(folder / "2024.toml", "budget = 2618", "budget = 2617")
    result = run("check", "--data-dir", folder)
    assert result.exit_code == 2
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [
        "investment[0].amout",
        "plan",
    ]


def test_a_capital_line_without_a_rate_is_bad_input(tmp_path):
    folder = copy_of_books(tmp_path)
    plan = folder / "2023.toml"
    edit(plan, 'interest_rate = "1.5%"\n', "")
    result = run("check", plan)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{plan}:56: capital: no internal rate (internränta) for 2023: give interest_rate in the "
        "plan of 2023, plan_rates in an earlier plan, or rates in the register\n"
    )


def check_lines(folder: Path) -> tuple[int, list[str]]:
    """Exit code and each problem's key path and message, without the file and line."""
    result = run("check", "--data-dir", folder)
    return result.exit_code, [line.split(": ", 1)[1] for line in result.stderr.splitlines()]


def test_previous_is_last_years_budget(tmp_path):
    folder = copy_of_books(tmp_path)
    plan = folder / "2024.toml"
    edit(plan, "budget = 9400\nprevious = 9112", "budget = 9400\nprevious = 9100")
    edit(plan, "budget = 5200\nprevious = 5062", "budget = 5200\nprevious = 5074")
    assert check_lines(folder) == (
        1,
        [
            "contribution[0].previous: Lindesberg: previous is 9100, but its budget in 2023 "
            'is 9112: enter previous = 9112, or give restated = "why"',
            "contribution[1].previous: Nora: previous is 5074, but its budget in 2023 is "
            '5062: enter previous = 5062, or give restated = "why"',
        ],
    )
    edit(plan, "previous = 9100\n", 'previous = 9100\nrestated = "Ny fördelning"\n')
    edit(plan, "previous = 5074\n", 'previous = 5074\nrestated = "Ny fördelning"\n')
    assert check_lines(folder) == (0, [])
    result = run("budget", plan, "--explain")
    assert "Omräknad budget: Ny fördelning" in result.stdout


def test_a_line_that_appears_or_vanishes_is_a_problem(tmp_path):
    folder = copy_of_books(tmp_path)
    edit(folder / "2024.toml", 'name = "Licenser"', 'name = "Licenser och avtal"')
    assert check_lines(folder) == (
        1,
        [
            'cost: "Licenser" has a budget of 4000 in 2023 but is missing here: keep the '
            "[[cost]] with budget = 0 and previous = 4000",
            "cost[2].previous: Licenser och avtal: previous is 4000, but the plan of 2023 "
            'has no [[cost]] "Licenser och avtal": enter previous = 0, or give restated = "why"',
        ],
    )


def test_the_books_are_of_one_organisation(tmp_path):
    folder = copy_of_books(tmp_path)
    edit(folder / "2024.toml", 'organisation = "Bergslagens IT-nämnd"', 'organisation = "X"')
    edit(folder / "register.toml", 'organisation = "Bergslagens IT-nämnd"', 'organisation = "Y"')
    assert check_lines(folder) == (
        1,
        [
            f'plan.organisation: "Bergslagens IT-nämnd" is not "Y" of {folder / "register.toml"}: '
            "the books are of one organisation",
            f'plan.organisation: "X" is not "Bergslagens IT-nämnd" of {folder / "2023.toml"}: '
            "the books are of one organisation",
        ],
    )


def test_outcomes_of_one_year_agree_and_goals_show_every_plans(tmp_path):
    folder = copy_of_books(tmp_path)
    result = run("goals", folder / "2023.toml", "-f", "json")
    indicator = json.loads(result.stdout)["goals"][0]["indicators"][0]
    assert indicator["outcomes"] == {"2022": 6, "2023": 5.5}  # 2023's outcome from the 2024 plan
    edit(folder / "2024.toml", "outcomes = { 2022 = 6,", "outcomes = { 2022 = 6.5,")
    assert check_lines(folder) == (
        1,
        [
            "goal[0].indicator[0].outcomes.2022: Sjukfrånvaro: the outcome of 2022 is 6.5 here "
            f"but 6 in {folder / '2023.toml'}"
        ],
    )


def test_a_rule_across_years_is_skipped_where_an_entry_was_left_out(tmp_path):
    folder = copy_of_books(tmp_path)
    edit(folder / "2023.toml", "budget = 9112", "budget = -9112")
    edit(folder / "2024.toml", "budget = 5200\nprevious = 5062", "budget = 5200\nprevious = 5074")
    code, lines = check_lines(folder)
    assert code == 2
    assert [line.split(":")[0] for line in lines] == ["contribution[0].budget", "plan"]


def test_the_books_still_check_after_new(tmp_path):
    folder = copy_of_books(tmp_path)
    result = run("new", folder / "2024.toml")
    assert result.exit_code == 0
    assert "Carried to the new last plan year, to review: plan_rates 2027 = 3 %." in result.stdout
    assert check_lines(folder) == (0, [])
    text = (folder / "2025.toml").read_text(encoding="utf-8")
    assert "[[investment]]" not in text and "restated" not in text
    assert "unregistered = { 2025 = 400, 2026 = 350, 2027 = 350 }" in text
    other = tmp_path / "other.toml"
    result = run("new", folder / "2024.toml", "--index", "Kapitalkostnader=3", "-o", other)
    assert result.exit_code == 2 and "is the capital line" in result.stderr
    assert not other.exists()


@settings(max_examples=200, deadline=None)
@given(
    amount=st.integers(1, 10**9) | st.decimals(Decimal("0.01"), Decimal(10**9), places=2),
    years=st.integers(1, 40),
    month=st.integers(1, 12),
    rate=st.decimals(0, Decimal("0.2"), places=4),
)
def test_the_capital_cost_over_an_assets_life_is_its_amount_plus_interest(
    amount, years, month, rate
):
    register = validate_register(
        {
            "register": {"organisation": "N", "rates": {str(y): rate for y in range(2020, 2062)}},
            "investment": [
                {"name": "A", "activated": f"2020-{month:02d}", "amount": amount, "years": years}
            ],
        }
    )
    schedule = part_schedule(Part(amount=amount, years=years), 2020, month, lambda _year: rate)
    assert sum(year.depreciation for year in schedule) == amount
    assert sum(year.months for year in schedule) == 12 * years
    interest = sum(year.interest for year in schedule)
    life = range(2020, 2020 + years + 1)
    assert sum(capital_cost([], year, register) for year in life) == Fraction(amount) + interest


def test_the_register_checked_by_name_is_checked_with_the_plans_that_read_it(tmp_path):
    folder = copy_of_books(tmp_path)
    register = folder / "register.toml"
    assert run("check", register).exit_code == 0
    edit(folder / "2024.toml", "budget = 2618", "budget = 2617")
    result = run("check", register)
    assert result.exit_code == 1 and "Kapitalkostnader: 2617 in the plan" in result.stderr
    result = run("budget", register)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{register}: is the register, not a plan: give a plan file\n",
    )


def test_every_record_is_immutable_slotted_and_copied_whole():
    """Records are frozen by their shared base: no field set or deleted, nor one added; a copy
    (as the revised budget makes) and a pickle are the same record, frozen still."""
    import copy
    import dataclasses
    import pickle

    from conftest import SEED_PLAN

    plan = load(SEED_PLAN).plans[0].record
    line = plan.costs[0]
    for record in (plan, plan.info, line):
        assert not hasattr(record, "__dict__")
        first = dataclasses.fields(record)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, first, "x")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(record, first)
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.extra = 1  # type: ignore[union-attr]
    for made in (copy.copy(line), copy.deepcopy(plan), pickle.loads(pickle.dumps(plan))):
        assert made == (line if made.__class__ is line.__class__ else plan)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.note = "x"  # type: ignore[misc]
    assert Part(amount=100, years=5) == Part(amount=100, years=5) != Part(amount=100, years=4)
