"""`mercalc report`: the whole MER-plan as one document."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ..i18n import _
from .common import (
    EXIT_BAD_INPUT,
    DataDirOption,
    ForceOption,
    OutputOption,
    PlanArgument,
    PlanYearOption,
    QuietOption,
    app,
    chosen_plan_or_exit,
    deliver,
    output_format,
    problems_of_plan,
    rates_given,
    report_after,
    report_problems,
)
from .documents import DocumentFormat, draft_lines, pdf_or_exit, render_document
from .followup import (
    ActualsUnitOption,
    ForecastOption,
    NoUnitCheckOption,
    ThroughOption,
    followup_inputs_or_exit,
    inputs,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..books.loader import Books, Loaded
    from ..problems import Problem
    from ..views.document import Document


def member_page(
    books: "Books", source: "Loaded", name: str, banner: tuple[str, ...] | None
) -> "Document":
    """The member's basis page (SPEC 18); a name that is no member of the plan is bad input,
    with the members' names, one a line (names hold commas)."""
    import difflib

    from ..views.memberpage import member_document

    plan = source.record
    try:
        return member_document(plan, books, name, draft=banner)
    except LookupError:
        names = [member.name for member in plan.contributions]
        close = difflib.get_close_matches(name, names, n=1)
        if close:
            message = _(
                'mercalc report: --member {name}: no member is called so: did you mean "{close}"?'
            )
        else:
            message = _("mercalc report: --member {name}: no member is called so; the members are:")
        sys.stderr.write(message.format(name=name, close=close[0] if close else "") + "\n")
        if not close:
            sys.stderr.write("".join(f"  {member}\n" for member in names))
        raise typer.Exit(EXIT_BAD_INPUT) from None


def member_without_actuals() -> NoReturn:
    """--member with --actuals: two documents asked for at once, bad input."""
    message = _(
        "mercalc report: --member writes a member's basis of the plan, --actuals a follow-up: "
        "give one of them"
    )
    sys.stderr.write(message + "\n")
    raise typer.Exit(EXIT_BAD_INPUT)


def needs_actuals(option: str) -> NoReturn:
    """--through or --forecast without --actuals: bad input, never silently ignored."""
    from ..i18n import _

    message = _("mercalc report: {option} follows up an export: give it with --actuals FILE")
    sys.stderr.write(message.format(option=option) + "\n")
    raise typer.Exit(EXIT_BAD_INPUT)


DocumentFormatOption = Annotated[
    DocumentFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="html (one self-contained file), markdown, xlsx (a sheet per table) or pdf "
        "(default: from the -o file's extension, else html).",
    ),
]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="Write the document even where the plan has problems, marked UTKAST on "
        "every page with its problems listed.",
    ),
]
MemberOption = Annotated[
    str | None,
    typer.Option(
        "--member",
        metavar="NAME",
        help="One member's basis instead of the plan: its contribution for the budget and plan "
        "years, its direct and common parts (the key, its value, total and source) and the "
        "change from last year with its reasons.",
    ),
]
ActualsOption = Annotated[
    Path | None,
    typer.Option(
        "--actuals",
        metavar="FILE",
        help="Add the section Uppföljning: the year followed up against the ledger's "
        "outcomes in this file (SIE, or an export in CSV or xlsx).",
    ),
]


PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="T1|T2|YYYY-MM",
        help="Write the period's own report instead of the plan: Tertialrapport 1 (T1, "
        "through April), Delårsrapport (T2, through August) or the follow-up through a month; "
        "needs --actuals.",
    ),
]


@app.command()
def report(
    file: PlanArgument = None,
    year: PlanYearOption = None,
    data_dir: DataDirOption = None,
    fmt: DocumentFormatOption = None,
    output: OutputOption = None,
    draft: DraftOption = False,
    force: ForceOption = False,
    actuals: ActualsOption = None,
    through: ThroughOption = None,
    forecast: ForecastOption = None,
    quiet: QuietOption = False,
    member: MemberOption = None,
    period: PeriodOption = None,
    actuals_unit: ActualsUnitOption = None,
    no_unit_check: NoUnitCheckOption = False,
) -> None:
    """The whole MER-plan as one document.

    Goals, operating and investment budget with charts, as one HTML file, Markdown, a workbook
    or PDF; a plan with problems is refused (exit 1) unless --draft.
    """
    from ..books.followupfiles import unfinished_problems
    from ..views.document import plan_document

    if member is not None and actuals is not None:
        member_without_actuals()
    chosen = output_format(fmt, output, list(DocumentFormat), DocumentFormat.html)
    if chosen == DocumentFormat.pdf:
        pdf_or_exit()
    books, source, file = chosen_plan_or_exit("report", file, year, data_dir)
    if period is not None:
        from .period import PeriodRequest, write_period_report

        request = (file, period, actuals, through, forecast, chosen, output, draft, force, quiet)
        units: dict[str, Any] = {"actuals_unit": actuals_unit, "unit_check": not no_unit_check}
        return write_period_report(PeriodRequest(*request, member=member, **units))
    problems = problems_of_plan(books, source)
    followup, files = None, [file]
    unmapped: Callable[[], list[Problem]] = list
    if actuals is not None:
        units = {"actuals_unit": actuals_unit, "unit_check": not no_unit_check}
        followup, outcomes, _entered = followup_inputs_or_exit(
            books, source, actuals, through, forecast, **units
        )
        files = inputs(file, actuals, forecast)
        unmapped = partial(unfinished_problems, followup, outcomes)
        problems = unmapped() + problems
    elif through is not None or forecast is not None:
        needs_actuals("--through" if through is not None else "--forecast")
    if problems and not draft:  # a board adopts no plan with problems: nothing is written
        report_after(problems)
    with rates_given(books, source):
        banner = draft_lines(books, source, unmapped) if draft else None
        if member is not None:
            document = member_page(books, source, member, banner)
        else:
            document = plan_document(source.record, books, draft=banner, followup=followup)
    deliver(render_document(document, chosen), output, files, force=force, quiet=quiet)
    report_problems(problems)  # a draft is written as asked; its problems still on stderr
