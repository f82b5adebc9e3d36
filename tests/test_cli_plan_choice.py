"""FILE is optional wherever a command reads a plan (SPEC 16): without it, the latest plan of
the data folder (or `--data-dir`); `--year Y` picks the plan of year Y."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, run


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    """A data folder of two years (2023 and the 2024 that `new` makes), as the working folder."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert run("new", data / "2023.toml").exit_code == 0
    (tmp_path / "utfall.csv").write_text("konto;period;belopp\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return data


ACTUALS = ["--actuals", "utfall.csv", "--through", "{year}-01"]


def same(arguments: list[str], with_file: list[str]) -> None:
    plain, named = run(*arguments), run(*with_file)
    assert named.exit_code == 0, named.stderr
    assert (plain.exit_code, plain.stdout, plain.stderr) == (0, named.stdout, named.stderr)


@pytest.mark.parametrize(
    "command",
    [["budget"], ["members"], ["goals"], ["report", "-f", "markdown"], ["follow-up", *ACTUALS]],
)
def test_without_file_a_command_reads_the_latest_plan_or_that_of_year(folder, command):
    for year in (2023, 2024):
        arguments = [part.format(year=year) for part in command]
        plan = str(Path("data") / f"{year}.toml")
        same([*arguments, "--year", str(year)], [*arguments, plan, "--year", str(year)])
        same(
            [*arguments, "--data-dir", "data", "-y", str(year)], [*arguments, plan, "-y", str(year)]
        )
    arguments = [part.format(year=2024) for part in command]
    same(arguments, [*arguments, str(Path("data") / "2024.toml")])


def test_check_and_balance_read_the_plan_of_year(folder):
    assert run("check", "--year", "2023").exit_code == 0
    same(["balance", "--dry-run", "--year", "2023"], ["balance", "--dry-run", "data/2023.toml"])
    same(["balance", "--dry-run"], ["balance", "--dry-run", "data/2024.toml"])


def test_new_starts_from_the_latest_plan_or_the_year_before_year(folder):
    result = run("new")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Wrote data/2025.toml: ")
    assert run("new", "--year", "2024").stderr.startswith("data/2024.toml: ")  # there already


def test_a_year_without_a_plan_is_named_with_the_years_there_are(folder, use_language):
    for language, expected in (
        ("en", "data: holds no plan of 2030: its plans are of 2023, 2024\n"),
        ("sv", "data: innehåller ingen plan för 2030: planerna gäller 2023, 2024\n"),
    ):
        use_language(language)
        for command in (["budget"], ["members"], ["report"], ["check"], ["new", "-y", "2031"]):
            result = run(*command, "--year", "2030") if command[0] != "new" else run(*command)
            assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_goals_of_a_year_without_its_plan_follows_it_up_in_the_latest(folder):
    same(["goals", "--year", "2030"], ["goals", "data/2024.toml", "--year", "2030"])


def test_file_and_year_or_data_dir_that_disagree_are_bad_input(folder):
    cases = [
        (["budget", "data/2023.toml", "--year", "2024"], "FILE and --year"),
        (["members", "data/2023.toml", "--data-dir", "data"], "FILE and --data-dir"),
        (["check", "data/2023.toml", "--year", "2023"], "FILE and --year"),
        (["new", "data/2023.toml", "--data-dir", "data"], "FILE and --data-dir"),
    ]
    for arguments, options in cases:
        result = run(*arguments)
        expected = f"mercalc {arguments[0]}: {options} contradict each other: give one of them\n"
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
