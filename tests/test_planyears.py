"""The plan years (planår): indexed, given and unchanged lines, contributions that balance each
year, whole units compounding from the rounded figure."""

from __future__ import annotations

import json
import math
import shutil
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import run
from hypothesis import given, settings
from hypothesis import strategies as st

from mercalc.books.budget import budget_statement
from mercalc.books.lineyears import PlanYearError, line_years
from mercalc.books.loader import load
from mercalc.books.model import Plan, validate_plan
from mercalc.books.planyears import books_plan_years, plan_years
from mercalc.numbers import largest_remainder, proportional, round_half_up
from mercalc.views.assumptions import plan_year_items
from mercalc.views.document import plan_document
from mercalc.views.html import to_markdown_document

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
    assert proportional(10, [1, 1, 1]) == [4, 3, 3]  # ties in the given order
    assert proportional(100, [9755, 6356, 11268, 14012]) == [24, 15, 27, 34]
    assert proportional(7, [0, 0]) == [4, 3]  # weights adding up to 0: equal shares
    assert proportional(5, []) == []


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


# The held-out books: a register, a 2023 plan with indexed, given and unchanged lines, a capital
# line and a key, and a 2024 plan with a higher rate and a new investment. Every figure below is
# worked out here, month by month, without mercalc's own capital or key code.
HELD_OUT = Path(__file__).resolve().parent / "planyears"
# (amount, years, activated year, month, member) of the register's and the 2023 plan's investments
DECIDED_IN_2023 = [
    (4800, 5, 2021, 7, None),
    (1800, 3, 2022, 1, "Nora"),
    (3000, 4, 2023, 7, None),
    (1200, 3, 2023, 7, "Lindesberg"),
]
POPULATION = {"Nora": 10300, "Lindesberg": 23600, "Ljusnarsberg": 4800}


def capital_cost_by_month(
    year: int, rate: Fraction, member: str | None = None, investments=DECIDED_IN_2023
) -> Fraction:
    """Straight-line depreciation month by month, interest on the book value at the start of the
    year for the months in service."""
    total = Fraction(0)
    for amount, years, first_year, month, owner in investments:
        if member is not None and owner != member:
            continue
        start = first_year * 12 + month - 1
        in_service = [
            m for m in range(year * 12, year * 12 + 12) if start <= m < start + 12 * years
        ]
        monthly = Fraction(amount, 12 * years)
        if in_service:
            book_value = amount - monthly * (in_service[0] - start)
            total += monthly * len(in_service) + rate * book_value * len(in_service) / 12
    return total


def half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def by_population(common: int, capital_line: int, year: int, rate: Fraction) -> list[int]:
    """Each member's share: the common costs by population, its own investments' capital cost,
    the rest of the capital line by population; whole units by the largest remainder."""
    everyone = sum(POPULATION.values())
    own = {m: capital_cost_by_month(year, rate, m) for m in POPULATION}
    shared = capital_line - sum(own.values())
    exact = [
        (common + shared) * Fraction(value, everyone) + own[m] for m, value in POPULATION.items()
    ]
    units = [math.floor(share) for share in exact]
    missing = common + capital_line - sum(units)
    for i in sorted(range(len(exact)), key=lambda i: (units[i] - exact[i], i))[:missing]:
        units[i] += 1
    return units


def test_the_held_out_plan_years_are_exact_and_balance_each_year():
    data = json.loads(run("budget", HELD_OUT / "2023.toml", "--plan-years", "-f", "json").stdout)
    rows = {row["name"]: row["plan"] for row in data["revenue"] + data["costs"]}
    revenue = {2024: by_hand(250, "2"), 2025: by_hand(by_hand(250, "2"), "-1")}  # 255, 252
    personnel = {2024: by_hand(14210, "3.5"), 2025: by_hand(by_hand(14210, "3.5"), "3")}
    licences = {2024: by_hand(5320, "2"), 2025: 5600}  # the index, then the figure given
    rates = {2024: Fraction(25, 1000), 2025: Fraction(3, 100)}  # the plan's plan_rates
    unregistered = {2024: 700, 2025: 450}
    capital = {y: half_up(unregistered[y] + capital_cost_by_month(y, rates[y])) for y in rates}
    for year in (2024, 2025):
        assert rows["Uppdrag åt regionen"][str(year)] == -revenue[year]
        assert rows["Personalkostnader"][str(year)] == personnel[year]
        assert rows["Licenser"][str(year)] == licences[year]
        assert rows["Lokaler"][str(year)] == 1480  # unchanged
        assert rows["Kapitalkostnader"][str(year)] == capital[year]
        common = personnel[year] + licences[year] + 1480 - revenue[year]
        members = by_population(common, capital[year], year, rates[year])
        assert [-rows[name][str(year)] for name in POPULATION] == members
        assert data["result"]["plan"][str(year)] == 0
        assert data["cost_total"]["plan"][str(year)] == common + revenue[year] + capital[year]
    assert (personnel, capital) == ({2024: 14707, 2025: 15148}, {2024: 3576, 2025: 2677})


def test_a_later_plan_does_not_change_the_plan_years_an_adopted_plan_decided(tmp_path):
    alone = tmp_path / "books"
    shutil.copytree(HELD_OUT, alone)
    (alone / "2024.toml").unlink()
    with_later = run("budget", HELD_OUT / "2023.toml", "--plan-years", "-f", "json")
    without = run("budget", alone / "2023.toml", "--plan-years", "-f", "json")
    assert with_later.exit_code == without.exit_code == 0
    assert with_later.stdout == without.stdout
    assert run("check", HELD_OUT).exit_code == 0


def test_the_readme_shows_the_held_out_plan_years_as_they_are():
    readme = (HELD_OUT.parent.parent / "README.md").read_text(encoding="utf-8")
    command = "$ mercalc budget tests/planyears/2023.toml --plan-years\n"
    shown = readme[readme.index(command) + len(command) :].split("```", 1)[0]
    output = run("budget", HELD_OUT / "2023.toml", "--plan-years").stdout
    assert shown == output.replace("\u00a0", " ").rstrip("\n") + "\n"


# The seed's 2023 investments, every part activated in July 2023 (data/2023.toml).
SEED_INVESTMENTS = [
    (amount, years, 2023, 7, None)
    for amount, years in (
        (3000, 3),
        (954, 3),
        (2050, 4),
        (281, 3),
        (1405, 4),
        (8, 3),
        (2444, 4),
        (2, 3),
        (1951, 4),
    )
]


def in_proportion(total: int, weights: list[int]) -> list[int]:
    """Whole units in proportion to the weights, the missing units to the largest remainders."""
    exact = [Fraction(total * weight, sum(weights)) for weight in weights]
    units = [math.floor(share) for share in exact]
    for i in sorted(range(len(exact)), key=lambda i: (units[i] - exact[i], i))[
        : total - sum(units)
    ]:
        units[i] += 1
    return units


def test_the_seed_with_pay_price_and_skrs_rate_shows_sensible_plan_years(plan_text, tmp_path):
    """Pay rises 3,5 % and 3 %, prices 2 %, and the 2023 investments reach full-year effect at
    SKR's 2,5 %: what 2024 and 2025 cost, and what each member pays."""
    text = plan_text.replace("[capital]", SEED_INDICES + "\n[capital]")
    text = text.replace(
        'interest_rate = "1.25%"\n',
        'interest_rate = "1.25%"\nplan_rates = { 2024 = "2.5%", 2025 = "2.5%" }\n',
    )
    text = text.replace(
        'name = "Personalkostnader"\n', 'name = "Personalkostnader"\nindex = "pay"\n'
    )
    for name in ("Utrustning/Tjänsteköp", "Licenser och serviceavtal"):
        text = text.replace(f'name = "{name}"\n', f'name = "{name}"\nindex = "price"\n')
    (tmp_path / "2023.toml").write_text(text, encoding="utf-8")
    data = json.loads(run("budget", tmp_path / "2023.toml", "--plan-years", "-f", "json").stdout)
    costs = {row["name"]: row["plan"] for row in data["costs"]}
    assert costs["Personalkostnader"] == {"2024": 13176, "2025": 13571}  # × 1,035, × 1,03
    assert costs["Utrustning/Tjänsteköp"] == {"2024": 3225, "2025": 3290}  # × 1,02, × 1,02
    assert costs["Licenser och serviceavtal"] == {"2024": 8568, "2025": 8739}
    assert costs["Datakommunikation"] == {"2024": 2000, "2025": 2000}  # no index: unchanged
    rate = Fraction(25, 1000)
    capital = {
        year: half_up(11609 + capital_cost_by_month(year, rate, investments=SEED_INVESTMENTS))
        for year in (2024, 2025)
    }
    # 2024: 11 609 + depreciation 3 377,5 + 2,5 % of the book value 10 406,25 = 15 246,66
    assert capital == {2024: 15247, 2025: 15162}
    assert costs["Kapitalkostnader"] == {str(year): capital[year] for year in capital}
    # SPEC 16: each member's own investments stay its own; the common rest by the implicit key
    # of the year before (contribution less own costs)
    owners = ("Lekeberg", "Laxå", "Askersund", "Hallsberg")
    owned = [
        (amount, years, 2023, 7, owner)
        for (amount, years, *_rest), owner in zip(
            SEED_INVESTMENTS[1:], [o for o in owners for _ in (0, 1)], strict=True
        )
    ]

    def own(year: int) -> list[Fraction]:
        at = Fraction(125, 10000) if year == 2023 else rate
        return [capital_cost_by_month(year, at, m, owned) for m in owners]

    before = [9755, 6356, 11268, 14012]
    for year in (2024, 2025):
        total = sum(line[str(year)] for line in costs.values())
        assert data["cost_total"]["plan"][str(year)] == total
        members = [-row["plan"][str(year)] for row in data["revenue"]]
        own_change = [now - then for now, then in zip(own(year), own(year - 1), strict=True)]
        weights = [max(b - d, 0) for b, d in zip(before, own(year - 1), strict=True)]
        rest = total - sum(before) - sum(own_change)
        exact = [
            b + o + rest * w / sum(weights)
            for b, o, w in zip(before, own_change, weights, strict=True)
        ]
        assert members == largest_remainder(exact, total)
        assert data["result"]["plan"][str(year)] == 0
        before = members


def test_a_figure_that_outgrows_the_bound_stops_there_and_is_named():
    from mercalc.books.lineyears import BeyondBound, beyond_bound

    years = list(range(2024, 2201))  # 177 plan years at +99 %: some 10^55 by 2200
    plan = validate_plan(
        {
            "plan": {"organisation": "N", "year": 2023, "plan_years": years},
            "indices": {"pay": {str(y): "99%" for y in years}},
            "contribution": [{"name": "A", "budget": 100}],
            "cost": [{"name": "B", "budget": 100, "index": "pay"}],
        }
    )
    beyond = beyond_bound(plan, plan.costs[0])
    assert beyond is not None and beyond.args == ("B", 1448446989020, 2057)
    with pytest.raises(BeyondBound):
        line_years(plan, plan.costs[0])


def test_at_a_zero_plan_rate_the_documents_sentence_and_the_table_agree(tmp_path: Path):
    """A plan rate of 0 % is a rate: the capital line is computed at it, and the document says
    so (not the books' rate of the year, as if 0 % were no rate)."""
    books_dir = tmp_path / "books"
    shutil.copytree(HELD_OUT, books_dir)
    plan_file = books_dir / "2023.toml"
    text = plan_file.read_text(encoding="utf-8")
    given = 'plan_rates = { 2024 = "2.5%", 2025 = "3%" }'
    assert given in text
    text = text.replace(given, 'plan_rates = { 2024 = "0%", 2025 = "3%" }')
    plan_file.write_text(text + '\n[document]\nsections = ["antaganden"]\n', encoding="utf-8")
    books = load(books_dir)
    plan = books.plan(2023)
    years = books_plan_years(books, plan)
    capital = years.costs[[line.name for line in plan.costs].index("Kapitalkostnader")]
    # at 0 % the decided investments cost their depreciation alone
    assert capital[2024].amount == round_half_up(700 + capital_cost_by_month(2024, Fraction(0)))
    assert capital[2024].rate == 0
    said = "med internräntan 0\u00a0% 2024 och 3\u00a0% 2025"
    _lead, items = plan_year_items(plan, years)
    assert any(said in item for item in items), items
    assert said in to_markdown_document(plan_document(plan, books))


def test_a_line_names_its_index_as_names_are_compared_in_any_case(tmp_path):
    import shutil

    from conftest import run

    shutil.copytree(HELD_OUT, tmp_path / "books")
    plan = tmp_path / "books" / "2023.toml"
    expected = run("budget", plan, "--plan-years")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('index = "pay"', 'index = "PAY"').replace(
            'index = "price"', 'index = "Price"'
        ),
        encoding="utf-8",
    )
    assert run("check", plan).exit_code == 0
    result = run("budget", plan, "--plan-years")
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
