"""`mercalc report`: the whole MER-plan as one document."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    ForceOption,
    OutputOption,
    PlanArgument,
    app,
    bad_input,
    deliver,
    load_or_exit,
    output_format,
)

if TYPE_CHECKING:
    from ..views.document import Document


class DocumentFormat(StrEnum):
    html = "html"
    markdown = "markdown"
    xlsx = "xlsx"


def render_document(document: "Document", fmt: str) -> str | bytes:
    """The document in one format; each writer is imported only when it is used."""
    if fmt == DocumentFormat.xlsx:
        from ..views.xlsx import document_workbook

        return document_workbook(document)
    from ..views.html import to_html, to_markdown_document

    return to_html(document) if fmt == DocumentFormat.html else to_markdown_document(document)


@app.command()
def report(
    file: PlanArgument,
    fmt: Annotated[
        DocumentFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="html (one self-contained file), markdown or xlsx (a sheet per table) "
            "(default: from the -o file's extension, else html).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The whole MER-plan as one document.

    Goals, operating and investment budget with charts, as one HTML file, Markdown or a workbook.
    """
    from ..books.capital import MissingRate
    from ..views.document import plan_document

    chosen = output_format(fmt, output, list(DocumentFormat), DocumentFormat.html)
    try:
        document = plan_document(load_or_exit(file).record)
    except MissingRate as missing:
        from ..books.loader import load
        from ..books.rules import missing_rate

        bad_input([missing_rate(load(file), missing.year)])
    deliver(render_document(document, chosen), output, [file], force=force)
