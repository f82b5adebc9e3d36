"""`mercalc balance`: the capital line, then the contributions, edited in place (SPEC 5.6)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import tomli_w
from conftest import DATA, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mercalc.books.balance import CannotBalance, balanced_text, balancing
from mercalc.books.budget import result
from mercalc.books.loader import load

BOOKS = Path(__file__).resolve().parent / "books"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of a unified diff that differ, without the headers."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def seed_copy(tmp_path: Path, old: str, new: str) -> Path:
    plan = tmp_path / "2023.toml"
    text = (DATA / "2023.toml").read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


def test_balance_changes_only_the_figures_and_keeps_every_comment(tmp_path):
    """The seed's earlier investments cost 91 more: the capital line takes them, its reasons
    get "Övrigt, ej specificerat", and the members pay the 91 in proportion."""
    plan = seed_copy(tmp_path, "unregistered = 11609", "unregistered = 11700")
    before = plan.read_text(encoding="utf-8")
    result_ = run("balance", plan)
    assert (result_.exit_code, result_.stdout) == (0, "")
    assert result_.stderr == (
        "Kapitalkostnader: 13\u00a0373 → 13\u00a0464\n"
        "Kapitalkostnader, Övrigt, ej specificerat: – → 91\n"
        "Lekeberg: 9\u00a0755 → 9\u00a0776\n"
        "Laxå: 6\u00a0356 → 6\u00a0370\n"
        "Askersund: 11\u00a0268 → 11\u00a0293\n"
        "Hallsberg: 14\u00a0012 → 14\u00a0043\n"
    )
    after = plan.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-budget = 9755",
        "+budget = 9776",
        "-budget = 6356",
        "+budget = 6370",
        "-budget = 11268",
        "+budget = 11293",
        "-budget = 14012",
        "+budget = 14043",
        "-budget = 13373",
        "+budget = 13464",
        '+  { reason = "Övrigt, ej specificerat", amount = 91 },',
    ]
    assert run("check", plan).exit_code == 0
    assert run("balance", plan).stderr == ""  # it holds: nothing more to do
    assert plan.read_text(encoding="utf-8") == after


def test_an_existing_other_reason_takes_the_difference(tmp_path):
    plan = seed_copy(tmp_path, "budget = 1726", "budget = 1736")
    before = plan.read_text(encoding="utf-8")
    assert (
        run("balance", plan, "--dry-run").stderr.splitlines()[0]
        == "Lekeberg: 9\u00a0755 → 9\u00a0757"
    )
    assert plan.read_text(encoding="utf-8") == before  # --dry-run writes nothing
    edit = tmp_path / "2023.toml"
    text = before.replace("amount = 100 }", "amount = 110 }")  # Resor's reasons add up again
    edit.write_text(text, encoding="utf-8")
    assert run("balance", edit).exit_code == 0
    assert [line for line in changed_lines(text, edit.read_text("utf-8"))] == [
        "-budget = 9755",
        "+budget = 9757",
        "-budget = 6356",
        "+budget = 6358",
        "-budget = 11268",
        "+budget = 11271",
        "-budget = 14012",
        "+budget = 14015",
    ]
    assert run("check", edit).exit_code == 0


def test_a_changed_line_with_reasons_keeps_them_adding_up(tmp_path):
    """The held-out books: 2023's capital line off by 10; its own reasons are none, Personal-
    kostnader's are kept as they are (it does not change)."""
    folder = tmp_path / "books"
    shutil.copytree(BOOKS, folder)
    plan = folder / "2024.toml"
    text = plan.read_text(encoding="utf-8").replace(
        "budget = 2618\nprevious = 2262",
        "budget = 2600\nprevious = 2262\nchanges = [\n"
        '  { reason = "Nya investeringar", amount = 300 },\n'
        '  { reason = "Övrigt, ej specificerat", amount = 38 },\n]',
    )
    plan.write_text(text, encoding="utf-8")
    assert run("check", plan).exit_code == 1
    result_ = run("balance", plan)
    assert result_.exit_code == 0
    assert result_.stderr.splitlines()[:2] == [
        "Kapitalkostnader: 2\u00a0600 → 2\u00a0618",
        "Kapitalkostnader, Övrigt, ej specificerat: 38 → 56",
    ]
    assert run("check", "--data-dir", folder).exit_code == 0


def test_without_contributions_it_cannot_balance(tmp_path):
    plan = tmp_path / "2023.toml"
    plan.write_text(
        '[plan]\norganisation = "N"\nyear = 2023\n\n[[cost]]\nname = "A"\nbudget = 5\n',
        encoding="utf-8",
    )
    result_ = run("balance", plan)
    assert (result_.exit_code, result_.stdout) == (1, "")
    assert result_.stderr == (
        f"{plan}:1: plan: cannot balance: Summa is 5 and the plan has no contributions\n"
    )


def test_bad_input_is_bad_input(tmp_path):
    plan = seed_copy(tmp_path, "budget = 9755", "budget = -9755")
    before = plan.read_text(encoding="utf-8")
    assert run("balance", plan).exit_code == 2
    assert plan.read_text(encoding="utf-8") == before


amounts = st.integers(0, 10**6) | st.decimals(0, 10**6, places=2)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    contributions=st.lists(st.integers(1, 10**6), min_size=1, max_size=5),
    costs=st.lists(amounts, min_size=1, max_size=5),
    revenue=st.lists(amounts, max_size=2),
)
def test_any_plan_balances_and_a_balanced_plan_stays_as_it_is(
    tmp_path_factory, contributions, costs, revenue
):
    folder = tmp_path_factory.mktemp("balance")
    document = {
        "plan": {"organisation": "N", "year": 2023},
        "contribution": [{"name": f"K{i}", "budget": b} for i, b in enumerate(contributions)],
        "revenue": [{"name": f"I{i}", "budget": b} for i, b in enumerate(revenue)],
        "cost": [{"name": f"C{i}", "budget": b} for i, b in enumerate(costs)],
    }
    (folder / "2023.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    books = load(folder)
    source = books.source(2023)
    try:
        edits = balancing(books, source)
    except CannotBalance:
        assert sum(costs) < sum(revenue)  # the members would have to be paid
        return
    (folder / "2023.toml").write_text(balanced_text(source, edits), encoding="utf-8")
    balanced = load(folder)
    assert result(balanced.plan(2023)).budget == 0
    assert all(line.budget >= 0 for line in balanced.plan(2023).contributions)
    assert balancing(balanced, balanced.source(2023)) == []  # balanced stays balanced
