"""The operating budget's arithmetic: exact however large the plan."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from mercalc.books.budget import Amounts
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
