"""Problems found in a plan, written `FILE:LINE: key.path: message` for people and for tools."""

from __future__ import annotations

from typing import NamedTuple

KeyPath = tuple[str | int, ...]
Finding = tuple[KeyPath, str]  # a problem found in a valid plan: where, and what is wrong


def dotted(path: KeyPath) -> str:
    """`('cost', 0, 'budget')` → `cost[0].budget`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class Problem(NamedTuple):
    """One thing wrong with one file, at a line and key path where it can be found."""

    file: str
    message: str
    line: int | None = None
    path: KeyPath = ()

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = dotted(self.path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


class PlanError(Exception):
    """Bad input: the file cannot be read as a valid plan. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
