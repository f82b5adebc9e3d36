"""Key paths to line numbers, for `FILE:LINE:` in every message."""

from __future__ import annotations

from conftest import SEED_PLAN

from mercalc.io.tomlpos import key_lines, line_of

DOC = '''\
# a comment with [brackets] and = signs
[plan]
organisation = "Nämnd # not a comment"
year = 2023

[[cost]]
name = 'A'
changes = [
  { reason = "x, y", amount = 1 },
  { reason = """multi
line""", amount = 2 },
]

[[cost]]
name = "B"
"quoted key" = 1
dotted.key = 2

[[goal]]
council_goal = "G"
[[goal.indicator]]
name = "i1"
targets = { 2023 = 1, 2024 = 2 }
[[goal.indicator]]
name = "i2"

[[goal]]
council_goal = "H"
[[goal.indicator]]
name = "j1"
'''


def test_tables_keys_inline_tables_and_arrays_get_their_lines():
    lines = key_lines(DOC)
    assert lines[("plan",)] == 2
    assert lines[("plan", "year")] == 4
    assert lines[("cost", 0, "changes", 0, "amount")] == 9
    assert lines[("cost", 0, "changes", 1)] == 10
    assert lines[("cost", 0, "changes", 1, "amount")] == 11
    assert lines[("cost", 1, "name")] == 15
    assert lines[("cost", 1, "quoted key")] == 16
    assert lines[("cost", 1, "dotted", "key")] == 17
    assert lines[("goal", 0, "indicator", 1, "name")] == 25
    assert lines[("goal", 0, "indicator", 0, "targets", "2024")] == 23
    assert lines[("goal", 1, "indicator", 0, "name")] == 30


def test_a_missing_key_points_at_its_table():
    lines = key_lines(DOC)
    assert line_of(lines, ("cost", 1, "budget")) == 14
    assert line_of(lines, ("nothing",)) == 1


def test_every_key_of_the_seed_plan_is_found():
    import tomllib

    text = SEED_PLAN.read_text(encoding="utf-8")
    lines = key_lines(text)
    data = tomllib.loads(text)
    source = text.splitlines()

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                yield (*path, key)
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))

    for path in walk(data, ()):
        assert path in lines, path
        if isinstance(path[-1], str) and not path[-1].isdigit():
            assert path[-1] in source[lines[path] - 1] or source[lines[path] - 1].startswith("[")
