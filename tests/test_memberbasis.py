"""A member's basis (SPEC 18) as the books give it: its items and parts add up to its row of the
members statement, its key share is the key's value over its total, and the change from last
year splits into the change of the direct part, of the common part and the rest."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import SEED_PLAN

from mercalc.books.capital import capital_statement
from mercalc.books.loader import load
from mercalc.books.memberbasis import DirectItem, member_basis
from mercalc.books.members import IMPLICIT
from mercalc.books.memberstatement import members_statement

TESTS = Path(__file__).resolve().parent
BOOKS = [
    (TESTS / "books", 2023),
    (TESTS / "books", 2024),
    (TESTS / "plans" / "members", 2022),
    (TESTS / "plans" / "members", 2023),
    (SEED_PLAN.parent, 2023),
]


@pytest.mark.parametrize(("folder", "year"), BOOKS, ids=lambda v: str(v)[-12:])
def test_the_basis_adds_up_to_the_members_statement(folder: Path, year: int):
    books = load(folder)
    statement = members_statement(books, year)
    for row in statement.members:
        basis = member_basis(books, year, row.name.upper())  # found as names are compared
        assert basis.row == row._replace(plan=basis.row.plan)  # the plan years beside
        assert sum((Fraction(item.amount) for item in basis.direct), Fraction(0)) == row.direct
        assert sum((part.part for part in basis.common), Fraction(0)) == row.common_part
        assert [part.key for part in basis.common] == list(statement.parts)
        for part in basis.common:
            if part.key == IMPLICIT:
                assert part.share == row.implied_share and part.value is None
            else:
                assert part.share == Fraction(part.value) / Fraction(part.total)
        change = basis.change
        if basis.last is None:
            assert change is None
            continue
        assert change is not None
        assert change.direct == row.direct - basis.last.direct
        assert change.common == row.common_part - basis.last.common_part
        assert change.direct + change.common + change.rest == row.change


def test_without_keys_or_a_capital_line_the_own_investment_is_still_a_direct_item():
    """Where no capital line holds them, a plan without keys still counts the members' own
    investments as their direct costs, so the basis lists them by name (its items add up)."""
    books = load(TESTS / "plans" / "members")
    plan = books.plan(2022)
    assert not plan.keys and plan.capital_line is None
    basis = member_basis(books, 2022, "Nora")
    cost = next(
        line.capital_cost
        for line in capital_statement(books.all_plans(), 2022, books.register_record).lines
        if line.name == "Elevdatorer Nora"
    )
    assert basis.direct == (DirectItem("Elevdatorer Nora", cost, investment=True),)
    assert basis.row.direct == cost > 0
    assert member_basis(books, 2022, "Lindesberg").direct == ()


def test_the_key_share_and_last_year():
    books = load(TESTS / "plans" / "members")
    basis = member_basis(books, 2023, "Nora")
    invånare = basis.common[0]
    assert (invånare.key, invånare.value, invånare.total) == ("Invånare", 10663, 45847)
    assert invånare.share == Fraction(10663, 45847)
    assert basis.last == next(
        row for row in members_statement(books, 2022).members if row.name == "Nora"
    )
    assert member_basis(books, 2022, "Nora").last is None  # no plan of 2021 in the books


def test_a_name_that_is_no_member_is_a_lookup_error():
    with pytest.raises(LookupError):
        member_basis(load(SEED_PLAN.parent), 2023, "Örebro")
