"""`mercalc diff`: two versions of one year's plan compared, or a plan with a git revision."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import _
from .common import (
    EXIT_PROBLEMS,
    ForceOption,
    FormatOption,
    OutputOption,
    QuietOption,
    app,
    bad_input,
    emit,
    report_problems,
)

if TYPE_CHECKING:
    from ..books.diff import Version
    from ..problems import Problem


OldArgument = Annotated[
    Path, typer.Argument(metavar="OLD", help="A plan file, e.g. forslag/2023.toml.")
]
NewArgument = Annotated[
    Path | None,
    typer.Argument(metavar="NEW", help="The plan file of the same year to compare it with."),
]
RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
        metavar="REV",
        help="Compare OLD with itself as committed at this git revision (HEAD, a tag).",
    ),
]
ExitCodeOption = Annotated[bool, typer.Option("--exit-code", help="Exit 1 where the plans differ.")]


@app.command()
def diff(
    old: OldArgument,
    new: NewArgument = None,
    rev: RevOption = None,
    exit_code: ExitCodeOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Compare two versions of a year's plan: only what differs.

    Lines, reasons, contributions, investments and targets; exit 1 with --exit-code where they
    differ.
    """
    from ..books.diff import plan_diff
    from ..views.diff import diff_report

    problems: list[Problem] = []
    before, after = _versions(old, new, rev, problems)
    statement = plan_diff(before, after)
    inputs = [old] if new is None else [old, new]
    emit(diff_report(statement), fmt, output, inputs, force=force, quiet=quiet)
    if problems:  # the plans' own problems: said, but they do not change the exit code
        report_problems(problems)
    if exit_code and not statement.equal:
        raise typer.Exit(EXIT_PROBLEMS)


def _versions(
    old: Path, new: Path | None, rev: str | None, problems: list["Problem"]
) -> tuple["Version", "Version"]:
    """The two versions compared: two files of one year, or a file as committed at `rev` and
    as it is now; anything else ends the run (exit 2)."""
    if (new is None) == (rev is None):
        bad_input([_usage(_("give two plan files (OLD NEW), or one and --rev REV"))])
    if rev is not None:
        with tempfile.TemporaryDirectory(prefix="mercalc-diff-") as folder:
            before = _committed(old, rev, Path(folder), problems)
        return before, _version(old, str(old), problems)
    assert new is not None
    before, after = _version(old, str(old), problems), _version(new, str(new), problems)
    if before.plan.year != after.plan.year:
        message = _("compares two plans of one year: {old} is {first}, {new} is {second}")
        first, second = before.plan.year, after.plan.year
        bad_input([_usage(message.format(old=old, new=new, first=first, second=second))])
    return before, after


def _usage(message: str) -> "Problem":
    from ..problems import Problem

    return Problem("mercalc diff", message)


def _version(
    path: Path, name: str, problems: list["Problem"], shown: str | None = None
) -> "Version":
    """The plan of `path` read within its books, shown as `name`; its problems are added to
    `problems` (with `shown` for `path`'s folder where given); a file that is no valid plan ends the
    run (exit 2)."""
    from ..books.diff import version
    from ..books.loader import load
    from ..books.rules import book_problems
    from ..problems import Problem

    def named(found: list[Problem]) -> list[Problem]:
        if shown is None:
            return found
        folder = str(path.parent) + "/"
        return [p._replace(file=p.file.replace(folder, shown, 1)) for p in found]

    books = load(path)
    source = books.source_of(path)
    if source is None or path.is_dir():
        found = [p for p in books.problems if Path(p.file) == path] or list(books.problems)
        if not found and path.is_dir():
            found = [Problem(str(path), _("is a directory, not a plan file"))]
        elif not found:  # the register, say
            found = [Problem(str(path), _("holds no [plan]: it is not a plan file"))]
        bad_input(named(found))
    if books.problems:  # an entry left out would show as removed: bad input ends the run
        bad_input(named(list(books.problems)))
    assert source is not None
    problems += named([*books.problems, *book_problems(books, [source.name])])
    return version(books, source.record, name)


def _committed(path: Path, rev: str, folder: Path, problems: list["Problem"]) -> "Version":
    """`path` as committed at `rev`, read within its folder as committed then; problems
    point to `REV:path`."""
    from ..io.gitrev import RevisionError, checkout_folder, file_at, revision
    from ..problems import Problem

    try:
        at = revision(path, rev)
        if file_at(path, at) is None:
            message = _("is not in revision {rev}: it was added later or has moved")
            bad_input([Problem(str(path), message.format(rev=rev))])
        checkout_folder(path.parent, at, folder)
    except RevisionError as error:
        bad_input([Problem(str(path), str(error))])
    # the revision's files are shown as git names them: `HEAD:data/2023.toml`
    within = "" if path.parent == Path(".") else f"{path.parent}/"
    return _version(folder / path.name, f"{rev}:{path}", problems, f"{rev}:{within}")
