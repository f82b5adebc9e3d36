"""How a table of the document fits A4 in print: the font size, and a landscape page where the
portrait text width is too narrow, from the narrowest each column can be (its longest word, or
its whole figure: figures never wrap). Nothing is cut off: a table that fits nowhere else wraps
every cell on a landscape page.

Widths are estimated from DejaVu Sans, the document's first font (its fallbacks are narrower).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .cells import display
from .table import Report

PORTRAIT_MM = 174  # A4 (210 mm) less the margins of 18 mm
LANDSCAPE_MM = 257  # A4 across (297 mm) less the margins of 20 mm
POINT_MM = Fraction(3528, 10000)
DETAIL_INDENT_MM = 6  # a reason row's label is indented
LABEL_MIN_MM = 55  # names wrap, in a column at least this wide where they are longer
BOLD = Fraction(112, 100)  # headers are bold: DejaVu Sans Bold is about this much wider

# Advance widths of DejaVu Sans in hundredths of an em, by kind of character.
_NARROW = set("ijlI.,:;'!|/ ")
_SLIGHT = set("ftr()-\u00a0")
_WIDE = set("mwMW%&")


def _em(char: str) -> int:
    if char in _NARROW:
        return 31
    if char in _SLIGHT:
        return 40
    if char in _WIDE:
        return 95
    if char.isdigit():
        return 64
    if char.isupper():
        return 72
    return 62


def text_mm(text: str, size: int, bold: bool = False) -> Fraction:
    """How wide `text` is set in DejaVu Sans at `size` points."""
    ems = Fraction(sum(_em(char) for char in text), 100)
    return ems * size * POINT_MM * (BOLD if bold else 1)


def _narrowest(text: str, size: int, wraps: bool, bold: bool = False) -> Fraction:
    """The narrowest a cell can be: its longest word where it wraps, else all of it."""
    parts = text.split(" ") if wraps else [text]
    return max((text_mm(part, size, bold) for part in parts), default=Fraction(0))


class Fit(NamedTuple):
    """Where and how a table is printed: its font size in points and its page's orientation;
    `tight` where even that is too wide and every cell wraps."""

    size: int
    landscape: bool = False
    tight: bool = False

    @property
    def css(self) -> str:
        classes = [f"size-{self.size}"] + (["tight"] if self.tight else [])
        return " ".join(classes)


# (font size, padding of a cell on each side in mm): a table is set as large as it fits
SIZES = ((9, Decimal("1.5")), (8, Decimal(1)), (7, Decimal("0.8")))


def needed_mm(report: Report, size: int, padding: Decimal) -> Fraction:
    """The narrowest the table can be at `size` points: every column at its narrowest."""
    rows = [row for row in report.rows if row.style != "group"]  # a group row spans the table
    indents = [DETAIL_INDENT_MM if row.style == "detail" else 0 for row in rows]
    words = [_narrowest(row.label, size, True) + i for row, i in zip(rows, indents, strict=True)]
    whole = [text_mm(row.label, size) + i for row, i in zip(rows, indents, strict=True)]
    # names wrap, but not down to a word a line: as wide as the longest, up to LABEL_MIN_MM
    label = max([*words, min(max(whole, default=Fraction(0)), Fraction(LABEL_MIN_MM))])
    label = max(label, _narrowest(report.label_header, size, True, True))
    total = label + 2 * Fraction(padding)
    for index, column in enumerate(report.columns):
        wraps = column.kind == "text"
        cells = [_narrowest(display(row.values[index], column), size, wraps) for row in rows]
        header = _narrowest(column.label, size, True, bold=True)
        total += max([header, *cells]) + 2 * Fraction(padding)
    return total


def table_fit(report: Report) -> Fit:
    """Portrait at 9 or 8 points where the table fits the text width; else landscape at 9, 8
    or 7 points; else landscape with every cell wrapping."""
    for landscape, width in ((False, PORTRAIT_MM), (True, LANDSCAPE_MM)):
        for size, padding in SIZES if landscape else SIZES[:2]:
            if needed_mm(report, size, padding) <= width:
                return Fit(size, landscape)
    return Fit(SIZES[-1][0], landscape=True, tight=True)
