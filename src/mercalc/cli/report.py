"""`mercalc report`: the whole MER-plan as one document."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .common import OutputOption, app, load_or_exit, write_output, write_stdout


class DocumentFormat(StrEnum):
    html = "html"
    markdown = "markdown"


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="The plan file, e.g. data/2023.toml.")],
    fmt: Annotated[
        DocumentFormat,
        typer.Option("--format", "-f", help="html (one self-contained file) or markdown."),
    ] = DocumentFormat.html,
    output: OutputOption = None,
) -> None:
    """The whole MER-plan as one document.

    Goals, operating and investment budget with charts, as one HTML file or Markdown.
    """
    from ..views.document import plan_document
    from ..views.html import to_html, to_markdown_document

    document = plan_document(load_or_exit(file).record)
    text = to_html(document) if fmt is DocumentFormat.html else to_markdown_document(document)
    if output is None:
        write_stdout(text)
    else:
        write_output(text, output, [file])
