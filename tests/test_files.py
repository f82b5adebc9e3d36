"""Reading plan files: toml_rs for a plain plan, tomli for every other, one result either way."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli

from mercalc.io.files import (
    FAST_PARSE_FLOOR,
    FAST_PARSE_LIMIT,
    MAX_FAST_DEPTH,
    _fast_parse,
    parse_toml,
)
from mercalc.problems import PlanError

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    path
    for folder in ("data", "tests")
    for path in (ROOT / folder).rglob("*.toml")
    if "golden" not in path.parts
)


def shape(value: Any) -> Any:
    """A value with its types and its keys in their order, for an exact comparison."""
    if isinstance(value, dict):
        return ["table", *((key, shape(item)) for key, item in value.items())]
    if isinstance(value, list):
        return ["array", *(shape(item) for item in value)]
    return (type(value).__name__, repr(value))


@pytest.mark.parametrize("path", PLANS, ids=lambda path: str(path.relative_to(ROOT)))
def test_both_parsers_read_every_file_of_the_repository_alike(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return  # not text, or a link to nothing: refused before it is parsed
    fast = _fast_parse(text)
    if fast is None:
        return  # read by tomli alone
    assert shape(fast) == shape(tomli.loads(text, parse_float=Decimal))


def test_the_seed_is_plain_enough_for_toml_rs_and_text_with_an_escape_is_not() -> None:
    seed = (ROOT / "data" / "2023.toml").read_text(encoding="utf-8")
    assert _fast_parse(seed) is not None
    assert _fast_parse('a = "x\\ty"') is None
    assert parse_toml('a = "x\\ty"', "p.toml") == {"a": "x\ty"}


def test_decimals_stay_exact_on_the_fast_path() -> None:
    assert _fast_parse("a = 1.10\nb = 1e1000\nc = 99999999999999999999999") == {
        "a": Decimal("1.10"),
        "b": Decimal("1E+1000"),
        "c": 99999999999999999999999,
    }


def test_an_error_is_named_by_tomli_as_before() -> None:
    assert _fast_parse("a = 1\na = 2\n") is None
    with pytest.raises(PlanError) as error:
        parse_toml("a = 1\na = 2\n", "p.toml")
    assert [problem.line for problem in error.value.problems] == [2]


def test_an_integer_python_does_not_convert_is_read_by_tomli() -> None:
    with pytest.raises(PlanError):
        parse_toml("a = " + "9" * 5000, "p.toml")


@pytest.mark.parametrize(
    "size", [FAST_PARSE_FLOOR // 2, FAST_PARSE_FLOOR * 2, FAST_PARSE_LIMIT + 1]
)
def test_a_plan_is_read_by_toml_rs_between_the_floor_and_the_limit_only(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    monkeypatch.setattr("mercalc.io.files._fast_parse", lambda text: read.append(text))
    filler = "# " + "x" * 77 + "\n"
    text = "a = 1\n" + filler * (size // len(filler) + 1)
    assert parse_toml(text, "p.toml") == {"a": 1}
    assert bool(read) == (FAST_PARSE_FLOOR < len(text) <= FAST_PARSE_LIMIT)


DEEP = 100_000
ATTACKS = {
    "arrays": "a = " + "[" * DEEP + "]" * DEEP,
    "inline tables": "a = " + "{b=" * DEEP + "1" + "}" * DEEP,
    "after an error": 'a = "x" "y"\nb = ' + "[" * DEEP,
    "unclosed": "a = [" + "1,[" * DEEP,
    "closers in strings": "a = " + '[ "]",' * DEEP,
    "closers of the other kind": "a = {x = " + "{]x = " * DEEP,
    "closers in comments": "a = " + "[ # ]\n" * DEEP,
    "a lone carriage return": 'a = "\r' + "[" * DEEP + '"',
    "inline tables in arrays": "a = [" + "{x=[" * DEEP,
}


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_deep_nesting_is_left_to_tomli_and_never_crashes(text: str) -> None:
    """toml_rs overflows its stack on a few thousand levels (a crash): such text is refused."""
    assert _fast_parse(text) is None
    code = "import sys; from mercalc.io.files import parse_toml; parse_toml(sys.stdin.read(), 'p')"
    run = subprocess.run([sys.executable, "-c", code], input=text, text=True, capture_output=True)
    assert run.returncode == 1 and "PlanError" in run.stderr  # refused, not crashed


def test_nesting_up_to_its_limit_is_read_fast() -> None:
    depth = MAX_FAST_DEPTH - 1
    text = "a = " + "[" * depth + "]" * depth
    assert shape(_fast_parse(text)) == shape(tomli.loads(text))
