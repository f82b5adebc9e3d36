"""SIE in (SPEC 13.1), the board's objects (13.2) and the ledger's unit (13.3): a ledger's rows
written as SIE 3 period balances, as SIE 4 vouchers and as a CSV export give the same outcomes,
exactly; a shared ledger gives only the board's part; kronor against a tkr plan come out right."""

from __future__ import annotations

import json
import random
import zlib
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, run

from mercalc.books.followup import follow_up
from mercalc.books.loader import load_plan
from mercalc.io.sie import checksum_bytes, fields, read_sie

PLAN = """\
[plan]
organisation = "Västra nämnden"
year = 2023
unit = "{unit}"

[ledger]
dimensions = {{ ansvar = 1, projekt = 6 }}
{objects}

[[contribution]]
name = "Kungsör"
budget = {contribution}
accounts = ["3611"]

[[cost]]
name = "Personal"
budget = {personal}
accounts = ["5*"]

[[cost]]
name = "Projekt 1001"
budget = {project}
accounts = ["5*"]
objects = {{ projekt = ["1001"] }}

[[cost]]
name = "Licenser"
budget = {licences}
accounts = ["654*"]
"""


def ledger_rows(seed: int = 7, count: int = 600) -> list[tuple[str, str, str | None, int, Decimal]]:
    """A shared ledger's rows: (account, ansvar, projekt, month, amount in kronor with öre)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        account = rng.choice(["5010", "5020", "6540", "6541", "3611", "1930"])
        unit = rng.choice(["450", "451", "460"])  # 45* is the board's, 460 another board's
        project = rng.choice(["0000", "1001", "1002"])  # every row carries both dimensions
        amount = Decimal(rng.randint(-500000, 2000000)) / 100
        rows.append((account, unit, project, rng.randint(1, 12), amount))
    return rows


def objects_field(unit: str, project: str | None) -> str:
    return f'{{1 "{unit}"' + (f' 6 "{project}"' if project else "") + "}"


def sie4(rows, path: Path, checksum: bool = False) -> Path:
    """The rows as SIE 4 vouchers of five rows each, every voucher balanced on 1930, some with a
    row dated in another month than its voucher, an added and a struck row."""
    records = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#PROGRAM "Testbok" 1.0']
    if checksum:
        records.append("#KSUMMA")
    records += ["#RAR 0 20230101 20231231", "#RAR -1 20220101 20221231", '#DIM 1 "Ansvar"']
    for start in range(0, len(rows), 5):
        chunk = rows[start : start + 5]
        month = chunk[0][3]
        records.append(f'#VER A {start // 5 + 1} 2023{month:02d}15 "Verifikation \\"{start}\\""')
        records.append("{")
        balance = Decimal(0)
        for account, unit, project, row_month, amount in chunk:
            date = f" 2023{row_month:02d}28" if row_month != month else ""
            records.append(f"#TRANS {account} {objects_field(unit, project)} {amount}{date}")
            balance += amount
        records.append(f"#BTRANS 5010 {{}} 999.00 2023{month:02d}15")
        records.append(f"#TRANS 1930 {{}} {-balance} 2023{month:02d}15")
        records.append("}")
    if checksum:
        crc = 0
        for record in records[records.index("#KSUMMA") + 1 :]:
            crc = zlib.crc32(checksum_bytes(fields(record), "cp437"), crc)
        records.append(f"#KSUMMA {crc}")
    path.write_bytes(("\r\n".join(records) + "\r\n").encode("cp437"))
    return path


def sie3(rows, path: Path) -> Path:
    """The same rows as SIE 3 period balances: {} per account and month, and by objects."""
    total: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    by_objects: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    for account, unit, project, month, amount in rows:
        total[account, month] += amount
        by_objects[account, month, f'{{1 "{unit}"}}'] += amount
        if project:
            by_objects[account, month, objects_field(unit, project)] += amount
    records = ["#FLAGGA 0", "#SIETYP 3", "#RAR 0 20230101 20231231", "#RAR -1 20220101 20221231"]
    records.append("#PSALDO -1 202201 5010 {} 123456.00")  # last year's: never counted
    for (account, month), amount in sorted(total.items()):
        records.append(f"#PSALDO 0 2023{month:02d} {account} {{}} {amount}")
    for (account, month, objects), amount in sorted(by_objects.items()):
        records.append(f"#PSALDO 0 2023{month:02d} {account} {objects} {amount}")
    path.write_text("\n".join(records) + "\n", encoding="cp437")
    return path


def csv_export(rows, path: Path) -> Path:
    lines = ["Konto;Ansvar;Projekt;Period;Belopp"]
    lines += [
        f"{account};{unit};{project or ''};2023-{month:02d};{str(amount).replace('.', ',')}"
        for account, unit, project, month, amount in rows
        if account[0] in "345678"  # an export of the result accounts
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_hand(rows, *, board: bool = False) -> dict[tuple[str, tuple[int, int]], Decimal]:
    sums: dict[tuple[str, tuple[int, int]], Decimal] = defaultdict(Decimal)
    for account, unit, _project, month, amount in rows:
        if account[0] in "345678" and (not board or unit.startswith("45")):
            sums[account, (2023, month)] += amount
    return dict(sums)


def test_sie_3_period_balances_and_sie_4_vouchers_equal_the_rows_exactly(tmp_path):
    rows = ledger_rows()
    expected = by_hand(rows)
    for path in (sie4(rows, tmp_path / "4.se"), sie3(rows, tmp_path / "3.se")):
        read = read_sie(path, 2023)
        assert {key[:2]: value for key, value in read.sums.items()} == expected, path.name


def test_the_board_objects_through_sie_and_a_csv_with_an_ansvar_column_alike(tmp_path):
    rows = ledger_rows(seed=11)
    plan_file = tmp_path / "2023.toml"
    plan_file.write_text(
        PLAN.format(
            unit="kr",
            objects='objects = { ansvar = ["45*"] }',
            contribution=1000000,
            personal=600000,
            project=100000,
            licences=300000,
        ),
        encoding="utf-8",
    )
    exports = [sie4(rows, tmp_path / "4.se"), sie3(rows, tmp_path / "3.se")]
    exports.append(csv_export(rows, tmp_path / "utfall.csv"))
    results = []
    for export in exports:
        result = run(
            "follow-up", plan_file, "--actuals", export, "--through", "2023-12", "-f", "json"
        )
        assert result.exit_code in (0, 1), result.stderr
        results.append(json.loads(result.stdout))
    assert results[0] == results[1] == results[2]
    lines = {line["name"]: line["actual_to_date"] for line in results[0]["lines"]}
    personal = sum(
        amount
        for account, unit, project, _m, amount in rows
        if account.startswith("5") and unit.startswith("45") and project != "1001"
    )
    project = sum(
        amount
        for account, unit, project, _m, amount in rows
        if account.startswith("5") and unit.startswith("45") and project == "1001"
    )
    assert Decimal(str(lines["Personal"])) == personal
    assert Decimal(str(lines["Projekt 1001"])) == project
    board = by_hand(rows, board=True)
    assert Decimal(str(results[0]["result"]["actual_to_date"])) == sum(board.values())


def test_kronor_against_a_tkr_plan_come_out_right_and_read_as_tkr_they_are_stopped(tmp_path):
    rows = [("5010", "450", None, 1, Decimal("125000.50")), ("6540", "450", None, 2, Decimal(3))]
    plan_file = tmp_path / "2023.toml"
    plan_file.write_text(
        PLAN.format(
            unit="tkr", objects="", contribution=1000, personal=600, project=100, licences=300
        ),
        encoding="utf-8",
    )
    export = csv_export(rows, tmp_path / "utfall.csv")
    plan = load_plan(plan_file)
    statement = follow_up(plan, {("5010", (2023, 1)): Decimal("125000.50")}, (2023, 2))
    assert statement.costs[0].figures.actual_to_date == Fraction(12500050, 100000)
    result = run("follow-up", plan_file, "--actuals", export, "-f", "json")
    assert result.exit_code == 0, result.stderr
    lines = {line["name"]: line["actual_to_date"] for line in json.loads(result.stdout)["lines"]}
    assert (lines["Personal"], lines["Licenser"]) == (125.0005, 0.003)
    stopped = run("follow-up", plan_file, "--actuals", export, "--actuals-unit", "tkr")
    assert stopped.exit_code == 2
    assert "over 100 times their budget to date" in stopped.stderr
    assert "--actuals-unit" in stopped.stderr
    anyway = run(
        "follow-up", plan_file, "--actuals", export, "--actuals-unit", "tkr", "--no-unit-check"
    )
    assert anyway.exit_code == 0, anyway.stderr


def test_a_checksum_is_verified(tmp_path):
    rows = ledger_rows(count=20)
    path = sie4(rows, tmp_path / "4.se", checksum=True)
    assert read_sie(path, 2023).sums
    text = path.read_bytes().replace(b"#KSUMMA ", b"#KSUMMA 1")
    path.write_bytes(text)
    from mercalc.problems import PlanError

    with pytest.raises(PlanError, match="#KSUMMA: the checksum is"):
        read_sie(path, 2023)


def test_added_and_struck_rows_as_the_standard_says(tmp_path):
    path = tmp_path / "4.se"
    path.write_text(
        "#SIETYP 4\n#RAR 0 20230101 20231231\n"
        '#VER A 1 20230115 "Rättad"\n{\n'
        "#TRANS 5010 {} 100.00\n"
        "#BTRANS 5010 {} 100.00\n"
        '#RTRANS 5010 {} 80.00 20230115 "Rätt belopp"\n'
        '#TRANS 5010 {} 80.00 20230115 "Rätt belopp"\n'
        "#RTRANS 5020 {} 5.00\n"
        "#TRANS 1930 {} -185.00\n"
        "}\n",
        encoding="utf-8",
    )
    read = read_sie(path, 2023)
    assert read.sums == {
        ("5010", (2023, 1), ()): Decimal("180.00"),
        ("5020", (2023, 1), ()): Decimal("5.00"),
    }
    assert [str(w).split(": ", 1)[1] for w in read.warnings] == [
        "#RTRANS: an added row without its #TRANS twin: counted once"
    ]


def test_an_unbalanced_voucher_is_one_warning_and_its_rows_count(tmp_path):
    path = tmp_path / "4.se"
    vouchers = "".join(
        f'#VER A {n} 20230315 "V"\n{{\n#TRANS 5010 {{}} 10.00\n#TRANS 1930 {{}} -9.00\n}}\n'
        for n in range(3)
    )
    path.write_text("#SIETYP 4\n#RAR 0 20230101 20231231\n" + vouchers, encoding="utf-8")
    read = read_sie(path, 2023)
    assert read.sums == {("5010", (2023, 3), ()): Decimal("30.00")}
    assert len(read.warnings) == 1
    assert "3 vouchers do not add up to 0 (the first: A 0)" in str(read.warnings[0])


def test_year_totals_and_account_types(tmp_path):
    path = tmp_path / "1.se"
    path.write_text(
        "#SIETYP 1\n#RAR 0 20230101 20231231\n#KTYP 5010 K\n#KTYP 2440 S\n#KTYP 9000 I\n"
        "#RES 0 5010 1200.00\n#RES 0 9000 -50.00\n#RES -1 5010 7.00\n#UB 0 2440 -99.00\n",
        encoding="utf-8",
    )
    read = read_sie(path, 2023)
    assert read.year_totals_only
    assert read.sums == {
        ("5010", (2023, 12), ()): Decimal("1200.00"),
        ("9000", (2023, 12), ()): Decimal("-50.00"),
    }


def test_fields_quotes_and_object_lists():
    assert fields('#VER A 1 20230115 "Lön \\"jan\\"" {1 "4 5"} x') == [
        "#VER",
        "A",
        "1",
        "20230115",
        'Lön "jan"',
        '{1 "4 5"}',
        "x",
    ]


def test_an_export_with_two_title_rows_reads_with_ledger_columns(tmp_path):
    plan_file = tmp_path / "2023.toml"
    text = PLAN.format(
        unit="kr",
        objects='objects = { ansvar = ["45*"] }\n'
        'columns = { account = "Konto", period = "Månad", amount = "Utfall" }',
        contribution=1000000,
        personal=600000,
        project=100000,
        licences=300000,
    )
    text = text.replace('accounts = ["5*"]\nobjects = { projekt = ["1001"] }', 'accounts = ["7*"]')
    plan_file.write_text(text, "utf-8")
    export = tmp_path / "utfall.csv"
    export.write_text(
        "Huvudbok Västra Mälardalen;;;\nUttag 2023-03-05;;;\n"
        "Konto;Ansvar;Månad;Utfall\n"
        "5010;450;2023-01;1000,00\n5010;460;2023-01;500,00\n6540;451;2023-02;250,50\n",
        encoding="utf-8",
    )
    result = run("follow-up", plan_file, "--actuals", export, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    lines = {line["name"]: line["actual_to_date"] for line in data["lines"]}
    assert (lines["Personal"], lines["Licenser"]) == (1000, 250.5)
    bad = tmp_path / "bad.csv"
    bad.write_text("Titel;;;\nKonto;Ansvar;Månad;Utfall\n5010;450;2023-13;1\n", encoding="utf-8")
    result = run("follow-up", plan_file, "--actuals", bad)
    assert result.exit_code == 2
    assert f"{bad}:3: Månad:" in result.stderr


def test_utf8_is_read_as_utf8_and_a_checksum_there_only_warns(tmp_path):
    path = tmp_path / "utf8.se"
    path.write_text(
        '#KSUMMA\n#SIETYP 3\n#RAR 0 20230101 20231231\n#KONTO 5010 "Löner åt nämnden"\n'
        "#PSALDO 0 202301 5010 {} 10.00\n#KSUMMA 1\n",
        encoding="utf-8-sig",
    )
    read = read_sie(path, 2023)
    assert read.encoding == "utf-8-sig"
    assert read.sums == {("5010", (2023, 1), ()): Decimal("10.00")}
    assert [w.bad_input for w in read.warnings] == [False]
    assert "#KSUMMA: the checksum is" in str(read.warnings[0])


def test_cumulative_period_balances_are_read_as_written_with_a_warning(tmp_path):
    path = tmp_path / "3.se"
    path.write_text(
        "#SIETYP 3\n#RAR 0 20230101 20231231\n#RES 0 5010 30.00\n"
        "#PSALDO 0 202301 5010 {} 10.00\n#PSALDO 0 202302 5010 {} 20.00\n"
        "#PSALDO 0 202303 5010 {} 30.00\n",
        encoding="utf-8",
    )
    read = read_sie(path, 2023)
    assert sum(read.sums.values()) == 60
    assert "looks cumulative" in str(read.warnings[0])


def test_period_balances_without_the_filtered_dimensions_fall_back_to_vouchers(tmp_path):
    path = tmp_path / "4.se"
    text = (
        "#SIETYP 4\n#RAR 0 20230101 20231231\n#PSALDO 0 202301 5010 {} 10.00\n"
        '#VER A 1 20230105 "V"\n{\n#TRANS 5010 {1 "450"} 10.00\n#TRANS 1930 {} -10.00\n}\n'
    )
    path.write_text(text, encoding="utf-8")
    read = read_sie(path, 2023, {"ansvar": 1})
    assert read.source == "vouchers"
    assert read.sums == {("5010", (2023, 1), ("450",)): Decimal("10.00")}
    path.write_text(text.split("#VER")[0], encoding="utf-8")
    from mercalc.problems import PlanError

    with pytest.raises(PlanError, match="none by exactly the dimensions ansvar"):
        read_sie(path, 2023, {"ansvar": 1})


def test_the_library_follows_up_a_sie_file_of_the_boards_objects():
    import mercalc

    books = mercalc.load(ROOT / "tests" / "plans" / "ledger")
    statement = mercalc.follow_up(
        books, 2023, actuals=ROOT / "tests" / "plans" / "ledger" / "huvudbok-2023-02.se"
    )
    lines = {line.name: line.figures.actual_to_date for line in statement.costs}
    # kronor into tkr, exactly; the project's rows on 5010 and 6540 are its own line's
    assert lines == {
        "Personalkostnader": Fraction(524550, 1000),
        "Nytt ärendesystem": Fraction(138250, 1000),
        "Licenser": Fraction(598500, 1000),
    }
    assert statement.outside == (2, Fraction(29555, 10))


def test_an_xlsx_export_with_title_rows_and_an_ansvar_column(tmp_path):
    import openpyxl

    rows = ledger_rows(seed=3, count=60)
    plan_file = tmp_path / "2023.toml"
    plan_file.write_text(
        PLAN.format(
            unit="kr",
            objects='objects = { ansvar = ["45*"] }',
            contribution=1000000,
            personal=600000,
            project=100000,
            licences=300000,
        ),
        encoding="utf-8",
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Huvudbok, utdrag"])
    sheet.append([])
    sheet.append(["Konto", "Ansvar", "Projekt", "Period", "Belopp"])
    for account, unit, project, month, amount in rows:
        if account[0] in "345678":
            sheet.append([int(account), int(unit), project, f"2023-{month:02d}", float(amount)])
    workbook.save(tmp_path / "utfall.xlsx")
    outcomes = []
    for export in (tmp_path / "utfall.xlsx", sie4(rows, tmp_path / "4.se")):
        result = run(
            "follow-up", plan_file, "--actuals", export, "--through", "2023-12", "-f", "json"
        )
        assert result.exit_code in (0, 1), result.stderr
        outcomes.append(
            {line["name"]: line["actual_to_date"] for line in json.loads(result.stdout)["lines"]}
        )
    assert outcomes[0] == outcomes[1]


def test_a_4i_file_of_vouchers_only_is_read_by_its_dates(tmp_path):
    path = tmp_path / "lon.si"
    path.write_text(
        '#FLAGGA 0\n#SIETYP 4\n#VER L 1 20221231 "December"\n{\n#TRANS 5010 {} 7.00\n'
        '#TRANS 1930 {} -7.00\n}\n#VER L 2 20230125 "Januari"\n{\n#TRANS 5010 {} 5.00\n'
        "#TRANS 1930 {} -5.00\n}\n",
        encoding="utf-8",
    )
    assert read_sie(path, 2023).sums == {("5010", (2023, 1), ()): Decimal("5.00")}


def test_the_plan_year_is_the_rar_that_covers_it(tmp_path):
    path = tmp_path / "3.se"
    path.write_text(
        "#SIETYP 3\n#RAR 0 20240101 20241231\n#RAR -1 20230101 20231231\n"
        "#PSALDO 0 202401 5010 {} 99.00\n#PSALDO -1 202301 5010 {} 10.00\n"
        "#PSALDO -1 202212 5010 {} 7.00\n",  # a month outside the year, under its number
        encoding="utf-8",
    )
    assert read_sie(path, 2023).sums == {("5010", (2023, 1), ()): Decimal("10.00")}
    assert read_sie(path, 2024).sums == {("5010", (2024, 1), ()): Decimal("99.00")}


def test_report_adds_the_follow_up_of_a_sie_file_and_takes_the_unit_options(tmp_path):
    plan = ROOT / "tests" / "plans" / "ledger" / "2023.toml"
    ledger = plan.parent / "huvudbok-2023-02.se"
    page = tmp_path / "plan.md"
    result = run("report", plan, "--actuals", ledger, "-o", page)
    assert result.exit_code == 0, result.stderr
    assert "Utfall utanför nämndens objekt" in page.read_text(encoding="utf-8")
    refused = run("report", plan, "--actuals", ledger, "--actuals-unit", "tkr", "-o", page)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "--actuals-unit: a SIE file is always in kronor: leave out --actuals-unit\n",
    )
