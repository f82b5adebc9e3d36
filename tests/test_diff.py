"""`mercalc diff`: two versions of one year's plan, or a plan and a git revision of it (SPEC 17):
only what differs, in every format, the plans' own problems on stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import SEED_PLAN, run
from seed import REVISIONS

import mercalc
from mercalc.books.diff import plan_diff, version
from mercalc.books.loader import load
from mercalc.problems import PlanError

MEMBERS = Path(__file__).resolve().parent / "plans" / "members"
NBSP = "\u00a0"

# The adopted plan differs from the proposal in one cost line, one contribution and one investment.
CHANGES = (
    ('name = "Datakommunikation"\nbudget = 2000', 'name = "Datakommunikation"\nbudget = 2100'),
    ('name = "Hallsberg"\nbudget = 14012', 'name = "Hallsberg"\nbudget = 14112'),
)
NEW_INVESTMENT = """
[[investment]]
name = "Trådlöst nätverk Laxå skolor"
municipality = "Laxå"
amount = 600
years = 5
"""


def changed(text: str, changes=CHANGES, added: str = NEW_INVESTMENT) -> str:
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    return text + added


@pytest.fixture
def versions(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """The proposal and the adopted plan, each in a folder of its own (one plan per year)."""
    monkeypatch.chdir(tmp_path)
    proposal, adopted = Path("forslag/2023.toml"), Path("beslutad/2023.toml")
    for path in (proposal, adopted):
        path.parent.mkdir()
    seed = SEED_PLAN.read_text(encoding="utf-8")
    proposal.write_text(seed, encoding="utf-8")
    adopted.write_text(changed(seed), encoding="utf-8")
    return proposal, adopted


# the new investment's capital cost is not yet in the adopted copy's capital line
CAPITAL_LINE = SEED_PLAN.read_text(encoding="utf-8").splitlines().index("budget = 13373") + 1
CAPITAL_PROBLEM = (
    f"beslutad/2023.toml:{CAPITAL_LINE}: cost[5].budget: Kapitalkostnader: 13373 in the plan, "
    "13437 by the books (11609 unregistered + 1828.09 capital costs of 2023): "
    "the difference is -64\n"
)


def test_the_table_lists_exactly_what_differs(versions):
    proposal, adopted = versions
    result = run("diff", proposal, adopted)
    assert result.stdout.replace(NBSP, " ") == (
        "Skillnader i MER-plan 2023, Sydnärkes IT-nämnd (tkr): forslag/2023.toml och "
        "beslutad/2023.toml\n"
        "\n"
        "                                        Före     Efter   Skillnad\n"
        " ────────────────────────────────────────────────────────────────\n"
        " Driftbidrag\n"
        " Hallsberg                           -14 012   -14 112       -100\n"
        "\n"
        " Kostnader\n"
        " Datakommunikation                     2 000     2 100        100\n"
        "\n"
        " Investeringar\n"
        " Trådlöst nätverk Laxå skolor (ny)                 600        600\n"
        "\n"
    )
    # the plans' own problems are said, and do not change the exit code
    assert (result.exit_code, result.stderr.replace(NBSP, " ")) == (0, CAPITAL_PROBLEM)
    assert run("diff", proposal, adopted, "--exit-code").exit_code == 1


def test_the_json_holds_each_kind_of_difference(versions):
    data = json.loads(run("diff", *versions, "-f", "json").stdout, parse_float=Decimal)
    assert data["equal"] is False
    assert (data["old"], data["new"]) == ("forslag/2023.toml", "beslutad/2023.toml")
    assert data["lines"] == [
        {"section": "contribution", "name": "Hallsberg", "old": -14012, "new": -14112, "difference": -100},  # noqa: E501
        {"section": "cost", "name": "Datakommunikation", "old": 2000, "new": 2100, "difference": 100},  # noqa: E501
    ]  # fmt: skip
    assert data["investments"] == [
        {
            "name": "Trådlöst nätverk Laxå skolor",
            "change": "added",
            "old": None,
            "new": {"amount": 600, "activated": "2023-07", "parts": [{"amount": 600, "years": 5}]},
        }
    ]
    assert data["facts"] == data["reasons"] == data["revisions"] == data["members"] == []
    assert data["targets"] == []


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "line,Datakommunikation,2000,2100,100"),
        ("csv-sv", "rad;Datakommunikation;2000;2100;100"),
        ("markdown", f"| Datakommunikation | 2{NBSP}000 | 2{NBSP}100 | 100 |"),
    ],
)
def test_every_table_format(versions, fmt, expected):
    text = run("diff", *versions, "-f", fmt).stdout
    assert expected in text.splitlines()
    assert "Trådlöst nätverk Laxå skolor (ny)" in text


def test_the_workbook(versions, tmp_path):
    out = tmp_path / "diff.xlsx"
    assert run("diff", *versions, "-o", out, "-q").exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Hallsberg", -14012, -14112, -100] in rows
    assert ["Trådlöst nätverk Laxå skolor (ny)", 600, 600] in rows


def test_two_equal_plans_say_so_in_one_line(versions):
    proposal, _adopted = versions
    copy = Path("kopia/2023.toml")
    copy.parent.mkdir()
    shutil.copy(proposal, copy)
    result = run("diff", proposal, copy, "--exit-code")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Inga skillnader: forslag/2023.toml och kopia/2023.toml är lika.\n",
        "",
    )
    assert json.loads(run("diff", proposal, copy, "-f", "json").stdout)["equal"] is True


def test_reasons_targets_status_decision_and_revisions(versions):
    proposal, adopted = versions
    seed = proposal.read_text(encoding="utf-8")
    text = seed.replace("status", "status")
    text = text.replace('unit = "tkr"\n', 'unit = "tkr"\nstatus = "beslutad"\n', 1)
    text = text.replace('{ reason = "Löneökning 3 % och höjt PO 5 %", amount = 716 }', '{ reason = "Löneökning 3 % och höjt PO 5 %", amount = 700 }, { reason = "Ny tjänst", amount = 16 }')  # noqa: E501  # fmt: skip
    text += '\n[decision]\nbody = "Sydnärkes IT-nämnd"\ndate = 2022-11-24\nref = "§ 45"\n'
    text += (
        '\n[[revision]]\ndate = 2023-05-15\nref = "§ 12"\nline = "Datakommunikation"\n'
        'amount = 50\nreason = "Fler anslutningar"\n\n[[revision]]\ndate = 2023-05-15\n'
        'ref = "§ 12"\nline = "Lekeberg"\namount = 50\nreason = "Lekeberg bekostar dem"\n'
    )
    indicator_targets = next(line for line in seed.splitlines() if line.startswith("targets = "))
    targets_changed = indicator_targets.replace("}", ", 2025 = 1 }")
    text = text.replace(indicator_targets, targets_changed, 1)
    adopted.write_text(text, encoding="utf-8")
    data = json.loads(run("diff", proposal, adopted, "-f", "json").stdout, parse_float=Decimal)
    assert data["lines"] == [] and data["investments"] == []
    assert data["facts"] == [
        {"name": "status", "old": "förslag", "new": "beslutad"},
        {"name": "body", "old": None, "new": "Sydnärkes IT-nämnd"},
        {"name": "decision", "old": None, "new": "2022-11-24, § 45"},
    ]
    assert data["reasons"] == [
        {"line": "Personalkostnader", "reason": "Löneökning 3 % och höjt PO 5 %", "old": 716, "new": 700, "difference": -16},  # noqa: E501
        {"line": "Personalkostnader", "reason": "Ny tjänst", "old": None, "new": 16, "difference": 16},  # noqa: E501
    ]  # fmt: skip
    assert data["revisions"] == [
        {"name": "Datakommunikation (§ 12, 2023-05-15)", "old": None, "new": 50, "difference": 50},
        {"name": "Lekeberg (§ 12, 2023-05-15)", "old": None, "new": -50, "difference": -50},
    ]  # fmt: skip
    assert [(t["year"], t["old"], t["new"]) for t in data["targets"]] == [(2025, None, 1)]
    table = run("diff", proposal, adopted).stdout
    for words in ("Planen", "Status", "förslag", "beslutad", "Förändringsorsaker", "Budgetjusteringar", "Målvärden"):  # noqa: E501  # fmt: skip
        assert words in table


def test_the_members_figures_by_the_key(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MEMBERS, old)
    shutil.copytree(MEMBERS, new)
    plan = new / "2023.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Nora = 10663", "Nora = 11663", 1), encoding="utf-8")
    statement = mercalc.diff(old / "2023.toml", plan)
    assert statement.key == "Invånare"
    assert [m.name for m in statement.members] == ["Lindesberg", "Nora", "Ljusnarsberg", "Hällefors"]  # noqa: E501  # fmt: skip
    nora = statement.members[1]
    assert nora.new < nora.old < 0  # Nora pays more by the key: shown as revenue, negative
    assert sum(m.difference for m in statement.members) == 0  # the same costs, shared anew
    result = run("diff", old / "2023.toml", plan)
    assert "Driftbidrag enligt nyckeln Invånare" in result.stdout
    assert result.exit_code == 0 and "15301 in the plan" in result.stderr


def test_the_library_compares_two_files(versions):
    statement = mercalc.diff(*versions)
    assert [(line.name, line.difference) for line in statement.lines] == [
        ("Hallsberg", -100),
        ("Datakommunikation", 100),
    ]
    assert [i.change for i in statement.investments] == ["added"]
    with pytest.raises(PlanError):
        mercalc.diff("forslag/2023.toml", "nowhere/2023.toml")
    books = load(versions[0])
    same = version(books, books.plan(2023), "a")
    assert plan_diff(same, same._replace(name="b")).equal


def test_plans_of_two_years_are_not_compared(versions, use_language):
    proposal, _adopted = versions
    later = Path("2024/2024.toml")
    later.parent.mkdir()
    text = proposal.read_text(encoding="utf-8").replace("year = 2023", "year = 2024", 1)
    later.write_text(text.replace("plan_years = [2024, 2025]", "plan_years = [2025, 2026]"))
    result = run("diff", proposal, later)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mercalc diff: compares two plans of one year: forslag/2023.toml is 2023, "
        "2024/2024.toml is 2024\n"
    )
    assert run("diff", proposal).stderr == (
        "mercalc diff: give two plan files (OLD NEW), or one and --rev REV\n"
    )
    use_language("sv")
    assert run("diff", proposal).stderr == (
        "mercalc diff: ange två planfiler (GAMMAL NY), eller en och --rev REV\n"
    )


def git(folder: Path, *args: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Controller",
        "GIT_AUTHOR_EMAIL": "controller@example.se",
        "GIT_COMMITTER_NAME": "Controller",
        "GIT_COMMITTER_EMAIL": "controller@example.se",
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=environment)  # noqa: E501  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_plan_against_itself_at_a_git_revision(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    plan = Path("data/2023.toml")
    plan.parent.mkdir()
    seed = SEED_PLAN.read_text(encoding="utf-8")
    plan.write_text(seed, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "MER-plan 2023, förslag")
    result = run("diff", plan, "--rev", "HEAD", "--exit-code")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Inga skillnader: HEAD:data/2023.toml och data/2023.toml är lika.\n",
        "",
    )
    plan.write_text(changed(seed), encoding="utf-8")
    result = run("diff", plan, "--rev", "HEAD", "-f", "json", "--exit-code")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (data["old"], data["new"]) == ("HEAD:data/2023.toml", "data/2023.toml")
    assert [line["name"] for line in data["lines"]] == ["Hallsberg", "Datakommunikation"]
    # the committed version's own problems point to it as git names it
    git(tmp_path, "commit", "-q", "-am", "MER-plan 2023, beslutad")
    result = run("diff", plan, "--rev", "HEAD~1")
    assert result.stderr.replace(NBSP, " ") == CAPITAL_PROBLEM.replace("beslutad/", "data/")
    assert run("diff", plan, "--rev", "HEAD~1", "-f", "json").exit_code == 0
    assert "HEAD~1:data/2023.toml" in json.loads(run("diff", plan, "--rev", "HEAD~1", "-f", "json").stdout)["old"]  # noqa: E501  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_without_a_repository_or_git_diff_rev_says_so(tmp_path, monkeypatch):
    plan = tmp_path / "2023.toml"
    shutil.copy(SEED_PLAN, plan)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("diff", plan, "--rev", "HEAD")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{plan}: {tmp_path} is not in a git repository\n"
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("diff", plan, "--rev", "HEAD")
    assert (result.exit_code, result.stderr) == (
        2,
        f"{plan}: git is not installed (not on PATH): a revision cannot be read\n",
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_plan_not_yet_committed_has_no_revision_to_compare_with(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    Path("README.md").write_text("MER-plan\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    plan = Path("data/2023.toml")
    plan.parent.mkdir()
    shutil.copy(SEED_PLAN, plan)
    result = run("diff", plan, "--rev", "HEAD")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "data/2023.toml: is not in revision HEAD: it was added later or has moved\n",
    )
    result = run("diff", plan, "--rev", "v1")
    assert result.exit_code == 2
    assert result.stderr.startswith('data/2023.toml: "v1" is not a revision of the repository')


def test_added_and_removed_lines_and_a_changed_investment(versions):
    proposal, adopted = versions
    seed = proposal.read_text(encoding="utf-8")
    text = seed.replace('name = "Resor, kurser, tele och hyra"', 'name = "Resor och kurser"', 1)
    first = text.index("[[investment]]")
    amount = text.index("amount = ", first)
    end = text.index("\n", amount)
    text = text[:amount] + "amount = 1" + text[end:]
    adopted.write_text(text, encoding="utf-8")
    statement = mercalc.diff(proposal, adopted)
    assert [(c.name, c.old, c.new) for c in statement.lines] == [
        ("Resor och kurser", None, 1726),
        ("Resor, kurser, tele och hyra", 1726, None),
    ]
    table = run("diff", proposal, adopted).stdout
    assert "Resor och kurser (ny)" in table and "Resor, kurser, tele och hyra (borttagen)" in table
    changed = statement.investments[0]
    assert changed.change == "changed" and changed.new.amount == 1
    assert f"{changed.name}: belopp" in table


@pytest.mark.parametrize("width", [None, 80, 72, 60])
def test_a_wrapped_name_keeps_its_mark_new_or_removed_with_its_last_word(versions, width):
    proposal, adopted = versions
    adopted.write_text(proposal.read_text(encoding="utf-8") + REVISIONS, encoding="utf-8")
    from mercalc.views.diff import diff_report
    from mercalc.views.plaintable import to_plain_table

    report = diff_report(mercalc.diff(proposal, adopted))
    lines = [line.strip() for line in to_plain_table(report, width=width).splitlines()]
    assert sum(line.endswith(" (ny)") for line in lines) == 2
    assert not {"(ny)", "(borttagen)"} & set(lines)


ASSUMPTIONS = """
[indices]
pay = {{ 2024 = "{pay}" }}

[decision]
body = "Sydnärkes IT-nämnd"
date = 2022-11-24
proposal = [{points}]

[[key]]
name = "Folkmängd"
values = {{ Lekeberg = {lekeberg}, "Laxå" = 5600, Askersund = 11300, Hallsberg = 16400 }}
"""


def test_previous_assumptions_keys_proposal_and_texts_that_differ(versions):
    proposal, adopted = versions
    seed = SEED_PLAN.read_text(encoding="utf-8")
    proposal.write_text(
        seed + ASSUMPTIONS.format(pay="3%", points='"fastställa MER-plan 2023"', lekeberg=8100),
        encoding="utf-8",
    )
    text = (
        seed.replace("previous = 9316", "previous = 9400", 1)
        .replace('interest_rate = "1.25%"', 'interest_rate = "1.5%"\nplan_rates = { 2024 = "2%" }')
        .replace("unregistered = 11609", "unregistered = 11600", 1)
    )
    end = text.index('"""', text.index('"""', text.index("[text]")) + 3)
    text = text[:end] + " Ändrad." + text[end:]
    points = '"fastställa MER-plan 2023", "anta investeringsplanen"'
    adopted.write_text(
        text + ASSUMPTIONS.format(pay="3.5%", points=points, lekeberg=8000), encoding="utf-8"
    )
    table = run("diff", proposal, adopted).stdout
    assert table.split("\n\n", 1)[1] == (
        "                                           Före    Efter   Skillnad\n"
        " ──────────────────────────────────────────────────────────────────\n"
        " Budget 2022 (föregående år)\n"
        f" Lekeberg                                -9{NBSP}316   -9{NBSP}400        -84\n"
        "\n"
        " Antaganden\n"
        " Uppräkning pay 2024 (%)                      3      3,5        0,5\n"
        " Internränta (%)                           1,25      1,5       0,25\n"
        " Internränta 2024 (%)                                  2          2\n"
        f" Ej registrerade kapitalkostnader 2023   11{NBSP}609   11{NBSP}600         -9\n"
        f" Nyckel Folkmängd: Lekeberg               8{NBSP}100    8{NBSP}000       -100\n"
        "\n"
        " Förslag till beslut\n"
        " anta investeringsplanen (ny)\n"
        "\n"
        " Text\n"
        " Inledning (ändrad)\n"
        "\n"
    )
    data = json.loads(run("diff", proposal, adopted, "-f", "json").stdout)
    assert data["previous"] == [
        {
            "section": "contribution",
            "name": "Lekeberg",
            "old": -9316,
            "new": -9400,
            "difference": -84,
        }
    ]
    assert [(v["kind"], v["name"], v["item"]) for v in data["values"]] == [
        ("index", "pay", 2024),
        ("interest_rate", None, None),
        ("plan_rate", None, 2024),
        ("unregistered", None, 2023),
        ("key", "Folkmängd", "Lekeberg"),
    ]
    assert data["proposal"] == {"added": ["anta investeringsplanen"], "removed": []}
    assert data["texts"] == [{"section": "introduction", "change": "changed"}]
    assert (
        "rad;Internränta (%);1,25;1,5;0,25" in run("diff", proposal, adopted, "-f", "csv-sv").stdout
    )
    assert (
        "line,Nyckel Folkmängd: Lekeberg,8100,8000,-100"
        in run("diff", proposal, adopted, "-f", "csv").stdout
    )
    assert "| Inledning (ändrad) |" in run("diff", proposal, adopted, "-f", "markdown").stdout
    out = proposal.parent.parent / "diff.xlsx"
    assert run("diff", proposal, adopted, "-o", out, "-q").exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Nyckel Folkmängd: Lekeberg", 8100, 8000, -100] in rows
    assert ["anta investeringsplanen (ny)"] in rows


def test_a_removed_point_and_a_changed_key_of_the_distribution(versions):
    proposal, adopted = versions
    seed = SEED_PLAN.read_text(encoding="utf-8")
    points = '"fastställa MER-plan 2023", "anta investeringsplanen"'
    proposal.write_text(
        seed + ASSUMPTIONS.format(pay="3%", points=points, lekeberg=8000), encoding="utf-8"
    )
    adopted.write_text(
        seed + ASSUMPTIONS.format(pay="3%", points='"fastställa MER-plan 2023"', lekeberg=8000),
        encoding="utf-8",
    )
    statement = mercalc.diff(proposal, adopted)
    assert [(p.old, p.new) for p in statement.proposal] == [("anta investeringsplanen", None)]
    assert "anta investeringsplanen (borttagen)" in run("diff", proposal, adopted).stdout
