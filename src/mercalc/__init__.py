"""mercalc: the MER-plan budget calculator, also as a small library (SPEC 12).

    import mercalc
    books = mercalc.load("data")              # a folder, or a plan file (read within its folder)
    alone = mercalc.loads(text)               # one plan's TOML text, without a folder
    plan = books.plan(2023)                   # the validated plan of 2023
    statement = mercalc.budget(books, 2023)   # its lines, totals, result and `balanced`
    costs = mercalc.capital(books, 2023)      # its lines and `total.capital_cost` (exact)
    life = mercalc.schedule(books, 2023)      # each investment's capital cost in every year
    goals = mercalc.goals(books, 2023)        # goals, indicators, targets, status and trend
    members = mercalc.members(books, 2023)    # who pays what by the keys
    years = mercalc.plan_years(books, 2023)   # each line's figure in every plan year
    problems = mercalc.check(books)           # every problem of the books; empty when all is well
    mine = mercalc.check(books, files=["data/2023.toml"])  # those of a file and its rules
    august = mercalc.follow_up(books, 2023, actuals="huvudbok.csv", through="2023-08")
    unfinished = august.problems              # accounts of no line; PlanError for bad input
    changes = mercalc.diff("forslag/2023.toml", "data/2023.toml")  # what differs; `equal`

Nothing here imports Typer, Click, Rich, Jinja2 or openpyxl.
"""

# Nothing is imported here at start-up (not even pathlib, typing or __future__; annotations
# are written as text): the command's entry point imports this package before it can answer
# Ctrl-C, and every millisecond here is one in which an interrupt would end in a traceback.
# mypy reads TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from .books.budget import BudgetStatement
    from .books.capital import CapitalStatement, ScheduleStatement
    from .books.diff import PlanDiff
    from .books.followup import FollowUpStatement
    from .books.goals import GoalsStatement
    from .books.loader import Books
    from .books.memberstatement import MembersStatement
    from .books.planyears import PlanYears
    from .problems import Problem

__version__ = "0.1.0"
__all__ = [
    "__version__",
    "budget",
    "capital",
    "check",
    "diff",
    "follow_up",
    "goals",
    "load",
    "loads",
    "members",
    "plan_years",
    "schedule",
]


def load(path: "str | Path") -> "Books":
    """The books of a folder, or of a plan file read within its folder; never raises on bad
    input: `books.problems` holds it (and `check` reports it)."""
    from pathlib import Path

    from .books.loader import load as load_books

    return load_books(Path(path))


def loads(text: str, name: str = "<plan>") -> "Books":
    """The books of one plan given as TOML text, without a folder (no other plans, no
    register); never raises on bad input: `books.problems` holds it, at `name` and its line."""
    from .books.loader import loads as load_text

    return load_text(text, name)


def goals(books: "Books", year: int, *, outcome_year: "int | None" = None) -> "GoalsStatement":
    """The goals and indicators of the plan of `year`, with their targets, and their outcomes
    from every plan of the books with status (met or not) and trend; with `outcome_year`, the
    follow-up of that year only."""
    from .books.goals import goals_statement, with_outcomes_of

    plan = books.plan(_year(year))
    only = None if outcome_year is None else _year(outcome_year)
    return goals_statement(with_outcomes_of(plan, books.all_plans()), only)


def members(
    books: "Books", year: int, *, key: "str | None" = None, plan_years: bool = False
) -> "MembersStatement":
    """Who pays what in the plan of `year` (SPEC 7): each member's part by the keys, its direct
    costs and its computed contribution; `key` names a what-if key; with `plan_years`, each
    plan year's computed contributions too. MissingRate where a rate they need is not given."""
    from .books.memberstatement import members_statement
    from .books.planyears import books_plan_years

    year = _year(year)
    years = books_plan_years(books, books.plan(year)) if plan_years else None
    return members_statement(books, year, key, years)


def plan_years(books: "Books", year: int) -> "PlanYears":
    """Every line's figure in each plan year of the plan of `year` (SPEC 6), its capital line
    and its members' contributions from the books. MissingRate where a rate is not given."""
    from .books.planyears import books_plan_years

    return books_plan_years(books, books.plan(_year(year)))


def check(books: "Books", *, files: "Iterable[str | Path] | None" = None) -> "list[Problem]":
    """Every problem of the books, bad input first; empty when all is well. With `files`, only
    those of these files of the books: each one's bad input and the rules that involve it (a
    plan's own; the register's, every plan's; a folder's, all); the books' other bad input
    stays in `books.problems`."""
    from pathlib import PurePath

    from .books.rules import book_problems, file_problems

    if files is None:
        return book_problems(books)
    paths = [] if isinstance(files, str | PurePath) else list(files)
    if (not paths and files) or not all(isinstance(f, str | PurePath) for f in paths):
        raise TypeError(f"files must be a list of paths (str or Path), not {files!r}")
    problems: list[Problem] = []
    for path in paths:
        problems += [p for p in file_problems(books, path) if p not in problems]
    return problems


def budget(books: "Books", year: int, *, plan_years: bool = False) -> "BudgetStatement":
    """The operating budget of the plan of `year`: its lines, totals, Summa and `balanced`;
    with `plan_years`, each plan year's figures too (MissingRate where a rate is not given)."""
    from .books.budget import budget_statement

    year = _year(year)
    plan = books.plan(year)
    years = None
    if plan_years:
        from .books.planyears import books_plan_years

        years = books_plan_years(books, plan)
    before = books.plan(year - 1) if year - 1 in books.years else None
    return budget_statement(plan, years, before)


def capital(books: "Books", year: int) -> "CapitalStatement":
    """The capital costs of `year` of every investment of the books (the register's and every
    plan's) in force in it, exact; MissingRate where the books give no rate for the year."""
    from .books.capital import capital_statement

    register = books.register_record
    return capital_statement(books.all_plans(), _year(year), register)


def schedule(books: "Books", year: "int | None" = None) -> "ScheduleStatement":
    """Every investment's capital cost for every year of its life, from activation to
    write-off: those of the register and of the plans up to `year` (all without it), the
    budget and plan years of the latest of those plans marked (`capital --schedule`).
    MissingRate where the books give no rate for a year of it."""
    from .books.capital import schedule_statement

    year = None if year is None else _year(year)
    return schedule_statement(books.all_plans(), year, books.register_record)


def _year(year: object) -> int:
    """A year is a whole number: 2023.5 or "2023" is refused, never read as another year."""
    if type(year) is not int:
        raise TypeError(f"year must be a whole number such as 2023 (an int), not {year!r}")
    return year


def follow_up(
    books: "Books",
    year: int,
    *,
    actuals: "str | Path",
    through: "str | tuple[int, int] | None" = None,
    forecast: "str | Path | None" = None,
    members: bool = False,
    against: str = "revised",
    actuals_unit: "str | None" = None,
    unit_check: bool = True,
    progress: "Callable[[int, int], None] | None" = None,
) -> "FollowUpStatement":
    """The follow-up of the plan of `year` against the ledger's SIE file or export `actuals`
    through the month `through` ("2023-08" or (2023, 8); default the export's latest), against
    its revised budget (`against="adopted"`: the adopted one), with the forecast file's entries
    and, with `members`, the settlement per member (SPEC 8, 13, 15, 17). `actuals_unit` (kr or
    tkr) says the export's unit where [ledger] unit does not; `progress(done, total)` is called
    as a large export is read. Its `problems` say what leaves it unfinished (an account of no
    line), its `warnings` the SIE file's own. PlanError with every problem where the export,
    the forecast file, the month or the unit is bad input (outcomes over 100 times the budget
    to date, unless `unit_check=False`)."""
    from pathlib import Path

    from .books.followupfiles import follow_up_of
    from .books.loader import Books
    from .problems import PlanError

    if not isinstance(books, Books):
        raise TypeError(f"books must be the books of mercalc.load(...), not {books!r}")
    for name, path in (("actuals", actuals), ("forecast", forecast)):
        if not isinstance(path, str | Path) and (path is not None or name == "actuals"):
            raise TypeError(f"{name} must be a file's path (str or Path), not {path!r}")
    if against not in ("revised", "adopted"):
        raise ValueError(f'against must be "revised" or "adopted", not {against!r}')
    plan = books.plan(_year(year))
    run = follow_up_of(
        books,
        plan,
        Path(actuals),
        _month_text(through),
        None if forecast is None else Path(forecast),
        members=members,
        against="adopted" if against == "adopted" else "revised",
        actuals_unit=actuals_unit,
        unit_check=unit_check,
        progress=progress,
    )
    if run.statement is None:
        raise PlanError([*run.warnings, *run.bad])
    return run.statement


def _month_text(through: "str | tuple[int, int] | None") -> "str | None":
    """(2023, 8) as "2023-08"; a text as it is (the follow-up reads it); TypeError for any
    other kind."""
    if through is None or isinstance(through, str):
        return through
    shape = isinstance(through, tuple) and len(through) == 2
    if not shape or any(type(part) is not int for part in through):
        raise TypeError(f'through must be "YYYY-MM" or (year, month) as ints, not {through!r}')
    return f"{through[0]:04d}-{through[1]:02d}"


def diff(old: "str | Path", new: "str | Path") -> "PlanDiff":
    """What differs between two plan files of one year (each read within its folder): lines,
    reasons, revisions, the members' figures by the key, investments and targets; `equal`
    where nothing does. PlanError where either is not a valid plan, ValueError where their
    years differ."""
    from pathlib import Path

    from .books.diff import plan_diff, version
    from .books.loader import load as load_books
    from .problems import PlanError

    sides = []
    for path in (Path(old), Path(new)):
        books = load_books(path)
        source = books.source_of(path)
        if source is None or books.problems:  # an entry left out would read as removed
            raise PlanError(list(books.problems))
        sides.append(version(books, source.record, str(path)))
    if sides[0].plan.year != sides[1].plan.year:
        years = f"{sides[0].plan.year} and {sides[1].plan.year}"
        raise ValueError(f"diff compares two plans of one year, not {years}")
    return plan_diff(*sides)
