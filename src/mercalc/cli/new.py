"""`mercalc new`: next year's plan from this year's."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from ..io.output import same_file
from ..numbers import decimal_text
from ..problems import Problem
from .common import (
    EXIT_PROBLEMS,
    DataDirOption,
    QuietOption,
    app,
    bad_input,
    chosen_plan_or_exit,
    contradicting,
    plan_in_books_or_exit,
    rates_given,
    report_problems,
    write_stdout,
    written,
    year_option,
)

if TYPE_CHECKING:
    from ..books.loader import Books, Loaded
    from ..books.model import Plan
    from ..books.rollforward import Indexation


# The command's arguments, each with its help (the texts are msgids: see i18n).
FileArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="FILE",
        help="This year's plan file (default: the latest plan of the data folder, or the plan "
        "of the year before --year).",
    ),
]
FromOption = Annotated[
    Path | None, typer.Option("--from", metavar="FILE", help="This year's plan file (as FILE).")
]
NewYearOption = Annotated[
    int | None, year_option("The new plan's year (default: the year after the plan's).")
]
NewOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Where to write (default: YEAR.toml in the plan's folder).",
    ),
]
ReplaceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]
IndexOption = Annotated[
    list[str] | None,
    typer.Option("--index", metavar="NAME=PCT", help="Raise the line NAME by PCT % (repeatable)."),
]
IndexAllOption = Annotated[
    str | None, typer.Option("--index-all", metavar="PCT", help="Raise every cost line by PCT %.")
]


@app.command()
def new(
    file: FileArgument = None,
    source: FromOption = None,
    year: NewYearOption = None,
    output: NewOutputOption = None,
    force: ReplaceOption = False,
    index: IndexOption = None,
    index_all: IndexAllOption = None,
    data_dir: DataDirOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write next year's plan from this year's.

    The budget becomes previous; the members' contributions balance the new plan.
    """
    from ..books.rollforward import plan_file
    from ..views.newplan import summary

    if file is not None and source is not None and not same_file(file, source):
        contradicting("new", _("FILE"), "--from")
    source = file or source
    if source is None:  # the latest plan of the data folder, or the one before --year's
        books, loaded, source = chosen_plan_or_exit(
            "new", None, year - 1 if year is not None else None, data_dir
        )
    elif data_dir is not None:
        contradicting("new", _("FILE"), "--data-dir")
    else:
        books, loaded = plan_in_books_or_exit(source)
    year = year or loaded.record.year + 1
    last_year_or_exit(source, year + len(loaded.record.info.plan_years))
    target = output or source.parent / f"{year}.toml"
    if same_file(target, source):
        message = _("is the plan to start from: choose another output file")
        bad_input([Problem(str(target), message)])
    one_plan_a_year_or_exit(books, target, year)
    indexation = indexation_or_exit(source, index or [], index_all).named_as_in(loaded.record)
    plan, review = next_plan_or_exit(books, loaded, source, year, indexation)
    header = f"MER-plan {year}, {plan.info.organisation}: made from {source.name}."
    # everything is made before the plan is written: once it is there, nothing can fail but stdout
    data = plan_file(loaded.text, loaded.record, plan, header).encode("utf-8")
    said = f"{written(target)}: {summary(plan, indexation, review, loaded.record)}\n"
    said += _("Next: review it, then run: mercalc check {file}").format(file=target) + "\n"
    write_new_or_exit(target, data, force)
    if not quiet:
        write_stdout(said)


class BadIndex(ValueError):
    """An --index or --index-all that is not a raise in percent."""


def parse_percent(text: str) -> Decimal:
    """`3`, `3.5`, `3,5` or `-2%` → Decimal; a raise between -100 % and +1000 %."""
    value = decimal_text(text.strip().removesuffix("%").strip().replace(",", "."))
    if value is None:
        raise BadIndex(_('"{text}" is not a percentage such as 3 or 2.5').format(text=text))
    if not -100 <= value <= 1000:
        raise BadIndex(_('"{text}" is not a raise between -100 and 1000 %').format(text=text))
    return value


def parse_index(text: str) -> tuple[str, Decimal]:
    """`NAME=PCT` → (name, percent)."""
    name, sign, percent = text.rpartition("=")
    if not sign or not name.strip():
        message = _('"{text}" is not NAME=PCT, e.g. "Personalkostnader=3"')
        raise BadIndex(message.format(text=text))
    return name.strip(), parse_percent(percent)


def parse_indices(texts: list[str]) -> dict[str, Decimal]:
    """Every `--index NAME=PCT`, each line named once."""
    from ..books.model import folded

    lines: dict[str, Decimal] = {}
    for text in texts:
        name, percent = parse_index(text)
        if any(folded(name) == folded(given) for given in lines):
            message = _('"{name}" is given twice with --index: give each line once')
            raise BadIndex(message.format(name=name))
        lines[name] = percent
    return lines


def indexation_or_exit(source: Path, index: list[str], index_all: str | None) -> "Indexation":
    """The raises asked for, or bad input (exit 2) naming the plan."""
    from ..books.rollforward import Indexation

    try:
        percent = parse_percent(index_all) if index_all is not None else None
        return Indexation(parse_indices(index), percent)
    except BadIndex as error:
        bad_input([Problem(str(source), str(error))])


def next_plan_or_exit(
    books: "Books", loaded: "Loaded", source: Path, year: int, indexation: "Indexation"
) -> "tuple[Plan, list[str]]":
    """The new plan and what to review; exit 1 where the source does not balance, else 2."""
    from ..books.rollforward import RollForwardError, UnbalancedSource, roll_forward

    try:
        with rates_given(books, loaded):
            return roll_forward(books, loaded.record, year, indexation)
    except UnbalancedSource as error:
        report_problems([Problem(str(source), str(error))])
        raise typer.Exit(EXIT_PROBLEMS) from None
    except RollForwardError as error:
        bad_input([Problem(str(source), str(error), names=error.names)])


def last_year_or_exit(source: Path, year: int) -> None:
    """The new plan's last year (its last plan year) is at most 2200: a plan that reaches it
    has no next plan (bad input), never one that cannot be read."""
    from ..books.model import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("has no next plan: {year} is not a year from {low} to {high}")
        bad_input([Problem(str(source), message.format(year=year, low=FIRST_YEAR, high=LAST_YEAR))])


def one_plan_a_year_or_exit(books: "Books", target: Path, year: int) -> None:
    """A folder holds one plan a year, whatever its files are named: a second plan of the year
    would make every command on those books fail (exit 1, refused, naming both files)."""
    from ..books.loader import load

    folder = target.parent
    same = _same_folder(folder, books.folder)
    plans = books.plans if same else load(folder).plans
    for plan in plans:
        if plan.record.year == year and not same_file(Path(plan.name), target):
            message = _(
                "would be a second plan of {year} beside {other}: one plan per year "
                "(replace it with -o {other} --force)"
            ).format(year=year, other=plan.name)
            report_problems([Problem(str(target), message)])
            raise typer.Exit(EXIT_PROBLEMS)


def _same_folder(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False


def write_new_or_exit(target: Path, data: bytes, force: bool) -> None:
    """Write the new plan; never over an existing file without --force (exit 1)."""
    from ..io.writer import OutputError, write_atomically

    try:
        write_atomically(target, data, overwrite=force)
    except FileExistsError:
        message = _("exists already: left as it is (--force replaces it)")
        report_problems([Problem(str(target), message)])
        raise typer.Exit(EXIT_PROBLEMS) from None
    except OutputError as error:
        bad_input([Problem(str(target), str(error))])
