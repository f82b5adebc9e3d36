"""Reading the books: a plan file is read within its folder, with every plan and the register.

Loading never raises on a finding: bad input is collected as problems, an entry that is bad input
is left out, and everything else is still read, validated and available to the rules (SPEC 5.5).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, ParamSpec, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..i18n import _
from ..io.files import parse_toml, read_text
from ..problems import Finding, KeyPath, PlanError, Problem
from .capital import CapitalCosts, decided_costs
from .model import (
    EntriesAhead,
    ForecastFile,
    Plan,
    Register,
    fields_of,
    folded,
    validate_forecasts,
    validate_plan,
    validate_register,
)
from .validation import cross_check, forecast_findings, register_check

Record = TypeVar("Record", Plan, Register, ForecastFile)
P = ParamSpec("P")

# Sections of entries: an entry that is bad input is left out, and the rest is still used.
ENTRY_LISTS = (
    "contribution",
    "revenue",
    "cost",
    "investment",
    "goal",
    "key",
    "forecast",
    "activation",
    "outcome",
    "revision",
)


@dataclass(frozen=True)
class Source(Generic[Record]):
    """A valid plan or register with its file, to point problems found later at their lines."""

    record: Record
    name: str
    text: str
    # per list section with a left-out entry: the file's index of each entry that was kept
    kept: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # sections (or tables) with an entry left out: a rule that needs them is skipped
    left_out: frozenset[str] = frozenset()

    def locate(self, findings: Iterable[Finding], *, bad_input: bool = False) -> list[Problem]:
        """Findings (key path of the record) as problems at this file's lines."""
        findings = [(self.file_path(path), message) for path, message in findings]
        return locate(self.name, self.text, findings, bad_input=bad_input)

    def file_path(self, path: KeyPath) -> KeyPath:
        """A record's key path as the file's: indices count the entries that were left out too."""
        if len(path) > 1 and isinstance(path[1], int) and path[0] in self.kept:
            return (path[0], self.kept[str(path[0])][path[1]], *path[2:])
        return path

    def complete(self, *sections: str) -> bool:
        """Whether no entry of these sections was left out (a rule over them can run)."""
        return not self.left_out.intersection(sections)


Loaded = Source[Plan]


@dataclass(frozen=True)
class Books:
    """The books of a plan: the plans of every year of one folder and its register."""

    folder: Path
    plans: tuple[Source[Plan], ...] = ()  # valid plans, by year
    register: Source[Register] | None = None
    problems: tuple[Problem, ...] = ()  # bad input found while reading (exit 2)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(source.record.year for source in self.plans)

    def plan(self, year: int) -> Plan:
        """The validated plan of `year`; KeyError where the books hold none."""
        return self.source(year).record

    def source(self, year: int) -> Source[Plan]:
        for source in self.plans:
            if source.record.year == year:
                return source
        raise KeyError(year)

    def source_of(self, path: Path | str) -> Source[Plan] | None:
        """The plan read from `path`, if it was a valid plan."""
        wanted = _identity(Path(path))
        return next((s for s in self.plans if _identity(Path(s.name)) == wanted), None)

    def all_plans(self) -> list[Plan]:
        return [source.record for source in self.plans]

    @property
    def register_record(self) -> Register | None:
        """The validated register, where the books hold one."""
        return self.register.record if self.register is not None else None

    @functools.cached_property
    def capital_costs(self) -> CapitalCosts:
        """The capital costs of every investment of the register and the plans, by year."""
        return CapitalCosts(self.all_plans(), self.register_record)

    def decided_costs(self, plan: Plan) -> CapitalCosts:
        """The capital costs of the books as `plan` decided them: the register and the plans up
        to its budget year (its plan years' figures, SPEC 6)."""
        return decided_costs(self.all_plans(), plan, self.register_record)

    @classmethod
    def alone(cls, plan: Plan) -> Books:
        """A plan read without its folder: books of that plan only."""
        return cls(Path("."), (Source(plan, "", ""),))


def locate(
    name: str, text: str, findings: list[Finding], *, bad_input: bool = False
) -> list[Problem]:
    if not findings:
        return []
    from ..io.tomlpos import key_lines, line_of  # only a file with problems is scanned for lines

    lines = key_lines(text, {path for path, _ in findings})
    return [
        Problem(name, message, line_of(lines, path), path, bad_input) for path, message in findings
    ]


def _collector_paused(read: Callable[P, Books]) -> Callable[P, Books]:
    """Reading books makes millions of objects and no cycles among them: the collector's passes
    over them, about a fifth of a 1M-line plan's reading, wait until it is done (the command
    line has it off for the whole run; a notebook's library call gets the same speed)."""

    @functools.wraps(read)
    def paused(*args: P.args, **kwargs: P.kwargs) -> Books:
        if not gc.isenabled():
            return read(*args, **kwargs)
        gc.disable()
        try:
            return read(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_collector_paused
def load(path: Path | str) -> Books:
    """The books of a folder, or of a plan file (read within its folder); never raises."""
    path = Path(path)
    reading = _Reading()
    if is_folder(path):
        return reading.books(path, _book_files(path))
    try:
        text = read_text(path)  # read once: a file that cannot be is the one problem told
    except PlanError as error:
        return Books(path.parent, problems=tuple(error.problems[:1]))
    files = _book_files(path.parent)
    if not any(_identity(f) == _identity(path) for f in files):
        files.append(path)
    return reading.books(path.parent, files, focus=(path, text))


def is_folder(path: Path) -> bool:
    """Whether `path` is a folder; a name that cannot even be looked at (too long, a link that
    loops) is not, and reading it says why."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _book_files(folder: Path) -> list[Path]:
    """The .toml files of a folder; names starting with `.` (editors' lock files) are not books."""
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))


def _identity(path: Path) -> Path:
    """One file named two ways (`p.toml`, `./p.toml`) is read once."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link that loops (Python 3.11, 3.12)
        return path.absolute()


@_collector_paused
def loads(text: str, name: str = "<plan>") -> Books:
    """The books of one plan (or register) given as TOML text, without a folder; never raises:
    bad input is in `problems`, each at `name` and its line."""
    reading = _Reading()
    reading.read_text(text, name, is_focus=True)
    register = reading.registers[0] if reading.registers else None
    return Books(Path("."), tuple(reading.plans), register, tuple(reading.problems))


@dataclass
class _Reading:
    """The plans, registers and problems of the files read so far."""

    plans: list[Source[Plan]] = field(default_factory=list)
    registers: list[Source[Register]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def books(
        self, folder: Path, files: list[Path], focus: tuple[Path, str] | None = None
    ) -> Books:
        """The books of `files`, each read once; `focus`, the file named and its text, is read
        as a plan whatever its first table."""
        seen: set[Path] = set()
        for path in files:
            if _identity(path) in seen:
                continue
            seen.add(_identity(path))
            if focus is not None and _identity(path) == _identity(focus[0]):
                self.read_text(focus[1], str(path), is_focus=True)
            else:
                self.read_file(path)
        self.plans.sort(key=lambda source: source.record.year)
        problems = self.problems + _year_clashes(self.plans) + _register_clashes(self.registers)
        kept = _first_of_each_year(self.plans)
        register = self.registers[0] if self.registers else None
        return Books(folder, tuple(kept), register, tuple(problems))

    def read_file(self, path: Path) -> None:
        try:
            text = read_text(path)
        except PlanError as error:
            self.problems += error.problems
            return
        self.read_text(text, str(path), is_focus=False)

    def read_text(self, text: str, name: str, is_focus: bool) -> None:
        try:
            data = parse_toml(text, name, _records_as_read())
        except PlanError as error:
            self.problems += error.problems
            return
        kind = _kind(data)
        if kind == "register":
            register, found = _validated(data, validate_register, name, text, register_check)
            self.problems += found
            if register is not None:
                self.registers.append(register)
        elif kind == "plan" or is_focus:  # any other file given by name is read as a plan
            source, found = _validated(data, validate_plan, name, text, cross_check)
            self.problems += found
            if source is not None:
                self.plans.append(source)


def _records_as_read() -> Callable[[dict[str, Any]], None]:
    """Makes a plan's or the register's entries into records as its file is read, a chunk at a
    time, so that a long file's tables never all stand at once (a plan of a million lines)."""
    makers: dict[str, EntriesAhead] = {}

    def settle(document: dict[str, Any]) -> None:
        kind = _kind(document)
        if kind is not None and kind not in makers:
            from .messages import spells_names

            makers[kind] = EntriesAhead(Plan if kind == "plan" else Register, spells_names)
        if kind is not None:
            makers[kind](document)

    return settle


def _kind(data: dict[str, Any]) -> str | None:
    """A file whose table is `[plan]` is a plan, `[register]` the register; others are not books."""
    for key, value in data.items():
        if key in ("plan", "register") and isinstance(value, dict):
            return key
    return None


def _validated(
    data: dict[str, Any],
    validate: Callable[[dict[str, Any]], Record],
    name: str,
    text: str,
    check: Callable[[Record, Callable[..., bool]], list[Finding]],
) -> tuple[Source[Record] | None, list[Problem]]:
    """The record with every entry that is bad input left out, and the problems of those and
    of `check`, the record's rules across entries."""
    indices = {
        key: list(range(len(value)))
        for key, value in data.items()
        if key in ENTRY_LISTS and isinstance(value, list)
    }
    findings: list[Finding] = []
    left_out: set[str] = set()
    findings += _without_names_for_aliases(data, left_out)
    while True:
        try:
            record = validate(data)
            break
        except ValidationError as error:
            errors = [
                e
                for e in error.errors(include_url=False)
                # a list whose items all failed is reported by its items, not as "empty"
                if not (e["type"] == "too_short" and e.get("input"))
            ]
            # the file's own model names the keys of its top level (a forecast file's, say)
            findings += [_finding({**e, "root": error.title}, indices) for e in errors]
            if not _leave_out(data, indices, errors, left_out):
                return None, _unique(locate(name, text, findings, bad_input=True))
    kept = {key: tuple(value) for key, value in indices.items() if key in left_out}
    source = Source(record, name, text, kept, frozenset(left_out))
    found = findings + [(source.file_path(p), m) for p, m in check(record, source.complete)]
    return source, _unique(locate(name, text, found, bad_input=True))


def _without_names_for_aliases(data: dict[str, Any], left_out: set[str]) -> list[Finding]:
    """A field's name written where the file spells it otherwise (`[[costs]]`) is an unknown
    key: reported, and left out as one (SPEC 16)."""
    from .messages import names_for_aliases

    found = names_for_aliases(data)
    for path, _message in found:
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
        if len(path) == 1:  # the entries are not read: rules that need them are skipped
            fields = {**fields_of(Register), **fields_of(Plan)}
            left_out.add(fields[str(path[0])].alias or str(path[0]))
    return found


def _leave_out(
    data: dict[str, Any],
    indices: dict[str, list[int]],
    errors: list[ErrorDetails],
    left_out: set[str],
) -> bool:
    """Take out every entry with an error; False where the file's own table is the problem."""
    entries: dict[str, set[int]] = {}
    for error in errors:
        loc = error["loc"]
        if not loc or loc[0] in ("plan", "register"):
            return False
        section = str(loc[0])
        if section in indices and len(loc) > 1 and isinstance(loc[1], int):
            entries.setdefault(section, set()).add(loc[1])
        elif section in data:
            del data[section]  # an unknown key, or a table that is bad as a whole
            indices.pop(section, None)
            left_out.add(section)
        else:
            return False
    for section, positions in entries.items():
        data[section] = [e for i, e in enumerate(data[section]) if i not in positions]
        indices[section] = [f for i, f in enumerate(indices[section]) if i not in positions]
        left_out.add(section)
    return True


def _finding(error: Mapping[str, Any], indices: dict[str, list[int]]) -> Finding:
    from .messages import message

    # "[key]", "[amount]": pydantic's own steps in a path, never keys of the file
    path = tuple(part for part in error["loc"] if not str(part).startswith("["))
    if len(path) > 1 and isinstance(path[1], int) and path[0] in indices:
        position = indices[str(path[0])]
        if path[1] < len(position):
            path = (path[0], position[path[1]], *path[2:])
    return path, message(error, path)


def _year_clashes(plans: list[Source[Plan]]) -> list[Problem]:
    """One plan a year: a second file for it would count its investments twice."""
    first_of: dict[int, Source[Plan]] = {}
    problems: list[Problem] = []
    for source in plans:
        first = first_of.setdefault(source.record.year, source)
        if first is not source:
            message = _("{year} is already the year of {first}: one plan per year").format(
                year=source.record.year, first=first.name
            )
            problems += source.locate([(("plan", "year"), message)], bad_input=True)
    return problems


def _first_of_each_year(plans: list[Source[Plan]]) -> list[Source[Plan]]:
    years: set[int] = set()
    kept = []
    for source in plans:
        if source.record.year not in years:
            years.add(source.record.year)
            kept.append(source)
    return kept


def _register_clashes(registers: list[Source[Register]]) -> list[Problem]:
    """A folder has at most one register."""
    return [
        problem
        for source in registers[1:]
        for problem in source.locate(
            [
                (
                    ("register",),
                    _("is a second register: {first} is the register").format(
                        first=registers[0].name
                    ),
                )
            ],
            bad_input=True,
        )
    ]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple] = set()
    unique = []
    for problem in sorted(problems, key=lambda p: p.line or 0):
        key = (problem.line, problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def load_forecasts(path: Path | str, plan: Plan) -> tuple[ForecastFile, list[Problem]]:
    """A forecast file's entries that name the plan's lines, investments and indicators, and
    every problem of the file: bad input, an unknown name, a line forecast twice."""
    name = str(path)
    try:
        text = read_text(Path(path))
        data = parse_toml(text, name)
    except PlanError as error:
        return ForecastFile(), error.problems
    mistaken = next((key for key in ("plan", "register") if key in data), None)
    if mistaken is not None:  # the plan or the register given where the forecast file belongs
        message = _(
            "a forecast file has no [{table}]: give the forecast file (its tables [[forecast]], "
            "[[activation]], [[outcome]] and [followup]) instead"
        ).format(table=mistaken)
        return ForecastFile(), locate(name, text, [((mistaken,), message)], bad_input=True)
    source, problems = _validated(
        data, validate_forecasts, name, text, lambda record, _: forecast_findings(record, plan)
    )
    if source is None:
        return ForecastFile(), problems
    record = source.record
    lines = {folded(line.name) for line in (*plan.contributions, *plan.revenue, *plan.costs)}
    investments = {folded(investment.name) for investment in plan.investments}
    return (
        ForecastFile(
            forecasts=tuple(f for f in record.forecasts if folded(f.line) in lines),
            activations=tuple(a for a in record.activations if folded(a.investment) in investments),
            outcomes=record.outcomes,
            followup=record.followup,
        ),
        problems,
    )


def load_plan(path: Path | str) -> Plan:
    """The validated plan of one file, read within its books; PlanError with every bad input."""
    books = load(path)
    source = books.source_of(path)
    if books.problems or source is None:
        raise PlanError(list(books.problems))
    return source.record


def missing_rate(books: Books, year: int, needed_by: Source[Plan] | None = None) -> Problem:
    """Bad input where a figure needs the internal rate of a year that the books do not give:
    at the plan of that year, else the register's rates, else the plan whose figure needs it."""
    message = _(
        "no internal rate (internränta) for {year}: give interest_rate in the plan of {year}, "
        "plan_rates in an earlier plan, or rates in the register"
    ).format(year=year)
    source: Source | None = next((s for s in books.plans if s.record.year == year), None)
    path: KeyPath = ("capital",)
    if source is None and books.register is not None:
        source, path = books.register, ("register",)
        if books.register.record.info.rates:
            path = ("register", "rates")
    source = source or needed_by
    if source is None:
        return Problem(str(books.folder), message)
    return source.locate([(path, message)], bad_input=True)[0]
