"""Revisions during the year (budgetjustering, tilläggsanslag): the revised budget beside the
adopted one, the rule that it balances, and the follow-up against it (SPEC 17)."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED_PLAN, run
from seed import FOLLOWUP_BOOKS, REVISIONS, export_csv

from mercalc.books.loader import load_plan
from mercalc.books.revisions import adjustments, dated, revised

NBSP = "\u00a0"


def cells(line: str) -> list[str]:
    """A table row's cells: split at spaces, never at the no-break space inside a figure."""
    return [cell for cell in line.split(" ") if cell]


@pytest.fixture
def revised_seed(tmp_path: Path) -> Path:
    path = tmp_path / "2023.toml"
    path.write_text(SEED_PLAN.read_text(encoding="utf-8") + REVISIONS, encoding="utf-8")
    return path


def row(table: str, label: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f" {label}  "))
    return cells(line.removeprefix(f" {label}"))


def test_budget_shows_the_adopted_budget_the_adjustment_and_the_revised_budget(revised_seed):
    result = run("budget", revised_seed)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[2]
    assert cells(header) == [
        "Budget", "2023", "Budget", "2022", "Förändring", "Justering", "Reviderad", "budget", "2023"
    ]  # fmt: skip
    # Förändring stays adopted − previous
    kostnader = ["41 391", "39 012", "2 379", "300", "41 691"]
    assert row(result.stdout, "Kostnader") == [cell.replace(" ", NBSP) for cell in kostnader]
    hallsberg = ["-14 012", "-13 063", "-949", "-300", "-14 312"]
    assert row(result.stdout, "Hallsberg") == [cell.replace(" ", NBSP) for cell in hallsberg]
    assert row(result.stdout, "Personalkostnader")[3:] == ["0", f"12{NBSP}730"]
    assert row(result.stdout, "Summa") == ["0", "0", "0", "0", "0"]


def test_the_json_adds_revised_to_each_line_and_total(revised_seed):
    data = json.loads(run("budget", revised_seed, "-f", "json").stdout, parse_float=Decimal)
    licences = next(line for line in data["costs"] if line["name"] == "Licenser och serviceavtal")
    assert licences == {
        "name": "Licenser och serviceavtal",
        "budget": 8400,
        "previous": 7378,
        "change": 1022,
        "revised": 8700,
    }
    assert [line["revised"] for line in data["revenue"]] == [-9755, -6356, -11268, -14312]
    assert data["revenue_total"]["revised"] == -41691
    assert data["cost_total"] == {
        "budget": 41391,
        "previous": 39012,
        "change": 2379,
        "revised": 41691,
    }
    assert data["result"]["revised"] == 0
    assert data["balanced"] is True
    # a plan without revisions keeps the json of SPEC 3
    assert "revised" not in json.loads(run("budget", SEED_PLAN, "-f", "json").stdout)["result"]


def test_explain_lists_each_revision_with_its_references(revised_seed):
    table = run("budget", revised_seed, "--explain").stdout
    assert "Hallsberg bekostar licenserna" in table and "KF Hallsberg § 30" in table
    data = json.loads(run("budget", revised_seed, "--explain", "-f", "json").stdout)
    hallsberg = next(line for line in data["revenue"] if line["name"] == "Hallsberg")
    assert hallsberg["revisions"] == [
        {
            "date": "2023-05-15",
            "ref": ["KF Hallsberg § 30", "§ 12, dnr SITN 2023/8"],
            "amount": -300,
            "reason": "Hallsberg bekostar licenserna",
            "one_off": True,
        }
    ]


@pytest.mark.parametrize("fmt", ["csv", "csv-sv", "markdown"])
def test_every_format_has_the_revision_columns(revised_seed, fmt):
    text = run("budget", revised_seed, "-f", fmt).stdout
    assert "Justering" in text and "Reviderad budget 2023" in text
    assert ("41691" if fmt != "markdown" else f"41{NBSP}691") in text.replace("41 691", "41691")


def test_the_workbook_has_the_revision_columns(revised_seed, tmp_path):
    import openpyxl

    out = tmp_path / "budget.xlsx"
    assert run("budget", revised_seed, "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    values = [[cell for cell in r if cell is not None] for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in values if "Justering" in r)
    assert header[-2:] == ["Justering", "Reviderad budget 2023"]
    costs = next(r for r in values if r and r[0] == "Kostnader")
    assert costs[-2:] == [300, 41691]


def test_a_revision_that_leaves_the_revised_budget_unbalanced_is_a_problem(revised_seed):
    text = revised_seed.read_text(encoding="utf-8")
    cut = text.rindex("amount = 300")
    revised_seed.write_text(text[:cut] + "amount = 200" + text[cut + 12 :], encoding="utf-8")
    line = text.splitlines().index("[[revision]]") + 1
    expected = (
        f"{revised_seed}:{line}: revision: the revised budget does not balance: the revisions "
        "change costs by +300 and revenue by +200, so Summa moves by +100: "
        "Licenser och serviceavtal +300 (§ 12, dnr SITN 2023/8, 2023-05-15); "
        "Hallsberg +200 (KF Hallsberg § 30, § 12, dnr SITN 2023/8, 2023-05-15)\n"
    )
    for command in ("check", "budget"):
        result = run(command, revised_seed)
        assert (result.exit_code, result.stderr) == (1, expected), command
    table = run("budget", revised_seed).stdout
    assert row(table, "Summa") == ["0", "0", "0", "100", "100"]
    assert (
        "Budgeten är inte i balans: Summa ska vara 0 men är 100 tkr i reviderad budget 2023."
        in (table)
    )


def test_a_revision_may_not_take_a_line_below_zero(revised_seed):
    text = revised_seed.read_text(encoding="utf-8")
    text = text.replace("\namount = 300\n", "\namount = -9000\n")
    revised_seed.write_text(text, encoding="utf-8")
    line = text.splitlines().index("amount = -9000") + 1
    result = run("check", revised_seed)
    assert (result.exit_code, result.stderr) == (
        1,
        f'{revised_seed}:{line}: revision[0].amount: the revisions of "Licenser och '
        'serviceavtal" take its budget below 0: 8400 -9000\n',
    )


def test_the_revised_plan_takes_the_revisions_dated_up_to_a_day(revised_seed):
    plan = load_plan(revised_seed)
    assert adjustments(plan.revisions) == {"licenser och serviceavtal": 300, "hallsberg": 300}
    assert dated(plan, datetime.date(2023, 5, 14)) == ()
    assert revised(plan, datetime.date(2023, 5, 14)) is plan
    whole = revised(plan)
    assert [line.budget for line in whole.costs if line.name.startswith("Licenser")] == [8700]
    assert [line.budget for line in whole.contributions] == [9755, 6356, 11268, 14312]
    assert plan.costs[3].budget == 8400  # the adopted plan itself is unchanged


FOLLOWUP_REVISIONS = """
[[revision]]
date = 2024-03-20
ref = "§ 7"
line = "Licenser"
amount = 120000
reason = "Licenser för Arbogas skolor"

[[revision]]
date = 2024-03-20
ref = "§ 7"
line = "Arboga"
amount = 120000
reason = "Arboga bekostar licenserna"
"""


def test_follow_up_compares_against_the_revised_budget(tmp_path):
    books = tmp_path / "books"
    shutil.copytree(FOLLOWUP_BOOKS, books)
    plan = books / "2024.toml"
    plan.write_text(plan.read_text(encoding="utf-8") + FOLLOWUP_REVISIONS, encoding="utf-8")
    export = export_csv(tmp_path)

    def budgets(*options: str) -> dict[str, Decimal]:
        result = run("follow-up", plan, "--actuals", export, "-f", "json", *options)
        data = json.loads(result.stdout, parse_float=Decimal)
        return {line["name"]: line["budget"] for line in data["lines"]}

    revised_budgets, adopted = budgets(), budgets("--against", "adopted")
    data = json.loads(run("follow-up", plan, "--actuals", export, "-f", "json").stdout)
    assert data["against"] == "revised"
    against_adopted = run(
        "follow-up", plan, "--actuals", export, "-f", "json", "--against", "adopted"
    )
    assert "against" not in json.loads(against_adopted.stdout)
    assert (revised_budgets["Licenser"], adopted["Licenser"]) == (2520000, 2400000)
    assert (revised_budgets["Arboga"], adopted["Arboga"]) == (-5920000, -5800000)
    assert revised_budgets["Personalkostnader"] == adopted["Personalkostnader"]
    table = run("follow-up", plan, "--actuals", export).stdout
    assert "Reviderad budget" in table.splitlines()[2]
    assert (
        "Reviderad budget"
        not in run("follow-up", plan, "--actuals", export, "--against", "adopted").stdout
    )


def test_next_years_previous_is_the_revised_budget_and_a_one_off_grant_leaves_it(revised_seed):
    """SPEC 17: `new` takes the revisions into previous; the one-off grant leaves again."""
    folder = revised_seed.parent
    result = run("new", revised_seed, "-q")
    assert result.exit_code == 0, result.stderr
    new = load_plan(folder / "2024.toml")
    assert (new.revisions, new.decision, new.info.status) == ((), None, "förslag")
    licences = next(line for line in new.costs if line.name == "Licenser och serviceavtal")
    assert (licences.budget, licences.previous, licences.changes) == (8700, 8700, ())
    hallsberg = next(line for line in new.contributions if line.name == "Hallsberg")
    assert hallsberg.previous == 14312
    assert [(c.reason, c.amount) for c in hallsberg.changes] == [
        ("Tillfälligt anslag 2023 upphör", -300),
        ("Egna investeringar (direkt kostnad)", 253),  # its laptops' full year
        ("Fördelning i proportion till de gemensamma kostnaderna", hallsberg.budget - 14012 - 253),
    ]
    # each member's own investments its own, the common rest by the implicit key (SPEC 16), from
    # the contributions without the grant
    assert [line.budget for line in new.contributions] == [10373, 6710, 11808, 14544]
    assert run("check", folder).exit_code == 0
    table = run("budget", folder / "2024.toml").stdout
    assert "Budget 2023 (reviderad)" in table.splitlines()[2]
    assert "(reviderad)" not in run("budget", revised_seed).stdout


def test_previous_takes_the_revisions_dated_up_to_the_new_plans_decision(revised_seed):
    folder = revised_seed.parent
    assert run("new", revised_seed, "-q").exit_code == 0
    path = folder / "2024.toml"
    text = path.read_text(encoding="utf-8")
    # decided before the revisions of May 2023: its previous column is the adopted budget
    decided = text + '\n[decision]\nbody = "Sydnärkes IT-nämnd"\ndate = 2023-04-20\n'
    path.write_text(decided, encoding="utf-8")
    result = run("check", path)
    line = decided.splitlines().index("previous = 8700") + 1
    assert result.exit_code == 1
    assert (
        f"{path}:{line}: cost[3].previous: Licenser och serviceavtal: previous is 8700, but its "
        'budget in 2023 is 8400: enter previous = 8400, or give restated = "why"\n'
    ) in result.stderr.replace(NBSP, "")  # the thousands as the message's language writes them
    assert "Budget 2023 (reviderad)" not in run("budget", path).stdout
    path.write_text(decided.replace("date = 2023-04-20", "date = 2023-05-15"), encoding="utf-8")
    assert run("check", path).exit_code == 0


def test_the_new_plan_leaves_the_decision_and_the_revisions_with_their_comments(revised_seed):
    text = SEED_PLAN.read_text(encoding="utf-8")
    decided = '\n[decision]\nbody = "Sydnärkes IT-nämnd"\ndate = 2022-11-24\nref = "§ 45"\n'
    comment = "\n# Budgetjusteringar under året (tilläggsanslag)\n"
    revised_seed.write_text(text + decided + comment + REVISIONS, encoding="utf-8")
    assert run("new", revised_seed, "-q").exit_code == 0
    written = (revised_seed.parent / "2024.toml").read_text(encoding="utf-8")
    assert "[decision]" not in written and "[[revision]]" not in written
    assert "Budgetjusteringar" not in written
    assert written.rstrip().endswith('"""')  # the seed's last text, as it was


def test_balance_makes_the_adopted_budget_hold_and_says_the_revised_one_does_not(revised_seed):
    text = revised_seed.read_text(encoding="utf-8")
    text = text.replace(
        'name = "Datakommunikation"\nbudget = 2000', 'name = "Datakommunikation"\nbudget = 2100'
    )
    cut = text.rindex("amount = 300")
    revised_seed.write_text(text[:cut] + "amount = 200" + text[cut + 12 :], encoding="utf-8")
    line = text.splitlines().index("[[revision]]") + 1
    problem = (
        f"{revised_seed}:{line}: revision: the revised budget does not balance: the revisions "
        "change costs by +300 and revenue by +200, so Summa moves by +100: "
        "Licenser och serviceavtal +300 (§ 12, dnr SITN 2023/8, 2023-05-15); "
        "Hallsberg +200 (KF Hallsberg § 30, § 12, dnr SITN 2023/8, 2023-05-15)\n"
    )
    result = run("balance", revised_seed, "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Lekeberg: ") and result.stderr.endswith(problem)
    # the adopted budget now holds: check names the same problem as balance
    checked = run("check", revised_seed)
    assert (checked.exit_code, checked.stderr) == (1, problem)
    assert "budget = 2100" in revised_seed.read_text(encoding="utf-8")


def test_balance_with_revisions_that_hold_exits_0(revised_seed):
    text = revised_seed.read_text(encoding="utf-8")
    text = text.replace(
        'name = "Datakommunikation"\nbudget = 2000', 'name = "Datakommunikation"\nbudget = 2100'
    )
    revised_seed.write_text(text, encoding="utf-8")
    result = run("balance", revised_seed, "-q")
    assert result.exit_code == 0, result.stderr
    assert "revision" not in result.stderr
    assert run("check", revised_seed).exit_code == 0
