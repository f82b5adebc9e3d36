"""Capital costs: the rule of SPEC section 2 and the seed's investment budget."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from conftest import ROOT, SEED_PLAN
from hypothesis import given, settings
from hypothesis import strategies as st

from mercalc.books.capital import (
    capital_cost,
    capital_statement,
    investment_costs,
    part_schedule,
    schedule_statement,
)
from mercalc.books.loader import load, load_plan
from mercalc.books.model import Part, Plan, validate_plan
from mercalc.numbers import as_decimal as exact
from mercalc.numbers import round_half_up


def flat(rate: str):
    return lambda _year: Decimal(rate)


def test_the_spec_example_is_exact():
    years = part_schedule(Part(amount=3000, years=3), 2023, 7, flat("0.0125"))
    assert [(y.year, y.months) for y in years] == [(2023, 6), (2024, 12), (2025, 12), (2026, 6)]
    assert [exact(y.capital_cost) for y in years] == [
        Decimal("518.75"),
        Decimal("1031.25"),
        Decimal("1018.75"),
        Decimal("503.125"),
    ]
    assert [y.depreciation for y in years] == [500, 1000, 1000, 500]


def test_the_seed_investment_budget_after_rounding():
    statement = capital_statement([load_plan(SEED_PLAN)], 2023)
    assert [
        (line.name, line.amount, round_half_up(line.capital_cost)) for line in statement.lines
    ] == [
        ("Gemensam IT-invest", 3000, 519),
        ("IT-invest Lekeberg", 3004, 434),
        ("IT-invest Laxå", 1686, 233),
        ("IT-invest Askersund", 2452, 322),
        ("IT-invest Hallsberg", 1953, 256),
    ]
    total = statement.total
    assert (total.amount, round_half_up(total.capital_cost)) == (12095, 1764)
    assert total.capital_cost == Fraction("1764.34375")  # exact: the seed's 1 764 before rounding
    assert statement.rate == Decimal("0.0125")


def test_activation_in_january_gives_a_full_first_year():
    years = part_schedule(Part(amount=1200, years=2), 2023, 1, flat("0.10"))
    assert [(y.year, y.months, y.depreciation, y.interest) for y in years] == [
        (2023, 12, 600, 120),
        (2024, 12, 600, 60),
    ]


def test_a_rate_of_zero_gives_depreciation_only():
    years = part_schedule(Part(amount=1000, years=4), 2023, 7, flat("0"))
    assert all(y.interest == 0 and y.capital_cost == y.depreciation for y in years)
    assert sum(y.depreciation for y in years) == 1000


@settings(deadline=None)  # a life of up to 100 years, month by month: slow on a busy machine
@given(
    amount=st.one_of(st.integers(0, 10**12), st.decimals(0, 10**9, places=3)),
    years=st.integers(1, 100),
    month=st.integers(1, 12),
    rates=st.lists(st.decimals(0, 1, places=4), min_size=102, max_size=102),
)
def test_over_its_life_an_asset_costs_its_amount_plus_its_interest(amount, years, month, rates):
    def rate_for(year):
        return rates[year - 2023]

    schedule = part_schedule(Part(amount=amount, years=years), 2023, month, rate_for)
    assert sum(y.depreciation for y in schedule) == amount
    assert sum(y.months for y in schedule) == 12 * years
    # the rule, month by month: each month bears interest on the book value at the start of
    # its year (at activation in the first year); the monthly depreciation is amount/(12×years)
    interest = Fraction(0)
    book_value = Fraction(amount)
    for month_index in range(12 * years):
        year = 2023 + (month - 1 + month_index) // 12
        if month_index == 0 or (month - 1 + month_index) % 12 == 0:
            start_of_year = book_value
        interest += Fraction(rate_for(year)) * start_of_year / 12
        book_value -= Fraction(amount) / (12 * years)
    assert book_value == 0
    assert sum(y.interest for y in schedule) == interest
    assert sum(y.capital_cost for y in schedule) == Fraction(amount) + interest
    for y in schedule:
        assert isinstance(y.depreciation, Fraction) and isinstance(y.interest, Fraction)


def _plan(year: int, rate: str, investments: str = "") -> Plan:
    import tomllib

    text = (
        f'[plan]\norganisation = "N"\nyear = {year}\n\n'
        f'[capital]\ninterest_rate = "{rate}"\n\n{investments}'
    )
    return validate_plan(tomllib.loads(text, parse_float=Decimal))


def test_each_year_takes_the_rate_of_its_own_plan_or_the_latest_before():
    first = _plan(2023, "1.25%", '[[investment]]\nname = "A"\namount = 3000\nyears = 3\n')
    second = _plan(2024, "2.5%")
    costs = {y: c for y, c in investment_costs([second, first])[0].years.items()}
    assert exact(costs[2023].interest) == Decimal("18.75")
    assert exact(costs[2024].interest) == Decimal("62.5")  # 2.5 % × 2500
    assert exact(costs[2025].interest) == Decimal("37.5")  # the 2024 rate still applies


def test_the_same_name_in_two_plans_is_two_investments():
    first = _plan(2023, "1%", '[[investment]]\nname = "IT"\namount = 1200\nyears = 1\n')
    second = _plan(2024, "1%", '[[investment]]\nname = "IT"\namount = 2400\nyears = 1\n')
    statement = capital_statement([first, second], 2024)
    assert [(line.name, line.activated) for line in statement.lines] == [
        ("IT", "2023-07"),
        ("IT", "2024-07"),
    ]
    assert statement.total.depreciation == 600 + 1200


def test_the_schedule_marks_the_last_plan_s_years_and_sums_each_year():
    first = _plan(2023, "1%", '[[investment]]\nname = "IT"\namount = 1200\nyears = 1\n')
    second = _plan(2024, "1%", '[[investment]]\nname = "IT"\namount = 2400\nyears = 1\n')
    schedule = schedule_statement([first, second])
    assert (schedule.years, schedule.budget_year) == ((2023, 2024, 2025), 2024)
    assert [dict(line.capital_cost) for line in schedule.lines] == [
        {2023: 600 + 6, 2024: 600 + 3},  # interest: 1 % of 1 200, then of 600, half a year
        {2024: 1200 + 12, 2025: 1200 + 6},
    ]
    assert dict(schedule.total.capital_cost) == {2023: 606, 2024: 603 + 1212, 2025: 1206}
    assert schedule.total.amount == 3600
    assert schedule_statement([first, second], 2023).budget_year == 2023


def test_the_months_of_a_year_add_up_to_its_capital_cost_and_follow_activation():
    from mercalc.books.capital import monthly_capital_cost

    books = load(ROOT / "tests" / "books")
    plans = books.all_plans()
    register = books.register.record if books.register is not None else None
    months = monthly_capital_cost(plans, 2023, register)
    assert len(months) == 12
    assert sum(months) == capital_cost(plans, 2023, register)
    # Skolplattor (600 over 2 years) goes into service in February: nothing of it in January
    february_step = months[1] - months[0]
    assert february_step == Fraction(600, 24) + Fraction(600) * Fraction("0.015") / 12
    # the shared investment activates in July (halvårseffekt): a later activation moves it
    later = monthly_capital_cost(plans, 2023, register, {(2023, "gemensam it-invest"): (2023, 10)})
    assert later[:9] == months[:6] + (months[5],) * 3
    assert sum(later) < sum(months)


def test_after_the_last_given_rate_that_rate_carries_on():
    # SPEC 16: after plan_rates = { 2024 = "2.5%", 2025 = "2.5%" }, 2026 uses 2,5 %, not 1,25 %
    import tomllib

    text = (
        '[plan]\norganisation = "N"\nyear = 2023\nplan_years = [2024, 2025]\n\n'
        '[capital]\ninterest_rate = "1.25%"\nplan_rates = { 2024 = "2.5%", 2025 = "2.5%" }\n\n'
        '[[investment]]\nname = "A"\namount = 3000\nyears = 3\n'
    )
    plan = validate_plan(tomllib.loads(text, parse_float=Decimal))
    costs = investment_costs([plan])[0].years
    assert exact(costs[2026].interest) == Decimal("6.25")  # 2.5 % × 500, half a year
    assert capital_statement([plan], 2026).rate == Decimal("0.025")


def test_the_held_out_books_carry_their_last_given_rate_on():
    books = load(ROOT / "tests" / "books")
    plans = books.all_plans()
    register = books.register.record if books.register is not None else None
    # the 2024 plan gives 2026 = 3 %; 2027 has no rate of its own and keeps it
    assert capital_statement(plans, 2027, register).rate == Decimal("0.03")
    # before every plan, the register's rate
    assert capital_statement(plans, 2022, register).rate == Decimal("0.01")
