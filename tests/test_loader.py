"""Loading plans: every kind of bad input is one line per problem, with file, line and key."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED_PLAN, run

from mercalc.books.loader import load_plan
from mercalc.problems import PlanError

BAD = Path(__file__).resolve().parent / "bad"
# one folder a case (a folder is one set of books): its plan `2023.toml`, or its books as a whole
BAD_CASES = sorted(path for path in BAD.iterdir() if path.is_dir())


def expected_message(case: Path, name: str = "expected.err") -> str:
    text = (case / name).read_text(encoding="utf-8")
    return text.replace("{file}", str(case / "2023.toml")).replace("{dir}", str(case))


# Each case's message in each language: `expected.err` in English, `expected.sv.err` in Swedish.
MESSAGES = {"en": "expected.err", "sv": "expected.sv.err"}


@pytest.mark.parametrize("language", MESSAGES)
@pytest.mark.parametrize("case", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_each_bad_case_gets_its_expected_message(case: Path, language: str, use_language):
    use_language(language)
    assert (case / MESSAGES[language]).exists(), f"{case.name}: write {MESSAGES[language]}"
    expected = expected_message(case, MESSAGES[language])
    for command in commands_of(case):
        result = run(*command)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected), command


def commands_of(case: Path) -> list[list[str | Path]]:
    """The commands a case is run with: those of its `args` (one a line, `{dir}` its folder),
    else `check` and `budget` of its plan `2023.toml`, else `check` of the folder."""
    args = case / "args"
    if args.exists():
        return [
            [part.replace("{dir}", str(case)) for part in line.split()]
            for line in args.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    plan = case / "2023.toml"
    return [["check", plan], ["budget", plan]] if plan.exists() else [["check", case]]


def test_the_seed_plan_loads_with_exact_decimals():
    plan = load_plan(SEED_PLAN)
    assert plan.info.organisation == "Sydnärkes IT-nämnd"
    assert plan.capital.interest_rate == Decimal("0.0125")
    assert [line.name for line in plan.contributions] == [
        "Lekeberg",
        "Laxå",
        "Askersund",
        "Hallsberg",
    ]
    baseline = plan.goals[4].indicators[1].baseline
    assert isinstance(baseline, Decimal) and baseline == Decimal("6.03")


def test_a_directory_is_bad_input_where_a_plan_is_wanted(tmp_path: Path):
    result = run("budget", tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{tmp_path}: is a directory, not a plan file\n",
    )
    result = run("check", tmp_path)
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path}: holds no plan files (*.toml)\n")


def test_an_unreadable_file_is_bad_input(monkeypatch, write_plan, plan_text):
    path = write_plan(plan_text)

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert str(caught.value) == f"{path}: cannot be read: permission denied"


@pytest.mark.parametrize(
    "command", ["budget", "check", "capital", "goals", "members", "balance", "new", "report"]
)
def test_a_plan_that_may_not_be_read_is_one_line_never_a_usage_error(
    monkeypatch, write_plan, plan_text, command
):
    """Typer checks that a file may be read and would print its usage; mercalc says why."""
    path = write_plan(plan_text)
    reading = os.open

    def refuse(name, flags, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied")
        return reading(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: False)
    monkeypatch.setattr(os, "open", refuse)
    result = run(command, path)
    assert (result.exit_code, result.stderr) == (2, f"{path}: cannot be read: permission denied\n")


def test_links_that_loop_or_dangle_and_names_too_long_are_one_line(tmp_path: Path, plan_text):
    (tmp_path / "2023.toml").write_text(plan_text, encoding="utf-8")
    (tmp_path / "loop.toml").symlink_to("loop.toml")
    (tmp_path / "gone.toml").symlink_to("saknas.toml")
    loop = f"{tmp_path / 'loop.toml'}: is a symbolic link that loops: it never reaches a file"
    gone = f"{tmp_path / 'gone.toml'}: is a dangling link: saknas.toml does not exist"
    for command in (["check", "--data-dir", tmp_path], ["budget", tmp_path / "2023.toml"]):
        result = run(*command)
        assert (result.exit_code, result.stderr) == (2, f"{gone}\n{loop}\n"), command
    assert run("budget", tmp_path / "loop.toml").stderr.startswith(f"{loop}\n")
    long = tmp_path / ("x" * 5000 + ".toml")
    for command in (["budget", long], ["check", long], ["check", "--data-dir", long]):
        result = run(*command)
        assert result.exit_code == 2, command
        line = result.stderr.splitlines()[0]
        assert line.endswith(": the file name is too long for the file system"), line
        assert len(line) < 200 and line.startswith(str(tmp_path)) and "….toml" not in line[:60]


def test_a_byte_order_mark_is_accepted(tmp_path: Path, plan_text):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + plan_text.encode("utf-8"))
    assert load_plan(path).info.year == 2023


def test_every_problem_of_a_file_is_reported_in_one_run(write_plan):
    path = write_plan(
        '[plan]\norganisation = "X"\nyear = 2023\n\n'
        '[[contribution]]\nname = "A"\nbudget = -1\n\n'
        '[[cost]]\nname = "B"\nbudget = "1"\n\n'
        '[[cost]]\nname = "C"\nbudget = 1\nprevius = 2\n'
    )
    result = run("check", path)
    assert result.exit_code == 2
    assert [line.split(": ")[0:2] for line in result.stderr.splitlines()] == [
        [f"{path}:7", "contribution[0].budget"],
        [f"{path}:11", "cost[0].budget"],
        [f"{path}:16", "cost[1].previus"],
    ]


def test_no_traceback_for_an_internal_error_without_debug(monkeypatch, capsys):
    import sys

    from mercalc import cli

    def explode(_path):
        raise RuntimeError("boom")

    monkeypatch.setattr("mercalc.books.loader.load", explode)
    monkeypatch.setattr(sys, "argv", ["mercalc", "budget", str(SEED_PLAN)])
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == 70
    assert capsys.readouterr().err == (
        "mercalc: internal error: RuntimeError: boom\n"
        "Run the same command with --debug to see the traceback.\n"
    )
    monkeypatch.setattr(sys, "argv", ["mercalc", "budget", str(SEED_PLAN), "--debug"])
    with pytest.raises(RuntimeError):
        cli.main()


def test_escapes_in_a_bad_value_never_reach_the_terminal(write_plan):
    path = write_plan(
        '[plan]\norganisation = "N"\nyear = 2023\n\n'
        '[[cost]]\nname = "\\u001b[31mRöd"\nbudget = "\\u001b[2J"\n\n'
        '[[cost]]\nname = "\\u001b[31mRöd"\nbudget = 1\n'
    )
    result = run("check", path)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    hidden = "holds U+001B, a control or format character that is not shown as text: remove it"
    assert result.stderr == (
        f"{path}:6: cost[0].name: {hidden}\n"
        f'{path}:7: cost[0].budget: must be a number, not text ("\\x1b[2J")\n'
        f"{path}:10: cost[1].name: {hidden}\n"
    )


def test_a_bad_entry_is_left_out_and_the_rest_still_checked(write_plan, plan_text):
    """SPEC 5.5: a misspelt key in investment[0] and an imbalance come in one run."""
    text = plan_text.replace("budget = 2000", "budget = 2001")
    text = text.replace("amount = 3000", "amout = 3000", 1)
    path = write_plan(text, "2023.toml")
    result = run("check", path)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2
    assert [line.split(": ")[1] for line in lines] == ["investment[0].amout", "plan"]
    assert "does not balance in budget (2023): Summa is 1" in lines[1]


def test_a_rule_that_needs_a_left_out_entry_is_skipped(write_plan, plan_text):
    """A contribution that is bad input is left out: the balance is not judged without it."""
    path = write_plan(plan_text.replace("budget = 9755", "budget = -9755"), "2023.toml")
    result = run("check", path)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "contribution[0].budget: -9755 is negative" in result.stderr


def test_the_books_of_a_plan_are_its_folder(tmp_path, plan_text):
    """A plan file is read with the other plans of its folder; dotfiles are not books."""
    (tmp_path / "2023.toml").write_text(plan_text, encoding="utf-8")
    (tmp_path / ".#2023.toml").write_text("not toml at all", encoding="utf-8")
    (tmp_path / "notes.toml").write_text('title = "not a plan"\n', encoding="utf-8")
    (tmp_path / "2022.toml").write_text("[plan]\nyear = 2022\n", encoding="utf-8")
    result = run("budget", tmp_path / "2023.toml")
    assert result.exit_code == 2
    assert (
        result.stderr == f"{tmp_path / '2022.toml'}:1: plan.organisation: is required but missing\n"
    )
    (tmp_path / "2022.toml").unlink()
    assert run("budget", tmp_path / "2023.toml").exit_code == 0


DECISION = """
[decision]
body = "Sydnärkes IT-nämnd"
date = 2022-11-24
ref = "§ 45, dnr SITN 2022/17"
proposal = [
  "fastställa MER-plan 2023 med driftbudget 41 391 tkr",
  "överlämna MER-plan 2023 till de samverkande kommunerna",
]
"""


def test_a_plan_is_a_proposal_unless_its_status_says_adopted(write_plan, plan_text):
    """SPEC 17: `[plan] status` is "förslag" by default, or "beslutad"."""
    plan = load_plan(write_plan(plan_text, "2023.toml"))
    assert (plan.info.status, plan.adopted, plan.decision) == ("förslag", False, None)
    adopted = plan_text.replace('unit = "tkr"\n', 'unit = "tkr"\nstatus = "beslutad"\n', 1)
    plan = load_plan(write_plan(adopted + DECISION, "2023.toml"))
    assert (plan.info.status, plan.adopted) == ("beslutad", True)
    assert plan.decision.body == "Sydnärkes IT-nämnd"
    assert plan.decision.date == date(2022, 11, 24)
    assert plan.decision.ref == "§ 45, dnr SITN 2022/17"
    assert plan.decision.proposal == (
        "fastställa MER-plan 2023 med driftbudget 41 391 tkr",
        "överlämna MER-plan 2023 till de samverkande kommunerna",
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            'status = "forslag"',
            'plan.status: must be "förslag" or "beslutad": did you mean "förslag"?',
        ),
        (
            'status = "antagen"',
            'plan.status: must be "förslag" (a proposal) or "beslutad" (adopted)',
        ),
        ("status = 1", 'plan.status: must be "förslag" (a proposal) or "beslutad" (adopted)'),
    ],
)
def test_a_status_other_than_the_two_is_bad_input(write_plan, plan_text, written, message):
    path = write_plan(plan_text.replace('unit = "tkr"\n', f'unit = "tkr"\n{written}\n', 1))
    result = run("check", path)
    assert (result.exit_code, result.stderr) == (2, f"{path}:9: {message}\n")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("date = 2022-11-24T18:00:00", "must be a date without a time of day, such as 2022-11-24"),
        ('date = "24/11/2022"', "must be a date such as 2022-11-24 (without quotes)"),
        ("date = 1022-11-24", "1022-11-24 is not a date from 1900 to 2200"),
    ],
)
def test_a_decision_date_is_a_toml_date(write_plan, plan_text, written, message):
    decision = DECISION.replace("date = 2022-11-24", written)
    path = write_plan(plan_text + decision)
    line = (plan_text + decision).splitlines().index(written) + 1
    result = run("check", path)
    assert (result.exit_code, result.stderr) == (2, f"{path}:{line}: decision.date: {message}\n")


def test_a_decision_names_its_body_and_date(write_plan, plan_text):
    path = write_plan(plan_text + '\n[decision]\nref = "§ 45"\n')
    line = len(plan_text.splitlines()) + 2
    result = run("check", path)
    assert result.stderr == (
        f"{path}:{line}: decision.body: is required but missing\n"
        f"{path}:{line}: decision.date: is required but missing\n"
    )


BOOKS_AND_BAD_PLANS = sorted(
    {
        path.parent
        for path in (Path(__file__).parent).rglob("*.toml")
        if "golden" not in path.parts and path.parent.is_dir()
    }
)


def in_chunks(monkeypatch: pytest.MonkeyPatch, as_read: bool) -> None:
    """Lists of entries made records two at a time: once the file is read (tomli), or as it is
    read (toml_rs, a few entries a chunk)."""
    from mercalc.books import model
    from mercalc.io import fasttoml, files

    monkeypatch.setattr(model, "ENTRY_CHUNK", 2)
    if as_read:
        monkeypatch.setattr(files, "PLAIN_FLOOR", 0)
        monkeypatch.setattr(fasttoml, "CHUNK", 40)


@pytest.mark.parametrize("as_read", [False, True], ids=["after reading", "as read"])
@pytest.mark.parametrize("folder", BOOKS_AND_BAD_PLANS, ids=lambda path: path.name)
def test_entries_made_records_a_chunk_at_a_time_give_the_same_books_and_problems(
    folder: Path, as_read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list is made records in chunks (for a large plan's memory): with a chunk of 2
    every list of the test books and bad files is, and nothing read or reported changes."""
    import mercalc

    whole = mercalc.load(folder)
    in_chunks(monkeypatch, as_read)
    chunked = mercalc.load(folder)
    assert chunked.problems == whole.problems
    assert [source.record for source in chunked.plans] == [s.record for s in whole.plans]
    assert (chunked.register and chunked.register.record) == (
        whole.register and whole.register.record
    )


@pytest.mark.parametrize("as_read", [False, True], ids=["after reading", "as read"])
def test_a_chunk_with_bad_entries_is_reported_as_the_whole_file_reports_it(
    tmp_path: Path, as_read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mercalc

    bad = "".join(
        f'\n[[cost]]\nname = "Extra {n}"\nbudget = {"-5" if n % 3 == 1 else n}\nprevious = 0\n'
        + ("colour = 'red'\n" if n == 5 else "")
        for n in range(8)
    )
    # a field's name where the file spells it otherwise: the model would take it
    bad += "".join(
        f'\n[[goal]]\narea = "Område {n}"\ncouncil_goal = "Mål {n}"\n'
        + f'[[goal.{"indicators" if n == 6 else "indicator"}]]\nname = "Mått {n}"\nunit = "st"\n'
        + 'direction = "at_least"\ntargets = { 2023 = 1 }\n'
        for n in range(8)
    )
    (tmp_path / "2023.toml").write_text(SEED_PLAN.read_text(encoding="utf-8") + bad)
    whole = mercalc.load(tmp_path)
    in_chunks(monkeypatch, as_read)
    chunked = mercalc.load(tmp_path)
    assert len(whole.problems) >= 5
    assert any(".indicators: " in str(problem) for problem in whole.problems)
    assert chunked.problems == whole.problems
    assert chunked.plans[0].record == whole.plans[0].record


def test_the_collector_waits_while_books_are_read_and_is_as_it_was_after() -> None:
    import gc

    import mercalc
    from mercalc.books import loader

    seen: list[bool] = []
    read = loader._Reading.read_text

    def reading(*args, **kwargs):
        seen.append(gc.isenabled())
        return read(*args, **kwargs)

    was = gc.isenabled()  # a command run in this process turns it off
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader._Reading, "read_text", reading)
        try:
            gc.enable()
            mercalc.load(SEED_PLAN)
            assert gc.isenabled() and seen and not any(seen)
            gc.disable()
            mercalc.loads(SEED_PLAN.read_text(encoding="utf-8"))
            assert not gc.isenabled()
        finally:
            (gc.enable if was else gc.disable)()
