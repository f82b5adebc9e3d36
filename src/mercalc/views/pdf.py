"""The plan document as PDF: the same HTML, laid out on A4 by WeasyPrint (the optional extra
`mercalc[pdf]`), imported here only, when a PDF is asked for."""

from __future__ import annotations

from typing import Any


class PdfUnavailable(Exception):
    """WeasyPrint, or the system libraries it draws with (Pango), cannot be loaded."""


def weasyprint() -> Any:
    """The WeasyPrint module; PdfUnavailable where it is not installed or cannot load Pango."""
    try:
        import weasyprint as module
    except (ImportError, OSError) as error:  # OSError: Pango and its kin are missing
        raise PdfUnavailable(str(error)) from None
    return module


def to_pdf(html: str) -> bytes:
    """The document's HTML as PDF; WeasyPrint's notes on CSS it does not draw are kept quiet
    (stderr carries only problems)."""
    import logging

    module = weasyprint()
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return module.HTML(string=html).write_pdf()
