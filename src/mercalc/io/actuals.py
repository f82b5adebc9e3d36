"""Reading the ledger's export as it comes: outcomes (utfall) per account and month, exact.

CSV separated by `;`, `,` or tab (found from the header row), UTF-8 with or without BOM or
Windows-1252; or an xlsx workbook's first sheet (openpyxl, read-only). A header row names the
columns `konto`/`account`, `period` and `belopp`/`amount` in any case and order; other columns are
ignored. Rows stream through: `read_outcomes` sums them per account and month while reading, so a
million rows take no more memory than a few hundred accounts. Every bad row is a Problem at its
row as a spreadsheet numbers it (the header row 1), all of them in one PlanError.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import N_, _, ngettext
from ..numbers import exactly
from ..problems import PlanError, Problem
from .files import not_found, unreadable

Period = tuple[int, int]  # (year, month)
Progress = Callable[[int, int], None]  # called with (done, total): bytes of a CSV, rows of a sheet

# The names a header may give each column (compared case-folded), and what is said where a
# header row has none of them, or two.
COLUMNS = {
    "account": ("konto", "account"),
    "period": ("period",),
    "amount": ("belopp", "amount"),
}
_MISSING = {
    "account": N_("no account column: the header row names {cells} (want konto or account)"),
    "period": N_("no period column: the header row names {cells} (want period)"),
    "amount": N_("no amount column: the header row names {cells} (want belopp or amount)"),
}
_TWICE = {
    "account": N_("two account columns: {columns}"),
    "period": N_("two period columns: {columns}"),
    "amount": N_("two amount columns: {columns}"),
}
SEPARATORS = (";", "\t", ",")
MAX_AMOUNT = Decimal(10**12)
MAX_DECIMALS = 10
MAX_TEXT = 64  # characters of an amount cell: 10^12 with 10 decimals and spaces takes 30
MAX_LISTED = 1000  # bad rows listed one by one; one more line says how many were not
PROGRESS_EVERY = 1 << 14  # rows between two progress reports

# Thousands separators in a ledger's figures: space, no-break space, thin and narrow no-break space
_GROUP = " \u00a0\u2009\u202f"
_PLAIN = "0123456789.-"  # the characters of an amount in plain form, once its comma is a point
_AMOUNT = rf"([0-9]{{1,3}}(?:[{_GROUP}][0-9]{{3}})+|[0-9]*)(?:[.,]([0-9]*))?"
_EMPTY = N_("is empty: an export needs a header row and its rows")


class Outcomes(NamedTuple):
    """An export summed per account and month (typed: account digits, (year, month), exact
    amount), with the row where each account and period first shows, to point problems at."""

    file: str
    columns: tuple[str, ...]  # the header's names of the account, period and amount
    sums: dict[Any, Decimal]  # by (account, period), or (account, period, objects)
    account_rows: dict[str, int]
    period_rows: dict[Period, int]
    # SIE (SPEC 13.1): its warnings, and whether it holds only year totals (#RES)
    warnings: tuple[Problem, ...] = ()
    year_totals_only: bool = False

    def latest(self) -> Period | None:
        """The latest period with outcomes (None for an export without rows)."""
        return max(self.period_rows, default=None)


class BadCell(ValueError):
    """A cell that cannot be read: (its column, what is wrong with it)."""


class Layout(NamedTuple):
    """What an export's columns are called: the names each kind of column may have, and the
    dimension columns to read (their objects key the sums after the period)."""

    names: dict[str, tuple[str, ...]]
    dimensions: tuple[str, ...] = ()


DEFAULT = Layout(dict(COLUMNS))
TITLE_ROWS = 20  # rows above the header that may hold an export's titles


def layout(
    columns: Mapping[str, str | None] | None = None, dimensions: Iterable[str] = ()
) -> Layout:
    """The layout an export is read by: `[ledger] columns` names a kind of column in place of
    its usual names; `dimensions` are read from the columns of those names."""
    names = dict(COLUMNS)
    for kind, name in (columns or {}).items():
        if name:
            names[kind] = (name.strip().casefold(),)
    return Layout(names, tuple(dimensions))


def read_outcomes(
    path: Path | str, progress: Progress | None = None, shape: Layout = DEFAULT
) -> Outcomes:
    """The export summed per (account, period) while it is read, exactly, or per (account,
    period, objects) where `shape` names dimensions; raise PlanError with every bad row."""
    path = Path(path)
    opening = _opening(path)
    if opening.startswith(b"PK\x03\x04"):
        return _xlsx_outcomes(path, progress, shape)
    if opening.startswith(b"\xd0\xcf\x11\xe0"):
        raise _bad(path, _("is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV"))
    return _csv_outcomes(path, opening, progress, shape)


def read_ledger(
    path: Path | str,
    year: int,
    dimensions: Mapping[str, int] | None = None,
    columns: dict[str, str | None] | None = None,
    progress: Progress | None = None,
) -> Outcomes:
    """The ledger's outcomes from a SIE file (known by its content: SPEC 13.1) of the plan's
    `year`, or from an export whose columns `columns` names; keyed by the objects of
    `dimensions` (name → SIE #DIM number, and the export's column of that name) where given."""
    from .sie import is_sie

    path = Path(path)
    dimensions = dimensions or {}
    if is_sie(_opening(path)):
        return _sie_outcomes(path, year, dimensions)
    return read_outcomes(path, progress, layout(columns, dimensions))


def _sie_outcomes(path: Path, year: int, dimensions: Mapping[str, int]) -> Outcomes:
    """A SIE file's outcomes of the year as an export's: per account, month (and objects)."""
    from .sie import read_sie

    read = read_sie(path, year, dimensions)
    periods = {key[1]: 0 for key in read.sums}
    label = {"res": "#RES", "psaldo": "#PSALDO"}.get(read.source, "#TRANS")
    sums = read.sums if dimensions else {key[:2]: value for key, value in read.sums.items()}
    return Outcomes(
        read.file,
        (label, label, label),
        sums,
        read.account_lines,
        periods,
        read.warnings,
        read.year_totals_only,
    )


def _bad(path: Path, message: str, row: int | None = None) -> PlanError:
    return PlanError([Problem(str(path), message, row)])


def _opening(path: Path) -> bytes:
    """The first bytes of the export, or a PlanError saying plainly why it cannot be read."""
    try:
        if path.is_dir():
            raise _bad(path, _("is a directory, not an export file"))
        if path.exists() and not path.is_file():
            raise _bad(path, _("is not a regular file"))  # a FIFO, a device: never read forever
        with path.open("rb") as file:
            opening = file.read(4096)
    except FileNotFoundError:
        raise _bad(path, not_found(path)) from None
    except OSError as error:  # permission, a link that loops, a name too long
        raise _bad(path, unreadable(error)) from None
    if not opening.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise _bad(path, _(_EMPTY))
    return opening


def _reporting(
    rows: Iterable[Any], progress: Progress, done: Callable[[int], int], total: int
) -> Iterator[Any]:
    """The rows, telling `progress` how far the reading has come (`done` of the rows read so
    far) every so many rows."""
    for count, cells in enumerate(rows, 1):
        if not count % PROGRESS_EVERY:
            progress(done(count), total)
        yield cells


# --- CSV ----------------------------------------------------------------------------------------


def _csv_outcomes(path: Path, opening: bytes, progress: Progress | None, shape: Layout) -> Outcomes:
    """The rows of a CSV export summed, its separator, encoding and header row found."""
    encoding = _encoding(path)
    first_lines = opening.decode(encoding, errors="replace").splitlines()[:TITLE_ROWS]
    separator, at = SEPARATORS[0], 0
    best = 0
    for index, line in enumerate(first_lines or [""]):
        for candidate in SEPARATORS:
            known = len(_known(_split(line, candidate), shape.names))
            if known > best:
                best, separator, at = known, candidate, index
        if best:
            break  # the first row that names known columns is the header; those above, titles
    size = path.stat().st_size
    with path.open(encoding=encoding, newline="") as file:
        rows: Iterable[list[str]] = _csv_cells(path, file, separator)
        if progress is not None:
            buffer = file.buffer  # the bytes read so far: text positions are opaque
            rows = _reporting(rows, progress, lambda _: buffer.tell(), size)  # type: ignore[attr-defined]
        rows = iter(rows)
        for _title in range(at):
            next(rows, None)
        return _summed(str(path), rows, next(rows, []), shape, at + 1)


class _Lines:
    """The file's lines for the csv module, from the one it is handed first (`first`)."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.first: str | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.first is None:
            return next(self.lines)
        line, self.first = self.first, None
        return line


def _csv_cells(path: Path, file: Iterable[str], separator: str) -> Iterator[list[str]]:
    """The cells of each row. A line without quotes is split where the separator is, as the
    csv module would (at twice its speed); a line with quotes, and any cell that goes on over
    several lines, is read by the csv module."""
    import csv

    lines = _Lines(iter(file))
    reader = csv.reader(lines, delimiter=separator)
    for row, line in enumerate(lines.lines, 1):
        if '"' not in line:
            yield line.rstrip("\r\n").split(separator)
            continue
        lines.first = line
        try:
            yield next(reader)
        except csv.Error as error:
            message = _("is not a CSV export: {reason}").format(reason=error)
            raise _bad(path, message, row) from None


def _split(line: str, separator: str) -> list[str]:
    import csv

    return next(csv.reader([line], delimiter=separator), [])


def _encoding(path: Path) -> str:
    """UTF-8 where the whole file is valid UTF-8 (BOM or not), else Windows-1252; a file that
    is neither is bad input at the row of its first stray byte."""
    stray = _decode_error(path, "utf-8")
    if stray is None:
        return "utf-8-sig"
    if _written_in_utf8(path):  # UTF-8 elsewhere: one stray byte is no reason to read it otherwise
        offset, byte = stray
        with path.open("rb") as file:
            row = file.read(offset).count(b"\n") + 1
        message = _(
            "byte 0x{byte:02x} is not UTF-8, though the rest of the file is: export it again"
        ).format(byte=byte)
        raise _bad(path, message, row)
    error = _decode_error(path, "cp1252")
    if error is None:
        return "cp1252"
    offset, byte = error
    with path.open("rb") as file:
        row = file.read(offset).count(b"\n") + 1
    message = _(
        "is neither UTF-8 nor Windows-1252 text (byte 0x{byte:02x}): export it again"
    ).format(byte=byte)
    raise _bad(path, message, row)


# a character of two to four bytes as UTF-8 writes it: Windows-1252 text hardly ever has one
_NOT_CONTINUATION = bytes(byte for byte in range(256) if not 0x80 <= byte <= 0xBF)
_UTF8_SEQUENCE = rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"


def _written_in_utf8(path: Path) -> bool:
    """Whether the file says it is UTF-8: a BOM, or a character written as UTF-8 writes it."""
    import re

    sequence = re.compile(_UTF8_SEQUENCE)
    with path.open("rb") as file:
        chunk = file.read(1 << 20)
        if chunk.startswith(b"\xef\xbb\xbf"):
            return True
        while chunk:
            # every such character has a byte of 0x80-0xbf, which Windows-1252 writes only for
            # signs (€, –, §): text of å, ä and ö alone is passed over at memory speed
            if chunk.translate(None, _NOT_CONTINUATION) and sequence.search(chunk):
                return True
            chunk = file.read(1 << 20)
    return False


def _decode_error(path: Path, encoding: str) -> tuple[int, int] | None:
    """Where the file stops being text in `encoding` (offset, byte), read a chunk at a time."""
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as file:
        while True:
            chunk = file.read(1 << 20)
            pending = len(decoder.getstate()[0])  # bytes of a character begun in the last chunk
            if chunk and not pending and _plainly_text(chunk, encoding):
                offset += len(chunk)
                continue  # at memory speed: most of an export is ASCII
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return offset - pending + error.start, error.object[error.start]
            if not chunk:
                return None
            offset += len(chunk)


# The five bytes that Windows-1252 leaves undefined.
_NOT_CP1252 = tuple(bytes([byte]) for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def _plainly_text(chunk: bytes, encoding: str) -> bool:
    """Whether a chunk is text in `encoding` at a glance: ASCII, or for Windows-1252 any chunk
    without its undefined bytes."""
    if chunk.isascii():
        return True
    return encoding == "cp1252" and not any(byte in chunk for byte in _NOT_CP1252)


# --- xlsx ---------------------------------------------------------------------------------------


def _xlsx_outcomes(path: Path, progress: Progress | None, shape: Layout) -> Outcomes:
    """The rows of a workbook's first sheet, read with openpyxl in read-only mode, after its
    zip has been looked at (a workbook that inflates past the limits is never opened), with
    defusedxml (no entities); a workbook that cannot be read is bad input, whatever is wrong."""
    _within_limits(path)  # before openpyxl is even imported: a bomb is refused at once
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except PlanError:
        raise
    except Exception as error:  # openpyxl's errors have no common class
        raise _unreadable_workbook(path, error) from None
    try:
        if not workbook.worksheets:
            raise _bad(path, _("is an xlsx workbook without a worksheet"))
        sheet = workbook.worksheets[0]
        rows: Iterable[tuple[Any, ...]] = _guarded(path, sheet.iter_rows(values_only=True))
        if progress is not None:
            rows = _reporting(rows, progress, lambda count: count, _max_row(sheet))
        rows = map(_spreadsheet_row, rows)
        header = next(rows, None)
        if header is None:
            raise _bad(path, _(_EMPTY))
        first = cells = ["" if cell is None else str(cell) for cell in header]
        for at in range(1, TITLE_ROWS + 1):
            if _known(cells, shape.names):
                return _summed(str(path), rows, cells, shape, at)
            header = next(rows, None)
            if header is None:
                break
            cells = ["" if cell is None else str(cell) for cell in header]
        return _summed(str(path), iter(()), first, shape, 1)
    finally:
        workbook.close()


# A workbook's parts as they inflate: an export of a million rows has a sheet of about 100 MiB
# (compressed some 10 times); a zip bomb inflates a thousand times.
XLSX_MEMBERS = 10_000
XLSX_SHEETS = 256 * 2**20  # all the worksheets together
XLSX_STRINGS = 64 * 2**20  # the shared strings, which openpyxl holds in memory
XLSX_OTHER = 16 * 2**20  # any other part
XLSX_RATIO = 200  # inflated size per compressed byte of a part larger than 1 MiB


def _within_limits(path: Path) -> None:
    """The workbook's zip looked at before anything is inflated: its parts' count, their sizes
    and how much each inflates; bad input past the limits."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as error:  # a zip that cannot even be listed
        raise _unreadable_workbook(path, error) from None
    if len(members) > XLSX_MEMBERS:
        message = _("is an xlsx workbook of {count} parts: too many to be an export")
        raise _bad(path, message.format(count=len(members)))
    sheets = 0
    for member in members:
        size, name = member.file_size, member.filename
        if name.startswith("xl/worksheets/"):
            sheets += size
        limit = XLSX_STRINGS if name == "xl/sharedStrings.xml" else XLSX_OTHER
        bomb = size > 2**20 and size > XLSX_RATIO * max(member.compress_size, 1)
        if bomb or sheets > XLSX_SHEETS or (not name.startswith("xl/worksheets/") and size > limit):
            message = _(
                "is an xlsx workbook whose part {part} inflates to {size} MiB: "
                "too large to be read as an export"
            )
            raise _bad(path, message.format(part=_shown(name), size=size >> 20))


def _unreadable_workbook(path: Path, error: BaseException) -> PlanError:
    """Bad input naming the first cause of what stopped the reading (openpyxl wraps it)."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    if type(error).__module__.startswith("defusedxml"):
        message = _("is an xlsx workbook whose XML declares entities: not read, for safety")
        return _bad(path, message)
    reason = str(error) or type(error).__name__
    if len(reason) > 120:
        reason = reason[:117] + "..."
    message = _("is not an xlsx workbook that can be read ({reason})").format(reason=reason)
    return _bad(path, message)


def _guarded(path: Path, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows; whatever stops openpyxl on the way (a corrupt deflate stream, XML that
    is not well formed, an entity, a shared string that is not there) is bad input."""
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as error:  # openpyxl's, zipfile's, zlib's and the XML parser's
            raise _unreadable_workbook(path, error) from None
        yield cells


def _max_row(sheet: Any) -> int:
    try:
        return int(sheet.max_row or 0)
    except Exception:  # a dimension that is not one: progress without a total
        return 0


def _spreadsheet_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sheet's true/false as it shows them: text, never the numbers 1 and 0."""
    if any(type(value) is bool for value in values):
        return tuple(("TRUE" if v else "FALSE") if type(v) is bool else v for v in values)
    return values


# --- the columns and the cells ------------------------------------------------------------------


def _known(
    header: list[str], columns: dict[str, tuple[str, ...]] = COLUMNS
) -> dict[str, list[int]]:
    """The positions of the known columns in a header row, by what they hold."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        name = cell.strip().strip("\ufeff").casefold()
        for kind, names in columns.items():
            if name in names:
                found.setdefault(kind, []).append(index)
    return found


def _positions(
    name: str, header: list[str], shape: Layout = DEFAULT, at: int = 1
) -> tuple[int, int, int]:
    """Where the account, period and amount columns are; one clear line for each one missing."""
    found = _known(header, shape.names)
    shown = ", ".join(cell.strip() for cell in header if cell.strip()) or "nothing"
    if len(shown) > 200:
        shown = shown[:197] + "..."
    if not found:
        message = _(
            "no header row: row 1 must name the columns konto, period and belopp (it holds {cells})"
        ).format(cells=shown)
        raise PlanError([Problem(name, message, at)])
    problems = []
    for kind in COLUMNS:
        places = found.get(kind, [])
        missing, twice = _MISSING[kind], _TWICE[kind]
        if not places and shape.names[kind] != COLUMNS[kind]:
            message = _("no column {name}, as [ledger] columns names it (the header names {cells})")
            problems.append(
                Problem(name, message.format(name=shape.names[kind][0], cells=shown), at)
            )
        elif not places:
            problems.append(Problem(name, _(missing).format(cells=shown), at))
        elif len(places) > 1:
            both = ", ".join(header[i].strip() for i in places)
            problems.append(Problem(name, _(twice).format(columns=both), at))
    folded = [cell.strip().strip("\ufeff").casefold() for cell in header]
    for dimension in shape.dimensions:
        if dimension.casefold() not in folded:
            message = _(
                "no column {name} for that dimension of [ledger] dimensions "
                "(the header names {cells})"
            )
            problems.append(Problem(name, message.format(name=dimension, cells=shown), at))
    if problems:
        raise PlanError(problems)
    return found["account"][0], found["period"][0], found["amount"][0]


def _dimension_positions(header: list[str], shape: Layout) -> tuple[int, ...]:
    folded = [cell.strip().strip("\ufeff").casefold() for cell in header]
    return tuple(folded.index(dimension.casefold()) for dimension in shape.dimensions)


def _objects(cells: Any, positions: tuple[int, ...]) -> tuple[tuple[str | None, ...], ...]:
    """A row's objects of the dimension columns (None where a cell is empty), as the one more
    part of its key; nothing where no dimension is read."""
    if not positions:
        return ()
    found = []
    for at in positions:
        cell = cells[at] if at < len(cells) else None
        text = "" if cell is None else str(cell).strip()
        if type(cell) is float and cell.is_integer():
            text = str(int(cell))
        found.append(text or None)
    return (tuple(found),)


def _summed(
    name: str, rows: Iterable[Any], header: list[str], shape: Layout = DEFAULT, at: int = 1
) -> Outcomes:
    """The rows summed per account and period; every bad row a Problem, raised at the end. The
    hot path: a plain amount (`-1234,50`) straight to Decimal, keys read once, when first seen."""
    columns = at_account, at_period, at_amount = _positions(name, header, shape, at)
    labels = tuple(header[column].strip() for column in columns)
    width, named = max(columns) + 1, _named(header)
    dimensions = _dimension_positions(header, shape)
    sums: dict[Any, Decimal] = {}
    first_rows: dict[Any, int] = {}
    problems: list[Problem] = []
    bad_rows = 0
    # exact sums (a million amounts of 12 digits and 10 decimals need 29 digits), and a text
    # that is no number raises InvalidOperation rather than giving NaN
    with exactly():
        for row, cells in enumerate(rows, at + 1):
            if len(cells) > named and not _blank(cells[named:]):  # `123,45` split in two
                bad_rows += 1
                if bad_rows <= MAX_LISTED:
                    problems.append(_too_many_cells(name, row, len(cells), named))
                continue
            try:
                account, period, amount = cells[at_account], cells[at_period], cells[at_amount]
            except IndexError:  # a short row: its missing cells are empty
                cells = (*cells, *[None] * (width - len(cells)))
                account, period, amount = cells[at_account], cells[at_period], cells[at_amount]
            try:
                if (
                    type(amount) is str
                    and len(amount) <= 12  # at most 12 digits: below 10^12, ≤ 10 decimals
                    and not (text := amount.replace(",", ".")).strip(_PLAIN)
                    and text[:1] != "."  # `.00000000001`: 11 decimals in 12 characters
                ):
                    value = Decimal(text)  # "5-", "1.2.3" or "": InvalidOperation
                else:
                    value = _amount(amount, labels[2])
                key = (account, period, *_objects(cells, dimensions))
                try:
                    sums[key] += value
                    continue
                except KeyError:  # this account and period first show: are they sound?
                    _account(account, labels[0])
                    _period(period, labels[1])
                    sums[key] = value
                    first_rows[key] = row
                    continue
            except (BadCell, InvalidOperation):
                if _blank(cells):
                    continue  # an empty row, as a spreadsheet leaves them
            bad_rows += 1
            if bad_rows <= MAX_LISTED:
                problems += [
                    Problem(name, message, row, (column,))
                    for column, message in _bad_cells((account, period, amount), labels)
                ]
        if problems := problems + _not_listed(name, bad_rows):
            raise PlanError(problems)
        return _typed(name, sums, first_rows, labels)


def _named(header: list[str]) -> int:
    """How many cells the header row names, up to its last named one."""
    return max((i + 1 for i, cell in enumerate(header) if cell.strip()), default=0)


def _not_listed(name: str, bad_rows: int) -> list[Problem]:
    """One line for the bad rows past those listed one by one."""
    if bad_rows <= MAX_LISTED:
        return []
    more = bad_rows - MAX_LISTED
    message = ngettext(
        "{count} more bad row, not listed", "{count} more bad rows, not listed", more
    )
    return [Problem(name, message.format(count=more))]


def _too_many_cells(name: str, row: int, count: int, named: int) -> Problem:
    message = _(
        "has more cells ({count}) than the header row names ({named}): a cell holds the "
        "separator unquoted (a decimal comma in a comma-separated file?)"
    )
    return Problem(name, message.format(count=count, named=named), row)


def _typed(
    name: str,
    sums: dict[Any, Decimal],
    first_rows: dict[Any, int],
    labels: tuple[str, ...],
) -> Outcomes:
    """Sums by the cells as written → sums by account and (year, month): `202308` and
    `2023-08-31` are one month."""
    typed: dict[Any, Decimal] = {}
    account_rows: dict[str, int] = {}
    period_rows: dict[Period, int] = {}
    for cells, value in sums.items():
        row = first_rows[cells]
        account, period = cells[0], cells[1]
        key: Any = (_account(account, labels[0]), _period(period, labels[1]), *cells[2:])
        typed[key] = typed[key] + value if key in typed else value
        account_rows[key[0]] = min(account_rows.get(key[0], row), row)
        period_rows[key[1]] = min(period_rows.get(key[1], row), row)
    return Outcomes(name, labels, typed, account_rows, period_rows)


def _bad_cells(cells: tuple[Any, Any, Any], labels: tuple[str, ...]) -> list[tuple[str, str]]:
    """What is wrong with each cell of a bad row, in the order account, period, amount."""
    found = []
    for read, cell, label in zip((_account, _period, _amount), cells, labels, strict=True):
        try:
            read(cell, label)
        except BadCell as error:
            found.append(error.args)
    return found


def _blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in cells)


def _shown(value: Any) -> str:
    text = str(value)
    return f'"{text}"' if len(text) <= 40 else f'"{text[:37]}..."'


def _amount(cell: Any, column: str) -> Decimal:
    """An amount cell as an exact Decimal: decimal comma or point, spaces between thousands,
    a leading `-` or `−`; a spreadsheet's number as the spreadsheet shows it (15 digits)."""
    if cell is None or (type(cell) is str and not cell.strip()):
        raise BadCell(column, _("is empty"))
    if type(cell) is int:
        value = Decimal(cell)
    elif type(cell) is float:
        value = Decimal(format(cell, ".15g"))  # 0.1 as 0.1, never 0.1000000000000000055…
    elif type(cell) is str:
        value = _amount_text(cell, column)
    else:
        raise BadCell(column, _not_an_amount(cell))
    if not value.is_finite():
        raise BadCell(column, _not_an_amount(cell))
    if _decimals(value) > MAX_DECIMALS:
        message = _("has more than {most} decimals ({value})")
        raise BadCell(column, message.format(most=MAX_DECIMALS, value=_shown(cell)))
    if value.copy_abs() > MAX_AMOUNT:  # abs() would round to the context's precision
        raise BadCell(column, _("{value} is too large (at most 10^12)").format(value=_shown(cell)))
    return value


def _not_an_amount(cell: Any) -> str:
    message = _("{value} is not an amount (write it as -1234,50 or 1234.50)")
    return message.format(value=_shown(cell))


def _amount_text(cell: str, column: str) -> Decimal:
    import re

    text = cell.strip()
    if len(text) > MAX_TEXT:  # never a regular expression or a Decimal over megabytes
        if sum(c.isdigit() for c in text[:MAX_TEXT]) > MAX_TEXT // 2:
            raise BadCell(
                column, _("{value} is too large (at most 10^12)").format(value=_shown(cell))
            )
        raise BadCell(column, _not_an_amount(cell))
    negative = text[:1] in ("-", "\u2212")
    match = re.fullmatch(_AMOUNT, text[1:] if negative else text)
    if match is None or not any(c in "0123456789" for c in text):
        if text[-1:] in ("-", "\u2212") and re.fullmatch(_AMOUNT, text[:-1].strip()):
            message = _("{value} has its minus sign last: write it first")
            raise BadCell(column, message.format(value=_shown(cell)))
        raise BadCell(column, _not_an_amount(cell))
    whole, fraction = match.groups()
    whole = whole.translate({ord(c): None for c in _GROUP}).lstrip("0") or "0"
    if len(whole) > 13:  # 10^12 has 13 digits: a longer one would not fit the sums' precision
        raise BadCell(column, _("{value} is too large (at most 10^12)").format(value=_shown(cell)))
    sign = "-" if negative else ""
    return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")


def _decimals(value: Decimal) -> int:
    """How many decimals an amount needs (trailing zeros do not count)."""
    _, digits, exponent = value.as_tuple()
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(int(exponent) + zeros))


def _period(cell: Any, column: str) -> Period:
    """`2023-08`, `202308`, a date `2023-08-31` (as text or a spreadsheet's date) → (2023, 8)."""
    if isinstance(cell, datetime.date):  # a datetime is a date too
        return cell.year, cell.month
    if type(cell) is float and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip() if cell is not None else ""
    if not text:
        raise BadCell(column, _("is empty"))
    year = month = 0
    if len(text) == 6 and _digits(text):
        year, month = int(text[:4]), int(text[4:])
    elif len(text) == 7 and text[4] == "-" and _digits(text[:4] + text[5:]):
        year, month = int(text[:4]), int(text[5:])
    elif len(text) == 10 and _digits(text[:4]):
        try:
            date = datetime.date.fromisoformat(text)
            year, month = date.year, date.month
        except ValueError:
            pass
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        message = _("{value} is not a period (write 2023-08, 202308 or a date such as 2023-08-31)")
        raise BadCell(column, message.format(value=_shown(cell)))
    return year, month


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _account(cell: Any, column: str) -> str:
    """An account number (digits), as text; a spreadsheet's number without its `.0`."""
    if type(cell) is float and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip() if cell is not None else ""
    if not text:
        raise BadCell(column, _("is empty"))
    if not _digits(text) or len(text) > 20:
        raise BadCell(column, _("{value} is not an account number").format(value=_shown(cell)))
    return text
