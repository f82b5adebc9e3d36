"""Exact money arithmetic: exact sums, rounding half up and plain exact numbers, in one place."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
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
    return _plain_text(format(value, "f"))


def _plain_text(text: str) -> str:
    """A number written out in full (`format(value, "f")`) without trailing zeros."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def largest_remainder(shares: Sequence[Fraction | Number], total: Number) -> list[Number]:
    """Exact shares that add up to `total` as whole units (the largest-remainder method): floor
    each, then one more unit to each of the largest remainders, ties in the given order. Where
    `total` is not whole, its part below one unit goes to the next largest remainder."""
    exact = [Fraction(share) for share in shares]
    # over one common denominator, each share's floor and remainder are whole numbers: sorting
    # thousands of remainders compares integers, not fractions
    scale = math.lcm(*(share.denominator for share in exact)) if exact else 1
    scaled = [share.numerator * (scale // share.denominator) for share in exact]
    floors = [value // scale for value in scaled]
    whole = math.floor(total)
    missing = whole - sum(floors)
    rest = total - whole
    if not 0 <= missing <= len(floors) - (1 if rest else 0):
        raise ValueError(f"shares adding up to {sum(exact)} cannot make {total}")
    remainders = [value % scale for value in scaled]
    units: list[Number] = list(floors)
    order = sorted(range(len(units)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        units[i] += 1
    if rest:
        units[order[missing]] += rest
    return units


# ASCII digits only: Decimal itself also reads "１２", "1_2", "NaN" and "Infinity"; an exponent
# of at most 9 digits (Decimal refuses larger ones)
_DECIMAL_TEXT = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?"


def decimal_text(text: str) -> Decimal | None:
    """A number written as text (`3`, `-2.5`, `1.25e-1`), exactly as written; None where the
    text is not such a number."""
    import re

    if len(text) > 100 or re.fullmatch(_DECIMAL_TEXT, text) is None:
        return None
    return Decimal(text)


def decimals(value: Number) -> int:
    """How many decimals a number has as written (`1.50` has 2, `1e-5` has 5)."""
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def proportional(total: Number, weights: Sequence[Number]) -> list[Number]:
    """`total` in proportion to `weights` (equally where they add up to 0), in whole units by
    the largest-remainder method, so that the shares add up to `total` exactly."""
    if not weights:
        return []
    base = exact_sum(weights)
    if base == 0:
        return largest_remainder([Fraction(total) / len(weights)] * len(weights), total)
    whole = Fraction(total)
    return largest_remainder([whole * Fraction(w) / Fraction(base) for w in weights], total)


# csv, json, workbooks and messages carry a figure exactly where it ends within this many
# decimals (SPEC 9), else rounded half up to them.
FIGURE_PLACES = 10


def to_figure_places(value: Number | Fraction) -> Number:
    """A figure exact where it ends within 10 decimals, else rounded half up to 10
    (`444.9166666667`, not the 28 digits of a division)."""
    exact = as_decimal(value)
    if decimals(exact) > FIGURE_PLACES:
        return round_half_up(value, FIGURE_PLACES)
    return exact


def figure_text(value: Number | Fraction) -> str:
    """`plain(to_figure_places(value))`, as csv and json write a figure; an int or a Decimal of
    at most 10 decimals (nearly every figure) in one formatting, the decimals counted in it."""
    if type(value) is int:
        return str(value)
    if type(value) is Decimal:
        text = format(value, "f")
        point = text.find(".")
        if point < 0 or len(text) - point - 1 <= FIGURE_PLACES:
            return _plain_text(text)
    return plain(to_figure_places(value))
