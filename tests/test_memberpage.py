"""A member's basis (SPEC 18): its figures exactly as `members` computes them, the key's value,
total and source, and the change with its reasons, in every format of the document."""

from __future__ import annotations

import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import SEED_PLAN, run

BOOKS = Path(__file__).resolve().parent / "books"
NBSP = "\u00a0"

KEY = """
[[key]]
name = "Invånare"
values = { Lekeberg = 23600, Nora = 10700, "Hällefors" = 6900, Ljusnarsberg = 4800 }
source = "SCB, folkmängd 1 november 2022"

[distribution]
key = "Invånare"

[capital]"""


def lekeberg_books(folder: Path) -> Path:
    """The held-out books with Lindesberg called Lekeberg, a key with its source and the
    contributions balanced by it."""
    shutil.copytree(BOOKS, folder)
    for path in folder.glob("*.toml"):
        text = path.read_text(encoding="utf-8").replace("Lindesberg", "Lekeberg")
        if path.name == "2023.toml":
            text = text.replace("\n[capital]", KEY, 1)
        path.write_text(text, encoding="utf-8")
    plan = folder / "2023.toml"
    assert run("balance", plan).exit_code == 0
    return plan


def shown(value) -> str:
    """A figure as the document shows it: whole units, half up, Swedish."""
    whole = Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    return f"{int(whole):,}".replace(",", " ")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(NBSP, " ")


def test_the_members_basis_shows_its_figures_as_members_computes_them(tmp_path):
    plan = lekeberg_books(tmp_path / "books")
    members = json.loads(run("members", plan, "--plan-years", "-f", "json").stdout)
    lekeberg = next(m for m in members["members"] if m["name"] == "Lekeberg")
    out = tmp_path / "underlag.html"
    result = run("report", plan, "--member", "lekeberg", "-o", out)
    assert (result.exit_code, result.stdout) == (0, "")
    text = text_of(out.read_text(encoding="utf-8"))
    assert "Underlag för Lekebergs kommun" in text
    assert f"Budget 2023 {shown(lekeberg['entered'])}" in text
    assert f"Beräknat 2023 enligt nyckeln Invånare {shown(lekeberg['computed'])}" in text
    assert f"Budget 2022 {shown(lekeberg['previous'])}" in text
    for year, figure in lekeberg["plan"].items():
        assert f"Plan {year} {shown(figure)}" in text
    # the direct part by name: its own investment's capital cost; and the total as members has it
    assert f"Kapitalkostnad Skolplattor {shown(lekeberg['direct'])}" in text
    assert f"Direkt del {shown(lekeberg['direct'])}" in text
    common = shown(lekeberg["common"]["Invånare"])
    assert f"Invånare 23 600 46 000 51,3 % {common} Gemensam del {common}" in text
    assert "Nyckeln Invånare: SCB, folkmängd 1 november 2022." in text
    assert f"Förändring {shown(lekeberg['change'])}" in text


def test_the_change_is_explained_by_the_plans_own_reasons(tmp_path):
    plan = lekeberg_books(tmp_path / "books")
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        'name = "Nora"\n',
        'name = "Nora"\nchanges = [\n  { reason = "Fördelning enligt nyckeln Invånare", '
        "amount = 558 },\n]\n",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    markdown = run("report", plan, "--member", "Nora", "-f", "markdown").stdout
    assert "*Fördelning enligt nyckeln Invånare* | *558* |" in markdown
    assert "| **Förändring** | **558** |" in markdown
    assert "Planen anger inga orsaker" not in markdown


def test_without_keys_the_basis_names_the_derived_split(tmp_path):
    folder = tmp_path / "books"
    shutil.copytree(BOOKS, folder)
    markdown = run("report", folder / "2023.toml", "--member", "Nora", "-f", "markdown").stdout
    markdown = markdown.replace(NBSP, " ")
    members = json.loads(run("members", folder / "2023.toml", "-f", "json").stdout)
    nora = next(m for m in members["members"] if m["name"] == "Nora")
    assert f"| Härledd fördelning | 21,81 % | {shown(nora['common']['implicit'])} |" in markdown
    assert "(härledd fördelning)" in markdown
    assert f"| **Direkt del** | **{shown(nora['direct'])}** |" in markdown


def test_a_name_that_is_no_member_is_bad_input(tmp_path):
    result = run("report", SEED_PLAN, "--member", "Lekberg", "-f", "markdown")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        'mercalc report: --member Lekberg: no member is called so: did you mean "Lekeberg"?\n'
    )
    result = run("report", SEED_PLAN, "--member", "Örebro", "-f", "markdown")
    assert result.stderr == (
        "mercalc report: --member Örebro: no member is called so; the members are:\n"
        "  Lekeberg\n  Laxå\n  Askersund\n  Hallsberg\n"
    )
    both = run("report", SEED_PLAN, "--member", "Laxå", "--actuals", SEED_PLAN)
    assert both.exit_code == 2 and "give one of them" in both.stderr


def test_the_basis_as_a_workbook_and_a_pdf(tmp_path):
    plan = lekeberg_books(tmp_path / "books")
    book = tmp_path / "underlag.xlsx"
    assert run("report", plan, "--member", "Lekeberg", "-o", book).exit_code == 0
    sheets = openpyxl.load_workbook(book).sheetnames
    assert sheets == ["Driftbidrag", "Direkt del", "Gemensam del", "Förändring från 2022"]
    try:
        import pypdf
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("no WeasyPrint: pip install 'mercalc[pdf]'")
    pdf = tmp_path / "underlag.pdf"
    assert run("report", plan, "--member", "Lekeberg", "-o", pdf).exit_code == 0
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    text = " ".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
    assert "Underlag för Lekebergs kommun" in text
    assert "SCB, folkmängd 1 november 2022" in text
    assert len(reader.pages) == 1 and "Sida 1 av 1" in text  # one page for the finance director
    assert reader.metadata.title.startswith("Underlag för Lekebergs kommun")


def test_without_reasons_the_change_is_split_as_both_years_members_statements(tmp_path):
    plan = BOOKS / "2024.toml"
    markdown = run("report", plan, "--member", "Lindesberg", "-f", "markdown").stdout
    markdown = markdown.replace(NBSP, " ")
    now = json.loads(run("members", plan, "-f", "json").stdout)
    then = json.loads(run("members", BOOKS / "2023.toml", "-f", "json").stdout)
    this, last = ({m["name"]: m for m in s["members"]}["Lindesberg"] for s in (now, then))
    direct = Decimal(str(this["direct"])) - Decimal(str(last["direct"]))
    common = Decimal(str(this["common"]["implicit"])) - Decimal(str(last["common"]["implicit"]))
    assert f"*Förändring av den direkta delen* | *{shown(direct)}* |" in markdown
    assert f"*Förändring av den gemensamma delen* | *{shown(common)}* |" in markdown
    assert f"| **Förändring** | **{shown(this['change'])}** |" in markdown
    assert "här delas den upp efter fördelningen 2023 och 2024." in markdown


def test_without_keys_or_a_capital_line_the_direct_part_names_the_own_investment():
    """A plan without keys counts a member's own investment as its direct part even where no
    capital line holds it: the page lists it by name, so that the rows add up to the total."""
    plan = Path(__file__).resolve().parent / "plans" / "members" / "2022.toml"
    markdown = run("report", plan, "--member", "Nora", "-f", "markdown").stdout.replace(NBSP, " ")
    members = json.loads(run("members", plan, "-f", "json").stdout)
    nora = next(m for m in members["members"] if m["name"] == "Nora")
    assert f"| Kapitalkostnad Elevdatorer Nora | {shown(nora['direct'])} |" in markdown
    assert f"| **Direkt del** | **{shown(nora['direct'])}** |" in markdown
