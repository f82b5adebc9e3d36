"""Who pays what in one year (SPEC 7): each member's part of the costs by the distribution keys,
its direct costs, and its contribution in whole units by the largest-remainder method. The
statement of every member, with the plan years too, is `memberstatement.py`'s."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import NamedTuple

from ..numbers import Number, exact_sum, largest_remainder
from .capital import CapitalCosts, plan_rate
from .loader import Books
from .model import BudgetLine, Plan, folded

# The common part of a plan without keys: what the members pay beyond their direct costs.
IMPLICIT = "implicit"

Figure = Callable[[BudgetLine], Number]  # a line's amount in the year being split


def own_capital_for(books: Books, plan: Plan) -> Callable[[int], dict[str, Fraction]]:
    """The members' own capital costs in each year of `plan`, by folded member name: in its
    budget year from the books; in its plan years from the books as the plan decided them (the
    register and the plans up to its year) at its `plan_rates` entry for the year, else its
    `interest_rate` (SPEC 6)."""
    decided: list[CapitalCosts] = []  # made once, when a plan year first asks

    def own_capital(year: int) -> dict[str, Fraction]:
        if year == plan.year or plan.capital is None:
            return books.capital_costs.member_costs(year)
        decided[:] = decided or [books.decided_costs(plan)]
        return decided[0].member_costs(year, plan_rate(plan, year))

    return own_capital


class Split(NamedTuple):
    """The exact parts of each member (in the order of the contributions) of one year's costs
    less other revenue."""

    keys: tuple[str, ...]  # the keys that split something, in the plan's order
    common: tuple[tuple[Fraction, ...], ...]  # per member: its part by each of `keys`
    direct: tuple[Fraction, ...]  # per member: its own lines and its own investments
    total: Number  # costs − other revenue, which the members' shares add up to
    unplaced: Fraction  # the members' own capital costs where no capital line holds them

    @property
    def shares(self) -> tuple[Fraction, ...]:
        """Each member's exact share: its common parts and its direct part."""
        return tuple(
            sum(common, direct) for common, direct in zip(self.common, self.direct, strict=True)
        )

    @property
    def contributions(self) -> list[Number]:
        """The shares in whole units by the largest-remainder method, adding up to `total`."""
        return largest_remainder(self.shares, self.total)


def _budget(line: BudgetLine) -> Number:
    """The budget year's amount of a line: its budget."""
    return line.budget


def split(
    plan: Plan,
    own_capital: Mapping[str, Fraction],
    figure: Figure | None = None,
    instead: str | None = None,
) -> Split:
    """Each member's exact part of `plan`'s costs less its other revenue: a line given to a
    `municipality` is that member's; on the capital line each member's own investments are its
    own and the rest is shared; every other amount is split by the line's `key`, else by the
    distribution's key (or by `instead`, the what-if), as `amount × value(m) / Σ values`."""
    members = member_places(plan)
    shared_by = instead or (plan.distribution.key if plan.distribution is not None else "")
    capital = plan.capital_line
    # the investments of a municipality that is no longer a member are shared: it pays nothing
    own_costs = {members[m]: cost for m, cost in own_capital.items() if m in members}
    direct = [Fraction(0)] * len(members)
    pools: dict[str, list[Number | Fraction]] = {}
    figure = figure or _budget
    amounts = [(line, figure(line)) for line in plan.costs]
    amounts += [(line, -figure(line)) for line in plan.revenue]
    for line, amount in amounts:
        if line.municipality is not None:
            direct[members[folded(line.municipality)]] += Fraction(amount)
            continue
        pool = pools.setdefault(folded(line.key or shared_by), [])
        if line is capital:  # the members' own investments, and the rest shared
            for index, cost in own_costs.items():
                direct[index] += cost
            pool.append(Fraction(amount) - sum(own_costs.values(), Fraction(0)))
        else:
            pool.append(amount)
    keys = [key for key in plan.keys if folded(key.name) in pools]
    parts = [_by_key(_exact_sum(pools[folded(key.name)]), key.values, members) for key in keys]
    return Split(
        keys=tuple(key.name for key in keys),
        common=tuple(zip(*parts, strict=True)) if parts else tuple(() for _ in members),
        direct=tuple(direct),
        total=exact_sum(amount for _, amount in amounts),
        unplaced=Fraction(0) if capital is not None else sum(own_costs.values(), Fraction(0)),
    )


def _exact_sum(amounts: list[Number | Fraction]) -> Fraction:
    """The sum of a pool: its amounts as exact decimals, and the capital line's rest."""
    fractions = [amount for amount in amounts if isinstance(amount, Fraction)]
    decimals = [amount for amount in amounts if not isinstance(amount, Fraction)]
    return Fraction(exact_sum(decimals)) + sum(fractions, Fraction(0))


def _by_key(amount: Fraction, values: Mapping[str, Number], members: dict[str, int]) -> list:
    """`amount × value(m) / Σ values` for each member, in the order of the contributions."""
    return [amount * share for share in key_shares(values, members)]


def member_places(plan: Plan) -> dict[str, int]:
    """Each member's place among the plan's contributions, by folded name."""
    return {folded(line.name): index for index, line in enumerate(plan.contributions)}


def key_shares(values: Mapping[str, Number], members: Mapping[str, int]) -> list[Fraction]:
    """Each member's exact share by a key, `value(m) / Σ values`, in `member_places` order."""
    weights = [Fraction(0)] * len(members)
    for name, value in values.items():
        weights[members[folded(name)]] = Fraction(value)
    whole = sum(weights, Fraction(0))
    return [weight / whole for weight in weights]


def find_key(plan: Plan, name: str) -> str | None:
    """The name of the plan's [[key]] called `name` (compared as names are), if any."""
    return next((key.name for key in plan.keys if folded(key.name) == folded(name)), None)


def computed_contributions(books: Books, plan: Plan) -> list[Number] | None:
    """The contributions of `plan` (of the books, or one of them edited) by its distribution
    (SPEC 7), in the order of its contributions; None where the plan has no [distribution].
    `balance` and `new` write these."""
    if plan.distribution is None:
        return None
    return split(plan, books.capital_costs.member_costs(plan.year)).contributions
