"""The edges of input (SPEC 4, "Also bad input"): names as Unicode text, exact rates, files that
are not plans, the books' own files only, and `new` figures that would leave their range.
Each bad plan of these kinds also has its case under tests/bad/ with its exact message."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED_PLAN, run

from mercalc.books.loader import load_plan

HIDDEN = "a control or format character that is not shown as text: remove it"


@pytest.fixture
def books(tmp_path: Path, plan_text: str) -> Path:
    """A folder with the seed plan as its only file."""
    (tmp_path / "2023.toml").write_text(plan_text, encoding="utf-8")
    return tmp_path


def test_names_are_read_in_nfc_and_a_decomposed_name_matches(books: Path, plan_text: str):
    decomposed = "Laxa\u030a"  # "Laxå" with its å written as a and a ring above
    assert decomposed != "Laxå"
    text = plan_text.replace('municipality = "Laxå"', f'municipality = "{decomposed}"')
    assert text != plan_text
    plan = books / "2023.toml"
    plan.write_text(text, encoding="utf-8")
    assert run("check", plan).exit_code == 0
    loaded = load_plan(plan)
    assert "Laxå" in [investment.municipality for investment in loaded.investments]


def test_a_name_written_twice_in_two_normal_forms_is_one_name(books: Path, plan_text: str):
    plan = books / "2023.toml"
    plan.write_text(plan_text.replace('name = "Lekeberg"', 'name = "LAXA\u030a"', 1))
    result = run("check", plan)
    assert result.exit_code == 2
    duplicate = 'contribution[1].name: "Laxå" is already the name of a line (contribution[0])'
    assert f": {duplicate}\n" in result.stderr


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("\\u001b[2J", "U+001B"),
        ("\\r", "U+000D"),
        ("\\u0085", "U+0085"),
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("\u200d", "U+200D (ZERO WIDTH JOINER)"),
        ("\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
        ("\u00ad", "U+00AD (SOFT HYPHEN)"),
        ("\u2028", "U+2028 (LINE SEPARATOR)"),
    ],
)
def test_a_character_not_shown_as_text_is_bad_input_in_every_name(
    books: Path, plan_text: str, written: str, shown: str
):
    plan = books / "2023.toml"
    for key, value in (
        ("name", "Lekeberg"),
        ("organisation", "Sydnärkes IT-nämnd"),
        ("reason", "Löneökning 3 % och höjt PO 5 %"),
        ("council_goal", "Lekebergs kommun växer och utvecklas på ett hållbart sätt"),
    ):
        before = f'{key} = "{value}"'
        assert before in plan_text, before
        plan.write_text(plan_text.replace(before, f'{key} = "{value}{written}"', 1))
        result = run("check", plan)
        assert result.exit_code == 2, key
        assert f".{key}: holds {shown}, {HIDDEN}\n" in result.stderr, key


def test_prose_may_break_lines_and_indent_but_hold_nothing_else(books: Path, plan_text: str):
    plan = books / "2023.toml"
    layout = '[text]\nintroduction = "Förvaltningen\\n\\tavser\\r\\natt"\n'
    start = plan_text.index("\n[text]\n") + 1  # the last table of the seed plan
    plan.write_text(plan_text[:start] + layout, encoding="utf-8")
    assert run("check", plan).exit_code == 0
    assert load_plan(plan).text.introduction == "Förvaltningen\n\tavser\natt"
    plan.write_text(plan_text[:start] + layout.replace("\\t", "\\u001b"), encoding="utf-8")
    result = run("check", plan)
    assert (result.exit_code, result.stderr.split(": ", 1)[1]) == (
        2,
        f"text.introduction: holds U+001B, {HIDDEN}\n",
    )


@pytest.mark.parametrize(
    ("written", "rate"),
    [
        ('"1.2345678901%"', Decimal("0.012345678901")),
        ('"99.9999999999%"', Decimal("0.999999999999")),
        ('"1,25 %"', Decimal("0.0125")),
        ('"125e-2%"', Decimal("0.0125")),
        ("0.0123456789", Decimal("0.0123456789")),
    ],
)
def test_rates_are_read_exactly(books: Path, plan_text: str, written: str, rate: Decimal):
    plan = books / "2023.toml"
    plan.write_text(plan_text.replace('interest_rate = "1.25%"', f"interest_rate = {written}"))
    read = load_plan(plan).capital.interest_rate
    assert read == rate and str(read) == str(rate)


def test_a_device_or_a_fifo_is_never_read(books: Path, tmp_path: Path):
    fifo = tmp_path / "fifo" / "2023.toml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    refused = "is not a regular file (a device, a FIFO or a socket): give a plan file"
    for path in (Path("/dev/zero"), fifo):
        result = run("budget", path)  # a read would never end
        assert (result.exit_code, result.stderr) == (2, f"{path}: {refused}\n")
    os.mkfifo(books / "2024.toml")  # in the books: bad input of the run, and nothing waits
    result = run("budget", books / "2023.toml")
    assert (result.exit_code, result.stderr) == (2, f"{books / '2024.toml'}: {refused}\n")


def test_a_file_larger_than_any_plan_is_never_read(tmp_path: Path):
    path = tmp_path / "2023.toml"
    with open(path, "wb") as large:
        large.truncate(100 * 2**20 + 1)  # sparse: no disk is filled
    result = run("check", path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{path}: is larger than 100 MiB: too large for a plan\n",
    )


def test_files_whose_names_start_with_a_dot_are_not_books(books: Path):
    (books / ".#2024.toml").symlink_to("user@host.1234:1700000000")  # an editor's lock file
    (books / ".2024.toml").write_text("[plan\nnot toml", encoding="utf-8")
    for command in (["capital", "--data-dir", books], ["check", "--data-dir", books]):
        result = run(*command)
        assert (result.exit_code, result.stderr) == (0, ""), command


def test_the_same_file_named_twice_is_read_once(books: Path, monkeypatch):
    monkeypatch.chdir(books)
    for names in (["2023.toml", "./2023.toml"], ["2023.toml", str(books / "2023.toml")]):
        result = run("check", *names)
        assert (result.exit_code, result.stderr) == (0, ""), names


def test_new_figures_that_would_leave_their_range_are_one_clear_line(tmp_path: Path):
    plan = tmp_path / "2023.toml"
    text = SEED_PLAN.read_text(encoding="utf-8")
    text = text.replace("budget = 12730", "budget = 900000012730", 1)
    text = text.replace("budget = 14012", "budget = 900000014012", 1)
    plan.write_text(text, encoding="utf-8")
    result = run("new", "--from", plan, "-y", "2024", "--index-all", "100")
    assert (result.exit_code, result.stderr) == (
        2,
        f'{plan}: "Personalkostnader" would be 1800000025460 in 2024: '
        "an amount is from 0 to 10^12\n",
    )
    small = tmp_path / "small"
    small.mkdir()
    (small / "2023.toml").write_text(
        '[plan]\norganisation = "X"\nyear = 2023\n\n'
        '[[contribution]]\nname = "A"\nbudget = 0.5\n\n'
        '[[contribution]]\nname = "B"\nbudget = 0.5\n\n'
        '[[cost]]\nname = "C"\nbudget = 1\n',
        encoding="utf-8",
    )
    result = run("new", "--from", small / "2023.toml", "-y", "2024", "--index-all", "-100")
    assert result.exit_code == 2
    assert result.stderr.endswith("would be -0.5 in 2024: an amount is from 0 to 10^12\n")
    assert sorted(os.listdir(small)) == ["2023.toml"]
