"""Hostile plan texts for the chunked reader: what toml_rs reads is what tomli reads, or tomli
reads it; no text crashes the process; books read in chunks are the books read at once."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import read_alike

from mercalc.io import fasttoml, files
from mercalc.io.fasttoml import read_plain

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "data" / "2023.toml").read_text(encoding="utf-8")


NAMES = ["cost", "goal", "a", '"cost"', "'cost'", '"a b"', '"ä"', "a-b", "1", "plan"]
PROSE = ["[[cost]]", "[cost]", "x = 1", '"', "'", "# c", "]]", "'''", "ä", "[[a]]"]
SCALARS = ["1", "-2", "1.50", "1e3", "inf", "-nan", "true", '"#"', "'[[cost]]'", "2024-01-01"]
SCALARS += ["0x10", "1_000.5", "12:00", '""', "1979-05-27T07:32:00.5+01:00"]


def generated_value(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if roll < 0.15 and depth < 3:
        items = (generated_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
        return "[" + ", ".join(items) + "]"
    if roll < 0.25 and depth < 3:
        pairs = (
            f"{rng.choice(NAMES)} = {generated_value(rng, depth + 1)}"
            for _ in range(rng.randint(0, 2))
        )
        return "{" + ", ".join(pairs) + "}"
    if roll < 0.35:
        return '"""\n' + "\n".join(rng.choices(PROSE, k=rng.randint(0, 4))) + '"""'
    if roll < 0.42:
        return "'''" + rng.choice(["", "\n", "\n[[cost]]\n", '"""', "a\n[[b]]\n"]) + "'''"
    return rng.choice(SCALARS)


def generated_line(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"[[{rng.choice(NAMES)}]]"
    if roll < 0.38:
        return f"[[{rng.choice(NAMES)}.{rng.choice(NAMES)}]]"
    if roll < 0.48:
        return f"[{rng.choice(NAMES)}]"
    if roll < 0.53:
        return f"[{rng.choice(NAMES)}.{rng.choice(NAMES)}]"
    if roll < 0.58:
        return "# " + rng.choice(['"', "'", "[[cost]]", "{", '"""', "'''", "]"])
    key = rng.choice([*NAMES, "x.y", '"q".r', "cost.x"])
    return f"{key} = {generated_value(rng)}"


@pytest.mark.parametrize("seed", range(4))
def test_generated_texts_are_read_as_tomli_reads_them(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headers, tables named again, quoted keys and prose with header lines, cut anywhere."""
    rng = random.Random(seed)
    for _ in range(300):
        line_end = "\r\n" if rng.random() < 0.15 else "\n"
        text = line_end.join(generated_line(rng) for _ in range(rng.randint(1, 40))) + line_end
        monkeypatch.setattr(fasttoml, "CHUNK", rng.choice([1, 8, 16, 32, 64]))
        read_alike(text)


def entries(count: int, header: str = "[[cost]]") -> str:
    return "".join(f'{header}\nname = "c{n}"\nbudget = {n}\n' for n in range(count))


EDGES = {
    "a header line in prose, with CRLF": (
        entries(3) + 'note = """\r\n[[cost]]\r\nname = "x"\r\n"""\r\n' + entries(3)
    ),
    "a header line in literal prose": entries(3) + "note = '''\n[[cost]]\n'''\n" + entries(3),
    "a header spelt with spaces and quotes": entries(2) + '[[ "cost" ]]\n' + entries(2),
    "entries after a comment with quotes": entries(2) + "# \"'[[\n" + entries(2),
    "a table after its entries": entries(3) + "[cost]\nx = 1\n",
    "an entry's table in the next chunk": entries(3) + "[cost.budget]\nx = 1\n" + entries(1),
    "the document's own key after entries": entries(3) + "[[plan]]\n" + entries(1),
    "dotted keys under entries": entries(2).replace("budget", "budget.x") + entries(2),
    "entries of an entry": entries(3, "[[goal]]") + entries(3, "[[goal.indicator]]") * 2,
    "an array of tables in a table": "[t]\n" + entries(3, "[[t.cost]]") + entries(3),
    "unicode keys and values": entries(3).replace('"c', '"å') + '"ö" = "ä"\n' + entries(2),
    "a whole table before": "[cost]\na = 1\n" + entries(3),
    "quoted static key": "'cost' = [{ name = \"q\" }]\n" + entries(3),
}


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
@pytest.mark.parametrize("chunk", [1, 24, 64])
def test_edges_of_the_joins_are_read_as_tomli_reads_them(
    text: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fasttoml, "CHUNK", chunk)
    read_alike(text)


DEEP = "[" * 20_000
LEXER_EDGES = [
    f'x = 1"{DEEP}"\n',
    f"x = 1'{DEEP}'\n",
    f"x = 1#{DEEP}\n",
    f'x = 1979-05-27 "{DEEP}"\n',
    f'x = """a""" "{DEEP}"\n',
    f'[[a]]\nx = """\n[[a]]\ny = {DEEP}\n"""\n',
    f'x = """\r\n{DEEP}\r\n"""\r\n',
    f'"{DEEP}"\n',
    f'["{DEEP}"]\n[a.b"{DEEP}"]\n',
    f"a#b = [{DEEP}\n",
    "x = {\n" * 20_000,
    "x = [\u2028" * 20_000,
    'x = { "[" = ' * 20_000,
]


def test_deep_brackets_beside_quotes_and_comment_signs_never_crash() -> None:
    """Brackets the scan takes for a string's or a comment's: toml_rs reads them alike, or the
    text is left to tomli; either way the process lives."""
    code = (
        "import json, sys\nfrom mercalc.io import fasttoml\nfasttoml.CHUNK = 64\n"
        "for text in json.loads(sys.stdin.read()):\n"
        "    fasttoml.read_plain(text)\nprint('alive')\n"
    )
    import json

    run = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(LEXER_EDGES),
        text=True,
        capture_output=True,
    )
    assert (run.returncode, run.stdout) == (0, "alive\n"), run.stderr[-500:]


def mutated_seeds() -> dict[str, str]:
    """The seed plan with bad entries, names for aliases and entries written twice."""
    investment = SEED.index("[[investment]]")
    goal = SEED.index("[[goal]]")
    text = SEED.index("[text]")
    return {
        "names for aliases": SEED[:investment]
        + '[[investment]]\nname = "Namn"\ncomponents = [{ amount = 1, years = 3 }]\n'
        + SEED[investment:goal]
        + '[[goal]]\ncouncil_goal = "M"\nindicators = [{ name = "i" }]\n'
        + SEED[goal:],
        "an entry list under its field's name": SEED.replace("[[cost]]", "[[costs]]", 1),
        "every entry twice": SEED[:text] + SEED[investment:text] + SEED[text:],
        "bad entries": re.sub(r"(?m)^budget = (\d+)", r'budget = "\1 kr"', SEED, count=3),
        "an unknown key in an entry": SEED.replace("[[goal]]\n", '[[goal]]\n"färg" = 1\n', 2),
        "an indicator of the wrong spelling": SEED.replace(
            "[[goal.indicator]]", "[[goal.indicators]]", 1
        ),
    }


@pytest.mark.parametrize("text", mutated_seeds().values(), ids=mutated_seeds().keys())
@pytest.mark.parametrize("entry_chunk", [1, 2])
def test_bad_plans_read_in_chunks_give_the_same_books_and_problems(
    text: str, entry_chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mercalc
    from mercalc.books import model

    (tmp_path / "2023.toml").write_text(text, encoding="utf-8")
    whole = mercalc.load(tmp_path)
    monkeypatch.setattr(model, "ENTRY_CHUNK", entry_chunk)
    monkeypatch.setattr(files, "PLAIN_FLOOR", 0)
    monkeypatch.setattr(fasttoml, "CHUNK", 40)
    assert read_plain(text) is not None
    chunked = mercalc.load(tmp_path)
    assert whole.problems and chunked.problems == whole.problems
    assert [(s.record, s.kept, s.left_out) for s in chunked.plans] == [
        (s.record, s.kept, s.left_out) for s in whole.plans
    ]
