"""Reports as Excel workbooks: the table as shown, figures as numbers rounded as the table
shows them, the table's emphasis, notes below. Written with openpyxl in write-only mode, which
is imported here only (start-up never pays for it)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from ..numbers import plain, round_half_up, to_figure_places
from ..problems import safe_text
from .cells import display, table_notes
from .table import CODES, Column, Report, Row, Target, Value

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from .document import Document

THOUSANDS = "#,##0"
TITLE_ROW, HEADER_ROW = 1, 3  # the title, a blank row, then the header
LABEL_WIDTH = 80  # a longer label wraps within its cell
SHEET_NAME_LENGTH = 31  # Excel's limit
A4 = "9"  # the paper size code of A4 in a workbook's page setup
# A sheet whose columns add up to more than this many characters is printed across (landscape);
# either way it is fitted to the page's width.
PORTRAIT_CHARACTERS = 100
_FOOTNOTE_MARK = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+$")
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))

Cell = tuple[Value, str] | None  # a value as written and its number format


class Look(NamedTuple):
    """How a cell looks; every cell that looks the same shares one registered style."""

    bold: bool = False
    italic: bool = False
    indent: int = 0
    number_format: str = "General"
    right: bool = False
    wrap: bool = False
    size: int | None = None


PLAIN = Look()


@cache
def row_look(style: str, number_format: str = "General", label: bool = False) -> Look:
    """A cell's look in a row: totals and groups bold, reasons italic, a reason's label
    indented."""
    bold = style in ("subtotal", "total", "group")
    italic = style == "detail"
    return Look(bold, italic, 1 if italic and label else 0, number_format)


class Styles:
    """The workbook's styles, each registered once: openpyxl would otherwise register the font,
    alignment and number format of every cell anew, which doubles the time of a large sheet."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.sheet = sheet
        self.known: dict[Look, Any] = {}
        self.new_cell = WriteOnlyCell

    def cell(self, sheet: WriteOnlyWorksheet, value: Value, look: Look) -> Any:
        """A styled cell, or the value itself where it needs no style (as fast as openpyxl
        writes anything)."""
        if look == PLAIN and not (isinstance(value, str) and value[:1] in ("=", "#")):
            return value
        cell = self.new_cell(sheet, value)
        if isinstance(value, str):
            # text is text: a name that starts with = is never a formula, nor `#N/A` an error
            cell.data_type = "s"
        style = self.known.get(look)
        if style is None:
            style = self.known[look] = self._register(look)
        cell._style = style  # shared and never changed: cells with one look have one style
        return cell

    def _register(self, look: Look) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        prototype = WriteOnlyCell(self.sheet)
        if look.bold or look.italic or look.size:
            prototype.font = Font(bold=look.bold, italic=look.italic, size=look.size)
        if look.indent or look.right or look.wrap:
            prototype.alignment = Alignment(
                horizontal="right" if look.right else None,
                indent=look.indent,
                wrap_text=look.wrap,
                vertical="top" if look.wrap else None,
            )
        prototype.number_format = look.number_format
        return prototype._style


def _places(value: Decimal) -> int:
    text = plain(value)
    return len(text) - text.index(".") - 1 if "." in text else 0


def _exact(value: int | Decimal) -> int | Decimal:
    """A figure as entered, to at most 10 decimals as csv and json give it."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return to_figure_places(value)


def _number_format(places: int, percent: bool = False) -> str:
    decimals = "." + "0" * places if places else ""
    return f"0{decimals}%" if percent else f"{THOUSANDS}{decimals}"


def figure_cell(value: Value, column: Column, places: int | None = None) -> Cell:
    """The cell of a value as the table shows it: money in whole units (rounded half up), a rate
    as a percentage (with the column's `places`, so that a column has one format), an exact
    figure as it is, a code as its Swedish word."""
    if value is None:
        return None
    if column.kind == "code":
        return CODES[str(value)][0], "General"
    if isinstance(value, str):
        return safe_text(value), "General"
    if isinstance(value, Target):  # a number, shown with its word: "högst "#,##0
        number, number_format = figure_cell(value.amount, column, places) or (
            value.amount,
            "General",
        )
        return number, f'"{value.direction} "{number_format}' if value.direction else number_format
    if column.kind == "money":
        return int(round_half_up(value)), THOUSANDS
    shown = _exact(value)
    if places is None or column.kind != "rate":
        places = _percent_places(shown) if column.kind == "rate" else _places(Decimal(shown))
    return shown, _number_format(places, percent=column.kind == "rate")


def _percent_places(value: Value) -> int:
    """The decimals a rate needs as a percentage (`0.0125` is 1,25 %: two)."""
    if isinstance(value, Target):
        value = value.amount
    if not isinstance(value, (int, Decimal)):
        return 0
    return _places(Decimal(_exact(value)) * 100)


def column_places(report: Report) -> list[int | None]:
    """Each rate column's decimals as a percentage: the most any of its rates needs, so that a
    column of rates has one format (1,25 % above 2,00 %)."""
    return [
        max((_percent_places(row.values[i]) for row in report.rows), default=0)
        if column.kind == "rate"
        else None
        for i, column in enumerate(report.columns)
    ]


def _width(cell: Cell, column: Column) -> int:
    if cell is None:
        return 0
    value = cell[0]
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int) and column.kind == "money":
        return len(f"{value:,}")
    return len(display(value, column))


def _fit_columns(
    sheet: WriteOnlyWorksheet, report: Report, labels: list[str], body: list[list[Cell]]
) -> list[int]:
    """Every column as wide as its widest cell (set before any row: the sheet is streamed);
    the widths set."""
    from openpyxl.utils import get_column_letter

    label = max(
        [
            len(report.label_header),
            *(len(t) + 2 * (r.style == "detail") for t, r in zip(labels, report.rows, strict=True)),
        ]
    )
    widths = [min(label, LABEL_WIDTH)]
    for index, column in enumerate(report.columns):
        widths.append(max([len(column.label), *(_width(cells[index], column) for cells in body)]))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    return [width + 2 for width in widths]


def print_setup(sheet: WriteOnlyWorksheet, widths: list[int]) -> None:
    """Printed on A4, upright or across by the table's width, fitted to the page's width (as
    many pages down as it takes), the header row repeated on every page."""
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_CHARACTERS else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def footnote_marks(
    report: Report, labels: list[str], notes: list[str]
) -> tuple[list[str], list[str] | None]:
    """The labels without their footnote marks, and the marks (None where no row has one): a
    mark is a footnote's only where a note under the table starts with it."""
    marks = [m.group() if (m := _FOOTNOTE_MARK.search(label)) else "" for label in labels]
    noted = {note.split(" ", 1)[0] for note in notes}
    marks = [mark if mark in noted else "" for mark in marks]
    if not any(marks):
        return labels, None
    bare = [label[: len(label) - len(mark)] for label, mark in zip(labels, marks, strict=True)]
    return bare, marks


def write_sheet(sheet: WriteOnlyWorksheet, report: Report, styles: Styles) -> None:
    """The table as shown: its title, a bold header that stays in view, its rows, its notes.
    Everything is worked out before the first row is streamed."""
    labels = [safe_text(row.label) for row in report.rows]
    notes = [safe_text(note) for note in table_notes(report)]
    places = column_places(report)
    body = [
        [figure_cell(v, c, p) for v, c, p in zip(row.values, report.columns, places, strict=True)]
        for row in report.rows
    ]
    labels, marks = footnote_marks(report, labels, notes)
    if marks is not None:  # the footnote mark in a narrow cell of its own, after the name
        mark = Column("mark", "", "text")
        report = report._replace(columns=(mark, *report.columns))
        body = [
            [(m, "General") if m else None, *cells] for m, cells in zip(marks, body, strict=True)
        ]
    widths = _fit_columns(sheet, report, labels, body)
    print_setup(sheet, widths)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.append([styles.cell(sheet, safe_text(report.title), Look(bold=True, size=12))])
    sheet.append([])
    header = Look(bold=True)
    sheet.append(
        [
            styles.cell(sheet, report.label_header, header),
            *(
                styles.cell(sheet, c.label, header._replace(right=c.kind != "text"))
                for c in report.columns
            ),
        ]
    )
    for row, label, cells in zip(report.rows, labels, body, strict=True):
        look = row_look(row.style, label=True)
        if len(label) > LABEL_WIDTH:
            look = look._replace(wrap=True)
        out = [styles.cell(sheet, label, look)]
        out.extend(
            None if cell is None else styles.cell(sheet, cell[0], row_look(row.style, cell[1]))
            for cell in cells
        )
        sheet.append(out)
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([styles.cell(sheet, note, Look())])


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel takes: at most 31 characters, none of `[]:*?/\\`, each once."""
    out: list[str] = []
    for name in names:
        base = safe_text(name).translate(_NOT_IN_SHEET_NAMES).strip("' ") or "Blad"
        candidate, number = cut_at_word(base, SHEET_NAME_LENGTH), 1
        while candidate.casefold() in (taken.casefold() for taken in out):
            number += 1
            suffix = f" ({number})"
            candidate = cut_at_word(base, SHEET_NAME_LENGTH - len(suffix)) + suffix
        out.append(candidate)
    return out


def cut_at_word(name: str, length: int) -> str:
    """`name` in at most `length` characters, cut between words (never inside a word or a
    year: "Fördelning mellan kommunerna 2023" → "Fördelning mellan kommunerna"); a first word
    longer than that is cut as it must be."""
    if len(name) <= length:
        return name
    cut = name[: length + 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut if cut and len(cut) <= length else name[:length]


def workbook(title: str, tables: list[tuple[str, Report]]) -> bytes:
    """A workbook of one sheet per table, its title in the workbook's properties, as bytes."""
    from openpyxl import Workbook

    book: Workbook = Workbook(write_only=True)
    book.properties.title = safe_text(title)
    book.properties.creator = "mercalc"
    styles = None
    for name, (_, report) in zip(sheet_names([name for name, _ in tables]), tables, strict=True):
        sheet = book.create_sheet(name)
        styles = styles or Styles(sheet)
        write_sheet(sheet, report, styles)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_workbook(report: Report) -> bytes:
    """One table as a workbook; the sheet is named by the title up to its first comma."""
    return workbook(report.title, [(report.title.split(",")[0], report)])


def document_workbook(document: Document) -> bytes:
    """Every table of the plan document, a sheet each, named by its section."""
    tables = [
        (section.title, part.table)
        for section in document.sections
        for part in section.parts
        if part.kind == "table" and part.table is not None
    ]
    from .document import draft_words

    if document.draft is not None:  # utkast: the first sheet says so and lists the problems
        title = f"UTKAST – {document.title}"
        rows = tuple(Row(problem, ()) for problem in document.draft)
        banner = Report(title, (), rows, {}, label_header=draft_words(document.draft))
        return workbook(title, [("UTKAST", banner), *tables])
    return workbook(document.title, tables)
