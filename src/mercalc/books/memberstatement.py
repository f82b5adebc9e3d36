"""Who pays what in a plan (SPEC 7): each member's row with its common parts, direct costs,
computed and entered contribution, the what-if key and the plan years' contributions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from ..numbers import Number, exact_sum
from .loader import Books
from .members import IMPLICIT, find_key, own_capital_for, split
from .model import Plan, folded
from .planyears import PlanYears, year_split


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
    alternative_plan: tuple[Number, ...] = ()  # its plan years' contributions by the what-if key

    @property
    def difference(self) -> Number | None:
        """The contribution in the plan less the computed one."""
        return None if self.computed is None else self.entered - self.computed

    @property
    def common_part(self) -> Fraction:
        """Its part of the shared costs by every key together."""
        return sum(self.common, Fraction(0))

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


def members_statement(
    books: Books, year: int, instead: str | None = None, years: PlanYears | None = None
) -> MembersStatement:
    """Who pays what in the plan of `year`, read with the other plans of its books (for the
    members' own investments); `instead` names a key for the what-if; with the plan's `years`,
    each plan year's computed contributions too."""
    plan = books.plan(year)
    if instead is not None and find_key(plan, instead) is None:
        raise ValueError(f"{instead!r} is not a key of the plan")
    own_capital = own_capital_for(books, plan)
    own = own_capital(year)
    later = _plan_years(plan, years, own_capital) if years is not None else None
    alternative_later = (
        _plan_years(plan, years, own_capital, instead)
        if years is not None and instead is not None
        else None
    )
    if not plan.keys or (plan.distribution is None and instead is None):
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
    return _keyed(plan, own, instead, years, later, alternative_later)


def _keyed(
    plan: Plan,
    own: Mapping[str, Fraction],
    instead: str | None,
    years: PlanYears | None,
    later: list[tuple[Number, ...]] | None,
    alternative_later: list[tuple[Number, ...]] | None,
) -> MembersStatement:
    """Who pays what by the keys: computed by the distribution's key, beside the what-if key
    `instead`; a plan without a [distribution] computes nothing (its key is for what-ifs, SPEC
    16): its computed contributions are those entered, split by the what-if key."""
    parts = split(plan, own, instead=instead) if plan.distribution is None else split(plan, own)
    computed = (
        [line.budget for line in plan.contributions]
        if plan.distribution is None
        else parts.contributions
    )
    alternative = split(plan, own, instead=instead).contributions if instead else None
    rows = tuple(
        MemberRow(
            line.name,
            common,
            direct,
            figure,
            line.budget,
            line.previous,
            None,
            alternative[index] if alternative else None,
            later[index] if later else (),
            alternative_later[index] if alternative_later else (),
        )
        for index, (line, common, direct, figure) in enumerate(
            zip(plan.contributions, parts.common, parts.direct, computed, strict=True)
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
    plan: Plan,
    years: PlanYears,
    own_capital: Callable[[int], dict[str, Fraction]],
    instead: str | None = None,
) -> list[tuple[Number, ...]]:
    """Each member's computed contribution of each plan year: by the distribution where the
    plan has one (or by the what-if key `instead`), else as the plan years give them
    (entered, or by the implicit key)."""
    if plan.distribution is not None or instead is not None:
        by_year = [
            year_split(plan, years, y, own_capital(y), instead).contributions for y in years.years
        ]
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
    if plan.capital_line is None:  # the own investments are direct costs all the same
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

    def summed(values: Sequence[Number | None]) -> Number | None:
        present = [value for value in values if value is not None]
        return exact_sum(present) if len(present) == len(values) else None

    shares = [row.implied_share for row in rows]
    present = [share for share in shares if share is not None]
    share = sum(present, Fraction(0)) if len(present) == len(shares) else None

    return MemberRow(
        "Totalt",
        tuple(sum((row.common[i] for row in rows), Fraction(0)) for i in range(parts)),
        sum((row.direct for row in rows), Fraction(0)),
        summed([row.computed for row in rows]),
        exact_sum(row.entered for row in rows),
        exact_sum(row.previous for row in rows),
        share,
        summed([row.alternative for row in rows]),
        tuple(exact_sum(values) for values in zip(*(row.plan for row in rows), strict=True)),
        tuple(
            exact_sum(values)
            for values in zip(*(row.alternative_plan for row in rows), strict=True)
        ),
    )
