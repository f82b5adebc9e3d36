"""No file fools mercalc: every mutation of a valid plan is bad input, said plainly (exit 2)."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import tomli_w
from conftest import SEED_PLAN, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
NEEDED = [(p, v) for p, v in LEAVES if p[-1] in REQUIRED and "targets" not in p]
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
