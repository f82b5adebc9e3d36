"""Exact money arithmetic: rounding half up and the Swedish number format, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, localcontext

Number = int | Decimal

NBSP = "\u00a0"

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


def swedish(value: Number, places: int | None = 0) -> str:
    """Swedish display format: rounded half up (or exact with `places=None`), no-break space
    between thousands, decimal comma and the hyphen-minus of the seed: `-9 755`, `518,75`."""
    text = plain(value) if places is None else format(round_half_up(value, places), "f")
    sign = "-" if text.startswith("-") and text.strip("-0.") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def swedish_list(items: list[str]) -> str:
    """`["a", "b", "c"]` → "a, b och c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def percent(rate: Decimal) -> str:
    """A rate as the seed writes it: 0.0125 → `1,25 %` (as few decimals as it needs)."""
    value = rate * 100
    text = plain(value).replace(".", ",")
    return f"{text}{NBSP}%"
