"""Exact money arithmetic: exact sums, rounding half up and plain exact numbers, in one place."""

from __future__ import annotations

import math
from collections.abc import Iterable
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, localcontext
from fractions import Fraction

Number = int | Decimal

# Valid amounts have at most 12 whole digits and 10 decimals; a sum of a million of them needs 29
# digits, one more than Decimal's default 28. Sums of money are made with room to spare, and an
# inexact result would be an error, never a rounding.
_EXACT = Context(prec=64, traps=[Inexact, InvalidOperation])


def exactly() -> AbstractContextManager[Context]:
    """Decimal arithmetic that never rounds: `with exactly(): total = a - b`."""
    return localcontext(_EXACT)


def exact_sum(values: Iterable[Number]) -> Number:
    """The sum of money values, digit for digit (the values are computed inside, too)."""
    with exactly():
        return sum(values, 0)


_ONE = Decimal(1)


def round_half_up(value: Number | Fraction, places: int = 0) -> Decimal:
    """Round as a spreadsheet does: halves away from zero (2.5 → 3, -2.5 → -3)."""
    if isinstance(value, Fraction):
        scaled = abs(value) * 10**places
        whole = math.floor(scaled + Fraction(1, 2))
        return Decimal(f"{'-' if value < 0 and whole else ''}{whole}E-{places}")
    return Decimal(value).quantize(_ONE.scaleb(-places), rounding=ROUND_HALF_UP)


def as_decimal(value: Fraction | Number) -> Number:
    """A fraction as an exact Decimal where one exists (518.75), else to 28 significant digits."""
    if isinstance(value, (int, Decimal)):
        return value
    if value.denominator == 1:
        return value.numerator
    rest, places = value.denominator, 0
    for prime in (2, 5):
        power = 0
        while rest % prime == 0:
            rest //= prime
            power += 1
        places = max(places, power)
    with localcontext() as context:
        # a terminating fraction gets every digit it has; others are cut at 28 significant digits
        whole_digits = len(str(abs(value.numerator) // value.denominator))
        context.prec = whole_digits + places + 1 if rest == 1 else 28
        return Decimal(value.numerator) / Decimal(value.denominator)


def plain(value: Number) -> str:
    """The exact value as a plain number for json and csv: `-9755`, `518.75`, never `5.1875E+2`."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
