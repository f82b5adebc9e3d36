"""No file fools mercalc: every mutation of a valid plan is bad input, said plainly (exit 2)."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import tomli_w
from conftest import SEED_PLAN, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Hundreds of generated files and a plan of 50 MB: run by .ci/run's second call, not by default.
pytestmark = pytest.mark.slow

SEED = tomllib.loads(SEED_PLAN.read_text(encoding="utf-8"), parse_float=Decimal)

REQUIRED = {
    "organisation",
    "year",
    "name",
    "budget",
    "reason",
    "amount",
    "interest_rate",
    "council_goal",
    "years",
}
NOT_A_YEAR = ["1899", "2201", "0", "99999", "twenty"]
PROBLEM = re.compile(r"^\S+?:\d+: [\w.\[\]]+: \S.*$|^\S+?:\d+: not valid TOML: .+$")


def places(document, path=()):
    """Every (path, value) in a document, tables and lists included."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield (*path, key), value
            yield from places(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield (*path, index), value
            yield from places(value, (*path, index))


def copy(value):
    if isinstance(value, dict):
        return {k: copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy(v) for v in value]
    return value


def at(document, path):
    for part in path:
        document = document[part]
    return document


LEAVES = [(p, v) for p, v in places(SEED) if not isinstance(v, (dict, list))]
NUMBERS = [(p, v) for p, v in LEAVES if isinstance(v, (int, Decimal))]
NAMES = [(p, v) for p, v in LEAVES if p[-1] in ("name", "organisation", "council_goal")]
TABLES = [(p, v) for p, v in places(SEED) if isinstance(v, dict)] + [((), SEED)]
# keys that must be given (text.budget is prose, optional, though named as a line's budget)
NEEDED = [(p, v) for p, v in LEAVES if p[-1] in REQUIRED and "targets" not in p and p[0] != "text"]
LINES = [("contribution", i) for i in range(4)] + [("cost", i) for i in range(6)]


@st.composite
def mutated(draw):
    document = copy(SEED)
    kind = draw(
        st.sampled_from(
            [
                "wrong type",
                "missing key",
                "extra key",
                "huge number",
                "nan or inf",
                "empty name",
                "long name",
                "duplicate name",
                "far year",
                "not a year key",
            ]
        )
    )
    if kind == "wrong type":
        path, value = draw(st.sampled_from(LEAVES))
        if isinstance(value, str):
            wrong = draw(st.sampled_from([True, [1, 2], {"a": 1}]))
            if path[-1] != "interest_rate":
                wrong = draw(st.sampled_from([wrong, 17]))
        else:
            wrong = draw(st.sampled_from(["9755", True, [1], {"a": 1}]))
        at(document, path[:-1])[path[-1]] = wrong
    elif kind == "missing key":
        path, _ = draw(st.sampled_from(NEEDED))
        del at(document, path[:-1])[path[-1]]
    elif kind == "extra key":
        path, _ = draw(st.sampled_from(TABLES))
        key = draw(st.sampled_from(["budgett", "namn", "extra", "Year", "previus"]))
        at(document, path)[key] = 1
    elif kind == "huge number":
        path, _ = draw(st.sampled_from(NUMBERS))
        at(document, path[:-1])[path[-1]] = draw(
            st.sampled_from(
                [10**13, -(10**13), Decimal("1e300"), Decimal("-1e300"), Decimal("1e-30")]
            )
        )
    elif kind == "nan or inf":
        path, _ = draw(st.sampled_from(NUMBERS))
        at(document, path[:-1])[path[-1]] = Decimal(draw(st.sampled_from(["nan", "inf", "-inf"])))
    elif kind in ("empty name", "long name"):
        path, _ = draw(st.sampled_from(NAMES))
        value = draw(st.sampled_from(["", "   "])) if kind == "empty name" else "x" * 5000
        at(document, path[:-1])[path[-1]] = value
    elif kind == "duplicate name":
        first, second = draw(st.lists(st.sampled_from(LINES), min_size=2, max_size=2, unique=True))
        at(document, second)["name"] = at(document, first)["name"]
    elif kind == "far year":
        document["plan"]["year"] = draw(st.sampled_from([1066, 1899, 2201, 9999, -2023]))
    else:
        targets = document["goal"][0]["indicator"][0]["targets"]
        targets[draw(st.sampled_from(NOT_A_YEAR))] = 1
    return kind, document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_every_mutation_is_bad_input_with_file_line_and_key(tmp_path_factory, case):
    kind, document = case
    path = tmp_path_factory.mktemp("fuzz") / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    for command in ("check", "budget"):
        result = run(command, path)
        assert result.exit_code == 2, (kind, command, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert lines, kind
        for line in lines:
            assert line.startswith(f"{path}:"), line
            assert PROBLEM.match(line), line
        assert "Traceback" not in result.stderr


def test_hostile_files_are_bad_input(tmp_path: Path):
    cases = {
        "empty.toml": b"",
        "binary.toml": bytes(range(256)) * 16,
        "latin1.toml": '[plan]\norganisation = "Laxå"\n'.encode("latin-1"),
        "nul.toml": b'[plan]\norganisation = "a\x00b"\n',
        "deep.toml": b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run("check", path)
        assert result.exit_code == 2, name
        assert result.stderr.startswith(f"{path}"), name
        assert "Traceback" not in result.stderr


def test_a_file_of_50_mb_with_a_bad_value_at_its_end(tmp_path: Path):
    path = tmp_path / "large.toml"
    body = SEED_PLAN.read_text(encoding="utf-8")
    filler = "".join(f'[[revenue]]\nname = "Intäkt {i}"\nbudget = 0\n\n' for i in range(1_250_000))
    path.write_text(
        body + filler + '[[revenue]]\nname = "Sist"\nbudget = "fel"\n', encoding="utf-8"
    )
    assert path.stat().st_size > 50 * 2**20
    result = run("check", path)
    last = body.count("\n") + filler.count("\n") + 3
    assert (result.exit_code, result.stderr) == (
        2,
        f'{path}:{last}: revenue[1250000].budget: must be a number, not text ("fel")\n',
    )


# The edges (SPEC 4, "Also bad input"): names of every Unicode category, integer literals too
# long to convert, rates written oddly. Each plan either loads or is bad input in plain
# `FILE:LINE: key: message` lines; never a traceback, never an internal error.
CATEGORIES = [
    *("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps"),
    *("Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Co", "Cn"),
]
HIDDEN = ("Cc", "Cf", "Zl", "Zp")
TEXTS = [
    (p, v) for p, v in LEAVES if p[-1] in ("name", "organisation", "council_goal", "reason")
] + [(p, v) for p, v in LEAVES if p[0] == "text"]


def loads_or_says_where(path: Path, *commands: str) -> list[tuple[int, str]]:
    """Each command's exit and stderr, after checking that bad input is said plainly."""
    results = []
    for command in commands:
        result = run(command, path)  # an internal error raises here
        assert result.exit_code in (0, 1, 2), (command, result.stderr)
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert lines and all(PROBLEM.match(line) for line in lines), result.stderr
        assert "Traceback" not in result.stderr
        results.append((result.exit_code, result.stderr))
    return results


@st.composite
def odd_names(draw):
    """A name at a random place of the plan, with a character of a random Unicode category."""
    category = draw(st.sampled_from(CATEGORIES))
    odd = draw(st.characters(categories=[category]))
    before, after = draw(st.sampled_from([("", ""), ("Lax", ""), ("", "berg"), ("La", "xå")]))
    place, _ = draw(st.sampled_from(TEXTS))
    return place, before + odd + after, category, odd


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=odd_names())
def test_names_of_every_unicode_category(tmp_path_factory, case):
    place, name, category, odd = case
    document = copy(SEED)
    at(document, place[:-1])[place[-1]] = name
    path = tmp_path_factory.mktemp("names") / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    (code, stderr), _ = loads_or_says_where(path, "check", "budget")
    prose_layout = place[0] == "text" and odd in "\n\t"  # prose may break lines and indent
    if category in HIDDEN and not prose_layout:
        said = ("a control or format character", "must not be empty")  # U+2028 is also space
        assert code == 2 and any(words in stderr for words in said), (name, stderr)


@st.composite
def long_integers(draw):
    """An integer literal of up to 10 000 digits, as the value of any key."""
    place, _ = draw(st.sampled_from(LEAVES))
    digits = draw(st.sampled_from([13, 4299, 4300, 4301, 5000, 10_000]))
    sign = draw(st.sampled_from(["", "-", "+"]))
    return place, sign + "9" * digits


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=long_integers())
def test_integer_literals_too_long_to_convert(tmp_path_factory, case):
    place, literal = case
    document = copy(SEED)
    at(document, place[:-1])[place[-1]] = "LONG-INTEGER"
    path = tmp_path_factory.mktemp("long") / "plan.toml"
    path.write_text(tomli_w.dumps(document).replace('"LONG-INTEGER"', literal), encoding="utf-8")
    (code, stderr), _ = loads_or_says_where(path, "check", "budget")
    assert code == 2
    if len(literal.lstrip("+-")) > 4300:
        assert stderr.count("\n") == 1 and "digits: far too large" in stderr, stderr


ODD_DIGITS = ["1", "25", "１２", "١٢", "1_2", "0", "100", "1" * 30, "00012"]
ODD_FORMS = [
    "{d}%",
    "{d}.{d}%",
    "{d},{d} %",
    "-{d}%",
    "+{d}%",
    "{d}e-{d}%",
    "{d}E{d}%",
    "{d}.{d}e-999999999%",
    ".{d}%",
    "{d}.%",
    " {d}% ",
    "{d}%%",
    "{d} %",
    "{d}",
    "NaN%",
    "Infinity%",
    "0x{d}%",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    form=st.sampled_from(ODD_FORMS),
    digits=st.sampled_from(ODD_DIGITS),
    as_number=st.sampled_from([None, "0.0125", "0." + "1" * 11, "1e-999999999", "0.1e1"]),
    where=st.sampled_from(["interest_rate", "plan_rates"]),
)
def test_rates_written_in_odd_forms(tmp_path_factory, form, digits, as_number, where):
    import re

    text = form.format(d=digits)
    document = copy(SEED)
    rate = text if as_number is None else Decimal(as_number)
    if where == "interest_rate":
        document["capital"]["interest_rate"] = rate
    else:
        document["capital"]["plan_rates"] = {"2024": rate}
    path = tmp_path_factory.mktemp("rates") / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    (code, _), _ = loads_or_says_where(path, "check", "capital")
    if code != 2 and as_number is None:  # accepted: ASCII digits, at most 10 decimals
        number = text.strip().removesuffix("%").strip().replace(",", ".")
        assert re.fullmatch(r"[+-]?[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?", number), text
        assert Decimal(number).as_tuple().exponent >= -10, text
