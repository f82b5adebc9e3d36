"""Who pays what: each member's share by the keys, exact, in whole units by largest remainder."""

from __future__ import annotations

import math
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from conftest import SEED_PLAN
from hypothesis import given
from hypothesis import strategies as st

from mercalc.books.loader import load
from mercalc.books.members import computed_contributions, members_statement, split
from mercalc.books.model import validate_plan
from mercalc.books.rules import book_problems, key_findings
from mercalc.numbers import round_half_up

BOOKS = Path(__file__).resolve().parent / "plans" / "members"
MEMBERS = ("Lindesberg", "Nora", "Ljusnarsberg", "Hällefors")


def by_largest_remainder(shares: list[Fraction]) -> list[int]:
    """The method as SPEC 7 words it, written out here on its own."""
    units = [math.floor(share) for share in shares]
    missing = round(sum(shares)) - sum(units)
    order = sorted(range(len(shares)), key=lambda i: -(shares[i] - units[i]))  # stable: file order
    for i in order[:missing]:
        units[i] += 1
    return units


def first_year(amount: int, years: int, rate: Fraction) -> Fraction:
    """Capital cost of a part activated in July: half a year of depreciation and of interest."""
    return Fraction(amount * 6, 12 * years) + rate * amount / 2


def keyed(amount: Fraction, values: dict[str, int]) -> list[Fraction]:
    return [amount * values[name] / sum(values.values()) for name in MEMBERS]


def held_out() -> tuple[dict, list[Fraction], Fraction]:
    """The plan of 2023 as read by tomllib, the members' own capital costs and the capital rest."""
    plan = tomllib.loads((BOOKS / "2023.toml").read_text(encoding="utf-8"))
    rate = Fraction(3, 200)  # 1.5 %
    # Nora's computers of 2022 (1 200 over 4 years): a full year, on the book value of 1 050
    nora = Fraction(1200, 4) + rate * (1200 - Fraction(1200 * 6, 48))
    lindesberg = first_year(2400, 4, rate)
    hallefors = first_year(500, 3, rate) + first_year(700, 5, rate)
    own = [lindesberg, nora, Fraction(0), hallefors]
    capital = next(c["budget"] for c in plan["cost"] if c["name"] == "Kapitalkostnader")
    return plan, own, capital - sum(own)


def test_each_member_pays_its_keyed_parts_and_its_own_costs_in_whole_units():
    plan, own, capital_rest = held_out()
    population, users = (key["values"] for key in plan["key"])
    # Personal, less other revenue, and the capital line's rest by population; licences by users
    shared = 21733 - 157 + capital_rest
    direct = [own[0], own[1] + 311, own[2], own[3]]  # Skolplattform Nora is Nora's
    shares = [
        p + u + d
        for p, u, d in zip(
            keyed(shared, population), keyed(Fraction(5209), users), direct, strict=True
        )
    ]
    expected = by_largest_remainder(shares)
    assert sum(expected) == 21733 + 5209 + 311 + 3223 - 157
    books = load(BOOKS)
    statement = members_statement(books.all_plans(), 2023)
    assert [row.computed for row in statement.members] == expected == [15296, 7523, 2941, 4559]
    assert [row.direct for row in statement.members] == direct
    assert [sum(row.common) + row.direct for row in statement.members] == shares
    assert statement.parts == ("Invånare", "Användare")
    assert [row.difference for row in statement.members] == [5, 0, -5, 0]
    assert computed_contributions(books.all_plans(), 2023) == expected
    assert statement.total.computed == statement.total.entered == sum(expected)


def test_the_what_if_splits_what_the_distribution_shares_by_another_key():
    plan, own, capital_rest = held_out()
    users = plan["key"][1]["values"]
    everything = 21733 - 157 + capital_rest + 5209
    direct = [own[0], own[1] + 311, own[2], own[3]]
    expected = by_largest_remainder(
        [part + d for part, d in zip(keyed(everything, users), direct, strict=True)]
    )
    statement = members_statement(load(BOOKS).all_plans(), 2023, instead="användare")
    assert statement.alternative == "Användare"
    assert [row.alternative for row in statement.members] == expected == [15048, 7992, 2597, 4682]
    assert [row.alternative_difference for row in statement.members] == [
        a - c for a, c in zip(expected, (15296, 7523, 2941, 4559), strict=True)
    ]
    assert statement.total.alternative_difference == 0


def test_check_names_a_contribution_above_its_keys_figure_though_the_plan_balances():
    books = load(BOOKS)
    problems = [str(problem) for problem in book_problems(books)]
    file = BOOKS / "2023.toml"
    assert problems == [
        f"{file}:9: contribution[0].budget: Lindesberg: 15\u00a0301 in the plan, "
        "15\u00a0296 by the key Invånare",
        f"{file}:19: contribution[2].budget: Ljusnarsberg: 2\u00a0936 in the plan, "
        "2\u00a0941 by the key Invånare",
    ]


def test_the_seed_has_no_keys_and_shows_what_its_contributions_imply():
    seed = tomllib.loads(SEED_PLAN.read_text(encoding="utf-8"), parse_float=Decimal)
    rate = Fraction(1, 80)  # 1.25 %
    own = {
        investment["municipality"]: sum(
            first_year(part["amount"], part["years"], rate) for part in investment["parts"]
        )
        for investment in seed["investment"]
        if "municipality" in investment
    }
    entered = {line["name"]: line["budget"] for line in seed["contribution"]}
    common = {name: entered[name] - own[name] for name in entered}
    statement = members_statement(load(SEED_PLAN.parent).all_plans(), 2023)
    assert statement.implicit and statement.key is None
    rows = {row.name: row for row in statement.members}
    for name in entered:
        assert rows[name].direct == own[name]
        assert rows[name].implied_share == common[name] / sum(common.values())
        assert rows[name].computed is None
    six = {
        name: (round_half_up(row.direct, 6), round_half_up(row.implied_share, 6))
        for name, row in rows.items()
    }
    assert six == {
        "Lekeberg": (Decimal("434.025000"), Decimal("0.232180")),
        "Laxå": (Decimal("232.995833"), Decimal("0.152521")),
        "Askersund": (Decimal("322.158333"), Decimal("0.272655")),
        "Hallsberg": (Decimal("256.414583"), Decimal("0.342644")),
    }
    assert statement.total.implied_share == 1


def test_member_names_match_however_they_are_written():
    plan = tomllib.loads((BOOKS / "2023.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    plan["key"][0]["values"] = {
        "LINDESBERG": 1,
        "nora": 1,
        "Ljusnarsberg": 1,
        "Ha\u0308llefors": 1,  # "ä" as "a" and a combining diaeresis
    }
    source = validate_plan(plan)
    assert key_findings(source) == []
    parts = split(source, {})
    assert parts.keys == ("Invånare", "Användare")
    assert [common[0] for common in parts.common] == [parts.common[0][0]] * 4


def test_without_a_capital_line_the_own_investments_are_said_to_lie_nowhere(tmp_path):
    text = (BOOKS / "2023.toml").read_text(encoding="utf-8")
    (tmp_path / "2023.toml").write_text(
        text.replace('cost_line = "Kapitalkostnader"\n', ""), encoding="utf-8"
    )
    statement = members_statement(load(tmp_path).all_plans(), 2023)
    assert statement.unplaced == first_year(2400, 4, Fraction(3, 200)) + first_year(
        500, 3, Fraction(3, 200)
    ) + first_year(700, 5, Fraction(3, 200))
    assert [row.direct for row in statement.members] == [0, 311, 0, 0]


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=6).filter(any),
    st.lists(st.tuples(amounts, st.sampled_from(["key", "direct", "shared"])), max_size=8),
    amounts,
)
def test_a_split_adds_up_to_the_costs_less_other_revenue_exactly(values, lines, revenue):
    names = [f"Kommun {i}" for i in range(len(values))]
    plan = validate_plan(
        {
            "plan": {"organisation": "N", "year": 2023},
            "contribution": [{"name": name, "budget": 0} for name in names],
            "revenue": [{"name": "Intäkt", "budget": revenue}],
            "cost": [
                {"name": f"Rad {i}", "budget": amount}
                | ({"key": "K"} if how == "key" else {})
                | ({"municipality": names[i % len(names)]} if how == "direct" else {})
                for i, (amount, how) in enumerate(lines)
            ],
            "key": [{"name": "K", "values": dict(zip(names, values, strict=True))}],
            "distribution": {"key": "K"},
        }
    )
    parts = split(plan, {})
    assert sum(parts.shares) == parts.total == sum(a for a, _ in lines) - revenue
    contributions = parts.contributions
    assert sum(contributions) == parts.total
    assert all(abs(Fraction(c) - s) < 1 for c, s in zip(contributions, parts.shares, strict=True))
