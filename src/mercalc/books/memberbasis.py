"""A member's basis (underlag för kommunen, SPEC 18): its row of the members statement, its
direct part line by line and investment by investment, its common part key by key and the
change from last year, all read from the members statements of the year and the year before
(never a second computation of their figures)."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..numbers import Number, exact_sum
from .capital import capital_statement
from .loader import Books
from .members import IMPLICIT, key_shares, member_places
from .memberstatement import MemberRow, MembersStatement, members_statement
from .model import BudgetLine, Contribution, Plan, folded
from .planyears import books_plan_years


class DirectItem(NamedTuple):
    """A line or an own investment's capital cost: the member's alone, as it pays it."""

    name: str
    amount: Number | Fraction
    investment: bool = False  # an own investment's capital cost, not a line of the plan


class CommonPart(NamedTuple):
    """The member's part of the common costs by one key, with the key's value, total and share."""

    key: str  # the key's name, or IMPLICIT
    value: Number | None  # the member's value in the key (0 where the key does not name it)
    total: Number | None  # the key's values summed
    share: Fraction | None  # value / total; by the implicit key, the share its part implies
    part: Fraction
    source: str | None = None  # where the key's values come from ([[key]] source)


class ChangeSplit(NamedTuple):
    """The change from last year as the members statements of both years split it."""

    direct: Fraction  # the change of the direct part
    common: Fraction  # the change of the common part
    rest: Fraction  # the entered contributions' difference from the computed, and rounding


class MemberBasis(NamedTuple):
    """One member's figures for its basis, from the members statements of the year and last."""

    statement: MembersStatement
    line: Contribution
    row: MemberRow
    direct: tuple[DirectItem, ...]  # they add up to `row.direct`
    common: tuple[CommonPart, ...]  # their parts add up to `row.common_part`
    last: MemberRow | None  # None where the books hold no plan of last year, or it had no member

    @property
    def change(self) -> ChangeSplit | None:
        """The change from last year split into direct, common and the rest (None without it)."""
        if self.last is None:
            return None
        direct = self.row.direct - self.last.direct
        common = self.row.common_part - self.last.common_part
        return ChangeSplit(direct, common, Fraction(self.row.change) - direct - common)


def find_member(plan: Plan, name: str) -> Contribution | None:
    """The contribution called `name`, compared as names are."""
    return next((c for c in plan.contributions if folded(c.name) == folded(name)), None)


def member_basis(books: Books, year: int, name: str) -> MemberBasis:
    """The basis of the member `name` in the plan of `year`; LookupError for no member."""
    plan = books.plan(year)
    line = find_member(plan, name)
    if line is None:
        raise LookupError(name)
    years = books_plan_years(books, plan) if plan.info.plan_years else None
    statement = members_statement(books, year, years=years)
    row = _row(statement, line.name)
    assert row is not None  # the statement has a row for each contribution
    return MemberBasis(
        statement,
        line,
        row,
        _direct(books, plan, statement, line.name),
        _common(plan, statement, row),
        _last_year(books, year, line.name),
    )


def _row(statement: MembersStatement, name: str) -> MemberRow | None:
    return next((r for r in statement.members if folded(r.name) == folded(name)), None)


def _direct(
    books: Books, plan: Plan, statement: MembersStatement, name: str
) -> tuple[DirectItem, ...]:
    """The member's own lines, and its own investments where the statement counts them."""
    # the own investments are direct costs where the capital line holds them, and always in a
    # plan without keys (SPEC 7); else they are the statement's `unplaced`
    own = folded(name)
    items = [DirectItem(line.name, line.budget) for line in plan.costs if _owns(line, own)]
    items += [DirectItem(line.name, -line.budget) for line in plan.revenue if _owns(line, own)]
    if plan.capital_line is not None or statement.implicit:
        capital = capital_statement(books.all_plans(), plan.year, books.register_record)
        items += [
            DirectItem(line.name, line.capital_cost, investment=True)
            for line in capital.lines
            if line.municipality is not None and folded(line.municipality) == own
        ]
    return tuple(items)


def _owns(line: BudgetLine, member: str) -> bool:
    return line.municipality is not None and folded(line.municipality) == member


def _common(plan: Plan, statement: MembersStatement, row: MemberRow) -> tuple[CommonPart, ...]:
    """The member's part by each key; by the implicit key, the share its part implies."""
    if statement.implicit:
        return (CommonPart(IMPLICIT, None, None, row.implied_share, row.common[0]),)
    keys = {key.name: key for key in plan.keys}
    places = member_places(plan)
    place = places[folded(row.name)]
    parts = []
    for name, part in zip(statement.parts, row.common, strict=True):
        key = keys[name]
        value = next((v for m, v in key.values.items() if folded(m) == folded(row.name)), 0)
        share = key_shares(key.values, places)[place]
        parts.append(
            CommonPart(name, value, exact_sum(key.values.values()), share, part, key.source)
        )
    return tuple(parts)


def _last_year(books: Books, year: int, name: str) -> MemberRow | None:
    """The member's row of last year's members statement, where the books hold one."""
    if not any(plan.year == year - 1 for plan in books.all_plans()):
        return None
    return _row(members_statement(books, year - 1), name)
