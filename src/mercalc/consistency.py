"""Checks across the entries of a structurally valid plan: unique names, known members."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .model import Indicator, Plan
from .problems import Finding, KeyPath, dotted


def _duplicates(entries: Iterable[tuple[KeyPath, str]], what: str) -> list[Finding]:
    first: dict[str, KeyPath] = {}
    found: list[Finding] = []
    for path, name in entries:
        key = name.strip().casefold()
        if key in first:
            found.append(((*path, "name"), f'"{name}" is already {what} ({dotted(first[key])})'))
        else:
            first[key] = path
    return found


def cross_check(plan: Plan) -> list[Finding]:
    """Every problem that shows only across entries, as (key path, message)."""
    # line names must be unique across the table: `new --index NAME=PCT` and json rely on it
    found = _duplicates(
        (
            ((section, index), line.name)
            for section, lines in (
                ("contribution", plan.contributions),
                ("revenue", plan.revenue),
                ("cost", plan.costs),
            )
            for index, line in enumerate(lines)
        ),
        "the name of a line",
    )
    found += _duplicates(
        ((("investment", i), inv.name) for i, inv in enumerate(plan.investments)),
        "the name of an investment",
    )
    members = [line.name for line in plan.contributions]
    for index, investment in enumerate(plan.investments):
        if investment.municipality is not None and investment.municipality not in members:
            found.append(
                (
                    ("investment", index, "municipality"),
                    f'"{investment.municipality}" is not a member municipality '
                    f"(the contributions are: {', '.join(members) or 'none'})",
                )
            )
    if plan.investments and plan.capital is None:
        found.append((("investment", 0), "investments need a [capital] table with interest_rate"))
    for g, goal in enumerate(plan.goals):
        for i, indicator in enumerate(goal.indicators):
            if indicator.unit == "%":
                found += [
                    (("goal", g, "indicator", i, *key), f"{value} % is outside 0–100 %")
                    for key, value in _values(indicator)
                    if not 0 <= value <= 100
                ]
    return found


def _values(indicator: Indicator) -> list[tuple[KeyPath, Decimal | int]]:
    values: list[tuple[KeyPath, Decimal | int]] = []
    if indicator.baseline is not None:
        values.append((("baseline",), indicator.baseline))
    values += [(("targets", str(year)), v) for year, v in indicator.targets.items()]
    values += [(("outcomes", str(year)), v) for year, v in indicator.outcomes.items()]
    return values
