"""Reading the ledger's export: as it comes (separator, encoding, headers, Swedish figures), every
bad row located as FILE:ROW, outcomes summed exactly per account and month."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mercalc.io import actuals
from mercalc.io.actuals import read_outcomes
from mercalc.problems import PlanError


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "utfall.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanError) as caught:
        read_outcomes(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_windows_1252_export_with_semicolons_and_decimal_commas(tmp_path):
    path = write(
        tmp_path,
        "Ansvar;KONTO;Text;Period;Belopp\r\n"
        "100;5410;Lön januari;2023-01;12 345,50\r\n"
        "100;5410;Lön januari;202301;-0,50\r\n"
        "100;3010;Försäljning;2023-02-28;-1\u00a0000\r\n",
        "cp1252",
    )
    outcomes = read_outcomes(path)
    assert outcomes.sums == {
        ("5410", (2023, 1)): Decimal("12345.00"),
        ("3010", (2023, 2)): Decimal("-1000"),
    }
    assert outcomes.account_rows == {"5410": 2, "3010": 4}
    assert outcomes.period_rows == {(2023, 1): 2, (2023, 2): 4}
    assert outcomes.latest() == (2023, 2)


def test_encoding_is_found_utf8_with_or_without_bom_else_windows_1252(tmp_path):
    text = "Konto;Period;Belopp;Text\n5410;2023-03;100;Ärende på Laxå\n"
    for encoding in ("utf-8", "utf-8-sig", "cp1252"):
        path = write(tmp_path, text, encoding)
        assert read_outcomes(path).sums == {("5410", (2023, 3)): Decimal(100)}, encoding


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_found_from_the_header_row(tmp_path, separator):
    rows = [["Text", "Account", "Amount", "Period"], ["a, b; c", "4010", "1.5", "2023-12"]]
    text = "".join(
        separator.join(f'"{cell}"' if separator in cell else cell for cell in row) + "\n"
        for row in rows
    )
    path = write(tmp_path, text)
    assert read_outcomes(path).sums == {("4010", (2023, 12)): Decimal("1.5")}


def test_every_form_of_a_swedish_figure(tmp_path):
    amounts = [
        "1 234,50",  # space between thousands
        "1\u00a0234,50",  # no-break space
        "1\u2009234,50",  # thin space
        "1\u202f234,50",  # narrow no-break space
        "-1 234,5",
        "\u22121 234,50",  # the minus sign U+2212
        "1234.50",
        "  7 ",
        "0,0000000001",
        "999999999999,9999999999",
    ]
    text = "konto;period;belopp\n" + "".join(f"4010;2023-01;{a}\n" for a in amounts)
    total = read_outcomes(write(tmp_path, text)).sums[("4010", (2023, 1))]
    assert total == sum(
        Decimal(x)
        for x in (
            "1234.50",
            "1234.50",
            "1234.50",
            "1234.50",
            "-1234.5",
            "-1234.50",
            "1234.50",
            "7",
            "0.0000000001",
            "999999999999.9999999999",
        )
    )


def test_each_bad_row_is_located_as_a_spreadsheet_numbers_it(tmp_path):
    path = write(
        tmp_path,
        "Konto;Period;Belopp\n"
        "5410;2023-01;100\n"
        "\n"  # an empty row is skipped, and counted
        '5410;2023-01;"12\n34"\n'  # a cell over two lines is one row
        "54x;2023-13;12-\n"
        ";;\n"
        "5410;2023-02;1,5e3\n"
        "5410;2023-02;1.234,50\n"
        "Summa;;100\n"
        "5410;2023-02\n"
        "5410;2023-02;0,12345678901\n"
        "5410;2023-02;1000000000000,01\n",
    )
    assert problems(path) == [
        f'{path}:4: Belopp: "12\n34" is not an amount (write it as -1234,50 or 1234.50)'.replace(
            "\n", "\\n"
        ),
        f'{path}:5: Konto: "54x" is not an account number',
        f'{path}:5: Period: "2023-13" is not a period '
        "(write 2023-08, 202308 or a date such as 2023-08-31)",
        f'{path}:5: Belopp: "12-" has its minus sign last: write it first',
        f'{path}:7: Belopp: "1,5e3" is not an amount (write it as -1234,50 or 1234.50)',
        f'{path}:8: Belopp: "1.234,50" is not an amount (write it as -1234,50 or 1234.50)',
        f'{path}:9: Konto: "Summa" is not an account number',
        f"{path}:9: Period: is empty",
        f"{path}:10: Belopp: is empty",
        f'{path}:11: Belopp: has more than 10 decimals ("0,12345678901")',
        f'{path}:12: Belopp: "1000000000000,01" is too large (at most 10^12)',
    ]


def test_a_file_without_an_amount_column_is_one_line(tmp_path):
    path = write(tmp_path, "Konto;Period;Summa\n5410;2023-01;100\n")
    assert problems(path) == [
        f"{path}:1: no amount column: the header row names Konto, Period, Summa "
        "(want belopp or amount)"
    ]


def test_a_file_without_a_header_row_is_one_line(tmp_path):
    path = write(tmp_path, "5410;2023-01;100\n")
    assert problems(path) == [
        f"{path}:1: no header row: row 1 must name the columns konto, period and belopp "
        "(it holds 5410, 2023-01, 100)"
    ]


def test_two_columns_for_one_thing_are_bad_input(tmp_path):
    path = write(tmp_path, "Konto;Account;Period;Belopp\n")
    assert problems(path) == [f"{path}:1: two account columns: Konto, Account"]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n \r\n"])
def test_an_empty_file_is_one_line(tmp_path, content):
    path = tmp_path / "utfall.csv"
    path.write_bytes(content)
    assert problems(path) == [f"{path}: is empty: an export needs a header row and its rows"]


def test_a_header_row_alone_holds_no_outcomes(tmp_path):
    outcomes = read_outcomes(write(tmp_path, "konto;period;belopp\r\n"))
    assert (outcomes.sums, outcomes.latest()) == ({}, None)


def test_text_that_is_neither_utf8_nor_windows_1252(tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_bytes(b"konto;period;belopp\n5410;2023-01;1\n\xe5 \x81\n")
    assert problems(path) == [
        f"{path}:3: is neither UTF-8 nor Windows-1252 text (byte 0x81): export it again"
    ]


def test_files_that_are_not_exports(tmp_path):
    missing = tmp_path / "saknas.csv"
    old = tmp_path / "gammal.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(100))
    assert problems(missing) == [f"{missing}: no such file"]
    assert problems(tmp_path) == [f"{tmp_path}: is a directory, not an export file"]
    assert problems(old) == [f"{old}: is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV"]
    assert problems(broken)[0].startswith(f"{broken}: is not an xlsx workbook that can be read")


def test_a_flood_of_bad_rows_is_listed_up_to_a_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(actuals, "MAX_LISTED", 2)
    path = write(tmp_path, "konto;period;belopp\n" + "x;2023-01;1\n" * 5)
    assert problems(path) == [
        f'{path}:2: konto: "x" is not an account number',
        f'{path}:3: konto: "x" is not an account number',
        f"{path}: 3 more bad rows, not listed",
    ]


def test_progress_is_told_how_far_the_reading_has_come(tmp_path, monkeypatch):
    monkeypatch.setattr(actuals, "PROGRESS_EVERY", 2)
    path = write(tmp_path, "konto;period;belopp\n" + "5410;2023-01;1\n" * 5)
    seen: list[tuple[int, int]] = []
    read_outcomes(path, lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert [total for _, total in seen] == [size] * 3
    assert all(0 < done <= size for done, _ in seen)


def test_an_xlsx_export_from_its_first_sheet(tmp_path):
    path = tmp_path / "utfall.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Belopp", "Ansvar", "Period", "Konto"])
    sheet.append([0.1, 100, datetime.datetime(2023, 4, 30), 5410])
    sheet.append([0.2, 100, "2023-04", 5410.0])
    sheet.append(["1 000,25", 100, 202304, "6110"])
    sheet.append([None, None, None, None])
    sheet.append([True, 100, "2023-04", 5410])
    workbook.create_sheet("Annat").append(["Konto", "Period", "Belopp"])
    workbook.save(path)
    assert problems(path) == [
        f'{path}:6: Belopp: "TRUE" is not an amount (write it as -1234,50 or 1234.50)'
    ]
    sheet.delete_rows(6)
    workbook.save(path)
    assert read_outcomes(path).sums == {
        ("5410", (2023, 4)): Decimal("0.3"),  # as the sheet shows them, never 0.30000000000000004
        ("6110", (2023, 4)): Decimal("1000.25"),
    }


amounts = st.decimals(min_value=Decimal("-999999999"), max_value=Decimal("999999999"), places=2)


@settings(max_examples=50, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=30))
def test_swedish_figures_sum_exactly(tmp_path_factory, values):
    from mercalc.swedish import swedish

    path = tmp_path_factory.mktemp("export") / "utfall.csv"
    rows = "".join(f"5410;202311;{swedish(v, 2)}\n" for v in values)
    path.write_bytes(("konto;period;belopp\n" + rows).encode("cp1252", errors="strict"))
    assert read_outcomes(path).sums == {("5410", (2023, 11)): sum(values)}


def test_a_row_with_more_cells_than_the_header_is_bad_input(tmp_path):
    """A decimal comma in a comma-separated export splits `123,45` in two cells."""
    path = write(tmp_path, "konto,period,belopp\n5010,2024-01,100\n5010,2024-01,123,45\n")
    assert problems(path) == [
        f"{path}:3: has more cells (4) than the header row names (3): a cell holds the "
        "separator unquoted (a decimal comma in a comma-separated file?)"
    ]
    trailing = write(tmp_path, "konto;period;belopp\n5010;2024-01;100;\n", name="t.csv")
    assert read_outcomes(trailing).sums == {("5010", (2024, 1)): Decimal(100)}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (".00000000001", 'has more than 10 decimals (".00000000001")'),
        (",00000000001", 'has more than 10 decimals (",00000000001")'),
        ("-.00000000001", 'has more than 10 decimals ("-.00000000001")'),
        ("1" * 65, '"{shown}..." is too large (at most 10^12)'),
        ("1 000" * 13, '"{shown}..." is too large (at most 10^12)'),
        ("0" * 50 + "1,5", None),  # leading zeros: 1,5
        ("1" * 30 + "," + "1" * 30, '"{shown}..." is too large (at most 10^12)'),
        ("9" * 13 + ",5", '"9999999999999,5" is too large (at most 10^12)'),
        ("1" * 20_000_000, '"{shown}..." is too large (at most 10^12)'),
        ("x" * 100_000, '"{shown}..." is not an amount (write it as -1234,50 or 1234.50)'),
    ],
)
def test_the_decimal_and_size_rules_hold_for_every_way_of_writing_an_amount(
    tmp_path, amount, message
):
    path = write(tmp_path, f"konto;period;belopp\n5010;2024-01;{amount}\n")
    shown = amount.replace(" ", " ")[:37]
    if message is None:
        assert read_outcomes(path).sums == {("5010", (2024, 1)): Decimal("1.5")}
        return
    assert problems(path) == [f"{path}:2: belopp: {message.format(shown=shown)}"]


def test_a_stray_byte_in_a_utf8_export_is_bad_input_naming_row_and_byte(tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_bytes(
        "konto;text;period;belopp\n5010;Lön;2024-01;1\n".encode()
        + b"5010;L\xf6n;2024-02;2\n"  # one Windows-1252 byte: ö
    )
    assert problems(path) == [
        f"{path}:3: byte 0xf6 is not UTF-8, though the rest of the file is: export it again"
    ]
    windows = write(tmp_path, "konto;text;period;belopp\n5010;Lön;2024-01;1\n", "cp1252", "w.csv")
    assert read_outcomes(windows).sums == {("5010", (2024, 1)): Decimal(1)}
    # signs that Windows-1252 writes with bytes a UTF-8 character also has (0x80-0xbf)
    signs = write(
        tmp_path, "konto;text;period;belopp\n5010;Hyra – 5 €;2024-01;1\n", "cp1252", "s.csv"
    )
    assert read_outcomes(signs).sums == {("5010", (2024, 1)): Decimal(1)}


# --- workbooks that are not what they say ------------------------------------------------------


def _workbook(tmp_path: Path, **parts: bytes) -> Path:
    """A workbook of the header and one row, with the named parts (`sheet`, `strings`) replaced
    as given, or dropped where given as b""."""
    import zipfile

    plain = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Konto", "Period", "Belopp"])
    workbook.active.append(["5010", "2024-01", 100])
    workbook.save(plain)
    names = {"sheet": "xl/worksheets/sheet1.xml", "strings": "xl/sharedStrings.xml"}
    replaced = {names[part]: data for part, data in parts.items()}
    path = tmp_path / "utfall.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = replaced.pop(info.filename, source.read(info.filename))
            if data:
                target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in replaced.items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Konto</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Period</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Belopp</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>5010</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>{period}</t></is></c>{amount}</row>'
    "</sheetData></worksheet>"
)


def _sheet(amount: str = '<c r="C2"><v>1</v></c>', period="2024-01", doctype="") -> bytes:
    return _SHEET.format(amount=amount, period=period, doctype=doctype).encode()


UNREADABLE = "is not an xlsx workbook that can be read"
ENTITIES = "is an xlsx workbook whose XML declares entities: not read, for safety"


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"sheet": b"<worksheet><sheetData><row>"}, UNREADABLE),
        ({"sheet": b"not xml at all"}, UNREADABLE),
        ({"sheet": b""}, "is an xlsx workbook without a worksheet"),
        (
            {
                "sheet": _sheet(
                    period="&x;&x;&x;",
                    doctype='<!DOCTYPE w [<!ENTITY x "2024-01">]>',
                )
            },
            ENTITIES,
        ),
        (
            {
                "sheet": _sheet(
                    period="&x;", doctype='<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                )
            },
            ENTITIES,
        ),
        ({"sheet": _sheet('<c r="C2"><v>' + "1" * 70 + "</v></c>")}, 'Belopp: "111'),
        ({"sheet": _sheet('<c r="C2"><v>NaN</v></c>')}, UNREADABLE),
        ({"sheet": _sheet('<c r="C2" t="n"><v>NaN</v></c>')}, UNREADABLE),
        ({"sheet": _sheet('<c r="C2"><v>1e400</v></c>')}, 'Belopp: "inf" is not an amount'),
        ({"sheet": _sheet('<c r="C2" t="s"><v>99</v></c>')}, UNREADABLE),
    ],
)
def test_every_malformed_workbook_is_bad_input(tmp_path, parts, message):
    path = _workbook(tmp_path, **parts)
    found = problems(path)
    assert len(found) == 1 and message in found[0], found
    assert found[0].startswith(f"{path}:")


def test_a_workbook_without_a_worksheet_is_bad_input(tmp_path):
    import zipfile

    path = _workbook(tmp_path)
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bare, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                start, end = data.index(b"<sheets>"), data.index(b"</sheets>") + 9
                data = data[:start] + b"<sheets/>" + data[end:]
            if not info.filename.startswith("xl/worksheets/"):
                target.writestr(info, data)
    found = problems(bare)
    assert len(found) == 1 and found[0].startswith(f"{bare}: "), found


def test_a_corrupt_deflate_stream_is_bad_input(tmp_path):
    path = _workbook(tmp_path, sheet=_sheet() * 50)
    data = bytearray(path.read_bytes())
    at = data.index(b"xl/worksheets/sheet1.xml") + 60  # inside the sheet's compressed data
    data[at : at + 40] = bytes(40)
    path.write_bytes(bytes(data))
    found = problems(path)
    assert len(found) == 1 and UNREADABLE in found[0], found


def test_a_part_that_inflates_past_the_limits_is_never_inflated(tmp_path, monkeypatch):
    path = _workbook(tmp_path, strings=b"<sst>" + b" " * (3 << 20) + b"</sst>")
    assert problems(path) == [
        f'{path}: is an xlsx workbook whose part "xl/sharedStrings.xml" inflates to 3 MiB: '
        "too large to be read as an export"
    ]
    monkeypatch.setattr(actuals, "XLSX_MEMBERS", 3)
    assert problems(path) == [f"{path}: is an xlsx workbook of 10 parts: too many to be an export"]


class _Repeating:
    """A deflate compressor that flushes fully after every write, so that a block written again
    compresses to the same bytes: a bomb of 512 MiB is made in a moment, not in seconds."""

    def __init__(self):
        import zlib

        self.zlib = zlib
        self.compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.known: dict[bytes, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        if data not in self.known:
            compressed = self.compressor.compress(data)
            self.known[data] = compressed + self.compressor.flush(self.zlib.Z_FULL_FLUSH)
        return self.known[data]

    def flush(self) -> bytes:
        return self.compressor.flush()


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """A workbook of about 511 KiB whose sheet inflates to 512 MiB."""
    import zipfile

    folder = tmp_path_factory.mktemp("bomb")
    path = _workbook(folder)
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_DEFLATED)
        sheet = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        sheet.compress_type = zipfile.ZIP_DEFLATED
        real = zipfile._get_compressor
        zipfile._get_compressor = lambda *_args: _Repeating()
        try:
            with target.open(sheet, "w", force_zip64=True) as stream:
                stream.write(_sheet()[: -len("</sheetData></worksheet>")])
                blank = b" " * (1 << 20)
                for _ in range(512):
                    stream.write(blank)
                stream.write(b"</sheetData></worksheet>")
        finally:
            zipfile._get_compressor = real
    return bomb


def test_a_zip_bomb_is_refused_at_once_in_little_memory(zip_bomb: Path):
    import subprocess
    import sys
    import time

    assert 500 * 1024 < zip_bomb.stat().st_size < 600 * 1024
    started = time.perf_counter()
    found = problems(zip_bomb)
    assert time.perf_counter() - started < 1
    assert found == [
        f'{zip_bomb}: is an xlsx workbook whose part "xl/worksheets/sheet1.xml" inflates to '
        "512 MiB: too large to be read as an export"
    ]
    script = (
        "import resource\nfrom mercalc.io.actuals import read_outcomes\ntry:\n"
        "    read_outcomes(%r)\nexcept Exception as error:\n    print(type(error).__name__)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script % str(zip_bomb)], capture_output=True, text=True, timeout=60
    )
    refused, peak = done.stdout.split()
    assert refused == "PlanError"
    assert int(peak) < 200 * 1024  # KiB
    with zipfile_of(zip_bomb) as archive:  # and it truly is a bomb: every byte of it inflates
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 512 * 2**20


def zipfile_of(path: Path):
    import zipfile

    return zipfile.ZipFile(path)


def test_an_export_behind_a_link_that_loops_or_dangles_or_too_long_a_name(tmp_path):
    (tmp_path / "a.csv").symlink_to("b.csv")
    (tmp_path / "b.csv").symlink_to("a.csv")
    (tmp_path / "d.csv").symlink_to("saknas.csv")
    loop, gone = tmp_path / "a.csv", tmp_path / "d.csv"
    assert problems(loop) == [f"{loop}: is a symbolic link that loops: it never reaches a file"]
    assert problems(gone) == [f"{gone}: is a dangling link: saknas.csv does not exist"]
    long = problems(tmp_path / ("y" * 5000 + ".csv"))
    assert len(long) == 1 and long[0].endswith(": the file name is too long for the file system")
    assert len(long[0]) < 200
