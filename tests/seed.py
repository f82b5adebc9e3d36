"""Figures and plans that several tests share: the seed's published tables, and hostile names."""

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
