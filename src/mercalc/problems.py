"""Problems found in a plan, written `FILE:LINE: key.path: message` for people and for tools."""

from __future__ import annotations

from typing import NamedTuple

KeyPath = tuple[str | int, ...]
Finding = tuple[KeyPath, str]  # a problem found in a valid plan: where, and what is wrong


# control characters, and those that reorder or hide text: bidi controls (U+061C, U+200E/F,
# U+202A-202E, U+2066-2069), zero-width ones (U+200B-200D, U+2060, U+FEFF) and the line and
# paragraph separators; compiled when needed: re.compile costs ~1 ms at start-up
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"


def safe_text(text: str) -> str:
    """Names are data: control characters (terminal escapes) and characters that reorder or
    hide text are shown as escapes (`\\u202e`), never sent."""
    if text.isascii() and text.isprintable():
        return text
    import re

    return re.sub(_CONTROL, lambda m: repr(m.group())[1:-1], text)


def readable_name(name: str, most: int = 120) -> str:
    """A file's name cut to a readable length where it is longer (a name of 5 000 characters):
    its beginning and its end, which names the file."""
    if len(name) <= most:
        return name
    return f"{name[: most - 41]}…{name[-40:]}"


def dotted(path: KeyPath) -> str:
    """`('cost', 0, 'budget')` → `cost[0].budget`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = (
                str(part) if len(str(part)) <= 40 else f"{str(part)[:20]}…"
            )  # a key of 5 000 digits
            text += f".{name}" if text else name
    return text


class Problem(NamedTuple):
    """One thing wrong with one file, at a line and key path where it can be found."""

    file: str
    message: str
    line: int | None = None
    path: KeyPath = ()
    # bad input (exit 2), or a problem of a valid plan: wrong, not unreadable (exit 1)
    bad_input: bool = True
    # names the message points to (the lines of a plan, say): one a line below it, as names
    # hold commas
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        file = readable_name(self.file)
        where = file if self.line is None else f"{file}:{self.line}"
        key = dotted(self.path)
        line = f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"
        listed = "".join(f"\n  {safe_text(name)}" for name in self.names)
        return safe_text(line) + listed  # a name or value never reaches the terminal raw


class PlanError(Exception):
    """Bad input: the file cannot be read as a valid plan. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def exit_code(problems: list[Problem]) -> int:
    """0 when all is well; 2 where any problem is bad input (the highest code wins), else 1."""
    if not problems:
        return 0
    return 2 if any(problem.bad_input for problem in problems) else 1
