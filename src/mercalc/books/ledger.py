"""The ledger's side of the books (SPEC 13.2, 13.3): which outcome is the board's, which line
claims it (the most specific pattern wins), and the units between ledger and plan."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from .model import BudgetLine, Plan

UNIT_KRONOR = {"kr": 1, "tkr": 1000}
EXACT = 1000  # an exact code outranks any prefix


def unit_factor(ledger_unit: str, plan_unit: str) -> Fraction:
    """What one unit of the ledger is in the plan's unit: kronor into tkr is 1/1000, exactly."""
    return Fraction(UNIT_KRONOR[ledger_unit], UNIT_KRONOR[plan_unit])


def budget_lines(plan: Plan) -> tuple[BudgetLine, ...]:
    return (*plan.contributions, *plan.revenue, *plan.costs)


def filtered_dimensions(plan: Plan) -> dict[str, int]:
    """The dimensions that a filter names ([ledger] objects or a line's objects), by name in
    the order [ledger] dimensions gives them, with their #DIM number."""
    named = set(plan.ledger.objects)
    for line in budget_lines(plan):
        named.update(line.objects)
    for investment in plan.investments:  # its outcome to date in the period's report
        named.update(investment.objects)
    return {name: number for name, number in plan.ledger.dimensions.items() if name in named}


def ledger_columns(plan: Plan) -> dict[str, str | None] | None:
    """`[ledger] columns`: an export's own names of its account, period and amount columns."""
    given = plan.ledger.columns
    if given is None:
        return None
    return {"account": given.account, "period": given.period, "amount": given.amount}


def score(pattern: str) -> int:
    """How specific a pattern is: an exact code beats any prefix, a longer prefix a shorter."""
    return len(pattern) - 1 if pattern.endswith("*") else EXACT + len(pattern)


def matches(pattern: str, code: str | None) -> bool:
    if code is None:
        return False
    if pattern.endswith("*"):
        return code.startswith(pattern[:-1])
    return code == pattern


def overlap(first: str, second: str) -> bool:
    """Whether two patterns can match one code."""
    a, b = first.removesuffix("*"), second.removesuffix("*")
    if not first.endswith("*") and not second.endswith("*"):
        return a == b
    if not first.endswith("*"):
        return a.startswith(b)
    if not second.endswith("*"):
        return b.startswith(a)
    return a.startswith(b) or b.startswith(a)


def objects_score(
    patterns: Mapping[str, Sequence[str]], objects: Mapping[str, str | None]
) -> int | None:
    """How specifically a filter claims an outcome's objects, or None where it does not: each
    dimension named must hold an object one of its patterns matches."""
    total = 0
    for name, choices in patterns.items():
        best = max((score(p) for p in choices if matches(p, objects.get(name))), default=None)
        if best is None:
            return None
        total += best
    return total


def in_board(plan: Plan, names: Sequence[str]) -> Callable[[tuple[str | None, ...]], bool]:
    """Whether an outcome's objects (aligned with `names`) are the board's ([ledger] objects);
    an outcome without a dimension the filter names is not."""
    board = plan.ledger.objects
    if not board:
        return lambda objects: True

    def inside(objects: tuple[str | None, ...]) -> bool:
        return objects_score(board, dict(zip(names, objects, strict=False))) is not None

    return inside


class _Claim(NamedTuple):
    line: BudgetLine
    objects: Mapping[str, Sequence[str]]


def line_matcher(
    plan: Plan, names: Sequence[str] = ()
) -> Callable[[str, tuple[str | None, ...]], BudgetLine | None]:
    """The line that claims an outcome (its account and objects aligned with `names`): the
    most specific account pattern whose line's objects match, then the most specific objects."""
    exact: dict[str, list[_Claim]] = {}
    prefixes: dict[str, list[_Claim]] = {}
    for line in budget_lines(plan):
        for pattern in line.accounts:
            table = prefixes if pattern.endswith("*") else exact
            table.setdefault(pattern.removesuffix("*"), []).append(_Claim(line, line.objects))

    def best(claims: list[_Claim], objects: tuple[str | None, ...]) -> BudgetLine | None:
        if len(claims) == 1 and not claims[0].objects:
            return claims[0].line
        found = dict(zip(names, objects, strict=False))
        scored = [(objects_score(c.objects, found), c.line) for c in claims]
        ranked = [(s, i, line) for i, (s, line) in enumerate(scored) if s is not None]
        return max(ranked, key=lambda item: (item[0], -item[1]))[2] if ranked else None

    def match(account: str, objects: tuple[str | None, ...] = ()) -> BudgetLine | None:
        claims = exact.get(account)
        if claims is not None and (line := best(claims, objects)) is not None:
            return line
        for end in range(len(account), 0, -1):
            claims = prefixes.get(account[:end])
            if claims is not None and (line := best(claims, objects)) is not None:
                return line
        return None

    return match


def equally_specific(
    first: Mapping[str, Sequence[str]], second: Mapping[str, Sequence[str]]
) -> bool:
    """Whether two lines' objects (their accounts being the same pattern) can claim one outcome
    just as specifically."""
    options = []
    for name in sorted(set(first) | set(second)):
        a, b = first.get(name), second.get(name)
        if a is not None and b is not None:
            pairs = [(score(p), score(q)) for p in a for q in b if overlap(p, q)]
        elif a is not None:
            pairs = [(score(p), 0) for p in a]
        else:
            pairs = [(0, score(q)) for q in b or ()]
        if not pairs:
            return False  # no object both can claim
        options.append(pairs)
    for combination in itertools.product(*options):
        if sum(p for p, _ in combination) == sum(q for _, q in combination):
            return True
    return False
