"""Rounding half up and the Swedish number format."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercalc.numbers import plain, round_half_up
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
