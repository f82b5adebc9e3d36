"""Reading a ledger's SIE file (SIE filformat, utgåva 4B; types 1–4 and 4i): outcomes per
account, objects and month, summed while the file streams past (SPEC 13.1).

A record is a label and fields separated by spaces or tabs; a quoted field may hold spaces and
`\\"`; `{…}` is an object list of dimension–object pairs. Nothing is kept per row: `#PSALDO`,
the vouchers' `#TRANS` and `#RES` are each summed per account, objects and month, and the one the
standard's order picks is used once the file is read. Bad records are `FILE:LINE: #LABEL: what
is wrong`, every one of them in one PlanError.
"""

from __future__ import annotations

import datetime
import functools
import zlib
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from ..i18n import N_, _, ngettext
from ..numbers import exactly
from ..problems import PlanError, Problem

Period = tuple[int, int]  # (year, month)
Objects = tuple[str | None, ...]  # the object of each dimension asked for, None where absent
Key = tuple[str, Period, Objects]

MAX_LISTED = 1000
RESULT_TYPES = ("K", "I")  # #KTYP: costs and revenue (T and S are the balance sheet's)
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_TOKEN = rf'{_QUOTED}|(\{{[^}}]*\}}?)|([^\s"{{]+)'
_BAD_AMOUNT = N_("{value} is not an amount (the standard writes -1234.50)")
_BAD_DATE = N_("{value} is not a date (the standard writes 20230131)")
_BAD_ACCOUNT = N_("{value} is not an account number (digits only)")
_BAD_PERIOD = N_("{value} is not a period (the standard writes 202301)")
_FIELDS = N_("needs {count} fields: {fields}")
_NAN = Decimal("NaN")


def is_sie(opening: bytes) -> bool:
    """A SIE file by its content: its first line that is not blank starts with `#`."""
    return opening.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"#")


class Sums(NamedTuple):
    """A SIE file's outcomes: per (account, (year, month), objects), exactly, in kronor."""

    file: str
    source: str  # "psaldo", "vouchers" or "res" (year totals only, at the year's last month)
    sums: dict[Key, Decimal]
    account_lines: dict[str, int]  # where each account first shows, to point problems at
    warnings: tuple[Problem, ...]
    encoding: str

    @property
    def year_totals_only(self) -> bool:
        return self.source == "res"


def fields(line: str) -> list[str]:
    """A record's label and fields: quotes removed (`\\"` kept as `"`), an object list as
    written, braces and all."""
    import re

    found = []
    for quoted, objects, plain in re.findall(_TOKEN, line):
        if objects:
            found.append(objects)
        elif plain:
            found.append(plain)
        else:
            found.append(quoted.replace('\\"', '"').replace("\\\\", "\\"))
    return found


def object_list(field: str) -> list[tuple[str, str]] | None:
    """`{1 "456" 6 "P1"}` → [("1", "456"), ("6", "P1")]; None where it is not closed or pairs
    do not pair up."""
    if not (field.startswith("{") and field.endswith("}")):
        return None
    inner = fields(field[1:-1])
    if len(inner) % 2:
        return None
    return list(zip(inner[::2], inner[1::2], strict=True))


def checksum_bytes(record: list[str], encoding: str) -> bytes:
    """What #KSUMMA sums of a record: the label and each field's content, without the spaces
    between them, the quotes around them or the braces of an object list."""
    parts = []
    for field in record:
        pairs = object_list(field) if field.startswith("{") else None
        if pairs is None:
            parts.append(field)
        else:
            parts.extend(part for pair in pairs for part in pair)
    return "".join(parts).encode(encoding, errors="replace")


class _Reader:
    """The state of one pass over a SIE file."""

    def __init__(
        self,
        name: str,
        year: int,
        dimensions: Mapping[str, int],
        encoding: str,
        balance_label: str = "#PSALDO",
    ):
        self.name = name
        self.balance_label = balance_label  # #PBUDGET reads a budget file back as its balances
        self.year = year
        self.encoding = encoding
        # the dimension names asked for, in order, and the #DIM number of each
        self.names = tuple(dimensions)
        self.numbers = {str(number): index for index, number in enumerate(dimensions.values())}
        self.years: dict[str, tuple[datetime.date, datetime.date, int]] = {}
        self.psaldo: dict[tuple[str, str, str, Objects], Decimal] = {}  # by year number
        self.psaldo_total: dict[tuple[str, str, str], Decimal] = {}  # {} rows, by year number
        self.res: dict[tuple[str, str], Decimal] = {}
        self.vouchers: dict[Key, Decimal] = {}
        self.types: dict[str, str] = {}
        self.account_lines: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.bad = 0
        self.warnings: list[Problem] = []
        self.unbalanced: list[tuple[int, str]] = []
        self.lone_rtrans: list[int] = []
        self.checksum: int | None = None  # running CRC-32 between the #KSUMMA records
        self.checksum_line = 0
        self.checksum_seen = False
        self.bad_year = False  # a #RAR that cannot be: said at its line
        # the open voucher (its line, series and number, date), whether its `{` was seen, the
        # sum of its rows, and an #RTRANS awaiting its #TRANS twin
        self.voucher: tuple[int, str, datetime.date | None] | None = None
        self.opened = False
        self.balance = Decimal(0)
        self.pending_rtrans: tuple[int, str] | None = None
        self.no_objects: Objects = (None,) * len(self.names)
        self.period: Period = (0, 0)  # the open voucher's month
        self.fast = False  # a plain row may be summed at once: rows open, nothing pending

    # --- problems ------------------------------------------------------------------------------

    def problem(self, line: int, label: str, message: str) -> None:
        self.bad += 1
        if self.bad <= MAX_LISTED:
            self.problems.append(Problem(self.name, message, line, (label,)))

    def amount(self, text: str, line: int, label: str) -> Decimal | None:
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) >= 10**15:
            self.problem(line, label, _(_BAD_AMOUNT).format(value=_shown(text)))
            return None
        return value

    def account(self, text: str, line: int, label: str) -> str | None:
        if text.isascii() and text.isdigit() and len(text) <= 20:
            self.account_lines.setdefault(text, line)
            return text
        self.problem(line, label, _(_BAD_ACCOUNT).format(value=_shown(text)))
        return None

    def objects(self, field: str, line: int, label: str) -> Objects | None:
        """The objects of the dimensions asked for, in their order; None where the list is bad."""
        pairs = object_list(field)
        if pairs is None:
            message = _('{value} is not an object list (write {{1 "456"}}, or {{}})')
            self.problem(line, label, message.format(value=_shown(field)))
            return None
        found: list[str | None] = [None] * len(self.names)
        for dimension, item in pairs:
            at = self.numbers.get(dimension)
            if at is not None:
                found[at] = item
        return tuple(found)

    def dims_of(self, field: str) -> frozenset[str]:
        pairs = object_list(field) or []
        return frozenset(dimension for dimension, _item in pairs)

    # --- vouchers ------------------------------------------------------------------------------

    def add_to_checksum(self, record: list[str]) -> None:
        self.checksum = zlib.crc32(checksum_bytes(record, self.encoding), self.checksum or 0)

    def voucher_row(self, record: list[str], label: str, text: str, line: int) -> None:
        """A #TRANS, #RTRANS or #BTRANS row of the open voucher, summed by its own date (else
        the voucher's), its account and objects."""
        if self.voucher is None or not self.opened:
            self.problem(line, label, _("stands outside a voucher's rows"))
            return
        if self.pending_rtrans is not None:
            twin = label == "#TRANS" and text[1:] == self.pending_rtrans[1][2:]
            if not twin:
                self.lone_rtrans.append(self.pending_rtrans[0])
            self.pending_rtrans = None
            if twin:
                return  # the #TRANS twin of an added row: counted once, as the #RTRANS
        if label == "#BTRANS":
            return  # a struck row
        if label == "#RTRANS":
            self.pending_rtrans = (line, text)
        self.fast = self.pending_rtrans is None and self.checksum is None
        if len(record) < 4:
            self.short(
                record, line, label, _(_FIELDS).format(count=3, fields="konto {objekt} belopp")
            )
            return
        account, field, amount_text = record[1], record[2], record[3]
        try:
            amount = Decimal(amount_text)
        except InvalidOperation:
            amount = _NAN
        if not amount.is_finite():
            self.problem(line, label, _(_BAD_AMOUNT).format(value=_shown(amount_text)))
            return
        if not (account.isdigit() and account.isascii()):
            self.account(account, line, label)
            return
        date = self.voucher[2]
        if len(record) > 4 and record[4]:
            date = _date(record[4])
            if date is None:
                self.problem(line, label, _(_BAD_DATE).format(value=_shown(record[4])))
                return
        if date is None:
            return  # the voucher's own date is bad: said at its line
        if field == "{}":
            objects = self.no_objects
        elif (found := self.objects(field, line, label)) is not None:
            objects = found
        else:
            return
        self.balance += amount
        if account not in self.account_lines:
            self.account_lines[account] = line
        key = (account, (date.year, date.month), objects)
        vouchers = self.vouchers
        vouchers[key] = vouchers[key] + amount if key in vouchers else amount

    def short(self, record: list[str], line: int, label: str, message: str) -> None:
        """A record with too few fields: most often an object list never closed."""
        if any(field.startswith("{") and not field.endswith("}") for field in record):
            message = _("the object list is not closed")
        self.problem(line, label, message)

    def record(self, record: list[str], label: str, line: int) -> None:
        """Any record but a voucher's row: a voucher opened or closed, or a balance, a year,
        an account's type or a checksum; labels mercalc does not use are ignored."""
        if self.pending_rtrans is not None:
            self.lone_rtrans.append(self.pending_rtrans[0])
            self.pending_rtrans = None
        self.fast = False
        if label == "}":
            if self.voucher is None or not self.opened:
                self.problem(line, "}", _("closes a voucher that was not opened"))
            elif self.balance != 0:
                self.unbalanced.append((self.voucher[0], self.voucher[1]))
            self.voucher, self.opened = None, False
        elif label == "#VER":
            self.open_voucher(record, line)
        elif label == "{":
            if self.voucher is None or self.opened:
                self.problem(line, "{", _("opens a voucher's rows without its #VER"))
            self.opened = True
            date = self.voucher[2] if self.voucher is not None else None
            if date is not None:
                self.period = (date.year, date.month)
                self.fast = self.checksum is None
        elif self.voucher is not None and not self.opened:
            self.problem(self.voucher[0], "#VER", _("the voucher's rows do not follow it"))
            self.voucher = None
        elif label == self.balance_label:
            self.period_balance(record, line)
        elif label == "#RES":
            self.year_result(record, line)
        elif label == "#RAR":
            self.rar(record, line)
        elif label == "#KTYP":
            self.account_type(record, line)
        elif label == "#KSUMMA":
            _checksum(self, record, line)

    def open_voucher(self, record: list[str], line: int) -> None:
        """`#VER serie vernr verdatum vertext …`: its rows follow between `{` and `}`."""
        if self.voucher is not None:
            self.problem(self.voucher[0], "#VER", _("the voucher's rows are never closed"))
        date = _date(record[3]) if len(record) > 3 else None
        if date is None:
            value = record[3] if len(record) > 3 else ""
            self.problem(line, "#VER", _(_BAD_DATE).format(value=_shown(value)))
        self.voucher = (line, " ".join(record[1:3]), date)
        self.opened, self.balance = False, Decimal(0)

    def end_of_file(self) -> None:
        if self.voucher is not None:
            self.problem(self.voucher[0], "#VER", _("the voucher's rows are never closed"))
        if self.pending_rtrans is not None:
            self.lone_rtrans.append(self.pending_rtrans[0])

    # --- records -------------------------------------------------------------------------------

    def rar(self, record: list[str], line: int) -> None:
        if len(record) < 4:
            self.problem(line, record[0], _(_FIELDS).format(count=3, fields="årsnr start slut"))
            return
        start, end = _date(record[2]), _date(record[3])
        for text, date in ((record[2], start), (record[3], end)):
            if date is None:
                self.problem(line, "#RAR", _(_BAD_DATE).format(value=_shown(text)))
        if start is None or end is None:
            return
        if end < start:
            message = _("the year ends ({end}) before it starts ({start})")
            self.problem(line, "#RAR", message.format(start=record[2], end=record[3]))
            self.bad_year = True
            return
        self.years[record[1]] = (start, end, line)

    def period_balance(self, record: list[str], line: int) -> None:
        """`#PSALDO årsnr period konto {objekt} saldo [kvantitet]`."""
        label = record[0]
        if len(record) < 6:
            message = _(_FIELDS).format(count=5, fields="årsnr period konto {objekt} saldo")
            self.short(record, line, label, message)
            return
        year_number, period, account_text, field, amount_text = record[1:6]
        account = self.account(account_text, line, label)
        amount = self.amount(amount_text, line, label)
        if _period(period) is None:
            self.problem(line, label, _(_BAD_PERIOD).format(value=_shown(period)))
            return
        if not field.startswith("{"):
            message = _('{value} is not an object list (write {{1 "456"}}, or {{}})')
            self.problem(line, label, message.format(value=_shown(field)))
            return
        objects = self.objects(field, line, label)
        if account is None or amount is None or objects is None:
            return
        with exactly():
            if field.replace(" ", "") == "{}":
                key3 = (year_number, period, account)
                self.psaldo_total[key3] = self.psaldo_total.get(key3, 0) + amount
            elif self.names and self.dims_of(field) == frozenset(self.numbers):
                key = (year_number, period, account, objects)
                self.psaldo[key] = self.psaldo.get(key, 0) + amount

    def year_result(self, record: list[str], line: int) -> None:
        """`#RES årsnr konto saldo [kvantitet]`."""
        label = record[0]
        if len(record) < 4:
            self.problem(line, label, _(_FIELDS).format(count=3, fields="årsnr konto saldo"))
            return
        account = self.account(record[2], line, label)
        amount = self.amount(record[3], line, label)
        if account is not None and amount is not None:
            with exactly():
                key = (record[1], account)
                self.res[key] = self.res.get(key, 0) + amount

    def account_type(self, record: list[str], line: int) -> None:
        if len(record) >= 3 and record[1].isascii() and record[1].isdigit():
            self.types[record[1]] = record[2].upper()


def _shown(value: str) -> str:
    return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'


@functools.lru_cache(maxsize=4096)  # a year's vouchers hold a few hundred dates
def _date(text: str) -> datetime.date | None:
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _period(text: str) -> Period | None:
    if len(text) != 6 or not (text.isascii() and text.isdigit()):
        return None
    year, month = int(text[:4]), int(text[4:])
    return (year, month) if 1 <= month <= 12 and 1900 <= year <= 2200 else None


def encoding_of(path: Path) -> str:
    """UTF-8 where the bytes are valid UTF-8 holding non-ASCII characters (a BOM allowed), as
    many programs write; code page 437 otherwise, as `#FORMAT PC8` says (SPEC 13.1)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    ascii_only = True
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            if chunk.isascii():
                continue
            ascii_only = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "cp437"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp437"
    return "cp437" if ascii_only else "utf-8-sig"


def read_sie(
    path: Path | str,
    year: int,
    dimensions: Mapping[str, int] | None = None,
    label: str = "#PSALDO",
) -> Sums:
    """The SIE file's outcomes of the plan's `year` per account, month and the objects of
    `dimensions` (name → #DIM number); raise PlanError with every bad record. With `label`
    "#PBUDGET", a budget file's months are read in place of the period balances."""
    path = Path(path)
    encoding = encoding_of(path)
    reader = _Reader(str(path), year, dimensions or {}, encoding, label)
    with path.open(encoding=encoding, newline=None) as file:
        _read(reader, file)
    return _finish(reader)


_ROWS = ("#TRANS", "#RTRANS", "#BTRANS")


_PLAIN = "0123456789.-"  # the characters of an amount as a ledger writes it


def _read(reader: _Reader, lines: Iterable[str]) -> None:
    """One pass: the common row (`#TRANS 5010 {} 123.50` in an open voucher) summed at once;
    any other record tokenised, added to the checksum where one runs, and handed on."""
    row = reader.voucher_row
    vouchers, first_lines = reader.vouchers, reader.account_lines
    with exactly():
        for number, line in enumerate(lines, 1):
            if reader.fast and line.startswith("#TRANS "):
                record = line.split()
                if (
                    len(record) == 4
                    and record[2] == "{}"
                    and not record[3].strip(_PLAIN)
                    and record[1].isdigit()
                    and record[1].isascii()
                ):
                    try:
                        amount = Decimal(record[3])
                    except InvalidOperation:
                        pass  # said by the full reading below
                    else:
                        key = (record[1], reader.period, reader.no_objects)
                        vouchers[key] = vouchers[key] + amount if key in vouchers else amount
                        reader.balance += amount
                        if record[1] not in first_lines:
                            first_lines[record[1]] = number
                        continue
            text = line.strip()
            if text:
                if text.startswith("#VER") and reader.checksum is None:
                    # series, number and date; the voucher's text is not needed
                    record = text.split('"', 1)[0].split(None, 4)[:4]
                    if len(record) < 4:
                        record = fields(text)
                else:
                    record = _tokens(text)
                if reader.checksum is not None and record[0].upper() != "#KSUMMA":
                    reader.add_to_checksum(record)
                label = record[0].upper()
                if label in _ROWS:
                    row(record, label, text, number)
                else:
                    reader.record(record, label, number)
        reader.end_of_file()


def _tokens(text: str) -> list[str]:
    """A record's fields: by a split where no quote or object list can hold a space."""
    if '"' not in text and "{" not in text[1:]:
        return text.split()
    if text.startswith("#TRANS") and '"' not in text and "{} " in text:
        record = text.split()
        if record[2:3] == ["{}"]:
            return record
    return fields(text)


def _checksum(reader: _Reader, record: list[str], line: int) -> None:
    """The first #KSUMMA starts the sum; the second gives it."""
    if reader.checksum is None and not reader.checksum_seen:
        reader.checksum, reader.checksum_line, reader.checksum_seen = 0, line, True
        return
    if reader.checksum is None:
        return
    computed, reader.checksum = reader.checksum, None
    given = record[1] if len(record) > 1 else ""
    if given.lstrip("-").isdigit() and int(given) % (1 << 32) == computed:
        return
    message = _("the checksum is {given}, but the file's records sum to {computed}").format(
        given=_shown(given), computed=computed
    )
    if reader.encoding == "cp437":
        reader.problem(line, "#KSUMMA", message)
    else:
        reader.warnings.append(Problem(reader.name, message, line, ("#KSUMMA",), False))


def _finish(reader: _Reader) -> Sums:
    """The outcomes the standard's order picks: #PSALDO, else the vouchers, else #RES."""
    if reader.checksum is not None:
        message = _("starts a checksum that no #KSUMMA at the end gives")
        reader.problem(reader.checksum_line, "#KSUMMA", message)
    number = _year_number(reader)
    if reader.bad > MAX_LISTED:
        more = reader.bad - MAX_LISTED
        message = ngettext(
            "{count} more bad record, not listed", "{count} more bad records, not listed", more
        )
        reader.problems.append(Problem(reader.name, message.format(count=more)))
    if reader.problems:
        raise PlanError(reader.problems)
    result = _result_accounts(reader)
    year = reader.year
    sums: dict[Key, Decimal] = {}
    source = "vouchers"
    objects_none: Objects = (None,) * len(reader.names)
    if reader.names and reader.psaldo and number is not None:
        source = "psaldo"
        for (year_number, period_text, account, objects), amount in reader.psaldo.items():
            period = _period(period_text)
            if year_number == number and period and period[0] == year and result(account):
                sums[account, period, objects] = amount
    elif not reader.names and reader.psaldo_total and number is not None:
        source = "psaldo"
        for (year_number, period_text, account), amount in reader.psaldo_total.items():
            period = _period(period_text)
            if year_number == number and period and period[0] == year and result(account):
                sums[account, period, ()] = amount
        _cumulative(reader, sums, number)
    elif reader.vouchers:
        for (account, period, objects), amount in reader.vouchers.items():
            if period[0] == year and result(account):
                sums[account, period, objects] = amount
    elif reader.names and reader.psaldo_total:
        message = _(
            "holds period balances, but none by exactly the dimensions {dimensions} and no vouchers"
        ).format(dimensions=", ".join(reader.names))
        raise PlanError([Problem(reader.name, message)])
    elif reader.res and number is not None:
        source = "res"
        for (year_number, account), amount in reader.res.items():
            if year_number == number and result(account):
                sums[account, (year, 12), objects_none] = amount
    return Sums(
        reader.name,
        source,
        sums,
        reader.account_lines,
        tuple(reader.warnings + _voucher_warnings(reader)),
        reader.encoding,
    )


def _year_number(reader: _Reader) -> str | None:
    """The #RAR number of the plan's year; a file with balances but no such year is bad input
    naming the years it holds (a file of vouchers only is read by its dates)."""
    year = reader.year
    for number, (start, end, _line) in reader.years.items():
        if start <= datetime.date(year, 1, 1) and end >= datetime.date(year, 12, 31):
            return number
    if (reader.psaldo or reader.psaldo_total or reader.res) and not reader.bad_year:
        held = ", ".join(
            f"{start:%Y-%m-%d}–{end:%Y-%m-%d}" for start, end, _line in reader.years.values()
        )
        message = _("holds no financial year (#RAR) of the plan year {year}: it holds {years}")
        reader.problems.append(
            Problem(reader.name, message.format(year=year, years=held or _("none")), None)
        )
    return None


def _result_accounts(reader: _Reader):
    """Whether an account is a result account: #KTYP K or I where the file gives types, else
    an account whose first digit is 3–8."""
    types = reader.types

    def result(account: str) -> bool:
        kind = types.get(account)
        if kind is not None:
            return kind in RESULT_TYPES
        return "3" <= account[:1] <= "8"

    return result


def _cumulative(reader: _Reader, sums: dict[Key, Decimal], number: str) -> None:
    """A file whose {} #PSALDO months of an account add up to its #RES only cumulatively (its
    last month equals #RES) is read as written, with a warning."""
    by_account: dict[str, dict[int, Decimal]] = {}
    for (account, period, _objects), amount in sums.items():
        by_account.setdefault(account, {})[period[1]] = amount
    for account, months in by_account.items():
        total = reader.res.get((number, account))
        if total is None or len(months) < 2:
            continue
        with exactly():
            added = sum(months.values(), Decimal(0))
        if added != total and months[max(months)] == total:
            message = _(
                "the #PSALDO months of {account} add up to its #RES only cumulatively: the file "
                "looks cumulative (each month's balance to date), and is read as written"
            ).format(account=account)
            line = reader.account_lines.get(account)
            reader.warnings.append(Problem(reader.name, message, line, ("#PSALDO",), False))
            return


def _voucher_warnings(reader: _Reader) -> list[Problem]:
    warnings = []
    if reader.unbalanced:
        line, name = reader.unbalanced[0]
        count = len(reader.unbalanced)
        message = ngettext(
            "{count} voucher does not add up to 0 (the first: {name}); its rows are counted as "
            "the ledger has them",
            "{count} vouchers do not add up to 0 (the first: {name}); their rows are counted as "
            "the ledger has them",
            count,
        ).format(count=count, name=name)
        warnings.append(Problem(reader.name, message, line, ("#VER",), False))
    for line in reader.lone_rtrans:
        message = _("an added row without its #TRANS twin: counted once")
        warnings.append(Problem(reader.name, message, line, ("#RTRANS",), False))
    return warnings
