"""Rounding half up and the Swedish number format."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercalc.numbers import as_decimal, figure_text, plain, round_half_up, to_figure_places
from mercalc.swedish import swedish

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (-9755, f"-9{NBSP}755"),
        (41391, f"41{NBSP}391"),
        (1234567, f"1{NBSP}234{NBSP}567"),
        (Decimal("518.75"), "519"),
        (Decimal("433.5"), "434"),
        (Decimal("-2.5"), "-3"),
        (Decimal("-0.4"), "0"),
        (Decimal("1E+3"), f"1{NBSP}000"),
    ],
)
def test_swedish_rounds_half_up_and_groups_thousands(value, shown):
    assert swedish(value) == shown


def test_swedish_exact_keeps_the_decimals_with_a_comma():
    assert swedish(Decimal("503.125"), None) == "503,125"
    assert swedish(Decimal("-1234.50"), None) == f"-1{NBSP}234,5"


def test_plain_is_exact_and_never_scientific():
    assert [plain(v) for v in (Decimal("518.750"), Decimal("1E+3"), -9755, Decimal("-0.0"))] == [
        "518.75",
        "1000",
        "-9755",
        "0",
    ]


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=4))
def test_rounding_is_half_up_and_within_half_a_unit(value):
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Decimal("0.5")
    if abs(rounded - value) == Decimal("0.5"):
        assert abs(rounded) > abs(value)
    assert Decimal(plain(value)) == value


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6),
    st.integers(0, 4),
)
def test_fractions_round_half_up_as_decimals_do(value, places):
    assert round_half_up(Fraction(value), places) == round_half_up(value, places)


@given(st.fractions(min_value=-(10**12), max_value=10**12))
def test_a_fraction_rounds_to_within_half_a_unit_halves_away_from_zero(value):
    rounded = Fraction(round_half_up(value))
    assert abs(rounded - value) <= Fraction(1, 2)
    if abs(rounded - value) == Fraction(1, 2):
        assert abs(rounded) > abs(value)


def test_as_decimal_is_exact_where_the_fraction_terminates():
    assert as_decimal(Fraction(8225, 16)) == Decimal("514.0625")
    assert as_decimal(Fraction(6, 3)) == 2 and isinstance(as_decimal(Fraction(6, 3)), int)
    assert as_decimal(Fraction(1, 3)) == Decimal("0.3333333333333333333333333333")
    assert round_half_up(Fraction(-5, 2)) == -3 and round_half_up(Fraction(1, 3), 3) == Decimal(
        "0.333"
    )


def test_largest_remainder_floors_and_hands_out_the_missing_units_in_order():
    from fractions import Fraction

    from mercalc.numbers import largest_remainder

    assert largest_remainder([Fraction(10, 3)] * 3, 10) == [4, 3, 3]
    assert largest_remainder([Fraction(5, 2), Fraction(15, 2)], 10) == [3, 7]
    assert largest_remainder([Fraction(-17 * 7, 31), Fraction(-17 * 24, 31)], -17) == [-4, -13]
    assert largest_remainder([Decimal("1.2"), Decimal("2.3")], Decimal("3.5")) == [
        1,
        Decimal("2.5"),
    ]  # a total that is not whole: its part below a unit goes to the next largest remainder
    with pytest.raises(ValueError):
        largest_remainder([Fraction(1, 2)], 3)


@given(
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=12),
    st.integers(min_value=-(10**9), max_value=10**9),
)
def test_largest_remainder_adds_up_exactly_and_stays_within_a_unit(weights, total):
    from fractions import Fraction

    from mercalc.numbers import largest_remainder

    shares = [Fraction(total * weight, sum(weights)) for weight in weights]
    units = largest_remainder(shares, total)
    assert sum(units) == total
    assert all(abs(unit - share) < 1 for unit, share in zip(units, shares, strict=True))


@given(
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
    total=st.integers(min_value=-(10**6), max_value=10**6),
    extra=st.lists(st.fractions(max_denominator=97), min_size=1, max_size=30),
)
def test_largest_remainder_is_the_method_as_defined(weights, total, extra):
    """Over a common denominator or with fractions, the same whole units: floor each share, one
    more unit to each of the largest remainders, ties in the given order."""
    from mercalc.numbers import largest_remainder

    base = sum(weights) or 1
    shares = [Fraction(total * w, base) for w in weights]
    shares[0] += Fraction(total) - sum(shares)  # the shares add up to the total exactly
    shares = [s + e for s, e in zip(shares, extra, strict=False)] + shares[len(extra) :]
    shares[-1] -= sum(extra[: len(weights)])
    units = [math.floor(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: (units[i] - shares[i], i))
    for i in order[: total - sum(units)]:
        units[i] += 1
    assert largest_remainder(shares, total) == units


@given(
    st.one_of(
        st.integers(-(10**15), 10**15),
        st.decimals(allow_nan=False, allow_infinity=False, places=None),
        st.builds(
            lambda digits, exponent: Decimal(digits).scaleb(exponent),
            st.integers(-(10**15), 10**15),
            st.integers(-14, 6),
        ),
        st.fractions(max_denominator=10**6),
    )
)
def test_a_figure_is_written_as_its_places_and_plain_form_give_it(value) -> None:
    """One formatting where the figure has at most 10 decimals: the same text as rounding it
    to its places (numbers.to_figure_places) and writing it plain."""
    assert figure_text(value) == plain(to_figure_places(value))


def test_a_figure_of_more_places_is_rounded_half_up() -> None:
    assert figure_text(Decimal("-0.00000000005")) == "-0.0000000001"
    assert figure_text(Decimal("-0.000000000049")) == "0"
    assert figure_text(Decimal("1E+3")) == "1000"
    assert figure_text(Fraction(-200, 3)) == "-66.6666666667"
