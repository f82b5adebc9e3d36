"""The operating budget's arithmetic: exact however large the plan."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import SEED_PLAN

from mercalc.books.budget import Amounts, BudgetRow, budget_statement
from mercalc.books.loader import load_plan
from mercalc.numbers import exact_sum


def test_a_million_of_the_largest_amounts_add_up_exactly():
    values = [Decimal(10**12)] * 1_000_000 + [Decimal("0.0000000001")]  # 10^18 + 10^-10
    assert Fraction(exact_sum(values)) == Fraction(10**18) + Fraction(1, 10**10)
    assert sum(values, Decimal(0)) == Decimal(10**18)  # Decimal's default 28 digits drop it


def test_amounts_add_and_subtract_exactly_beyond_28_digits():
    big = exact_sum([Decimal(10**12)] * 1_000_000)  # 10^18
    summa = Amounts(big, -big) + Amounts(Decimal("0.0000000001"), Decimal(0))
    assert Fraction(summa.budget) == Fraction(big) + Fraction(1, 10**10)
    assert Fraction(summa.change) == 2 * Fraction(big) + Fraction(1, 10**10)


def test_the_seed_statement_is_typed_exact_and_immutable():
    statement = budget_statement(load_plan(SEED_PLAN))
    assert (statement.organisation, statement.year, statement.unit) == (
        "Sydnärkes IT-nämnd",
        2023,
        "tkr",
    )
    assert statement.contributions[0] == BudgetRow("Lekeberg", -9755, -9316)
    assert [row.name for row in statement.revenue] == ["Lekeberg", "Laxå", "Askersund", "Hallsberg"]
    personnel = statement.costs[0]
    assert (personnel.budget, personnel.previous, personnel.change) == (12730, 12014, 716)
    assert sum(change.amount for change in personnel.changes) == personnel.change
    assert statement.revenue_total == Amounts(-41391, -39012)
    assert statement.cost_total.change == 2379
    assert statement.result == Amounts(0, 0) and statement.balanced
    with pytest.raises(AttributeError):
        statement.balanced = False  # type: ignore[misc]


def test_revenue_reasons_carry_the_revenue_sign(write_plan):
    path = write_plan(
        '[plan]\norganisation = "N"\nyear = 2024\n\n'
        '[[contribution]]\nname = "K"\nbudget = 10\nprevious = 8\n'
        'changes = [{ reason = "Mer", amount = 2 }]\n\n'
        '[[cost]]\nname = "C"\nbudget = 11\nprevious = 8\n'
    )
    statement = budget_statement(load_plan(path))
    assert statement.contributions[0].changes[0].amount == -2
    assert statement.result == Amounts(1, 0) and not statement.balanced
