"""Own costs stay own (SPEC 16): a change of what the members must pay, each member taking the
change of its own direct costs and the common rest spread by the implicit key (härledd
fördelning): each member's contribution less its direct costs, a part below 0 counting 0."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from ..numbers import Number, largest_remainder
from .loader import Books
from .members import split
from .model import Plan, folded


def direct_costs(
    plan: Plan, own_capital: Mapping[str, Fraction], figure=None
) -> dict[str, Fraction]:
    """Each member's direct costs in a year, by folded name: the lines given to it, and its own
    investments' capital costs where the capital line holds them."""
    parts = split(plan, own_capital) if figure is None else split(plan, own_capital, figure)
    return {
        folded(line.name): cost for line, cost in zip(plan.contributions, parts.direct, strict=True)
    }


def budget_direct_costs(books: Books, plan: Plan) -> dict[str, Fraction]:
    """Each member's direct costs in the plan's budget year, from its books."""
    return direct_costs(plan, books.capital_costs.member_costs(plan.year))


def implicit_key(
    contributions: Sequence[tuple[str, Number]], direct: Mapping[str, Fraction]
) -> dict[str, Fraction]:
    """Each member's common part, by folded name: its contribution less its direct costs, a
    common part below 0 counting 0 (the implicit key's weights)."""
    return {
        folded(name): max(Fraction(amount) - direct.get(folded(name), Fraction(0)), Fraction(0))
        for name, amount in contributions
    }


def own_and_common(
    names: Sequence[str],
    change: Number,
    own: Mapping[str, Fraction],
    weights: Mapping[str, Fraction],
    fallback: Sequence[Number],
) -> tuple[list[Number], list[Fraction]]:
    """`change` (what the members must pay more, in total) shared: each member (by name, in this
    order) takes its `own` change, the rest goes by `weights` (in proportion to `fallback`, the
    contributions, where the weights add up to 0; equally where those do too). Whole units by the
    largest remainder, adding up to `change`; also each member's exact own part."""
    keys = [folded(name) for name in names]
    own_parts = [own.get(key, Fraction(0)) for key in keys]
    rest = Fraction(change) - sum(own_parts, Fraction(0))
    spread = [weights.get(key, Fraction(0)) for key in keys]
    if sum(spread, Fraction(0)) == 0:
        spread = [Fraction(amount) for amount in fallback]
    if sum(spread, Fraction(0)) == 0:
        spread = [Fraction(1)] * len(keys)
    whole = sum(spread, Fraction(0))
    exact = [part + rest * weight / whole for part, weight in zip(own_parts, spread, strict=True)]
    return largest_remainder(exact, change), own_parts
