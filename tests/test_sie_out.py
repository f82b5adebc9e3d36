"""SIE out (SPEC 14): `budget -o budget.se` on the held-out books with budget accounts writes
twelve #PBUDGET months per account in whole kronor that add up to each line's budget, follow
its profile, and read back (by mercalc's own reader) give the plan's budget."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from conftest import ROOT, run

from mercalc.io.sie import read_sie

HELD_OUT = ROOT / "tests" / "books"
ACCOUNTS = {
    "Lindesberg": "3611",
    "Nora": "3612",
    "Hällefors": "3613",
    "Ljusnarsberg": "3614",
    "Uppdrag åt andra kommuner": "3460",
    "Personalkostnader": "5010",
    "Utrustning": "5410",
    "Licenser": "6540",
}
LICENCES_PROFILE = "profile = [6, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2]\n"


def books_with_accounts(folder: Path, capital: str | None = None) -> Path:
    """A copy of the held-out books whose lines name the accounts their budget is booked on."""
    books = folder / "books"
    shutil.copytree(HELD_OUT, books)
    plan = books / "2023.toml"
    text = plan.read_text(encoding="utf-8")
    for name, account in ACCOUNTS.items():
        extra = f'budget_account = "{account}"\n'
        if name == "Licenser":
            extra += LICENCES_PROFILE
        text = re.sub(rf'(name = "{name}"[^\n]*\n)', rf"\1{extra}", text, count=1)
    if capital is not None:
        text = re.sub(r'(name = "Kapitalkostnader"[^\n]*\n)', rf"\1{capital}\n", text, count=1)
    plan.write_text(text, encoding="utf-8")
    return plan


def pbudget(path: Path) -> dict[str, list[Decimal]]:
    months: dict[str, list[Decimal]] = defaultdict(list)
    for line in path.read_bytes().decode("cp437").splitlines():
        if line.startswith("#PBUDGET"):
            _label, _year, _period, account, objects, amount = line.split()
            assert objects == "{}"
            months[account].append(Decimal(amount))
    return dict(months)


def test_the_budget_as_the_ledger_imports_it(tmp_path):
    capital = 'budget_accounts = { depreciation = "7832", interest = "8410" }'
    plan = books_with_accounts(tmp_path, capital)
    target = tmp_path / "budget.se"
    result = run("budget", plan, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert "[ledger] company" in result.stderr  # no company given: the organisation, with a note
    text = target.read_bytes().decode("cp437")
    assert text.startswith('#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 2\r\n#PROGRAM "mercalc" ')
    assert "#RAR 0 20230101 20231231\r\n" in text and "#KTYP 6540 K\r\n" in text
    months = pbudget(target)
    assert all(len(amounts) == 12 for amounts in months.values())
    assert all(amount == amount.to_integral_value() for a in months.values() for amount in a)
    signed = {"5010": 12300000, "5410": 3000000, "6540": 4000000, "3611": -9112000}
    signed |= {"3612": -5062000, "3613": -4050000, "3614": -3038000, "3460": -300000}
    for account, total in signed.items():
        assert sum(months[account]) == total, account
    assert sum(months["7832"]) + sum(months["8410"]) == 2262000  # the capital line, apart
    # the profile: 6 / 12 in January, nothing till October, 2 / 12 in each of the last three
    assert months["6540"] == [2000000, *[0] * 8, 666667, 666667, 666666]
    assert months["5010"] == [1025000] * 12
    read = read_sie(target, 2023, label="#PBUDGET")
    back: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _period, _objects), amount in read.sums.items():
        back[account] += amount
    assert {account: back[account] for account in signed} == signed


def test_a_line_without_an_account_to_book_on_is_bad_input_for_sie_only(tmp_path):
    plan = books_with_accounts(tmp_path)
    result = run("budget", plan, "--format", "sie")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "cost[3]: name the account the budget is booked on: budget_account\n"
    )
    assert run("budget", plan).exit_code in (0, 1)
    assert "budget_account" not in run("check", plan).stderr


def test_objects_make_a_type_3_file_with_the_account_total_beside_them(tmp_path):
    plan = tmp_path / "2023.toml"
    plan.write_text(
        '[plan]\norganisation = "Åsa nämnd"\nyear = 2023\n\n'
        '[ledger]\ndimensions = { ansvar = 1, projekt = 6 }\nobjects = { ansvar = ["4510"] }\n'
        'company = "Örebro kommun"\norgnr = "212000-1967"\nchart = "BAS96"\n\n'
        '[[contribution]]\nname = "A"\nbudget = 100.0005\nbudget_account = "3611"\n\n'
        '[[cost]]\nname = "Drift–Café ✓"\nbudget = 59.5005\naccounts = ["5010"]\n\n'
        '[[cost]]\nname = "Projekt"\nbudget = 40.5\naccounts = ["5010"]\n'
        'objects = { projekt = ["1001"] }\n',
        encoding="utf-8",
    )
    target = tmp_path / "budget.se"
    result = run("budget", plan, "-o", target)
    assert result.exit_code == 0, result.stderr
    text = target.read_bytes().decode("cp437")
    assert "#SIETYP 3" in text and "#KPTYP BAS96" in text and "#KTYP" not in text
    assert '#FNAMN "Örebro kommun"' in text and "#ORGNR 212000-1967" in text
    assert '#DIM 1 "ansvar"' in text and '#DIM 6 "projekt"' in text
    assert "#PBUDGET 0 202301 5010 {} 8334.00" in text
    assert '#PBUDGET 0 202301 5010 {1 "4510"} 4959.00' in text
    assert '#PBUDGET 0 202306 5010 {1 "4510"} 4958.00' in text
    assert '#PBUDGET 0 202301 5010 {6 "1001"} 3375.00' in text  # the line's own objects
    assert '#KONTO 3611 "A"' in text and '#KONTO 5010 "Drift-Café ?"' in text
    assert "Rounded to whole kronor" in result.stderr and "A, Drift–Café ✓" in result.stderr
    assert "code page 437" in result.stderr and ": Drift–Café ✓." in result.stderr
