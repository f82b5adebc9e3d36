"""The plan years (planår): indexed, given and unchanged lines, contributions that balance each
year, whole units compounding from the rounded figure."""

from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mercalc.books.budget import budget_statement
from mercalc.books.model import Plan, validate_plan
from mercalc.books.planyears import PlanYearError, line_years, plan_years, shares

SEED_INDICES = (
    '[indices]\npay = { 2024 = "3.5%", 2025 = "3%" }\nprice = { 2024 = "2%", 2025 = "2%" }\n'
)


def plan_of(text: str) -> Plan:
    return validate_plan(tomllib.loads(text, parse_float=Decimal))


def by_hand(amount: int, percent: str) -> int:
    """Raise by a percentage and round half up, the way a controller does it on paper."""
    raised = Decimal(amount) * (100 + Decimal(percent)) / 100
    return int(raised.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amounts(figures) -> dict[int, object]:
    return {year: figure.amount for year, figure in figures.items()}


LINES = """
[plan]
organisation = "Testnämnd"
year = 2023
plan_years = [2024, 2025, 2026]

[indices]
pay = { 2024 = "3.5%", 2025 = "3%", 2026 = "-1%" }

[[contribution]]
name = "A"
budget = 300
previous = 290

[[contribution]]
name = "B"
budget = 700
previous = 690

[[revenue]]
name = "Uppdrag"
budget = 100
plan = { 2025 = 150 }

[[cost]]
name = "Personal"
budget = 1001
previous = 990
index = "pay"
plan = { 2025 = 1100 }

[[cost]]
name = "Lokaler"
budget = 99.5
previous = 90
"""


def test_a_given_figure_wins_an_index_raises_from_last_year_and_the_rest_stays():
    plan = plan_of(LINES)
    personnel, premises = plan.costs
    first = by_hand(1001, "3.5")  # 1 036.035 → 1 036
    assert amounts(line_years(plan, personnel)) == {
        2024: first,
        2025: 1100,  # given: wins over the index
        2026: by_hand(1100, "-1"),  # from the given figure: 1 089
    }
    assert [f.basis for f in line_years(plan, personnel).values()] == ["index", "given", "index"]
    assert line_years(plan, personnel)[2024].rate == Decimal("0.035")
    assert amounts(line_years(plan, premises)) == {2024: Decimal("99.5")} | {
        2025: Decimal("99.5"),
        2026: Decimal("99.5"),
    }


def test_contributions_cover_each_year_in_proportion_to_the_budget_year():
    plan = plan_of(LINES)
    years = plan_years(plan)
    for year in years.years:
        assert years.result(year) == 0
    # 2024: costs 1 036 + 99.5 − revenue 100 = 1 035.5, shared 3:7 → 310.65 and 724.85
    assert [line[2024].amount for line in years.contributions] == [Decimal("310.5"), 725]
    assert sum(line[2024].amount for line in years.contributions) == Decimal("1035.5")
    assert {line[2024].basis for line in years.contributions} == {"spread"}


def test_given_contributions_are_taken_as_they_are():
    plan = plan_of(
        LINES.replace(
            'name = "A"\n', 'name = "A"\nplan = { 2024 = 1, 2025 = 2, 2026 = 3 }\n'
        ).replace('name = "B"\n', 'name = "B"\nplan = { 2024 = 4, 2025 = 5, 2026 = 6 }\n')
    )
    years = plan_years(plan)
    assert [amounts(line) for line in years.contributions] == [
        {2024: 1, 2025: 2, 2026: 3},
        {2024: 4, 2025: 5, 2026: 6},
    ]
    assert years.result(2024) == years.needed(2024) - 5 != 0


def test_a_missing_rate_is_named():
    plan = plan_of(LINES.replace(', 2026 = "-1%"', ""))
    with pytest.raises(PlanYearError, match='Personal: "pay" has no rate for 2026'):
        plan_years(plan)


def test_shares_are_whole_units_by_the_largest_remainder():
    assert shares(10, [1, 1, 1]) == [4, 3, 3]  # ties in the given order
    assert shares(100, [9755, 6356, 11268, 14012]) == [24, 15, 27, 34]
    assert shares(7, [0, 0]) == [4, 3]  # weights adding up to 0: equal shares
    assert shares(5, []) == []


def test_the_seed_with_pay_and_price_indices_shows_sensible_plan_years(plan_text):
    text = plan_text.replace("[capital]", SEED_INDICES + "\n[capital]")
    text = text.replace(
        'name = "Personalkostnader"\n', 'name = "Personalkostnader"\nindex = "pay"\n'
    )
    for name in ("Utrustning/Tjänsteköp", "Licenser och serviceavtal"):
        text = text.replace(f'name = "{name}"\n', f'name = "{name}"\nindex = "price"\n')
    plan = plan_of(text)
    statement = budget_statement(plan, plan_years(plan))
    costs = {row.name: dict(row.plan) for row in statement.costs}
    assert costs["Personalkostnader"] == {2024: 13176, 2025: 13571}  # 12 730 × 1,035 × 1,03
    assert costs["Utrustning/Tjänsteköp"] == {2024: 3225, 2025: 3290}  # 3 162 × 1,02 × 1,02
    assert costs["Licenser och serviceavtal"] == {2024: 8568, 2025: 8739}
    assert costs["Datakommunikation"] == {2024: 2000, 2025: 2000}  # no index: unchanged
    # 13 176 + 3 225 + 2 000 + 8 568 + 1 726 + 13 373; 13 571 + 3 290 + 2 000 + 8 739 + …
    assert dict(statement.cost_total.plan) == {2024: 42068, 2025: 42699}
    assert dict(statement.revenue_total.plan) == {2024: -42068, 2025: -42699}
    assert dict(statement.result.plan) == {2024: 0, 2025: 0} and statement.balanced
    # 42 068 × 9 755 / 41 391 = 9 914.55, Laxå 6 459.96, Askersund 11 452.30, Hallsberg
    # 14 241.18: floors add up to 42 066, the 2 units go to Laxå (.96) and Lekeberg (.55)
    members = [dict(row.plan) for row in statement.contributions]
    assert [m[2024] for m in members] == [-9915, -6460, -11452, -14241]
    assert [m[2025] for m in members] == [-10063, -6557, -11624, -14455]
    for row, member in zip(statement.contributions, members, strict=True):
        exact = Fraction(42068) * Fraction(row.budget) / 41391
        assert abs(Fraction(member[2024]) - exact) < 1


# Hypothesis: whatever the budgets and rates, every plan-year figure is whole or given, each
# indexed figure is raised from last year's rounded figure, and the table adds up exactly.
budgets = st.integers(min_value=0, max_value=10**9)
rates = st.decimals(min_value=Decimal("-0.5"), max_value=Decimal("0.5"), places=4)


@settings(max_examples=150, deadline=None)
@given(
    costs=st.lists(st.tuples(budgets, st.booleans()), min_size=1, max_size=8),
    members=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=5),
    first=rates,
    second=rates,
)
def test_compounding_from_rounded_figures_adds_up_exactly(costs, members, first, second):
    text = [
        '[plan]\norganisation = "N"\nyear = 2023\nplan_years = [2024, 2025]\n',
        f"[indices]\nx = {{ 2024 = {first}, 2025 = {second} }}\n",
    ]
    text += [f'[[contribution]]\nname = "M{i}"\nbudget = {b}\n' for i, b in enumerate(members)]
    text += [
        f'[[cost]]\nname = "C{i}"\nbudget = {b}\n' + ('index = "x"\n' if indexed else "")
        for i, (b, indexed) in enumerate(costs)
    ]
    plan = plan_of("\n".join(text))
    years = plan_years(plan)
    statement = budget_statement(plan, years)
    for (budget, indexed), line in zip(costs, years.costs, strict=True):
        expected_2024 = by_hand(budget, str(first * 100)) if indexed else budget
        expected_2025 = by_hand(expected_2024, str(second * 100)) if indexed else expected_2024
        assert amounts(line) == {2024: expected_2024, 2025: expected_2025}
    for year in (2024, 2025):
        rows = [row.plan[year] for row in statement.revenue + statement.costs]
        assert all(isinstance(value, int) for value in rows)
        assert sum(rows) == statement.result.plan[year] == 0
        assert statement.cost_total.plan[year] == sum(row.plan[year] for row in statement.costs)
