"""`mercalc check`: silent when all is well; every problem of every file otherwise."""

from __future__ import annotations

from conftest import DATA, SEED_PLAN, run


def test_a_valid_balanced_plan_is_silent():
    assert run("check", SEED_PLAN) == run("check", "--data-dir", DATA)
    result = run("check", SEED_PLAN)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_one_amount_off_by_one_is_named(plan_text, write_plan):
    path = write_plan(plan_text.replace("previous = 9316", "previous = 9317"))
    result = run("check", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{path}:4: plan: does not balance in previous (2022): Summa is -1 "
        "(revenue -39013, costs 39012): revenue exceeds costs by 1\n"
    )


def test_changes_that_do_not_add_up_are_named(plan_text, write_plan):
    path = write_plan(plan_text.replace("amount = 716", "amount = 700"))
    result = run("check", path)
    assert result.exit_code == 1
    line = (
        plan_text.splitlines().index(
            "changes = [", plan_text.splitlines().index('name = "Personalkostnader"')
        )
        + 1
    )
    assert result.stderr == (
        f"{path}:{line}: cost[0].changes: add up to 700 but Personalkostnader changes by 716 "
        "(12730 - 12014); the difference is 16: name it, e.g. "
        '{ reason = "Övrigt, ej specificerat", amount = ... }\n'
    )


def test_every_file_is_checked_and_the_worst_exit_code_wins(plan_text, write_plan, tmp_path):
    unbalanced = write_plan(plan_text.replace("budget = 2000", "budget = 2001"), "a.toml")
    bad = write_plan("[plan]\n", "b.toml")
    result = run("check", unbalanced, bad, SEED_PLAN)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{unbalanced}:4: plan: does not balance in budget (2023): Summa is 1 "
        "(revenue -41391, costs 41392): costs exceed revenue by 1",
        f"{bad}:1: plan.organisation: is required but missing",
        f"{bad}:1: plan.year: is required but missing",
    ]


def test_an_empty_data_folder_is_bad_input(tmp_path):
    result = run("check", "--data-dir", tmp_path)
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path}: holds no plan files (*.toml)\n")


def test_two_plans_for_one_year_are_bad_input(tmp_path, plan_text):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(plan_text, encoding="utf-8")
    result = run("check", "--data-dir", tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{tmp_path / 'b.toml'}:6: plan.year: 2023 is already the year of "
        f"{tmp_path / 'a.toml'}: one plan per year\n",
    )


def test_a_folder_without_data_names_where_it_looked_and_data_dir(
    tmp_path, monkeypatch, use_language
):
    monkeypatch.chdir(tmp_path)
    for language, expected in (
        (
            "en",
            "data: is not a folder of plan files (looked for {path}): run mercalc where data/ "
            "is, or name the folder with --data-dir FOLDER\n",
        ),
        (
            "sv",
            "data: är ingen mapp med planfiler (sökte efter {path}): kör mercalc där data/ "
            "finns, eller ange mappen med --data-dir MAPP\n",
        ),
    ):
        use_language(language)
        result = run("check")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == expected.format(path=tmp_path / "data")
