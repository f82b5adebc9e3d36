"""mercalc as a library (SPEC 12): the snippet of the spec, without the presentation libraries."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from conftest import DATA, ROOT

SNIPPET = f"""
import sys
import mercalc
books = mercalc.load({str(DATA)!r})
plan = books.plan(2023)
statement = mercalc.budget(books, 2023)
costs = mercalc.capital(books, 2023)
problems = mercalc.check(books)
print(plan.info.organisation, statement.balanced, round(costs.total.capital_cost), problems)
heavy = ("typer", "click", "rich", "jinja2", "openpyxl")
print(sorted(name for name in heavy if name in sys.modules))
"""


def test_the_snippet_of_the_spec_runs_without_the_presentation_libraries():
    result = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert result.stdout == "Sydnärkes IT-nämnd True 1764 []\n[]\n"


def test_the_follow_up_as_a_library_call(tmp_path):
    from fractions import Fraction

    from seed import held_out_followup

    plan, export = held_out_followup(tmp_path)
    script = f"""
import sys
import mercalc
books = mercalc.load({str(plan)!r})
august = mercalc.follow_up(books, 2023, actuals={str(export)!r}, through="2023-08", members=True)
licences = next(line for line in august.costs if line.name == "Licenser")
units = sum(share.units for share in august.settlement)
print(august.through, licences.method, licences.figures.forecast, units)
april = mercalc.follow_up(books, 2023, actuals={str(export)!r}, through=(2023, 4))
print(april.through, april.months)
heavy = ("typer", "click", "rich", "jinja2", "openpyxl")
print(sorted(name for name in heavy if name in sys.modules))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'tests'}"},
    )
    # Licenser: 2 150 through August, half its profile's year; the settlement adds up to the
    # rounded full-year deviation
    assert Fraction(4300) == 2150 / Fraction(6, 12)
    assert result.stdout == "(2023, 8) trend 4300 375\n(2023, 4) 4\n[]\n"


def test_a_year_that_is_not_a_whole_number_is_refused():
    import pytest

    import mercalc

    books = mercalc.load(DATA)
    for year in (2023.5, 2023.0, "2023", True):
        with pytest.raises(TypeError, match="year must be a whole number such as 2023"):
            mercalc.capital(books, year)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="year must be a whole number such as 2023"):
            mercalc.budget(books, year)  # type: ignore[arg-type]


def test_the_follow_up_refuses_arguments_of_the_wrong_kind_in_words(tmp_path):
    import pytest
    from seed import held_out_followup

    import mercalc

    plan, export = held_out_followup(tmp_path)
    books = mercalc.load(plan)
    wrong = {
        "books must be the books of mercalc.load": ((str(plan), 2023), {}),
        "actuals must be a file's path": ((books, 2023), {"actuals": None}),
        "forecast must be a file's path": ((books, 2023), {"forecast": 3}),
    }
    for message, (arguments, keywords) in wrong.items():
        with pytest.raises(TypeError, match=message):
            mercalc.follow_up(*arguments, **{"actuals": str(export), **keywords})  # type: ignore
    for through in (202308, (2023,), (2023, "8"), [2023, 8]):
        with pytest.raises(TypeError, match=r'through must be "YYYY-MM" or \(year, month\)'):
            mercalc.follow_up(books, 2023, actuals=export, through=through)  # type: ignore


def test_load_returns_problems_for_links_and_long_names_and_never_raises(tmp_path):
    import mercalc

    (tmp_path / "2023.toml").write_bytes((DATA / "2023.toml").read_bytes())
    (tmp_path / "a.toml").symlink_to("b.toml")
    (tmp_path / "b.toml").symlink_to("a.toml")
    (tmp_path / "c.toml").symlink_to("saknas.toml")
    books = mercalc.load(tmp_path)
    assert sorted(str(p) for p in books.problems) == [
        f"{tmp_path / 'a.toml'}: is a symbolic link that loops: it never reaches a file",
        f"{tmp_path / 'b.toml'}: is a symbolic link that loops: it never reaches a file",
        f"{tmp_path / 'c.toml'}: is a dangling link: saknas.toml does not exist",
    ]
    assert books.years == (2023,)
    for path in (tmp_path / "a.toml", tmp_path / ("x" * 5000 + ".toml"), tmp_path / "loop"):
        if path.name == "loop":
            path.symlink_to("loop")
        problems = [str(p) for p in mercalc.load(path).problems]
        assert len(problems) == 1 and len(problems[0]) < 200, problems


def test_the_readme_library_session_prints_what_it_says():
    """The README's library section runs as written, and each `# ` line is what it prints."""
    import contextlib
    import io
    import os
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The library") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    expected = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert out.getvalue().splitlines() == expected
    assert re.findall(r"mercalc\.(\w+)\(", code)  # the calls shown


def test_the_readme_documents_every_command():
    from conftest import ROOT

    from mercalc.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## The commands") : readme.index("FILE is optional")]
    assert [c for c in COMMANDS if f"| `mercalc {c}" not in table] == []


def test_the_library_has_every_statement_the_commands_draw():
    import mercalc

    assert {"load", "loads", "budget", "capital", "goals", "members", "plan_years"} <= set(
        mercalc.__all__
    )
    assert {"follow_up", "check", "diff", "schedule"} <= set(mercalc.__all__)
    assert all(callable(getattr(mercalc, name)) for name in mercalc.__all__[1:])


def test_diff_refuses_a_plan_with_bad_input_rather_than_leave_its_entry_out():
    import pytest

    import mercalc
    from mercalc.problems import PlanError

    case = ROOT / "tests" / "bad" / "diff_bad_input_in_a_plan"
    with pytest.raises(PlanError, match="-30 is negative"):
        mercalc.diff(case / "forslag" / "2023.toml", case / "2023.toml")
    assert mercalc.diff(case / "forslag" / "2023.toml", case / "forslag" / "2023.toml").equal


def test_the_schedule_is_each_investments_capital_cost_in_every_year_of_its_life():
    from fractions import Fraction

    import mercalc

    books = mercalc.load(ROOT / "tests" / "books")
    schedule = mercalc.schedule(books, 2023)  # the register's and the plans' up to 2023
    assert (schedule.budget_year, schedule.plan_years) == (2023, (2024, 2025))
    assert [line.name for line in schedule.lines] == [
        "Servrar 2019",
        "Klientdatorer 2021",
        "Nätverk 2022",
        "Gemensam IT-invest",
        "Skolplattor",
    ]
    assert schedule.total.capital_cost[2023] == Fraction(9311, 5)
    assert schedule.total.capital_cost[2024] == Fraction(32187, 16)
    every = mercalc.schedule(books)  # all the plans: 2024's investment too
    assert (every.budget_year, every.plan_years, len(every.lines)) == (2024, (2025, 2026), 6)
    assert every.total.capital_cost[2024] == Fraction(35487, 16)
    seed = mercalc.schedule(mercalc.load(DATA), 2023)
    assert seed.total.amount == 12095
    assert (
        seed.total.capital_cost[2023]
        == mercalc.capital(mercalc.load(DATA), 2023).total.capital_cost
    )
    assert seed.total.capital_cost[2023] == Fraction(56459, 32)


def test_goals_of_one_outcome_year_only():
    import mercalc

    books = mercalc.load(ROOT / "tests" / "books")
    every = mercalc.goals(books, 2024)  # the 2024 plan with the outcomes of its books
    one = mercalc.goals(books, 2024, outcome_year=2023)
    assert (every.outcome_years, every.followed_up) == ((2022, 2023), None)
    assert (one.outcome_years, one.followed_up) == ((2023,), 2023)
    assert one.target_years == every.target_years == (2024, 2025, 2026)
    absence = one.goals[0].indicators[0]
    assert (absence.name, dict(absence.outcomes), dict(absence.trend)) == (
        "Sjukfrånvaro",
        {2022: 6, 2023: Decimal("5.5")},
        {2022: "unchanged", 2023: "better"},
    )


def test_check_of_some_files_runs_only_the_rules_that_involve_them(tmp_path):
    import shutil

    import mercalc

    folder = tmp_path / "books"
    shutil.copytree(ROOT / "tests" / "books", folder)
    plan = folder / "2024.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("budget = 2618", "budget = 2617"))
    (folder / "2025.toml").write_text("[plan]\n", encoding="utf-8")
    books = mercalc.load(folder)
    unbalanced = (
        f"{plan}:3: plan: does not balance in budget (2024): Summa is -1 "
        "(revenue -22218, costs 22217): revenue exceeds costs by 1"
    )
    bad = [
        f"{folder / '2025.toml'}:1: plan.organisation: is required but missing",
        f"{folder / '2025.toml'}:1: plan.year: is required but missing",
    ]

    def check(*files: object) -> list[str]:
        return [str(problem) for problem in mercalc.check(books, files=files)]  # type: ignore

    assert check(folder / "2023.toml") == []
    assert check(plan) == [unbalanced]
    # the register is read by every plan's capital line: it is checked with all of them
    assert check(folder / "register.toml") == [unbalanced]
    assert check(str(folder / "2025.toml")) == bad
    assert check(folder / "2025.toml", plan, folder / "register.toml") == [*bad, unbalanced]
    assert check(folder) == [str(p) for p in mercalc.check(books)] == [*bad, unbalanced]
    assert [str(p) for p in books.problems] == bad
    import pytest

    for wrong in (str(plan), plan, [3]):
        with pytest.raises(TypeError, match="files must be a list of paths"):
            mercalc.check(books, files=wrong)  # type: ignore[arg-type]


def test_the_follow_up_says_what_leaves_it_unfinished_and_refuses_bad_input(tmp_path):
    import pytest
    from seed import held_out_followup

    import mercalc
    from mercalc.problems import PlanError

    # Kapitalkostnader without 84*: the interest of August (8410, 600 tkr) matches no line
    plan, export = held_out_followup(tmp_path, {'["78*", "84*"]': '["78*"]'})
    books = mercalc.load(plan)
    unmapped = (
        f"{export}:27: Konto: 8410 matches the accounts of no line (outcome 600 through "
        "{month}): add it to a line's accounts"
    )
    august = mercalc.follow_up(books, 2023, actuals=export)
    assert (august.through, august.unmapped_line.figures.actual_to_date) == ((2023, 8), 600)
    assert [str(p) for p in august.problems] == [unmapped.format(month="2023-08")]
    assert not any(p.bad_input for p in august.problems) and august.warnings == ()
    september = mercalc.follow_up(books, 2023, actuals=export, through=(2023, 9))
    assert [str(p) for p in september.problems] == [
        f"{export}: its latest outcome is of 2023-08: a follow-up through 2023-09 counts no "
        "outcome after it; export the ledger through 2023-09, or follow up through 2023-08",
        unmapped.format(month="2023-09"),
    ]
    bad = {
        "2023-13": '--through: "2023-13" is not a month: write YYYY-MM, such as 2023-08',
        (2024, 8): "--through: 2024-08 is not a month of the plan year 2023",
    }
    for through, message in bad.items():
        with pytest.raises(PlanError) as refused:
            mercalc.follow_up(books, 2023, actuals=export, through=through)
        assert [str(p) for p in refused.value.problems] == [message]
    # every bad input of one call at once: the forecast file, the month and the unit
    with pytest.raises(PlanError) as refused:
        missing = tmp_path / "prognos.toml"
        mercalc.follow_up(
            books, 2023, actuals=export, through="aug", forecast=missing, actuals_unit="mkr"
        )
    assert [str(p) for p in refused.value.problems] == [
        f"{missing}: no such file",
        '--through: "aug" is not a month: write YYYY-MM, such as 2023-08',
        '--actuals-unit: "mkr" is not a unit: write kr or tkr',
    ]
    # an export in kronor said to be in tkr: outcomes over 100 times the budget to date
    kronor = tmp_path / "kronor.csv"
    kronor.write_text(export.read_text(encoding="utf-8").replace(";1025", ";1025000"))
    with pytest.raises(PlanError, match="over 100 times their budget to date"):
        mercalc.follow_up(books, 2023, actuals=kronor)
    unchecked = mercalc.follow_up(books, 2023, actuals=kronor, unit_check=False)
    personnel = next(line for line in unchecked.costs if line.name == "Personalkostnader")
    assert personnel.figures.actual_to_date == 8 * 1025000
    with pytest.raises(ValueError, match='against must be "revised" or "adopted"'):
        mercalc.follow_up(books, 2023, actuals=export, against="reviderad")


def test_the_follow_up_is_against_the_revised_budget_unless_the_adopted_one_is_asked(tmp_path):
    import shutil

    from seed import FOLLOWUP_BOOKS, export_csv

    import mercalc

    books = tmp_path / "books"
    shutil.copytree(FOLLOWUP_BOOKS, books)
    plan = books / "2024.toml"
    revisions = "".join(
        f'\n[[revision]]\ndate = 2024-03-20\nref = "§ 7"\nline = "{line}"\namount = 120000\n'
        f'reason = "Licenser för Arbogas skolor"\n'
        for line in ("Licenser", "Arboga")
    )
    plan.write_text(plan.read_text(encoding="utf-8") + revisions, encoding="utf-8")
    export = export_csv(tmp_path)
    loaded = mercalc.load(plan)
    revised = mercalc.follow_up(loaded, 2024, actuals=export)
    adopted = mercalc.follow_up(loaded, 2024, actuals=export, against="adopted")
    assert (revised.revised, adopted.revised) == (True, False)

    def budget(statement: object, name: str) -> object:
        lines = (*statement.revenue, *statement.costs)  # type: ignore[attr-defined]
        return next(line.figures.budget for line in lines if line.name == name)

    assert (budget(revised, "Licenser"), budget(adopted, "Licenser")) == (2520000, 2400000)
    assert (budget(revised, "Arboga"), budget(adopted, "Arboga")) == (-5920000, -5800000)


def test_a_sie_file_is_in_kronor_whatever_ledger_unit_says_of_exports(tmp_path):
    import shutil
    from fractions import Fraction

    import mercalc

    folder = tmp_path / "ledger"
    shutil.copytree(ROOT / "tests" / "plans" / "ledger", folder)
    plan, sie = folder / "2023.toml", folder / "huvudbok-2023-02.se"
    kronor = mercalc.follow_up(mercalc.load(plan), 2023, actuals=sie)
    text = plan.read_text(encoding="utf-8").replace("[ledger]\n", '[ledger]\nunit = "tkr"\n')
    plan.write_text(text, encoding="utf-8")
    said_tkr = mercalc.follow_up(mercalc.load(plan), 2023, actuals=sie)
    personnel = [line for line in said_tkr.costs if line.name == "Personalkostnader"]
    assert personnel[0].figures.actual_to_date == Fraction(10491, 20)  # 524 550 kr in tkr
    assert said_tkr == kronor and said_tkr.result.actual_to_date == Fraction(113, 10)


def test_the_commands_draw_what_the_library_gives():
    """Each command calls its library function, never the books' calculation beside it."""
    import ast

    cli = ROOT / "src" / "mercalc" / "cli"
    expected = {
        "budget": {"budget"},
        "capital": {"capital", "schedule"},
        "goals": {"goals"},
        "members": {"members"},
        "check": {"load", "check"},
        "followup": {"follow_up"},
    }
    statements = {"budget_statement", "capital_statement", "schedule_statement", "goals_statement"}
    statements |= {"members_statement", "book_problems", "follow_up_of", "follow_up"}
    for command, functions in expected.items():
        tree = ast.parse((cli / f"{command}.py").read_text(encoding="utf-8"))
        calls = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "mercalc"
        }
        assert calls == functions, command
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("books")
            for alias in node.names
        }
        # the follow-up's report takes the outcomes and the forecast file beside the statement
        assert imported & statements <= ({"follow_up_of"} if command == "followup" else set())
