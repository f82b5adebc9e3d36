"""Reading a plan: bytes → TOML with exact decimals → validated Plan, or every problem at once."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..io.files import parse_toml, read_text
from ..problems import Finding, PlanError, Problem
from .model import Plan, validate_plan
from .rules import cross_check


class Loaded(NamedTuple):
    """A valid plan with the file it came from, to point problems found later at their lines."""

    plan: Plan
    name: str
    text: str

    def locate(self, findings: list[Finding]) -> list[Problem]:
        """Findings (key path, message) as problems with this file's line numbers."""
        return locate(self.name, self.text, findings)


def locate(name: str, text: str, findings: list[Finding]) -> list[Problem]:
    if not findings:
        return []
    from ..io.tomlpos import key_lines, line_of  # only a file with problems is scanned for lines

    lines = key_lines(text, {path for path, _ in findings})
    return [Problem(name, message, line_of(lines, path), path) for path, message in findings]


def load(path: Path | str) -> Loaded:
    """Read, parse and validate one plan file; raise PlanError with every problem found."""
    path = Path(path)
    name = str(path)
    text = read_text(path)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a plan is a tree of fresh objects: collecting while building only costs time
    try:
        data = parse_toml(text, name)
        try:
            plan = validate_plan(data)
        except ValidationError as error:
            findings = [
                _finding(e)
                for e in error.errors(include_url=False)
                # a list whose items all failed is reported by its items, not as "empty"
                if not (e["type"] == "too_short" and e.get("input"))
            ]
            raise PlanError(_unique(locate(name, text, findings))) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    problems = locate(name, text, cross_check(plan))
    if problems:
        raise PlanError(problems)
    return Loaded(plan, name, text)


def load_folder(paths: list[Path]) -> list[Loaded]:
    """Several plans, one budget year each; every problem of every file in one PlanError."""
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load(path))
        except PlanError as error:
            problems += error.problems
    problems += year_clashes(loaded)
    if problems:
        raise PlanError(problems)
    return sorted(loaded, key=lambda item: item.plan.year)


def year_clashes(plans: list[Loaded]) -> list[Problem]:
    """A data folder has one plan a year: a second file for it would count its investments
    twice. (Drafts in different folders may share a year.)"""
    first_of: dict[tuple[Path, int], Loaded] = {}
    problems: list[Problem] = []
    for item in plans:
        first = first_of.setdefault((Path(item.name).parent, item.plan.year), item)
        if first is not item:
            message = f"{item.plan.year} is already the year of {first.name}: one plan per year"
            problems += item.locate([(("plan", "year"), message)])
    return problems


def load_plan(path: Path | str) -> Plan:
    """The validated plan of one file (see `load`)."""
    return load(path).plan


def _finding(error: dict[str, Any]) -> Finding:
    from .messages import message

    path = tuple(part for part in error["loc"] if part != "[key]")
    return path, message(error, path)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple] = set()
    unique = []
    for problem in sorted(problems, key=lambda p: p.line or 0):
        key = (problem.line, problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique
