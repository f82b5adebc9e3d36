"""Exact money arithmetic: exact sums, rounding half up and plain exact numbers, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, localcontext

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


def round_half_up(value: Number, places: int = 0) -> Decimal:
    """Round as a spreadsheet does: halves away from zero (2.5 → 3, -2.5 → -3)."""
    return Decimal(value).quantize(_ONE.scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Number) -> str:
    """The exact value as a plain number for json and csv: `-9755`, `518.75`, never `5.1875E+2`."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
