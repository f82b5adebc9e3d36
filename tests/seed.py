"""Figures and plans that several tests share: the seed's published tables, hostile names, and
the follow-up books with their ledger export."""

from __future__ import annotations

from pathlib import Path

# The seed's Driftbudget, as published: 13 rows × 3 columns.
SEED_DRIFTBUDGET = [
    ("Lekeberg", "-9 755", "-9 316", "-439"),
    ("Laxå", "-6 356", "-6 031", "-325"),
    ("Askersund", "-11 268", "-10 602", "-666"),
    ("Hallsberg", "-14 012", "-13 063", "-949"),
    ("Driftbidrag och övriga intäkter", "-41 391", "-39 012", "-2 379"),
    ("Personalkostnader", "12 730", "12 014", "716"),
    ("Utrustning/Tjänsteköp", "3 162", "3 000", "162"),
    ("Datakommunikation", "2 000", "1 700", "300"),
    ("Licenser och serviceavtal", "8 400", "7 378", "1 022"),
    ("Resor, kurser, tele och hyra", "1 726", "1 555", "171"),
    ("Kapitalkostnader", "13 373", "13 365", "8"),
    ("Kostnader", "41 391", "39 012", "2 379"),
    ("Summa", "0", "0", "0"),
]


def seed_number(text: str) -> int:
    return int(text.replace(" ", ""))


# The seed's 13 indicators: name, baseline and targets 2023–2025 as published ("" where blank).
SEED_INDICATORS = [
    ("Antal e-tjänster för medborgare", "32", "50", "75", ""),
    ("Antal e-tjänster för medarbetare", "14", "20", "30", ""),
    ("Andel e-tjänster som per automatik återger ärendestatus", "", "50", "75", "100"),
    ("Minska genomsnittlig ärendehanteringstid för incidenter", "34", "20", "15", "10"),
    ("Andel besvarade samtal % efter 20 respektive 60 sekunder.", "77", "80", "80", ""),
    ("Tillgänglighet för servrar, accesspunkter och Microsoft-tjänster", "", "", "", ""),
    ("Värde Nöjd Kund Index (NKI)", "", "", "", ""),
    (
        "Att i samtliga förvaltningsobjekt styra objektet efter upprättad och beslutad "
        "förvaltningsplan.",
        "9",
        "10",
        "10",
        "",
    ),
    ("Nämnderna och styrelsen håller sin budgetram", "-2791", "0", "0", "0"),
    ("Värde medarbetarundersökningen - Medarbetarengagemang (HME)", "74", "74", "74", ""),
    ("Sjukfrånvaro", "6.03", "7", "", ""),
    ("Öka antalet återvunna/återbrukade datorer och serverutrustning", "1077", "1100", "1200", ""),
    ("Införa återvinning/återbruk för nya mobila enheter.", "25", "50", "150", "250"),
]


HOSTILE = [
    "[red]Markup[/red] [link=http://x]länk[/link]",
    '=HYPERLINK("http://x","klicka")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "A | B | C",
    "<script>alert(1)</script>",
]


def hostile_plan(write_plan) -> Path:
    """A plan whose cost lines are named by HOSTILE (`write_plan` is conftest's fixture)."""
    import tomli_w

    return write_plan(
        tomli_w.dumps(
            {
                "plan": {"organisation": "N", "year": 2023},
                "contribution": [{"name": "K", "budget": len(HOSTILE)}],
                "cost": [{"name": name, "budget": 1} for name in HOSTILE],
            }
        )
    )


# The follow-up books and their plan
FOLLOWUP_BOOKS = Path(__file__).resolve().parent / "plans" / "followup"
FOLLOWUP_PLAN = FOLLOWUP_BOOKS / "2024.toml"

# The ledger's export: konto, ansvar, period, belopp (kronor), text. Periods as `2024-01` and
# `202404`; the latest period is 202408.
EXPORT_HEADER = ("Konto", "Ansvar", "Period", "Belopp", "Text")
EXPORT_ROWS = [
    ("3611", "1100", "2024-01", "-1 050 000,00", "Driftbidrag Kungsör kv 1"),
    ("3611", "1100", "2024-04", "-1 050 000,00", "Driftbidrag Kungsör kv 2"),
    ("3611", "1100", "202407", "-1 050 000,00", "Driftbidrag Kungsör kv 3"),
    ("3612", "1100", "2024-01", "-1 450 000,00", "Driftbidrag Arboga kv 1"),
    ("3612", "1100", "202404", "-1 450 000,00", "Driftbidrag Arboga kv 2"),
    ("3410", "1200", "2024-03", "-125 400,50", "Tjänsteförsäljning Köping"),
    ("3450", "1200", "202406", "-180000", "Försäljning datorer"),
    ("5011", "1300", "2024-02", "1 950 000,00", "Löner jan–feb"),
    ("5011", "1300", "202406", "2 050 000,00", "Löner mar–jun"),
    ("5410", "1300", "2024-08", "12 345,67", "Förbrukningsinventarier"),
    ("6540", "1400", "2024-01", "1 790 000,00", "Årslicenser"),
    ("6541", "1400", "202408", "15000", "Molntjänst"),
    ("6420", "1500", "2024-05", "350 000", "Skolnät Arboga"),
    ("4010", "1600", "2024-02", "45 000,00", "Material"),
    ("6110", "1600", "202407", "210 500,25", "Lokalhyra"),
    ("7010", "1600", "2024-08", "-2 500,00", "Kreditfaktura konsult"),
    ("8410", "1700", "202408", "1 250,50", "Räntekostnad"),
]


def export_csv(folder: Path, rows=EXPORT_ROWS) -> Path:
    """The export as a ledger writes it: Windows-1252, semicolons, CRLF."""
    path = folder / "utfall.csv"
    lines = [";".join(EXPORT_HEADER), *(";".join(row) for row in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


# The held-out books (tests/books) followed up through August 2023: each line given its ledger
# accounts, Licenser its profile (its yearly licences in January), and a ledger in tkr.
HELD_OUT_BOOKS = Path(__file__).resolve().parent / "books"
HELD_OUT_ACCOUNTS = {
    "Lindesberg": '["3611"]',
    "Nora": '["3612"]',
    "Hällefors": '["3613"]',
    "Ljusnarsberg": '["3614"]',
    "Uppdrag åt andra kommuner": '["34*"]',
    "Personalkostnader": '["5*"]',
    "Utrustning": '["64*"]',
    "Licenser": '["65*"]\nprofile = [6, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2]',
    "Kapitalkostnader": '["78*", "84*"]',
}
HELD_OUT_LEDGER = [  # konto; period; belopp (tkr): contributions invoiced quarterly
    *(("3611", f"2023-{m:02d}", "-2278") for m in (1, 4, 7)),
    *(("3612", f"2023-{m:02d}", "-1265,5") for m in (1, 4, 7)),
    *(("3613", f"2023-{m:02d}", "-1012,5") for m in (1, 4, 7)),
    *(("3614", f"2023-{m:02d}", "-759,5") for m in (1, 4, 7)),
    ("3410", "2023-06", "-150"),
    *(("5011", f"2023-{m:02d}", "1025") for m in range(1, 9)),
    ("6410", "2023-03", "1500"),
    ("6540", "2023-01", "2100"),
    ("6541", "2023-08", "50"),
    ("7832", "2023-06", "900"),
    ("8410", "2023-08", "600"),
]


def held_out_followup(folder: Path, replace: dict[str, str] | None = None) -> tuple[Path, Path]:
    """The held-out books in `folder` with their accounts (and any text of the plan replaced as
    `replace` says), and the ledger through August: (the plan 2023, the export)."""
    import re

    books = folder / "books"
    books.mkdir()
    for path in HELD_OUT_BOOKS.glob("*.toml"):
        (books / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    plan = books / "2023.toml"
    text = plan.read_text(encoding="utf-8")
    for name, accounts in HELD_OUT_ACCOUNTS.items():
        text = re.sub(rf'(name = "{name}"[^\n]*\n)', rf"\1accounts = {accounts}\n", text, count=1)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    # the ledger's export is written in tkr, the plan's unit (SPEC 13.3: kronor unless it says)
    plan.write_text(text + '\n[ledger]\nunit = "tkr"\n', encoding="utf-8")
    export = folder / "huvudbok-2023-08.csv"
    lines = ["Konto;Period;Belopp", *(";".join(row) for row in HELD_OUT_LEDGER)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan, export


DECISION = """
[decision]
body = "Sydnärkes IT-nämnd"
date = 2022-11-24
ref = "§ 45, dnr SITN 2022/17"
proposal = [
  "fastställa MER-plan 2023 med driftbudget 41 391 tkr",
  "överlämna MER-plan 2023 till de samverkande kommunerna",
]
"""


def with_decision(folder: Path, status: str = "") -> Path:
    """The seed with the decision's meeting and points, as a proposal or (status) adopted."""
    folder.mkdir()
    text = (Path(__file__).resolve().parent.parent / "data" / "2023.toml").read_text(
        encoding="utf-8"
    )
    if status:
        text = text.replace('unit = "tkr"\n', f'unit = "tkr"\nstatus = "{status}"\n', 1)
    plan = folder / "2023.toml"
    plan.write_text(text + DECISION, encoding="utf-8")
    return plan


# The seed's revision for Hallsberg: its licences, decided by the board and Hallsberg's council.
REVISIONS = """
[[revision]]
date = 2023-05-15
ref = "§ 12, dnr SITN 2023/8"
line = "Licenser och serviceavtal"
amount = 300
reason = "Licenser för Hallsbergs nya skola"

[[revision]]
date = 2023-05-15
ref = ["KF Hallsberg § 30", "§ 12, dnr SITN 2023/8"]
line = "Hallsberg"
amount = 300
reason = "Hallsberg bekostar licenserna"
one_off = true
"""
