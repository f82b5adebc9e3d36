"""Whole-process speed and memory of mercalc against its floors, measured in one run.

    python benchmarks/bench.py            # every size, 1M lines included (a few minutes)
    python benchmarks/bench.py --quick    # the seed plan, 10k lines and rows, a 100k-row export
    python benchmarks/bench.py --exports-only   # the ledger's export only (1M rows of CSV)
    python benchmarks/bench.py --sie-only       # a SIE 4 file of 1M rows only
    python benchmarks/bench.py --peers    # beside hledger and bean-check (benchmarks/peers.py)

Each ratio compares two commands timed in alternating runs on this machine (medians), so the
machine's own speed cancels out. Nothing here asserts: it prints each ratio with its target.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

from mercalc.numbers import largest_remainder

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "2023.toml"
PYTHON = sys.executable
MERCALC = shutil.which("mercalc", path=str(Path(PYTHON).parent)) or "mercalc"

STACK_FLOOR = """
import typer, rich.console, rich.table, pydantic
class Line(pydantic.BaseModel):
    name: str
    budget: int
line = Line(name="Lekeberg", budget=9755)
table = rich.table.Table(title="Driftbudget")
for column in ("", "Budget", "Previous", "Change"):
    table.add_column(column)
for row in range(13):
    table.add_row(line.name, str(line.budget), str(line.budget), "0")
rich.console.Console().print(table)
"""

# A table of N rows as the commands draw them: lines with exact figures, a change reason under
# every fifth line, a subtotal every thousand rows and a total; both scripts below build it.
XLSX_TABLE = """
import sys
from decimal import Decimal
from pathlib import Path
from mercalc.views.table import Column, Report, Row
rows, block = [], []
for i in range(int(sys.argv[2]) - 1):
    if i % 1000 == 999:
        figures = (Decimal(i), Decimal(i), Decimal(0))
        rows.append(Row(f"Delsumma {i}", figures, "subtotal", tuple(block)))
        block = []
    elif i % 5 == 4:
        rows.append(Row(f"Orsak {i}", (None, None, Decimal(i % 89) / 3), "detail"))
    else:
        block.append(len(rows))
        figures = (Decimal(i % 997) / 7, Decimal(i % 991), Decimal(i % 13) - 6)
        rows.append(Row(f"Kostnad {i}", figures))
rows.append(Row("Summa", (Decimal(1), Decimal(2), Decimal(-1)), "total"))
columns = tuple(Column(k, k.title()) for k in ("budget", "previous", "change"))
report = Report("Driftbudget 2023", columns, tuple(rows), data={})
"""

# openpyxl's write-only floor: the same cells (the figures rounded as shown), without styles.
XLSX_FLOOR = (
    XLSX_TABLE
    + """
from openpyxl import Workbook
from mercalc.numbers import round_half_up
book = Workbook(write_only=True)
sheet = book.create_sheet("Driftbudget 2023")
sheet.append([report.title])
sheet.append([])
sheet.append([report.label_header, *(column.label for column in report.columns)])
for row in report.rows:
    sheet.append([row.label, *(None if v is None else int(round_half_up(v)) for v in row.values)])
book.save(sys.argv[1])
"""
)

XLSX_MERCALC = (
    XLSX_TABLE
    + """
from mercalc.io.writer import write_atomically
from mercalc.views.xlsx import report_workbook
write_atomically(Path(sys.argv[1]), report_workbook(report))
"""
)

TOMLLIB_FLOOR = (
    "import sys, tomllib; from decimal import Decimal\n"
    "with open(sys.argv[1], 'rb') as f: tomllib.load(f, parse_float=Decimal)"
)


def block(
    i: int,
    budget: int,
    previous: int,
    year: int,
    planning: list[str] | None = None,
    own: list[str] | None = None,
) -> list[str]:
    """The i-th block of a generated plan: a cost line with its reasons (and `planning` keys),
    an investment with two parts (and `own`: whose it is), a goal with an indicator."""
    return [
        "[[cost]]",
        f'name = "Kostnad {i}"',
        f"budget = {budget}",
        f"previous = {previous}",
        *(planning or []),
        "changes = [",
        f'  {{ reason = "Uppräkning {i}", amount = {budget - previous - 7} }},',
        '  { reason = "Övrigt, ej specificerat", amount = 7 },',
        "]",
        "",
        "[[investment]]",
        f'name = "Investering {i}"',
        *(own or []),
        "parts = [",
        f"  {{ amount = {100 + i % 50}, years = 3 }},",
        f"  {{ amount = {200 + i % 70}, years = 4 }},",
        "]",
        "",
        "[[goal]]",
        f'council_goal = "Kommunfullmäktiges mål {i}"',
        f'board_goal = "Nämndmål {i}"',
        "",
        "[[goal.indicator]]",
        f'name = "Indikator {i}"',
        'unit = "st"',
        f"baseline = {i % 100}",
        'direction = "at_least"',
        f"targets = {{ {year} = {i % 100 + 5}, {year + 1} = {i % 100 + 10} }}",
        "",
    ]


def generate(path: Path, target_lines: int) -> int:
    """A valid, balanced plan of about `target_lines` lines: members paying by a key, costs with
    reasons (raised by an index or given for a plan year), investments with parts (some a
    member's own), goals with indicators.
    Returns the number of lines written."""
    blocks = max(1, target_lines // 28)  # 27 lines a block, and a member for every 5 blocks
    out = [
        "[plan]",
        'organisation = "Regionens gemensamma nämnd"',
        "year = 2023",
        "plan_years = [2024, 2025]",
        "",
        "[capital]",
        'interest_rate = "1.25%"',
        "",
        "[indices]",
        'pay = { 2024 = "3.5%", 2025 = "3%" }',
        'price = { 2024 = "2%", 2025 = "2%" }',
        "",
    ]
    total = 0
    for i in range(blocks):
        budget, previous = 1000 + i % 997, 900 + i % 991
        total += budget
        out += block(
            i,
            budget,
            previous,
            2023,
            # planår: lines raised by pay or price, some with a figure given, some unchanged
            planning=[
                *([f'index = "{("pay", "price")[i % 2]}"'] if i % 3 else []),
                *([f"plan = {{ 2025 = {budget + 50} }}"] if i % 7 == 0 else []),
            ],
            # every seventh a member's own (a direct cost of that member)
            own=[f'municipality = "Kommun {i // 7 % max(1, blocks // 5)}"'] if i % 7 == 0 else [],
        )
    members = max(1, blocks // 5)
    population = [1000 + m * 37 % 9000 for m in range(members)]
    # the members pay by a key of population (SPEC 7): their shares in whole units
    shares = largest_remainder(
        [Fraction(total * value, sum(population)) for value in population], total
    )
    previous_total = sum(900 + i % 991 for i in range(blocks))
    for m in range(members):
        before = previous_total // members + (previous_total % members if m == 0 else 0)
        out += [
            "[[contribution]]",
            f'name = "Kommun {m}"',
            f"budget = {shares[m]}",
            f"previous = {before}",
            "",
        ]
    out += ["[[key]]", 'name = "Invånare"', "", "[key.values]"]
    out += [f'"Kommun {m}" = {value}' for m, value in enumerate(population)]
    out += ["", "[distribution]", 'key = "Invånare"', ""]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


# The processes run as an installed mercalc runs: from bytecode. An environment that forbids
# writing it (PYTHONDONTWRITEBYTECODE) would have every run compile mercalc's modules anew, which
# `pip install .` never does (it compiles them once, when it installs).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package() -> None:
    """mercalc's modules compiled to bytecode, as an install leaves them."""
    import mercalc

    compileall.compile_dir(Path(mercalc.__file__).parent, quiet=1)


# Each command is started by a small Python that forks it and reports its time and peak memory:
# Linux counts the pages of the process that started a program in that program's peak, and this
# one holds some 100 MiB after writing an export.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_once(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak memory (KiB) of one whole process."""
    launched = subprocess.run(
        [PYTHON, "-c", LAUNCHER, *command], capture_output=True, text=True, env=ENVIRONMENT
    )
    elapsed, peak, code = launched.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(command)}")
    return float(elapsed), int(peak)


def compare(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, int]]:
    """Median time and peak memory of each command, the commands alternating round by round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, int] = dict.fromkeys(commands, 0)
    for command in commands.values():  # warm the file cache and the bytecode
        run_once(command)
    for _ in range(rounds):
        for name, command in commands.items():
            elapsed, peak = run_once(command)
            times[name].append(elapsed)
            memory[name] = max(memory[name], peak)
    return {name: (statistics.median(times[name]), memory[name]) for name in commands}


RESULTS: list[tuple[str, float, float, str]] = []


def report(label: str, ratio: float, target: float | None, detail: str) -> None:
    verdict = "" if target is None else ("met" if ratio <= target else "NOT MET")
    target_text = "" if target is None else f"target ≤ {target:g}×"
    print(f"  {label:<46} {ratio:6.2f}×  {target_text:<14} {verdict:<8} {detail}")
    RESULTS.append((label, ratio, target or 0.0, verdict))


def report_ratio(
    label: str, result: dict[str, tuple[float, int]], name: str, base: str, target: float | None
) -> None:
    """The time of command `name` against that of `base`, both as measured by `compare`."""
    ratio = result[name][0] / result[base][0]
    report(label, ratio, target, f"{ms(result[name][0])} vs {ms(result[base][0])}")


def report_memory(label: str, peak: float, target: int | None) -> None:
    """A peak in MiB beside its target, if any; a peak over it counts among the targets not met."""
    verdict = "" if target is None else ("met" if peak <= target else "NOT MET")
    target_text = f"target ≤ {target} MiB" if target else ""
    print(f"  {label:<46} {peak:6.0f} MiB {target_text:<14} {verdict}")
    if verdict:
        RESULTS.append((label, peak, float(target or 0), verdict))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


# `mercalc budget` with the records as they are, or with __eq__, __repr__ and the frozen
# __setattr__ and __delattr__ generated for each record class (what books/model.py's _Record saves
# at start-up)
RECORDS = """
import sys, pydantic.dataclasses as pd
if {generated}:
    original = pd.dataclass
    shared = {{"eq": True, "repr": True, "frozen": True}}
    pd.dataclass = lambda *args, **kw: original(*args, **{{**kw, **shared}})
from mercalc.__main__ import run
sys.argv = ["mercalc", "budget", sys.argv[1]]
run()
"""


def small(rounds: int) -> None:
    print(f"Seed plan ({SEED.relative_to(ROOT)}), {rounds} alternating rounds:")
    result = compare(
        {
            "floor": [PYTHON, "-c", STACK_FLOOR],
            "budget": [MERCALC, "budget", str(SEED)],
            "check": [MERCALC, "check", str(SEED)],
            "pass": [PYTHON, "-c", "pass"],
            "help": [MERCALC, "--help"],
            "shared": [PYTHON, "-c", RECORDS.format(generated=False), str(SEED)],
            "generated": [PYTHON, "-c", RECORDS.format(generated=True), str(SEED)],
        },
        rounds,
    )
    floor = result["floor"][0]
    for name in ("budget", "check"):
        report(
            f"mercalc {name} (seed) / stack floor",
            result[name][0] / floor,
            1.15,
            f"{ms(result[name][0])} vs {ms(floor)}",
        )
    report_ratio("mercalc --help / python -c pass", result, "help", "pass", 6)
    shared, generated = result["shared"][0], result["generated"][0]
    report(
        "budget, records' methods generated / shared",
        generated / shared,
        None,
        f"{ms(generated)} vs {ms(shared)}: _Record saves {ms(generated - shared)}",
    )


def large(folder: Path, lines: int, rounds: int) -> None:
    books = folder / f"large-{lines}"  # a plan's books: one plan a year in a folder
    books.mkdir(exist_ok=True)
    plan = books / f"plan-{lines}.toml"
    written = generate(plan, lines)
    size = plan.stat().st_size / 2**20
    print(f"{written:,} lines ({size:.1f} MiB), {rounds} alternating rounds:")
    result = compare(
        {
            "tomllib": [PYTHON, "-c", TOMLLIB_FLOOR, str(plan)],
            "check": [MERCALC, "check", str(plan)],
            "json": [MERCALC, "budget", str(plan), "--format", "json"],
            "plan_years": [MERCALC, "budget", str(plan), "--plan-years", "--format", "json"],
            "table": [MERCALC, "budget", str(plan)],
            "capital": [MERCALC, "capital", str(plan), "--year", "2024", "--format", "json"],
            "members": [MERCALC, "members", str(plan), "--format", "json"],
        },
        rounds,
    )
    floor = result["tomllib"][0]
    # the target is set for 100k lines and more
    report_ratio(
        "check / tomllib.load", result, "check", "tomllib", 1.5 if lines >= 100_000 else None
    )
    report(
        "budget --format json / tomllib.load",
        result["json"][0] / floor,
        None,
        ms(result["json"][0]),
    )
    # the target is set for 1M lines
    report_ratio(
        "budget --plan-years json / budget json",
        result,
        "plan_years",
        "json",
        1.5 if lines >= 1_000_000 else None,
    )
    # the target is set for 1M lines
    report_ratio(
        "members --format json / budget json",
        result,
        "members",
        "json",
        1.5 if lines >= 1_000_000 else None,
    )
    report(
        "capital --format json / tomllib.load",
        result["capital"][0] / floor,
        None,
        ms(result["capital"][0]),
    )
    report_ratio("budget table / budget json (same report)", result, "table", "json", 2)
    report_memory(
        "peak memory (largest of the commands)",
        max(memory for _, memory in result.values()) / 1024,
        300 if lines >= 1_000_000 else None,
    )


def xlsx(folder: Path, rows: int, rounds: int) -> None:
    print(f"A table of {rows:,} rows as xlsx, {rounds} alternating rounds:")
    out = str(folder / "table.xlsx")
    result = compare(
        {
            "floor": [PYTHON, "-c", XLSX_FLOOR, out, str(rows)],
            "mercalc": [PYTHON, "-c", XLSX_MERCALC, out, str(rows)],
        },
        rounds,
    )
    # the target is set for 100k rows
    report_ratio(
        "xlsx (styled) / openpyxl write-only floor",
        result,
        "mercalc",
        "floor",
        2 if rows >= 100_000 else None,
    )


# The ledger's export floors: Python's csv reader with Decimal on the amount column, and
# openpyxl's read-only iteration of a workbook's first sheet.
CSV_FLOOR = """
import csv, sys
from decimal import Decimal
with open(sys.argv[1], encoding="cp1252", newline="") as file:
    rows = csv.reader(file, delimiter=";")
    next(rows)
    for row in rows:
        Decimal(row[4].replace(",", "."))
"""
XLSX_READ_FLOOR = """
import sys, openpyxl
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for row in workbook.worksheets[0].iter_rows(values_only=True):
    pass
"""
ACCOUNTS = ("3110", "3410", "4010", "5011", "5410", "6110", "6420", "6540", "7010", "8410")


def export_rows(rows: int):
    """An export's rows as a ledger writes them: konto, ansvar, verksamhet, period, belopp, text;
    periods in two forms, amounts with a decimal comma, an account (8410) that matches no line."""
    for i in range(rows):
        month = 1 + i * 12 // rows
        period = f"2023-{month:02d}" if i % 2 else f"2023{month:02d}"
        cents = (i * 7919) % 10_000_000 - 1_000_000
        amount = f"{cents // 100},{cents % 100:02d}"
        yield ACCOUNTS[i % len(ACCOUNTS)], 100 + i % 37, 400 + i % 11, period, amount


def write_exports(folder: Path, csv_rows: int, xlsx_rows: int) -> tuple[Path, Path, Path]:
    """A plan whose lines have accounts, and its export as CSV (Windows-1252) and as xlsx."""
    import openpyxl

    books = folder / "ledger-books"  # not the folder of books() beside it: its own 2023
    books.mkdir(exist_ok=True)
    plan = books / "2023.toml"
    plan.write_text(
        '[plan]\norganisation = "Regionens gemensamma nämnd"\nyear = 2023\n\n'
        '[[contribution]]\nname = "Kommun 1"\nbudget = 9000\naccounts = ["31*"]\n\n'
        '[[revenue]]\nname = "Uppdrag"\nbudget = 1000\naccounts = ["34*"]\n\n'
        '[[cost]]\nname = "Personal"\nbudget = 6000\naccounts = ["5*"]\n\n'
        '[[cost]]\nname = "Övrigt"\nbudget = 4000\naccounts = ["4*", "6*", "7*"]\n'
        "profile = [3, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 3]\n",
        encoding="utf-8",
    )
    exported = folder / "utfall.csv"
    with exported.open("w", encoding="cp1252", newline="") as file:
        file.write("Konto;Ansvar;Verksamhet;Period;Belopp;Text\r\n")
        for account, unit, activity, period, amount in export_rows(csv_rows):
            file.write(f"{account};{unit};{activity};{period};{amount};Faktura från leverantör\r\n")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Utfall")
    sheet.append(["Konto", "Ansvar", "Verksamhet", "Period", "Belopp", "Text"])
    for account, unit, activity, period, amount in export_rows(xlsx_rows):
        number = float(amount.replace(",", "."))
        sheet.append([int(account), unit, activity, period, number, "Faktura från leverantör"])
    workbook.save(folder / "utfall.xlsx")
    return plan, exported, folder / "utfall.xlsx"


def exports(folder: Path, csv_rows: int, xlsx_rows: int, rounds: int) -> None:
    plan, exported, workbook = write_exports(folder, csv_rows, xlsx_rows)
    size = exported.stat().st_size / 2**20
    print(
        f"The ledger's export: {csv_rows:,} rows of CSV ({size:.0f} MiB) and {xlsx_rows:,} rows "
        f"of xlsx, {rounds} alternating rounds:"
    )
    # the generated amounts are no budget's: the unit check would stop them
    follow_up = [MERCALC, "follow-up", str(plan), "-f", "json", "--no-unit-check", "--actuals"]
    result = compare(
        {
            "csv_floor": [PYTHON, "-c", CSV_FLOOR, str(exported)],
            "csv": [*follow_up, str(exported)],
            "xlsx_floor": [PYTHON, "-c", XLSX_READ_FLOOR, str(workbook)],
            "xlsx": [*follow_up, str(workbook)],
        },
        rounds,
    )
    # the target is set for 1M rows
    report_ratio(
        "follow-up CSV / csv reader + Decimal",
        result,
        "csv",
        "csv_floor",
        2 if csv_rows >= 1_000_000 else None,
    )
    # the target is set for 100k rows
    report_ratio(
        "follow-up xlsx / openpyxl read-only",
        result,
        "xlsx",
        "xlsx_floor",
        1.5 if xlsx_rows >= 100_000 else None,
    )
    report_memory(
        "peak memory (follow-up of the CSV)",
        result["csv"][1] / 1024,
        300 if csv_rows >= 1_000_000 else None,
    )


# The floor of reading SIE 4: split each line and sum the #TRANS amounts as Decimals per account
# and the month of their voucher.
SIE_FLOOR = """
import sys
from decimal import Decimal
sums, month = {}, None
with open(sys.argv[1], encoding="cp437") as file:
    for line in file:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "#VER":
            month = parts[3][:6]
        elif parts[0] == "#TRANS":
            key = (parts[1], month)
            sums[key] = sums.get(key, 0) + Decimal(parts[3])
"""


def write_sie(folder: Path, rows: int) -> tuple[Path, Path]:
    """The export plan and a SIE 4 file of `rows` rows in vouchers of five (four rows and the
    balancing bank row), as a ledger's "Exportera SIE typ 4" writes it."""
    plan, _exported, _workbook = write_exports(folder, 0, 0)
    path = folder / "huvudbok.se"
    with path.open("w", encoding="cp437", newline="") as file:
        file.write(
            '#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#PROGRAM "Ekonomi" 1.0\r\n'
            "#RAR 0 20230101 20231231\r\n#RAR -1 20220101 20221231\r\n"
        )
        amounts = export_rows(rows)
        for voucher in range(rows // 5):
            month = 1 + voucher * 60 // rows
            file.write(f'#VER A {voucher + 1} 2023{month:02d}15 "Leverantörsfaktura"\r\n{{\r\n')
            total = 0
            for _ in range(4):
                account, _unit, _activity, _period, amount = next(amounts)
                cents = int(amount.replace(",", ""))
                total += cents
                file.write(f"#TRANS {account} {{}} {cents // 100}.{cents % 100:02d}\r\n")
            file.write(f"#TRANS 1930 {{}} {-total // 100}.{-total % 100:02d}\r\n}}\r\n")
    return plan, path


def sie(folder: Path, rows: int, rounds: int) -> None:
    plan, path = write_sie(folder, rows)
    size = path.stat().st_size / 2**20
    print(f"A SIE 4 file: {rows:,} rows in vouchers of 5 ({size:.0f} MiB), {rounds} rounds:")
    follow_up = [MERCALC, "follow-up", str(plan), "-f", "json", "--no-unit-check", "--actuals"]
    follow_up.append(str(path))
    result = compare({"sie_floor": [PYTHON, "-c", SIE_FLOOR, str(path)], "sie": follow_up}, rounds)
    # the target is set for 1M rows
    report_ratio(
        "follow-up SIE 4 / split + Decimal per account",
        result,
        "sie",
        "sie_floor",
        3 if rows >= 1_000_000 else None,
    )
    report_memory(
        "peak memory (follow-up of the SIE file)",
        result["sie"][1] / 1024,
        100 if rows >= 1_000_000 else None,
    )


# The seed's lines with the ledger accounts of a Kommun-Bas chart, for the period's report.
SEED_ACCOUNTS = {
    "Lekeberg": "3611",
    "Laxå": "3612",
    "Askersund": "3613",
    "Hallsberg": "3614",
    "Personalkostnader": "5*",
    "Utrustning/Tjänsteköp": "64*",
    "Datakommunikation": "655*",
    "Licenser och serviceavtal": "654*",
    "Resor, kurser, tele och hyra": "70*",
    "Kapitalkostnader": "78*",
}


def write_seed_ledger(folder: Path, rows: int) -> tuple[Path, Path]:
    """The seed plan with accounts on its lines, and a ledger of `rows` rows through August."""
    import re

    books = folder / "seed"
    books.mkdir(exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for name, account in SEED_ACCOUNTS.items():
        text = re.sub(
            rf'(name = "{re.escape(name)}"[^\n]*\n)', rf'\1accounts = ["{account}"]\n', text
        )
    plan = books / "2023.toml"
    plan.write_text(text, encoding="utf-8")
    accounts = ("3611", "3612", "3613", "3614", "5011", "6410", "6550", "6540", "7010", "7832")
    ledger = folder / "huvudbok.csv"
    with ledger.open("w", encoding="utf-8", newline="") as file:
        file.write("Konto;Period;Belopp\n")
        for i in range(rows):
            account = accounts[i % len(accounts)]
            cents = (i * 7919) % 170_000 + 1000
            sign = "-" if account.startswith("3") else ""
            file.write(
                f"{account};2023-{1 + i * 8 // rows:02d};{sign}{cents // 100},{cents % 100:02d}\n"
            )
    return plan, ledger


def period_report(folder: Path, rows: int, rounds: int) -> None:
    """`report --period T2` against what it is made of: the follow-up and a document."""
    plan, ledger = write_seed_ledger(folder, rows)
    print(f"The period's report: the seed plan, a ledger of {rows:,} rows, {rounds} rounds:")
    out = folder / "out"
    out.mkdir(exist_ok=True)
    actuals = ["--actuals", str(ledger)]
    result = compare(
        {
            "period": [
                *(MERCALC, "report", str(plan), *actuals, "--period", "T2", "--draft"),
                *("-o", str(out / "delar.html"), "--force"),
            ],
            "followup": [MERCALC, "follow-up", str(plan), *actuals, "-f", "json"],
            "document": [MERCALC, "report", str(plan), "-o", str(out / "plan.html"), "--force"],
        },
        rounds,
    )
    parts = result["followup"][0] + result["document"][0]
    report(
        "report --period T2 / follow-up json + document",
        result["period"][0] / parts,
        1.5 if rows >= 100_000 else None,  # the target is set for 100k rows
        f"{ms(result['period'][0])} vs {ms(result['followup'][0])} + {ms(result['document'][0])}",
    )


# The floor of the books: tomllib (with Decimal) loading every file of the folder.
TOMLLIB_FOLDER_FLOOR = (
    "import sys, tomllib, pathlib; from decimal import Decimal\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.toml')):\n"
    "    with open(path, 'rb') as f: tomllib.load(f, parse_float=Decimal)"
)
FIRST_PLAN_YEAR = 2014


def write_register(path: Path, investments: int) -> int:
    """The register of a folder of books: `investments` from the years before its plans, each
    in service from its own month, and the rates of those years. Returns the lines written."""
    rates = ", ".join(f'{y} = "1.5%"' for y in range(FIRST_PLAN_YEAR - 10, FIRST_PLAN_YEAR))
    out = [
        "[register]",
        'organisation = "Regionens gemensamma nämnd"',
        f"rates = {{ {rates} }}",
        "",
    ]
    for i in range(investments):
        year, month = FIRST_PLAN_YEAR - 1 - i % 8, 1 + i % 12
        out += [
            "[[investment]]",
            f'name = "Anläggning {i}"',
            f'activated = "{year}-{month:02d}"',
            f"amount = {50 + i % 400}",
            f"years = {1 + i % 8}",
            "",
        ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def ledger_costs(register: int, blocks: int, plans: int) -> dict[int, Fraction]:
    """C(Y) of every plan year of the generated books, from mercalc's own rule of a part (the
    parts of one period and month summed: every figure is linear in the amount)."""
    from decimal import Decimal

    from mercalc.books.capital import part_schedule
    from mercalc.books.model import Part

    groups: dict[tuple[int, int, int], int] = {}
    for i in range(register):
        key = (FIRST_PLAN_YEAR - 1 - i % 8, 1 + i % 12, 1 + i % 8)
        groups[key] = groups.get(key, 0) + 50 + i % 400
    for k in range(plans):
        year = FIRST_PLAN_YEAR + k
        groups[(year, 7, 3)] = sum(100 + i % 50 for i in range(blocks))
        groups[(year, 7, 4)] = sum(200 + i % 70 for i in range(blocks))

    def rate(year: int) -> Decimal:
        return Decimal("0.015") if year < FIRST_PLAN_YEAR else Decimal("0.0125")

    years = range(FIRST_PLAN_YEAR, FIRST_PLAN_YEAR + plans)
    costs = dict.fromkeys(years, Fraction(0))
    for (start, month, period), amount in groups.items():
        for cost in part_schedule(Part(amount=amount, years=period), start, month, rate):
            if cost.year in costs:
                costs[cost.year] += cost.capital_cost
    return costs


def write_books(folder: Path, plans: int, lines: int, investments: int) -> int:
    """A folder of books that checks clean: `plans` consecutive plans of about `lines` lines each
    (every previous last year's budget, a capital line reconciled with the books) and a register
    of `investments`. Returns the number of lines written."""
    from mercalc.numbers import round_half_up

    blocks = max(1, lines // 28)
    members = max(1, blocks // 5)
    costs = ledger_costs(investments, blocks, plans)
    written = write_register(folder / "register.toml", investments)

    def budgets(k: int) -> tuple[list[int], int]:
        """The cost lines of the k-th plan, and its capital line (k = -1: the year before)."""
        lines_k = [1000 + (i + k) % 997 if k >= 0 else 900 + i % 991 for i in range(blocks)]
        capital = int(round_half_up(costs[FIRST_PLAN_YEAR + k])) if k >= 0 else 0
        return lines_k, capital

    def shares(k: int) -> list[int]:
        lines_k, capital = budgets(k)
        total = sum(lines_k) + capital
        return largest_remainder([Fraction(total, members)] * members, total)

    for k in range(plans):
        year = FIRST_PLAN_YEAR + k
        (now, capital), (before, capital_before) = budgets(k), budgets(k - 1)
        out = [
            "[plan]",
            'organisation = "Regionens gemensamma nämnd"',
            f"year = {year}",
            f"plan_years = [{year + 1}, {year + 2}]",
            "",
            "[capital]",
            'interest_rate = "1.25%"',
            'cost_line = "Kapitalkostnader"',
            "unregistered = 0",
            "",
            "[[cost]]",
            'name = "Kapitalkostnader"',
            f"budget = {capital}",
            f"previous = {capital_before}",
            "",
        ]
        for i in range(blocks):
            out += block(i, now[i], before[i], year)
        for m, (budget, previous) in enumerate(zip(shares(k), shares(k - 1), strict=True)):
            out += [
                "[[contribution]]",
                f'name = "Kommun {m}"',
                f"budget = {budget}",
                f"previous = {previous}",
                "",
            ]
        (folder / f"{year}.toml").write_text("\n".join(out) + "\n", encoding="utf-8")
        written += len(out)
    return written


def books(folder: Path, plans: int, lines: int, investments: int, rounds: int) -> None:
    data = folder / "books"
    data.mkdir(exist_ok=True)
    written = write_books(data, plans, lines, investments)
    size = sum(path.stat().st_size for path in data.glob("*.toml")) / 2**20
    print(
        f"Books: {plans} plans of {lines:,} lines and a register of {investments:,} investments "
        f"({written:,} lines, {size:.1f} MiB), {rounds} alternating rounds:"
    )
    clean = subprocess.run(
        [MERCALC, "check", "--data-dir", str(data)], capture_output=True, text=True
    )
    if clean.returncode != 0:
        raise SystemExit(f"the generated books do not check clean:\n{clean.stderr[:2000]}")
    result = compare(
        {
            "tomllib": [PYTHON, "-c", TOMLLIB_FOLDER_FLOOR, str(data)],
            "check": [MERCALC, "check", "--data-dir", str(data)],
        },
        rounds,
    )
    # the target is set for plans of 100k lines
    report_ratio(
        "check of the books / tomllib.load of their files",
        result,
        "check",
        "tomllib",
        1.5 if lines >= 100_000 else None,
    )
    report_memory(
        "peak memory (check of the books)",
        result["check"][1] / 1024,
        300 if plans * lines >= 1_000_000 else None,
    )


def everything(folder: Path, args: argparse.Namespace) -> None:
    small(args.rounds)
    if args.seed_only:
        return
    sizes = [(10_000, 5)] if args.quick else [(10_000, 5), (100_000, 3), (1_000_000, 1)]
    for lines, rounds in sizes:
        large(folder, lines, rounds)
    if args.quick:
        books(folder, 10, 10_000, 10_000, 3)
    else:
        books(folder, 10, 100_000, 100_000, 3)
    xlsx(folder, 10_000 if args.quick else 100_000, 5 if args.quick else 3)
    if args.quick:
        exports(folder, 100_000, 10_000, 3)
        sie(folder, 100_000, 3)
    else:
        exports(folder, 1_000_000, 100_000, 3)
        sie(folder, 1_000_000, 3)
    period_report(folder, 100_000, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="the seed plan, 10k lines and rows, 100k export rows"
    )
    parser.add_argument("--seed-only", action="store_true", help="the seed plan only")
    parser.add_argument("--exports-only", action="store_true", help="the ledger's export only")
    parser.add_argument("--books-only", action="store_true", help="the folder of books only")
    parser.add_argument("--sie-only", action="store_true", help="a SIE 4 file of 1M rows only")
    parser.add_argument(
        "--period-only", action="store_true", help="report --period T2 on a 100k-row ledger"
    )
    parser.add_argument(
        "--peers", action="store_true", help="beside hledger and bean-check (with --quick: smaller)"
    )
    parser.add_argument("--rounds", type=int, default=21, help="rounds for the seed plan")
    args = parser.parse_args()
    print(f"mercalc at {MERCALC}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        if args.peers:
            from peers import peers

            sizes = [(10_000, 3), (100_000, 3)] if args.quick else [(100_000, 3), (1_000_000, 1)]
            peers(Path(folder), sizes, MERCALC, generate, compare, report, ms)
        elif args.exports_only:
            exports(Path(folder), 1_000_000, 100_000, 3)
        elif args.sie_only:
            sie(Path(folder), 100_000 if args.quick else 1_000_000, 3)
        elif args.period_only:
            period_report(Path(folder), 100_000, 3)
        elif args.books_only:
            books(Path(folder), 10, 10_000 if args.quick else 100_000, 100_000, 3)
        else:
            everything(Path(folder), args)
    missed = [label for label, _, _, verdict in RESULTS if verdict == "NOT MET"]
    print("All targets met." if not missed else f"Targets not met: {', '.join(missed)}")


if __name__ == "__main__":
    main()
