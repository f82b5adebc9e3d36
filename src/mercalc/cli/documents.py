"""The document's formats and writers, and a draft's banner: shared by `report` and its
period report."""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..i18n import _
from .common import EXIT_BAD_INPUT

if TYPE_CHECKING:
    from ..books.loader import Books, Loaded
    from ..problems import Problem
    from ..views.document import Document


class DocumentFormat(StrEnum):
    html = "html"
    markdown = "markdown"
    xlsx = "xlsx"
    pdf = "pdf"


def render_document(document: "Document", fmt: str) -> str | bytes:
    """The document in one format; each writer is imported only when it is used."""
    if fmt == DocumentFormat.xlsx:
        from ..views.xlsx import document_workbook

        return document_workbook(document)
    from ..views.html import to_html, to_markdown_document

    if fmt == DocumentFormat.pdf:
        from ..views.pdf import to_pdf

        return to_pdf(to_html(document))
    return to_html(document) if fmt == DocumentFormat.html else to_markdown_document(document)


def pdf_or_exit() -> None:
    """A PDF needs WeasyPrint, the optional extra: without it, say how to install it (exit 2)."""
    from ..views.pdf import PdfUnavailable, weasyprint

    try:
        weasyprint()
    except PdfUnavailable as error:
        message = _(
            "mercalc: a PDF needs WeasyPrint, which is not installed or cannot load its system "
            "libraries ({error}): install it with pip install 'mercalc[pdf]' (and Pango, e.g. "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
        )
        sys.stderr.write(message.format(error=error) + "\n")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def draft_lines(
    books: "Books", source: "Loaded", more: "Callable[[], list[Problem]]" = list
) -> tuple[str, ...]:
    """The plan's problems (and `more`'s) as the draft's banner lists them: in Swedish, as the
    document is in every language, at the file's name rather than its path."""
    from ..books.rules import book_problems
    from ..i18n import in_swedish

    with in_swedish():
        problems = more() + book_problems(books, [source.name])
    return tuple(str(problem._replace(file=Path(problem.file).name)) for problem in problems)
