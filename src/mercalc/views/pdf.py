"""The plan document as PDF: the same HTML, laid out on A4 by WeasyPrint (the optional extra
`mercalc[pdf]`), imported here only, when a PDF is asked for."""

from __future__ import annotations

from typing import Any

# PDF/A-2a: archival (PDF/A-2) and accessible ("a": tagged, with a structure tree, marked
# content and the language), as a public body's documents must be; no attachments (PDF/A-3).
VARIANT = "pdf/a-2a"
LANGUAGE = "sv-SE"


class PdfUnavailable(Exception):
    """WeasyPrint, or the system libraries it draws with (Pango), cannot be loaded."""


def weasyprint() -> Any:
    """The WeasyPrint module; PdfUnavailable where it is not installed, cannot load Pango or
    is too old to write PDF/A-2a."""
    try:
        import weasyprint as module
        from weasyprint.pdf import VARIANTS
    except (ImportError, OSError) as error:  # OSError: Pango and its kin are missing
        raise PdfUnavailable(str(error)) from None
    if VARIANT not in VARIANTS:
        raise PdfUnavailable(f"WeasyPrint {module.__version__} does not write {VARIANT.upper()}")
    return module


def to_pdf(html: str) -> bytes:
    """The document's HTML as PDF/A-2a, in Swedish (`/Lang` sv-SE), its title, author and
    subject in the metadata from the HTML's head; the same HTML gives the same file identifier.
    WeasyPrint's notes on CSS it does not draw are kept quiet (stderr carries only problems)."""
    import hashlib
    import logging

    module = weasyprint()
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    document = module.HTML(string=html).render(pdf_variant=VARIANT)
    document.metadata.lang = LANGUAGE
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_variant=VARIANT, pdf_identifier=identifier)
