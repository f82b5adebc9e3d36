"""Who pays what: each member's share by the keys, exact, in whole units by largest remainder."""

from __future__ import annotations

import json
import math
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from conftest import SEED_PLAN, run
from hypothesis import given
from hypothesis import strategies as st

from mercalc.books.loader import load
from mercalc.books.members import computed_contributions, split
from mercalc.books.memberstatement import members_statement
from mercalc.books.model import validate_plan
from mercalc.books.rules import book_problems
from mercalc.books.validation import key_findings
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
    return capital_cost(amount, years, 2023, 2023, rate)


def capital_cost(amount: int, years: int, activated: int, year: int, rate: Fraction) -> Fraction:
    """SPEC 2, written out: a part activated in July of `activated`, its capital cost in `year`."""
    months_in_all = 12 * years
    start, end = activated * 12 + 6, activated * 12 + 6 + months_in_all
    first, last = max(start, year * 12), min(end, year * 12 + 12)
    months = max(0, last - first)
    book_value = Fraction(amount * (months_in_all - (first - start)), months_in_all)
    return Fraction(amount * months, months_in_all) + rate * book_value * months / 12


def own_capital(year: int, rate: Fraction) -> list[Fraction]:
    """The held-out members' own investments' capital cost in `year`, in the members' order."""
    return [
        capital_cost(2400, 4, 2023, year, rate),  # Elevdatorer Lindesberg
        capital_cost(1200, 4, 2022, year, rate),  # Elevdatorer Nora, of the 2022 plan
        Fraction(0),
        capital_cost(500, 3, 2023, year, rate) + capital_cost(700, 5, 2023, year, rate),
    ]


def expected(plan: dict, figures: dict[str, int], own: list[Fraction]) -> list[int]:
    """The contributions of SPEC 7 from a plan's lines (as tomllib reads them), each line's
    figure for the year, and the members' own capital costs."""
    keys = {key["name"]: key["values"] for key in plan["key"]}
    shares = list(own)
    shared = plan["distribution"]["key"]
    lines = [(line, 1) for line in plan["cost"]] + [(line, -1) for line in plan["revenue"]]
    for line, sign in lines:
        amount = Fraction(sign * figures[line["name"]])
        if line["name"] == plan["capital"]["cost_line"]:
            amount -= sum(own)
        elif "municipality" in line:
            shares[MEMBERS.index(line["municipality"])] += amount
            continue
        for index, part in enumerate(keyed(amount, keys[line.get("key", shared)])):
            shares[index] += part
    return by_largest_remainder(shares)


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def keyed(amount: Fraction, values: dict[str, int]) -> list[Fraction]:
    return [amount * values[name] / sum(values.values()) for name in MEMBERS]


RATE = Fraction(3, 200)  # 1.5 %
BUDGET_2023 = {
    "Personal": 21733,
    "Licenser": 5209,
    "Skolplattform Nora": 311,
    "Kapitalkostnader": 3223,
    "Uppdrag åt andra kommuner": 157,
}


def test_each_member_pays_its_keyed_parts_and_its_own_costs_in_whole_units():
    plan = read(BOOKS / "2023.toml")
    own = own_capital(2023, RATE)
    contributions = expected(plan, BUDGET_2023, own)
    assert sum(contributions) == 21733 + 5209 + 311 + 3223 - 157
    books = load(BOOKS)
    statement = members_statement(books, 2023)
    assert [row.computed for row in statement.members] == contributions
    assert contributions == [15296, 7523, 2941, 4559]
    assert [row.direct for row in statement.members] == [own[0], own[1] + 311, own[2], own[3]]
    assert statement.parts == ("Invånare", "Användare")
    assert [row.difference for row in statement.members] == [5, 0, -5, 0]
    assert computed_contributions(books, books.plan(2023)) == contributions
    assert statement.total.computed == statement.total.entered == sum(contributions)


def test_the_what_if_splits_what_the_distribution_shares_by_another_key():
    plan = read(BOOKS / "2023.toml")
    plan["distribution"]["key"] = "Användare"
    alternative = expected(plan, BUDGET_2023, own_capital(2023, RATE))
    statement = members_statement(load(BOOKS), 2023, instead="användare")
    assert statement.alternative == "Användare"
    assert [row.alternative for row in statement.members] == alternative
    assert alternative == [15048, 7992, 2597, 4682]
    assert [row.alternative_difference for row in statement.members] == [
        a - c for a, c in zip(alternative, (15296, 7523, 2941, 4559), strict=True)
    ]
    assert statement.total.alternative_difference == 0


def test_the_plan_years_are_split_by_the_key_with_the_books_as_the_plan_decided_them():
    plan = read(BOOKS / "2023.toml")
    shared = capital_cost(1800, 3, 2023, 2024, RATE)  # Gemensam server
    figures_2024 = BUDGET_2023 | {
        "Personal": 22385,  # 21 733 × 1.03 = 22 384.99
        "Kapitalkostnader": 4001,  # 2 113 + C(2024) 1 887.6166…
    }
    assert round(2113 + shared + sum(own_capital(2024, RATE))) == 4001
    two = Fraction(2, 100)  # plan_rates 2025
    figures_2025 = figures_2024 | {
        "Personal": 23057,  # 22 385 × 1.03 = 23 056.55
        "Kapitalkostnader": 3991,  # 2 113 + C(2025) at 2 %: 1 878.4666…
    }
    assert (
        round(2113 + capital_cost(1800, 3, 2023, 2025, two) + sum(own_capital(2025, two))) == 3991
    )
    result = run("members", BOOKS / "2023.toml", "--plan-years", "-f", "json")
    data = json.loads(result.stdout)
    for year, figures, rate in (("2024", figures_2024, RATE), ("2025", figures_2025, two)):
        by_member = [member["plan"][year] for member in data["members"]]
        assert by_member == expected(plan, figures, own_capital(int(year), rate)), year
    assert [member["plan"] for member in data["members"]] == [
        {"2024": 16104, "2025": 16446},
        {"2024": 7742, "2025": 7894},
        {"2024": 3040, "2025": 3109},
        {"2024": 4863, "2025": 4962},
    ]


def test_new_balances_the_next_year_by_the_key_and_says_so(tmp_path):
    for name in ("2022.toml", "2023.toml"):
        (tmp_path / name).write_text((BOOKS / name).read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "2024.toml"
    result = run("new", tmp_path / "2023.toml", "-o", target)
    assert result.exit_code == 0, result.stderr
    new = read(target)
    figures = {line["name"]: line["budget"] for line in new["cost"] + new["revenue"]}
    contributions = expected(new, figures, own_capital(2024, RATE))
    assert [line["budget"] for line in new["contribution"]] == contributions
    assert contributions == [16104, 7742, 3040, 4863]  # the 2023 plan's figures for 2024
    for line, before in zip(new["contribution"], (15301, 7523, 2936, 4559), strict=True):
        assert line["previous"] == before
        # the change of its own investments' capital costs, and its part by the key
        reasons = [change["reason"] for change in line["changes"]]
        assert reasons[-1] == "Fördelning enligt nyckeln Invånare"
        assert set(reasons) <= {"Egna investeringar (direkt kostnad)", reasons[-1]}
        assert sum(change["amount"] for change in line["changes"]) == line["budget"] - before
    assert [line.get("key") for line in new["cost"]] == [None, "Användare", None, None]
    assert new["cost"][2]["municipality"] == "Nora"
    assert run("check", target).stderr == ""  # by the key in the books of 2024 too
    assert (new["key"], new["distribution"]) == (
        read(BOOKS / "2023.toml")["key"],
        {"key": "Invånare"},
    )


def test_check_names_a_contribution_above_its_keys_figure_though_the_plan_balances():
    books = load(BOOKS)
    problems = [str(problem) for problem in book_problems(books)]
    file = BOOKS / "2023.toml"
    assert problems == [
        f"{file}:9: contribution[0].budget: Lindesberg: 15301 in the plan, "
        "15296 by the key Invånare",
        f"{file}:19: contribution[2].budget: Ljusnarsberg: 2936 in the plan, "
        "2941 by the key Invånare",
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
    statement = members_statement(load(SEED_PLAN.parent), 2023)
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
    statement = members_statement(load(tmp_path), 2023)
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


def test_balance_writes_the_figures_by_the_key(tmp_path):
    for name in ("2022.toml", "2023.toml"):
        (tmp_path / name).write_text((BOOKS / name).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("balance", tmp_path / "2023.toml")
    assert result.exit_code == 0
    assert result.stderr == "Lindesberg: 15301 → 15296\nLjusnarsberg: 2936 → 2941\n"
    balanced = read(tmp_path / "2023.toml")
    assert [line["budget"] for line in balanced["contribution"]] == [15296, 7523, 2941, 4559]
    assert run("check", tmp_path).exit_code == 0


def test_a_former_members_investments_still_in_force_are_shared():
    plan = validate_plan(tomllib.loads((BOOKS / "2023.toml").read_text(encoding="utf-8")))
    own = dict.fromkeys(("lindesberg", "örebro"), Fraction(100))
    parts = split(plan, own)
    assert parts.direct[0] == 100  # Lindesberg's own
    assert sum(parts.shares) == parts.total  # Örebro's 100 stays in the capital line, shared
    assert sum(sum(common) for common in parts.common) == parts.total - 100 - 311
