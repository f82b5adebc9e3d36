"""Reading plan files: toml_rs for a plain plan, a chunk at a time; tomli for every other;
one result either way, and never a crash."""

from __future__ import annotations

import copy
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import read_alike
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from mercalc.io import fasttoml, files
from mercalc.io.fasttoml import read_plain, shallow
from mercalc.io.files import parse_toml
from mercalc.problems import PlanError

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    path
    for folder in ("data", "tests")
    for path in (ROOT / folder).rglob("*.toml")
    if "golden" not in path.parts
)


@pytest.fixture
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """toml_rs for a plan of any size, in chunks of a few entries."""
    monkeypatch.setattr(files, "PLAIN_FLOOR", 0)
    monkeypatch.setattr(fasttoml, "CHUNK", 40)


@pytest.mark.parametrize("path", PLANS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_of_the_repository_is_read_alike_in_chunks(path: Path, every_size: None) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return  # not text, or a link to nothing: refused before it is parsed
    read_alike(text)


def test_the_seed_is_read_by_toml_rs_in_chunks_before_its_prose(every_size: None) -> None:
    """Its texts stand last, in multi-line strings: the entries before them are cut as ever."""
    seed = (ROOT / "data" / "2023.toml").read_text(encoding="utf-8")
    assert len(fasttoml._cuts(seed)) > 10
    assert read_alike(seed) is not None


def test_decimals_stay_exact(every_size: None) -> None:
    assert read_plain("a = 1.10\nb = 1e1000\nc = 99999999999999999999999") == {
        "a": Decimal("1.10"),
        "b": Decimal("1E+1000"),
        "c": 99999999999999999999999,
    }


ENTRY = '[[cost]]\nname = "{n}"\nbudget = {n}\n'
JOINS = {
    "entries go on": "".join(ENTRY.format(n=n) for n in range(9)),
    "an indicator of the last goal after other entries": (
        '[[goal]]\nname = "g"\n'
        + "".join(ENTRY.format(n=n) for n in range(5))
        + '[[goal.indicator]]\nname = "i"\n'
    ),
    "a list written in the document's own keys": (
        'cost = [{ name = "x" }]\n' + "".join(ENTRY.format(n=n) for n in range(5))
    ),
    "a table twice": "[plan]\na = 1\n"
    + "".join(ENTRY.format(n=n) for n in range(5))
    + "[plan]\nb = 2\n",
    "a table's table later": "[plan]\na = 1\n"
    + "".join(ENTRY.format(n=n) for n in range(5))
    + "[plan.more]\nb = 2\n",
    "a table named as entries": "[cost]\na = 1\n" + "".join(ENTRY.format(n=n) for n in range(5)),
    "a header within a string": 'a = """\n[[cost]]\n"""\n'
    + "".join(ENTRY.format(n=n) for n in range(5)),
    "a header within an array": "a = [\n" + "".join(ENTRY.format(n=n) for n in range(5)) + "]\n",
    "a quoted header": "".join(ENTRY.format(n=n) for n in range(3))
    + '[["cost"]]\nname = "q"\n'
    + "".join(ENTRY.format(n=n) for n in range(3)),
}


@pytest.mark.parametrize("text", JOINS.values(), ids=JOINS.keys())
def test_chunks_are_joined_only_as_the_whole_is_read(text: str, every_size: None) -> None:
    read_alike(text)


def test_entries_in_chunks_are_read_by_toml_rs(every_size: None) -> None:
    assert len(fasttoml._cuts(JOINS["entries go on"])) > 5
    assert read_alike(JOINS["entries go on"]) is not None


def test_an_error_is_named_by_tomli_as_before() -> None:
    assert read_plain("a = 1\na = 2\n") is None
    with pytest.raises(PlanError) as error:
        parse_toml("a = 1\na = 2\n", "p.toml")
    assert [problem.line for problem in error.value.problems] == [2]


def test_an_integer_python_does_not_convert_is_read_by_tomli(every_size: None) -> None:
    assert read_plain("a = " + "9" * 5000) is None
    with pytest.raises(PlanError):
        parse_toml("a = " + "9" * 5000, "p.toml")


@pytest.mark.parametrize("size", [files.PLAIN_FLOOR // 2, files.PLAIN_FLOOR * 2, 40 * 2**20])
def test_a_plan_is_read_by_toml_rs_above_the_floor_only(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    monkeypatch.setattr(fasttoml, "read_plain", lambda text, settle: read.append(text))
    filler = "# " + "x" * 77 + "\n"
    text = "a = 1\n" + filler * (size // len(filler) + 1)
    assert parse_toml(text, "p.toml") == {"a": 1}
    assert bool(read) == (len(text) > files.PLAIN_FLOOR)


def test_each_chunk_is_settled_with_its_entries_whole(every_size: None) -> None:
    """After each chunk, the document read so far, every entry in it whole: a chunk's entries
    can be made records before the next chunk is read."""
    text = "".join(
        f'[[cost]]\nname = "c{n}"\n[cost.budget]\n2023 = {n}\n[[cost.part]]\nx = {n}\n'
        for n in range(12)
    )
    seen: list[list[Any]] = []
    read = read_plain(text, lambda document: seen.append(copy.deepcopy(document["cost"])))
    assert read is not None and len(seen) == len(fasttoml._cuts(text)) - 1 > 3
    final = tomli.loads(text)["cost"]
    assert all(entries == final[: len(entries)] for entries in seen)


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
    assert not shallow(text.encode())
    code = (
        "import sys; from mercalc.io import fasttoml, files\n"
        "files.PLAIN_FLOOR = 0; fasttoml.CHUNK = 8\n"
        "from mercalc.io.files import parse_toml; parse_toml(sys.stdin.read(), 'p')"
    )
    run = subprocess.run([sys.executable, "-c", code], input=text, text=True, capture_output=True)
    assert run.returncode == 1 and "PlanError" in run.stderr  # refused, not crashed


def test_a_chunk_that_would_begin_within_a_string_is_never_read() -> None:
    """Brackets in a string are no nesting, so toml_rs must never read from a cut there: the
    chunk before it ends within the string, an error, and tomli reads the whole."""
    text = (
        'a = """\n' + "x\n" * 30 + "[[cost]]\nb = " + "[" * DEEP + '\n"""\n[[cost]]\nname = "x"\n'
    )
    assert shallow(text.encode())
    code = (
        "import sys; from mercalc.io import fasttoml, files\n"
        "files.PLAIN_FLOOR = 0; fasttoml.CHUNK = 40\n"
        "text = sys.stdin.read()\n"
        "assert fasttoml._cuts(text)[1] == text.index('[[cost]]')  # within the string\n"
        "assert fasttoml.read_plain(text) is None\n"
        "print(files.parse_toml(text, 'p')['cost'])"
    )
    run = subprocess.run([sys.executable, "-c", code], input=text, text=True, capture_output=True)
    assert (run.returncode, run.stdout) == (0, "[{'name': 'x'}]\n"), run.stderr


@pytest.mark.parametrize("few", [8, 0], ids=["each key alone", "one pass"])
def test_a_header_line_within_a_chunk_s_string_is_no_header(
    few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[[cost]]` as a line of prose is not where the chunk's costs begin."""
    monkeypatch.setattr(fasttoml, "_FEW_KEYS", few)
    prose = '[[goal]]\nnote = """\n  [[cost]]\n"""\n'
    keys = ["cost", "goal", "other"]
    assert fasttoml._begin_entries("[[goal]]\n[[cost]]\n" + prose, keys) == [True, True, False]
    assert fasttoml._begin_entries(prose + "[cost.budget]\n[[cost]]\n", keys) == [
        False,
        True,
        False,
    ]


def test_nesting_up_to_its_limit_is_read_fast(every_size: None) -> None:
    depth = fasttoml.MAX_DEPTH - 1
    assert read_alike("a = " + "[" * depth + "]" * depth) is not None


def test_a_byte_order_mark_is_left_to_tomli_which_refuses_it(every_size: None) -> None:
    """toml_rs passes over a leading U+FEFF; tomli, the reference, does not."""
    text = "\ufeff" + JOINS["entries go on"]
    assert read_plain(text) is None
    with pytest.raises(PlanError):
        parse_toml(text, "p.toml")


def test_many_arrays_of_tables_across_chunks_are_joined(
    every_size: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk's headers are read once where the chunks share many keys (each key looked
    for alone would read a chunk once a key)."""
    alone: list[str] = []
    begins = fasttoml._begins_entries
    monkeypatch.setattr(
        fasttoml, "_begins_entries", lambda headers, key: alone.append(key) or begins(headers, key)
    )
    monkeypatch.setattr(fasttoml, "CHUNK", 2000)
    text = "".join(f"[[k{i}]]\na = {i}\n" for i in range(300)) * 3
    assert read_alike(text) is not None and alone == []
    text = "".join(f"[[k{i}]]\na = {i}\n" for i in range(3)) * 300
    assert read_alike(text) is not None and alone


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("[{a=", "}]")])
def test_nesting_is_counted_a_level_a_round(opening: str, closing: str) -> None:
    """Up to MAX_DEPTH levels of arrays and inline tables, alternating or not; one more is
    left to tomli."""
    depth = fasttoml.MAX_DEPTH // len(opening.strip("a="))
    text = "a = " + opening * depth + "1" * (opening != "[") + closing * depth
    assert shallow(text.encode())
    deeper = "a = " + opening * (depth + 1) + "1" * (opening != "[") + closing * (depth + 1)
    assert not shallow(deeper.encode())


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="\"'#[]{}\n x", max_size=60))
@example('"x""x"["x""x""x"')  # quotes that meet once the characters between them are gone
@example("a = '''\n[\n''' # ''' ]\n[")  # a comment on the last multi-line string's line
def test_the_marks_outside_strings_and_comments_are_those_the_whole_pattern_leaves(
    text: str,
) -> None:
    """After the last multi-line string only the marks are read: the same brackets and quotes
    stay as where the whole text is read by the pattern of every string and comment."""
    data = text.encode()
    assume(b'""""' not in data and b"''''" not in data)
    marks = bytes(byte for byte in range(256) if byte not in b"[]{}\"'")
    whole = fasttoml._STRINGS_AND_COMMENTS.sub(b"", data)
    assert fasttoml._bare(data).translate(None, marks) == whole.translate(None, marks)


def test_a_chunk_larger_than_the_limit_is_left_to_tomli(
    every_size: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nowhere to cut (no entries): the whole would be one chunk for toml_rs, too large."""
    text = "a = [" + ", ".join(str(n) for n in range(100)) + "]\n"
    assert read_plain(text) is not None
    monkeypatch.setattr(fasttoml, "MAX_CHUNK", len(text) - 1)
    assert read_plain(text) is None
    assert parse_toml(text, "p.toml") == {"a": list(range(100))}


@pytest.mark.parametrize(
    "text",
    ["a{parts} = 1\n", "[a{parts}]\n", "[[a{parts}]]\n", "x = {{a{parts} = 1}}\n"],
    ids=["key", "table", "entries", "inline table"],
)
def test_a_dotted_key_of_a_thousand_parts_is_left_to_tomli_which_refuses_it(text: str) -> None:
    """toml_rs reads it; tomli, the reference, finds it nested too deeply."""
    deep = text.format(parts=".a" * 1000)
    assert read_plain(deep) is None
    with pytest.raises(PlanError) as error:
        parse_toml(deep, "p.toml")
    assert "nested too deeply" in error.value.problems[0].message
    assert read_alike(text.format(parts=".a" * (fasttoml.MAX_DEPTH - 1))) is not None
