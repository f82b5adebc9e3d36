"""Shared fixtures: the seed plan, a CLI runner, golden files (`pytest --update-golden`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli
from typer.testing import CliRunner

from mercalc import i18n
from mercalc.cli import app
from mercalc.io.fasttoml import read_plain

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED_PLAN = DATA / "2023.toml"
GOLDEN = Path(__file__).resolve().parent / "golden"
OUTCOMES = Path(__file__).resolve().parent / "plans" / "outcomes.toml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite the golden files from the output."
    )


@dataclass(frozen=True)
class Run:
    stdout: str
    stderr: str
    exit_code: int


def run(*args: str | Path) -> Run:
    """Run `mercalc ARGS` in-process, with stdout and stderr kept apart."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.stdout, result.stderr, result.exit_code)


LOCALES = {"en": "en_US.UTF-8", "sv": "sv_SE.UTF-8"}


@pytest.fixture
def use_language(monkeypatch):
    """Run in this language (`en` or `sv`), as a user whose locale says so."""

    def use(code: str) -> None:
        for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", LOCALES[code])
        i18n.reset()

    yield use
    i18n.reset()


@pytest.fixture
def keep_signals():
    """The entry point takes Ctrl-C over and ignores it once done: give pytest its own back."""
    import signal

    numbers = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGALRM")]
    handlers = {number: signal.getsignal(number) for number in numbers}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/NAME, or write it there with --update-golden."""

    def check(name: str, text: str | bytes) -> None:
        """Text is compared as text; bytes byte for byte (a BOM and CRLF are part of them)."""
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path.name}: run pytest --update-golden"
        if isinstance(text, bytes):
            assert text == path.read_bytes()
        else:
            assert text == path.read_text(encoding="utf-8")

    return check


def seed_reports() -> list:
    """Every table the commands draw from the seed plan (and one with outcomes)."""
    from mercalc.books.budget import budget_statement
    from mercalc.books.capital import capital_statement, schedule_statement
    from mercalc.books.goals import goals_statement
    from mercalc.books.loader import load_plan
    from mercalc.views.budget import budget_report
    from mercalc.views.capital import capital_report, schedule_report
    from mercalc.views.goals import goals_report

    plan, followed = load_plan(SEED_PLAN), load_plan(OUTCOMES)
    return [
        budget_report(budget_statement(plan)),
        budget_report(budget_statement(plan), explain=True),
        capital_report(capital_statement([plan], 2023)),
        schedule_report(schedule_statement([plan])),
        goals_report(goals_statement(plan)),
        goals_report(goals_statement(followed)),
        goals_report(goals_statement(followed), directed=True),  # the document's
    ]


@pytest.fixture
def plan_text() -> str:
    return SEED_PLAN.read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path: Path):
    """Write TOML text to a plan file in a temporary folder and return its path."""

    def write(text: str, name: str = "plan.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# Reading TOML: what the fast reader gives, against tomli, the reference (tests/test_fasttoml*.py)
def shape(value: Any) -> Any:
    """A value with its types and its keys in their order, for an exact comparison."""
    if isinstance(value, dict):
        return ["table", *((key, shape(item)) for key, item in value.items())]
    if isinstance(value, list):
        return ["array", *(shape(item) for item in value)]
    return (type(value).__name__, repr(value))


def read_alike(text: str) -> dict[str, Any] | None:
    """What toml_rs reads, having checked it is what tomli reads (or None where tomli is to
    read it), and None where tomli refuses the text."""
    try:
        expected = tomli.loads(text, parse_float=Decimal)
    except (tomli.TOMLDecodeError, ValueError, RecursionError):
        assert read_plain(text) is None, text
        return None
    read = read_plain(text)
    if read is not None:
        assert shape(read) == shape(expected), text
    return read
