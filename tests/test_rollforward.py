"""Next year's plan: budget becomes previous, indexation, contributions that balance it."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import tomli_w
from conftest import SEED_PLAN
from hypothesis import given, settings
from hypothesis import strategies as st

from mercalc import check
from mercalc.books.budget import result
from mercalc.books.capital import capital_cost
from mercalc.books.loader import load, load_plan
from mercalc.books.model import BudgetLine, Contribution, Plan, PlanInfo, validate_plan
from mercalc.books.planyears import books_plan_years
from mercalc.books.rollforward import (
    Indexation,
    RollForwardError,
    UnbalancedSource,
    next_plan,
    plan_file,
    plan_file_data,
    roll_forward,
)
from mercalc.numbers import proportional, round_half_up

SEED_INDICES = (
    '[indices]\npay = { 2024 = "3.5%", 2025 = "3%" }\nprice = { 2024 = "2%", 2025 = "2%" }\n'
)


def read_back(text: str) -> Plan:
    return validate_plan(tomllib.loads(text, parse_float=Decimal))


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_the_new_plan_is_written_from_the_source_keeping_its_comments():
    """SPEC 5.6, 6: what is carried keeps its comments and layout; the investments go with
    theirs; the file reads back as the new plan (plan_file checks it)."""
    text = SEED_PLAN.read_text(encoding="utf-8")
    books = load(SEED_PLAN)
    new, _review = roll_forward(books, books.plan(2023), 2024)
    written = plan_file(text, books.plan(2023), new, "MER-plan 2024")
    assert read_back(written) == new
    assert written.startswith("# MER-plan 2024\n\n[plan]\n")
    kept = [line for line in text.splitlines() if line.startswith("#")]
    gone = [line for line in changed_lines(text, written) if line.startswith("-#")]
    assert sorted(line[1:] for line in gone) == sorted(
        [*kept[:2], *(line for line in kept if _about_investments(line))]
    )
    assert "activation_month = 7   # halvårseffekt: the seed activates investments at mid-year" in (
        written
    )
    assert "[[investment]]" not in written


def _about_investments(comment: str) -> bool:
    """The comment block above the seed's investments."""
    return any(
        words in comment
        for words in (
            "Investeringsbudget 2023",
            "without the split",
            "year, half-year",
            "270–293",
            "is the middle",
        )
    )


def test_budget_becomes_previous_and_the_rest_is_carried():
    old = load_plan(SEED_PLAN)
    new, _review = next_plan(old, 2024)
    assert (new.year, new.info.plan_years) == (2024, (2025, 2026))
    for before, after in zip(
        old.contributions + old.costs, new.contributions + new.costs, strict=True
    ):
        assert (after.name, after.previous, after.budget, after.changes) == (
            before.name,
            before.budget,
            before.budget,
            (),
        )
    assert new.investments == ()
    assert new.capital == old.capital
    assert new.goals == old.goals
    assert result(new).budget == 0 and result(new).previous == 0


def test_indexation_rounds_half_up_and_the_members_pay_in_proportion():
    old = load_plan(SEED_PLAN)
    new, _review = next_plan(
        old, 2024, Indexation({"Personalkostnader": Decimal("4.5")}, Decimal(3))
    )
    costs = {line.name: line.budget for line in new.costs}
    assert costs["Personalkostnader"] == 13303  # 12 730 × 1.045 = 13 302.85
    assert costs["Datakommunikation"] == 2060
    assert costs["Kapitalkostnader"] == 13373  # the capital line is never indexed
    raise_ = sum(costs.values()) - 41391
    assert [c.budget - c.previous for c in new.contributions] == [243, 159, 281, 349]
    assert sum(c.budget - c.previous for c in new.contributions) == raise_
    assert result(new).budget == 0


def test_proportional_hands_the_missing_units_to_the_largest_remainders():
    assert proportional(2, [1, 1, 1]) == [1, 1, 0]  # 2/3 each: floors 0, ties in file order
    assert proportional(10, [100, 300]) == [3, 7]  # 2.5 and 7.5: one unit missing, to the first
    assert proportional(3, [0, 0]) == [2, 1]  # no budgets to go by: equal shares
    assert proportional(0, [9755, 6356, 11268, 14012]) == [0, 0, 0, 0]
    assert sum(proportional(-17, [7, 11, 13])) == -17


def test_what_cannot_be_rolled_forward_is_said():
    old = load_plan(SEED_PLAN)
    with pytest.raises(RollForwardError, match="is for 2024, not 2025"):
        next_plan(old, 2025)
    with pytest.raises(RollForwardError, match="member contribution"):
        next_plan(old, 2024, Indexation({"Lekeberg": Decimal(3)}))
    with pytest.raises(RollForwardError, match='no line is named "Hyra"'):
        next_plan(old, 2024, Indexation({"Hyra": Decimal(3)}))
    unbalanced = replace(old, costs=old.costs[:-1])
    with pytest.raises(UnbalancedSource):
        next_plan(unbalanced, 2024)


amounts = st.integers(0, 10**7)


@st.composite
def balanced_plans(draw) -> Plan:
    costs = draw(st.lists(amounts, min_size=1, max_size=6))
    total_costs = sum(costs)
    revenue = draw(st.lists(st.integers(0, total_costs // 7), max_size=2))
    needed = total_costs - sum(revenue)
    cuts = sorted(draw(st.lists(st.integers(0, needed), min_size=0, max_size=4)))
    members = [b - a for a, b in zip([0, *cuts], [*cuts, needed], strict=True)]

    def lines(prefix, values, record=BudgetLine):
        return tuple(
            record(name=f"{prefix}{i}", budget=v, previous=v) for i, v in enumerate(values)
        )

    return Plan(
        info=PlanInfo(organisation="N", year=2023, plan_years=(2024,)),
        contributions=lines("Kommun ", members, Contribution),
        revenue=lines("Intäkt ", revenue),
        costs=lines("Kostnad ", costs),
    )


percents = st.decimals(min_value=-20, max_value=50, places=2)


@settings(max_examples=200, deadline=None)
@given(
    plan=balanced_plans(), all_costs=st.none() | percents, one=st.none() | percents, data=st.data()
)
def test_a_balanced_plan_stays_balanced_under_roll_forward(plan, all_costs, one, data):
    lines = {}
    if one is not None:
        lines[data.draw(st.sampled_from([c.name for c in plan.costs]))] = one
    new, _review = next_plan(plan, 2024, Indexation(lines, all_costs))
    assert result(new).budget == 0
    assert [line.previous for line in new.contributions + new.costs] == [
        line.budget for line in plan.contributions + plan.costs
    ]
    assert all(line.budget >= 0 for line in new.contributions)
    written = plan_file(tomli_w.dumps(plan_file_data(plan)), plan, new, "h")
    assert read_back(written) == new


def test_the_capital_line_is_computed_from_the_books_and_never_indexed():
    """SPEC 5.3: 11 609 unregistered + the 2023 investments' 3 507,578125 in 2024 = 15 117."""
    books = load(SEED_PLAN)
    new, review = roll_forward(books, books.plan(2023), 2024, Indexation({}, Decimal(3)))
    line = next(line for line in new.costs if line.name == "Kapitalkostnader")
    assert (line.budget, line.previous) == (15117, 13373)
    assert [(c.reason, c.amount) for c in line.changes] == [
        ("Kapitalkostnader för tidigare års investeringar", 1744)
    ]
    assert review == [] and result(new).budget == 0
    with pytest.raises(RollForwardError, match="is the capital line"):
        next_plan(books.plan(2023), 2024, Indexation({"Kapitalkostnader": Decimal(3)}))


def test_plan_rates_and_unregistered_move_on_with_the_year():
    books = load(Path(__file__).resolve().parent / "books")
    new, review = roll_forward(books, books.plan(2024), 2025)
    assert new.capital.interest_rate == Decimal("0.0275")  # 2024's plan_rates entry for 2025
    assert new.capital.plan_rates == {2026: Decimal("0.03"), 2027: Decimal("0.03")}
    assert new.capital.unregistered == {2025: 400, 2026: 350, 2027: 350}
    assert review == ["plan_rates 2027 = 3 %", "unregistered 2027 = 350"]
    line = next(line for line in new.costs if line.name == "Kapitalkostnader")
    # 400 + the 2025 costs of the register and the 2023 and 2024 plans at 2,75 %
    register = books.register.record
    assert line.budget == round_half_up(400 + capital_cost(books.all_plans(), 2025, register))


HELD_OUT = Path(__file__).resolve().parent / "planyears"


@pytest.fixture
def adopted_2023(tmp_path: Path) -> Path:
    """The held-out books with only the 2023 plan (and the register): the 2024 plan to make."""
    folder = tmp_path / "books"
    folder.mkdir()
    for name in ("2023.toml", "register.toml"):
        (folder / name).write_text((HELD_OUT / name).read_text(encoding="utf-8"), "utf-8")
    return folder


def test_new_starts_each_line_from_the_plans_figure_for_the_year(adopted_2023: Path):
    """SPEC 6: the 2024 plan made from 2023's is 2023's column Plan 2024, line by line, each
    change said; what was decided for 2024 leaves the rates and plan figures."""
    books = load(adopted_2023)
    source = books.plan(2023)
    years = books_plan_years(books, source)
    new, review = roll_forward(books, source, 2024)
    for before, after, figures in zip(
        source.contributions + source.revenue + source.costs,
        new.contributions + new.revenue + new.costs,
        years.contributions + years.revenue + years.costs,
        strict=True,
    ):
        assert (after.budget, after.previous) == (figures[2024].amount, before.budget), after.name
        assert sum(c.amount for c in after.changes) == after.budget - after.previous
        assert (after.index, after.key, after.municipality) == (
            before.index,
            before.key,
            before.municipality,
        )
    reasons = {line.name: [c.reason for c in line.changes] for line in new.costs + new.revenue}
    assert reasons == {
        "Personalkostnader": ["Uppräkning med index pay 3,5 %"],
        "Licenser": ["Uppräkning med index price 2 %"],
        "Lokaler": [],
        "Kapitalkostnader": ["Kapitalkostnader för tidigare års investeringar"],
        "Uppdrag åt regionen": ["Uppräkning med index price 2 %"],
    }
    assert {c.changes[-1].reason for c in new.contributions} == {
        "Fördelning enligt nyckeln Invånare"
    }
    assert new.indices == {
        "pay": {2025: Decimal("0.03"), 2026: Decimal("0.03")},
        "price": {2025: Decimal("-0.01"), 2026: Decimal("-0.01")},
    }
    assert next(line for line in new.costs if line.name == "Licenser").plan == {
        2025: 5600,
        2026: 5600,
    }
    assert new.capital.interest_rate == Decimal("0.025")  # the 2023 plan's rate for 2024
    assert review == [
        "indices pay 2026 = 3 %",
        "indices price 2026 = -1 %",
        "plan_rates 2026 = 3 %",
        "unregistered 2026 = 450",
        "Licenser: plan 2026 = 5600",
    ]
    written = plan_file((adopted_2023 / "2023.toml").read_text("utf-8"), source, new, "2024")
    (adopted_2023 / "2024.toml").write_text(written, encoding="utf-8")
    assert check(load(adopted_2023)) == []  # previous, the reasons, the capital line, the key


def test_index_and_index_all_win_over_the_plans_own_figures(adopted_2023: Path):
    books = load(adopted_2023)
    raised = Indexation({"Licenser": Decimal(5)}, Decimal(3))
    new, _review = roll_forward(books, books.plan(2023), 2024, raised)
    figures = {line.name: (line.budget, [c.reason for c in line.changes]) for line in new.costs}
    assert figures["Licenser"] == (5586, ["Uppräkning 5 %"])  # 5 320 × 1,05
    assert figures["Personalkostnader"] == (14636, ["Uppräkning 3 %"])  # 14 636,3, not pay
    assert figures["Lokaler"] == (1524, ["Uppräkning 3 %"])  # 1 524,4
    assert new.revenue[0].budget == 255  # other revenue: its own index, as --index-all is costs'
    assert result(new).budget == 0


def test_the_seed_with_indices_rolls_forward_by_them(plan_text, tmp_path: Path):
    text = plan_text.replace("[capital]", SEED_INDICES + "\n[capital]").replace(
        'name = "Personalkostnader"\n', 'name = "Personalkostnader"\nindex = "pay"\n'
    )
    (tmp_path / "2023.toml").write_text(text, encoding="utf-8")
    books = load(tmp_path)
    new, review = roll_forward(books, books.plan(2023), 2024)
    personnel = new.costs[0]
    assert (personnel.budget, personnel.changes[0].reason) == (
        13176,
        "Uppräkning med index pay 3,5 %",
    )
    assert new.indices == {"pay": {2025: Decimal("0.03"), 2026: Decimal("0.03")}} | {
        "price": {2025: Decimal("0.02"), 2026: Decimal("0.02")}
    }
    assert review == ["indices pay 2026 = 3 %", "indices price 2026 = 2 %"]
    assert new.text == books.plan(2023).text and result(new).budget == 0


def test_a_line_keeps_what_describes_it_and_leaves_its_reasons(write_plan):
    path = write_plan(
        '[plan]\norganisation = "N"\nyear = 2023\nplan_years = [2024]\n\n'
        '[[contribution]]\nname = "A"\nbudget = 100\nofficial_name = "A kommun"\n'
        'accounts = ["3*"]\n\n'
        '[[cost]]\nname = "Personal"\nbudget = 100\nprevious = 90\nrestated = "Omorganisation"\n'
        'note = "Exklusive PO"\naccounts = ["5*"]\nprofile = [1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 2]\n'
        'changes = [{ reason = "Fler tjänster", amount = 10 }]\n',
        "2023.toml",
    )
    books = load(path)
    new, _review = roll_forward(books, books.plan(2023), 2024)
    member, cost = new.contributions[0], new.costs[0]
    assert (member.official_name, member.accounts) == ("A kommun", ("3*",))
    assert (cost.note, cost.accounts, cost.profile) == (
        "Exklusive PO",
        ("5*",),
        books.plan(2023).costs[0].profile,
    )
    assert (cost.restated, cost.changes, cost.previous) == (None, (), 100)


def test_next_years_plan_is_a_proposal_without_the_adopted_plans_decision(plan_text):
    """SPEC 17: an adopted plan's status and decision are its own; the new plan is a proposal."""
    adopted = plan_text.replace('unit = "tkr"\n', 'unit = "tkr"\nstatus = "beslutad"\n', 1)
    adopted += '\n[decision]\nbody = "Sydnärkes IT-nämnd"\ndate = 2022-11-24\nref = "§ 45"\n'
    plan = validate_plan(tomllib.loads(adopted, parse_float=Decimal))
    new, _review = next_plan(plan, 2024)
    assert (new.info.status, new.decision) == ("förslag", None)
    written = plan_file(adopted, plan, new, "MER-plan 2024")
    assert read_back(written) == new
    assert 'status = "förslag"' in written
    assert "[decision]" not in written
