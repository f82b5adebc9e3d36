"""The period's report (SPEC 15): Tertialrapport 1, Delårsrapport and the follow-up through a
month, on the held-out books with their ledger through August 2023."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import run
from seed import held_out_followup

COMMENTS = {
    "Licenser": "Årslicenserna fakturerades i januari; supportavtalen kommer i oktober–december.",
    "Utrustning": "Färre inköp av utrustning än planerat.",
    "Kapitalkostnader": "Gemensam IT-invest togs i drift först i oktober.",
}
FORECAST = """\
[followup]
events = ["Nytt avtal för licenser från september."]

[[forecast]]
line = "Licenser"
comment = "{Licenser}"

[[forecast]]
line = "Utrustning"
amount = 2600
reason = "Inköpen läggs på hösten"
comment = "{Utrustning}"

[[forecast]]
line = "Kapitalkostnader"
comment = "{Kapitalkostnader}"

[[activation]]
investment = "Gemensam IT-invest"
activated = "2023-10"

[[outcome]]
indicator = "Sjukfrånvaro"
value = "5,4%"
assessment = "delvis"
comment = "Lägre än i fjol men över målet."
"""


def books(folder: Path, forecast: str = FORECAST) -> tuple[Path, Path, Path]:
    plan, export = held_out_followup(folder)
    path = folder / "prognos.toml"
    path.write_text(forecast.format(**COMMENTS), encoding="utf-8")
    return plan, export, path


def text_of(page: str) -> str:
    """An HTML page's text: its tags out, its entities read, its spaces as one."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", plain)


def report(tmp_path: Path, *options: str | Path, forecast: str = FORECAST):
    plan, export, path = books(tmp_path, forecast)
    return run("report", plan, "--actuals", export, "--forecast", path, *options)


def test_the_interim_report_holds_its_comments_investments_and_settlement(tmp_path):
    result = report(tmp_path, "--period", "T2", "-f", "html")
    assert (result.exit_code, result.stderr) == (0, "")
    page = text_of(result.stdout)
    assert "<title>Delårsrapport 2023 – Bergslagens IT-nämnd, januari–augusti 2023" in (
        result.stdout
    )
    assert "Bergslagens IT-nämnd, januari–augusti 2023" in page
    for comment in COMMENTS.values():
        assert comment in page
    # the investments, the late activation's effect and the settlement per member
    assert "Investeringar 2023 (tkr)" in page
    assert "Gemensam IT-invest 1 200 juli 2023 oktober 2023 (ändrad) 105" in page
    assert "Avräkning per medlemskommun, prognos helår (tkr)" in page
    for member in ("Lindesberg", "Nora", "Hällefors", "Ljusnarsberg"):
        assert re.search(rf"{member} -?\d+ ", page[page.index("Avräkning per medlemskommun,") :])
    assert "Väsentliga händelser" in page and "Nytt avtal för licenser från september." in page
    assert "Sjukfrånvaro högst 5 % 5,4 % Delvis Lägre än i fjol men över målet." in page
    assert "UTKAST" not in page and "MER-plan" not in page


def test_an_uncommented_large_deviation_stops_the_report_and_draft_writes_it(tmp_path):
    forecast = FORECAST.replace('[[forecast]]\nline = "Kapitalkostnader"', "[[x]]\ny = 1")
    forecast = forecast.replace('[[x]]\ny = 1\ncomment = "{Kapitalkostnader}"\n', "")
    out = tmp_path / "delar.html"
    result = report(tmp_path, "--period", "T2", "-o", out, forecast=forecast)
    message = (
        f'{tmp_path / "prognos.toml"}: "Kapitalkostnader": the full-year deviation 104 tkr '
        "reaches [followup] comment_from: explain it with a comment in the forecast file "
        '([[forecast]] line = "Kapitalkostnader", comment = "…")\n'
    )
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert not out.exists()
    (tmp_path / "draft").mkdir()
    again = tmp_path / "draft"
    drafted = report(again, "--period", "T2", "-o", out, "--draft", forecast=forecast)
    assert (drafted.exit_code, drafted.stderr) == (0, message.replace(str(tmp_path), str(again)))
    page = text_of(out.read_text(encoding="utf-8"))
    assert "UTKAST" in page and "Kapitalkostnader" in page


def test_the_interim_report_as_pdf_holds_the_same_words(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from mercalc.views.pdf import PdfUnavailable, weasyprint

    try:
        weasyprint()
    except PdfUnavailable:
        pytest.skip("no WeasyPrint")
    out = tmp_path / "delarsrapport.pdf"
    result = report(tmp_path, "--period", "T2", "-o", out)
    assert result.exit_code == 0, result.stderr
    words = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages))
    assert "Delårsrapport 2023" in words
    for comment in COMMENTS.values():
        assert re.sub(r"\s+", " ", comment) in words
    assert "Investeringar 2023 (tkr)" in words
    assert "Avräkning per medlemskommun" in words


@pytest.mark.parametrize(
    ("period", "title", "span"),
    [
        ("T1", "Tertialrapport 1 2023", "januari–april 2023"),
        ("2023-06", "Uppföljning t.o.m. juni 2023", "januari–juni 2023"),
        ("2023-01", "Uppföljning t.o.m. januari 2023", "januari 2023"),
    ],
)
def test_each_period_has_its_own_title_and_months(tmp_path, period, title, span):
    result = report(tmp_path, "--period", period, "-f", "markdown", "--draft")
    assert result.stdout.startswith(f"# {title}\n\nBergslagens IT-nämnd, {span}\n")


def test_the_interim_report_may_run_through_june(tmp_path):
    forecast = "[followup]\ninterim_through = 6\n" + FORECAST.replace("[followup]\n", "[x]\n", 1)
    forecast = forecast.replace('[x]\nevents = ["Nytt avtal för licenser från september."]\n', "")
    result = report(tmp_path, "--period", "T2", "-f", "markdown", "--draft", forecast=forecast)
    assert result.stdout.startswith("# Delårsrapport 2023\n\nBergslagens IT-nämnd, januari–juni")


def test_the_workbook_has_a_sheet_per_table(tmp_path):
    out = tmp_path / "delar.xlsx"
    result = report(tmp_path, "--period", "T2", "-o", out)
    assert result.exit_code == 0, result.stderr
    sheets = openpyxl.load_workbook(out).sheetnames
    assert sheets == [
        "Driftredovisning",
        "Investeringar",
        "Mål och indikatorer",
        "Avräkning per medlemskommun",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--period", "T3"),
            '--period: "T3" is not a period: write T1, T2 or a month such as 2023-08\n',
        ),
        (("--period", "2022-08"), '--period: "2022-08" is not a month of the plan year 2023\n'),
        (
            ("--period", "T2", "--through", "2023-06"),
            "--through: --period says the month the report runs through: leave out --through\n",
        ),
    ],
)
def test_a_period_that_is_not_one_is_bad_input(tmp_path, options, message):
    result = report(tmp_path, *options)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_a_period_needs_the_ledger(tmp_path):
    plan, _export, _forecast = books(tmp_path)
    result = run("report", plan, "--period", "T1")
    assert (result.exit_code, result.stderr) == (
        2,
        "--period: a period's report follows up the ledger: give the export with --actuals FILE\n",
    )


def test_an_investment_s_outcome_to_date_by_its_project(tmp_path):
    project = 'name = "Gemensam IT-invest"\nobjects = { projekt = ["1001"] }\n'
    plan, export = held_out_followup(tmp_path, {'name = "Gemensam IT-invest"\n': project})
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("[ledger]\n", "[ledger]\ndimensions = { projekt = 6 }\n"), encoding="utf-8"
    )
    rows = export.read_text(encoding="utf-8").splitlines()
    lines = ["Konto;Period;Belopp;Projekt", *(f"{row};" for row in rows[1:])]
    lines += ["6410;2023-05;400;1001", "6410;2023-08;350,5;1001", "6410;2023-09;99;1001"]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("report", plan, "--actuals", export, "--period", "T2", "-f", "markdown", "--draft")
    row = next(
        line for line in result.stdout.splitlines() if line.startswith("| Gemensam IT-invest |")
    )
    # 400 + 350,5 through August (September's 99 is after the period); Skolplattor gives none
    assert row.split(" | ")[1:3] == ["1\u00a0200", "751"]
    skol = next(line for line in result.stdout.splitlines() if line.startswith("| Skolplattor |"))
    assert skol.split(" | ")[2] == ""


def test_a_deficit_below_half_a_unit_is_a_result_in_balance_without_measures(tmp_path):
    # no outcome yet: every line at its budget, the capital line at its exact 2 262,2 tkr
    plan, export = held_out_followup(tmp_path)
    export.write_text("Konto;Period;Belopp\n", encoding="utf-8")
    result = run("report", plan, "--actuals", export, "--period", "T1", "-f", "markdown")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "visar ett resultat i balans med budget." in result.stdout
    assert "underskott" not in result.stdout and "Åtgärder" not in result.stdout


def test_a_period_after_the_export_s_latest_outcome_is_a_problem(tmp_path):
    # the ledger through August: a follow-up through December would read every trend as if
    # nothing were booked in September–December
    plan, export = held_out_followup(tmp_path)
    result = run("follow-up", plan, "--actuals", export, "--through", "2023-12")
    message = (
        f"{export}: its latest outcome is of 2023-08: a follow-up through 2023-12 counts no "
        "outcome after it; export the ledger through 2023-12, or follow up through 2023-08\n"
    )
    assert (result.exit_code, result.stderr) == (1, message)
    assert run("follow-up", plan, "--actuals", export, "--through", "2023-08").exit_code == 0
