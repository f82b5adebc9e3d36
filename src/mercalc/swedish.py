"""Writing Swedish: the number format of the seed, percentages, lists and month names."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .numbers import Number, as_decimal, plain, round_half_up

NBSP = "\u00a0"

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish(value: Number | Fraction, places: int | None = 0) -> str:
    """Swedish display format: rounded half up (or exact with `places=None`), no-break space
    between thousands, decimal comma and the hyphen-minus of the seed: `-9 755`, `518,75`."""
    exact = as_decimal(value) if isinstance(value, Fraction) else value
    text = plain(exact) if places is None else format(round_half_up(value, places), "f")
    sign = "-" if text.startswith("-") and text.strip("-0.") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
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


def municipality(name: str) -> str:
    """`Lekeberg` → "Lekebergs kommun", `Laxå` → "Laxå kommun" (no genitive s after a vowel,
    s, x or z)."""
    if name.casefold().endswith(("kommun", "region", "stad")):
        return name
    suffix = "" if name[-1:].casefold() in "aeiouyåäösxz" else "s"
    return f"{name}{suffix} kommun"
