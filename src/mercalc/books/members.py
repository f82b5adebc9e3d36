"""Who pays what (SPEC 7): each member's part of the costs by the distribution keys, its direct
costs, and its contribution in whole units by the largest-remainder method."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from ..numbers import Number, exact_sum, largest_remainder
from .capital import Ledger, decided_ledger, plan_rate
from .model import BudgetLine, Plan, Register, folded

if TYPE_CHECKING:
    from .planyears import PlanYears

# The common part of a plan without keys: what the members pay beyond their direct costs.
IMPLICIT = "implicit"

Figure = Callable[[BudgetLine], Number]  # a line's amount in the year being split


def budget_figure(line: BudgetLine) -> Number:
    """The budget year's amount of a line: its budget."""
    return line.budget


def capital_line(plan: Plan) -> BudgetLine | None:
    """The [capital] cost_line: the cost line that holds the capital costs (SPEC 5.3)."""
    name = plan.capital.cost_line if plan.capital is not None else None
    if name is None:
        return None
    return next((line for line in plan.costs if folded(line.name) == folded(name)), None)


def member_capital(
    plans: Sequence[Plan],
    year: int,
    rate: Decimal | None = None,
    register: Register | None = None,
) -> dict[str, Fraction]:
    """Each member's own investments' exact capital cost in `year`, by folded member name: every
    investment of the register and the plans given to a `municipality`, in service from the
    month it was activated, at the books' rate of the year or `rate`."""
    return Ledger(plans, register).member_costs(year, rate)


def own_capital_for(
    plans: Sequence[Plan], plan: Plan, register: Register | None = None
) -> Callable[[int], dict[str, Fraction]]:
    """The members' own capital costs in each year of `plan`: in its budget year from the books;
    in its plan years from the books as the plan decided them (the register and the plans up to
    its year) at its `plan_rates` entry for the year, else its `interest_rate` (SPEC 6)."""
    decided: list[Ledger] = []  # made once, when a plan year first asks

    def own_capital(year: int) -> dict[str, Fraction]:
        if year == plan.year or plan.capital is None:
            return member_capital(plans, year, register=register)
        decided[:] = decided or [decided_ledger(plans, plan, register)]
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


def split(
    plan: Plan,
    own_capital: Mapping[str, Fraction],
    figure: Figure = budget_figure,
    instead: str | None = None,
) -> Split:
    """Each member's exact part of `plan`'s costs less its other revenue: a line given to a
    `municipality` is that member's; on the capital line each member's own investments are its
    own and the rest is shared; every other amount is split by the line's `key`, else by the
    distribution's key (or by `instead`, the what-if), as `amount × value(m) / Σ values`."""
    members = {folded(line.name): index for index, line in enumerate(plan.contributions)}
    shared_by = instead or (plan.distribution.key if plan.distribution is not None else "")
    capital = capital_line(plan)
    # the investments of a municipality that is no longer a member are shared: it pays nothing
    own_costs = {members[m]: cost for m, cost in own_capital.items() if m in members}
    direct = [Fraction(0)] * len(members)
    pools: dict[str, list[Number | Fraction]] = {}
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
    weights = [Fraction(0)] * len(members)
    for name, value in values.items():
        weights[members[folded(name)]] = Fraction(value)
    whole = sum(weights, Fraction(0))
    return [amount * weight / whole for weight in weights]


class MemberRow(NamedTuple):
    """One member (or the total): what it pays and why, exact; None where it does not apply."""

    name: str
    common: tuple[Fraction, ...]  # its part of the shared costs by each key (or the implicit one)
    direct: Fraction  # its own lines and its own investments' capital costs
    computed: Number | None  # its contribution by the keys, in whole units
    entered: Number  # its contribution in the plan
    previous: Number  # last year's contribution
    implied_share: Fraction | None  # without keys: its share of the common costs (0–1)
    alternative: Number | None = None  # its contribution by the what-if key
    plan: tuple[Number, ...] = ()  # its computed contributions of the plan years

    @property
    def difference(self) -> Number | None:
        """The contribution in the plan less the computed one."""
        return None if self.computed is None else self.entered - self.computed

    @property
    def change(self) -> Number:
        """The contribution in the plan less last year's."""
        return self.entered - self.previous

    @property
    def alternative_difference(self) -> Number | None:
        """What the what-if key would change: its contribution less the computed one."""
        if self.alternative is None or self.computed is None:
            return None
        return self.alternative - self.computed


class MembersStatement(NamedTuple):
    """Who pays what in one plan: each member's row and the total."""

    organisation: str
    year: int
    unit: str
    key: str | None  # the distribution's key
    parts: tuple[str, ...]  # the keys of the common parts; (IMPLICIT,) for a plan without keys
    members: tuple[MemberRow, ...]
    total: MemberRow
    alternative: str | None = None  # the what-if key
    plan_years: tuple[int, ...] = ()
    unplaced: Fraction = Fraction(0)  # own capital costs that no capital line holds

    @property
    def implicit(self) -> bool:
        """Without keys the plan only shows what the entered contributions imply."""
        return self.parts == (IMPLICIT,)


def find_key(plan: Plan, name: str) -> str | None:
    """The name of the plan's [[key]] called `name` (compared as names are), if any."""
    return next((key.name for key in plan.keys if folded(key.name) == folded(name)), None)


def members_statement(
    plans: Sequence[Plan],
    year: int,
    instead: str | None = None,
    years: PlanYears | None = None,
    register: Register | None = None,
) -> MembersStatement:
    """Who pays what in the plan of `year`, read with the other plans of its books (for the
    members' own investments); `instead` names a key for the what-if; with the plan's `years`,
    each plan year's computed contributions too."""
    plan = next(plan for plan in plans if plan.year == year)
    if instead is not None and find_key(plan, instead) is None:
        raise ValueError(f"{instead!r} is not a key of the plan")
    own_capital = own_capital_for(plans, plan, register)
    own = own_capital(year)
    later = _plan_years(plan, years, own_capital) if years is not None else None
    if not plan.keys:
        rows = _implicit(plan, own, later)
        return MembersStatement(
            plan.info.organisation,
            plan.year,
            plan.info.unit,
            None,
            (IMPLICIT,),
            rows,
            _total(rows, 1),
            plan_years=years.years if years is not None else (),
        )
    parts = split(plan, own)
    alternative = split(plan, own, instead=instead).contributions if instead else None
    rows = tuple(
        MemberRow(
            line.name,
            common,
            direct,
            computed,
            line.budget,
            line.previous,
            None,
            alternative[index] if alternative else None,
            later[index] if later else (),
        )
        for index, (line, common, direct, computed) in enumerate(
            zip(plan.contributions, parts.common, parts.direct, parts.contributions, strict=True)
        )
    )
    return MembersStatement(
        plan.info.organisation,
        plan.year,
        plan.info.unit,
        plan.distribution.key if plan.distribution is not None else None,
        parts.keys,
        rows,
        _total(rows, len(parts.keys)),
        find_key(plan, instead) if instead else None,
        years.years if years is not None else (),
        parts.unplaced,
    )


def _plan_years(
    plan: Plan, years: PlanYears, own_capital: Callable[[int], dict[str, Fraction]]
) -> list[tuple[Number, ...]]:
    """Each member's computed contribution of each plan year: by the keys where the plan has
    them, else as the plan years give them (entered, or spread in proportion)."""
    from .planyears import year_split

    if plan.keys:
        by_year = [year_split(plan, years, y, own_capital(y)).contributions for y in years.years]
    else:
        by_year = [[line[y].amount for line in years.contributions] for y in years.years]
    return (
        [tuple(figures) for figures in zip(*by_year, strict=True)]
        if by_year
        else [() for _ in plan.contributions]
    )


def _implicit(
    plan: Plan, own: Mapping[str, Fraction], later: list[tuple[Number, ...]] | None
) -> tuple[MemberRow, ...]:
    """A plan without keys: each member's direct costs, and the rest of its contribution as its
    part of the common costs, which implies its share of them (implicit nyckel)."""
    direct = list(split(plan, own).direct)
    if capital_line(plan) is None:  # the own investments are direct costs all the same
        for index, line in enumerate(plan.contributions):
            direct[index] += own.get(folded(line.name), Fraction(0))
    common = [
        Fraction(line.budget) - part for line, part in zip(plan.contributions, direct, strict=True)
    ]
    whole = sum(common, Fraction(0))
    return tuple(
        MemberRow(
            line.name,
            (part,),
            own_part,
            None,
            line.budget,
            line.previous,
            part / whole if whole else None,
            plan=later[index] if later else (),
        )
        for index, (line, part, own_part) in enumerate(
            zip(plan.contributions, common, direct, strict=True)
        )
    )


def _total(rows: Sequence[MemberRow], parts: int) -> MemberRow:
    """The members' rows summed; a figure that no member has is None."""

    def summed(values: list) -> Number | Fraction | None:
        if any(value is None for value in values):
            return None
        return sum(values[1:], values[0]) if values else 0

    return MemberRow(
        "Totalt",
        tuple(sum((row.common[i] for row in rows), Fraction(0)) for i in range(parts)),
        sum((row.direct for row in rows), Fraction(0)),
        summed([row.computed for row in rows]),
        exact_sum(row.entered for row in rows),
        exact_sum(row.previous for row in rows),
        summed([row.implied_share for row in rows]),
        summed([row.alternative for row in rows]),
        tuple(exact_sum(values) for values in zip(*(row.plan for row in rows), strict=True)),
    )


def computed_contributions(
    plans: Sequence[Plan], year: int, register: Register | None = None
) -> list[Number] | None:
    """The contributions of the plan of `year` by its distribution (SPEC 7), in the order of its
    contributions; None where the plan has no [distribution]. `balance` and `new` write these."""
    plan = next(plan for plan in plans if plan.year == year)
    if plan.distribution is None:
        return None
    return split(plan, member_capital(plans, year, register=register)).contributions
