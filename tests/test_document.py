"""The document holds only what the plan holds (SPEC 18): plan-year columns for the years with
assumptions, the optional sections the plan lists, sentences from the data."""

from __future__ import annotations

import re
from decimal import Decimal

from conftest import SEED_PLAN, run
from seed import with_decision

from mercalc.books.loader import load_plan
from mercalc.views.document import plan_document
from mercalc.views.html import to_html, to_markdown_document

NBSP = "\u00a0"


def plain_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(NBSP, " ")


PLAN = """
[plan]
organisation = "Dalanämnden"
year = 2024
plan_years = [2025, 2026]
{document}
[[contribution]]
name = "Falun"
budget = 700
previous = 650

[[contribution]]
name = "Borlänge"
budget = 300
previous = 300

[[cost]]
name = "Drift"
budget = 924
previous = 950

[[cost]]
name = "Kapitalkostnader"
budget = 76

[capital]
interest_rate = "2%"
cost_line = "Kapitalkostnader"
plan_rates = {{ 2026 = "3%" }}
{investments}
"""

INVESTMENTS = """
[[investment]]
name = "Nät Borlänge"
municipality = "Borlänge"
amount = 600
years = 5
activated = "2024-10"

[[investment]]
name = "Servrar"
amount = 1000
years = 5
activated = "2024-10"
"""


def document_text(write_plan, document: str = "", investments: str = INVESTMENTS) -> str:
    path = write_plan(PLAN.format(document=document, investments=investments), "2024.toml")
    return plain_text(to_html(plan_document(load_plan(path))))


def test_without_listed_sections_the_document_shows_no_plan_years_and_no_split(write_plan):
    text = document_text(write_plan)
    assert "Plan 2025" not in text and "Plan 2026" not in text
    assert "Planåren" not in text and "Fördelning mellan kommunerna" not in text


def test_plan_year_columns_only_for_the_years_with_assumptions(write_plan):
    text = document_text(write_plan, '[document]\nsections = ["planår"]\n')
    # 2026 has a plan rate; 2025 has nothing of its own: no column for it
    assert "Plan 2026" in text and "Plan 2025" not in text
    assert "Planåren" not in text  # the assumptions are a section of their own
    listed = document_text(write_plan, '[document]\nsections = ["planår", "antaganden"]\n')
    assert "Planåren 2025–2026 bygger på dessa antaganden:" in listed


def test_the_split_between_members_appears_where_listed(write_plan):
    text = document_text(write_plan, '[document]\nsections = ["fördelning"]\n')
    assert "Fördelning mellan kommunerna 2024, Dalanämnden (tkr)" in text


def test_a_section_name_the_document_does_not_know_is_bad_input(write_plan):
    path = write_plan(PLAN.format(document='[document]\nsections = ["planar"]\n', investments=""))
    result = run("report", path, "-f", "markdown")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:7: document.sections[0]: must be 'planår', 'fördelning' or 'antaganden', "
        'not text ("planar")\n'
    )


def test_the_activation_sentence_names_the_months_planned(write_plan):
    text = document_text(write_plan)
    assert (
        "Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras i oktober, vilket "
        "ger kapitalkostnad för 3 månader det första året."
    ) in text
    assert "halvår" not in text
    mixed = document_text(write_plan, investments=INVESTMENTS.replace('"2024-10"', '"2024-07"', 1))
    assert (
        "Kapitalkostnaderna beräknas utifrån den månad då varje investering aktiveras, vilket "
        "ger kapitalkostnad det första året för Nät Borlänge i juli (6 månader) och Servrar i "
        "oktober (3 månader)."
    ) in mixed


def test_investments_are_named_in_the_order_the_plan_lists_them(write_plan):
    text = document_text(write_plan)
    assert (
        "Investeringsbudgeten 2024 omfattar 1 600 tkr. För Borlänge kommun budgeteras en "
        "investeringsnivå om 600 tkr. Budget för de gemensamma investeringarna motsvarar "
        "1 000 tkr."
    ) in text


def test_the_seed_document_holds_the_seeds_sections_and_tables():
    document = plan_document(load_plan(SEED_PLAN))
    assert [(s.number, s.title) for s in document.sections] == [
        (1, "Inledning"),
        (2, "Mål och indikatorer"),
        (3, "Driftbudget"),
        (4, "Investeringsbudget"),
    ]
    tables = [part.table for s in document.sections for part in s.parts if part.table]
    budget = tables[1]
    assert [c.label for c in budget.columns] == ["Budget 2023", "Budget 2022", "Förändring"]
    investments = tables[2]
    assert "Avskrivning" in [c.label for c in investments.columns]
    assert "Ränta" in [c.label for c in investments.columns]
    charts = [part.chart.title for s in document.sections for part in s.parts if part.chart]
    assert charts == ["Driftbidrag per medlemskommun (tkr)", "Kapitalkostnader per år (tkr)"]


def test_a_proposal_opens_with_its_title_page_and_the_points_to_decide(tmp_path):
    document = plan_document(load_plan(with_decision(tmp_path / "books")))
    assert document.front == (
        "Förslag",
        "Till Sydnärkes IT-nämnd 2022-11-24",
        "§ 45, dnr SITN 2022/17",
    )
    text = plain_text(to_html(document))
    assert (
        "Förslag till beslut Nämnden föreslås besluta att fastställa MER-plan 2023 med "
        "driftbudget 41 391 tkr överlämna MER-plan 2023 till de samverkande kommunerna"
    ) in text
    # the seed's numbering stays: the decision is not a numbered section
    assert "1 Inledning" in text and "4 Investeringsbudget" in text


def test_an_adopted_plan_says_who_adopted_it_and_when(tmp_path):
    document = plan_document(load_plan(with_decision(tmp_path / "books", "beslutad")))
    assert document.front == (
        "Beslutad",
        "Fastställd av Sydnärkes IT-nämnd 2022-11-24, § 45, dnr SITN 2022/17",
    )
    text = plain_text(to_html(document))
    assert "Beslut Sydnärkes IT-nämnd beslutade 2022-11-24, § 45, att fastställa" in text
    assert "Förslag till beslut" not in text
    markdown = to_markdown_document(document)
    assert (
        "## Beslut\n\nSydnärkes IT-nämnd beslutade 2022-11-24, § 45, att\n\n- fastställa"
        in markdown
    )


def test_the_contents_list_numbers_the_sections_and_focus_areas_as_the_seed():
    html = to_html(plan_document(load_plan(SEED_PLAN)))
    contents = plain_text(
        html.split('<nav aria-label="Innehållsförteckning">')[1].split("</nav>")[0]
    )
    assert contents.split()[:1] == ["Innehållsförteckning"]
    assert (
        "1 Inledning 2 Mål och indikatorer 2.1 Attraktiv kommun - Lekebergs kommun växer på ett "
        "ansvarsfullt och nytänkande sätt"
    ) in contents
    assert "3 Driftbudget 4 Investeringsbudget" in contents
    assert "target-counter(attr(href url), page)" in html
    assert 'counter(page) " av " counter(pages)' in html


def test_tables_have_header_cells_with_scope_and_charts_a_text_alternative():
    html = to_html(plan_document(load_plan(SEED_PLAN)))
    assert '<html lang="sv">' in html
    assert '<th scope="col">' in html and '<th scope="row">Lekeberg</th>' in html
    assert html.count('role="img"') == html.count("<svg") == 2
    assert (
        "<title>Driftbidrag per medlemskommun (tkr). Lekeberg: Budget 2023 9 755, Budget 2022 "
        "9 316; Laxå:"
    ) in html.replace(NBSP, " ")


def test_investments_activated_in_plan_years_get_the_investment_plan(write_plan):
    planned = INVESTMENTS + (
        '\n[[investment]]\nname = "Växel"\namount = 1200\nyears = 4\nactivated = "2025-07"\n'
        '\n[[investment]]\nname = "Wifi Falun"\nmunicipality = "Falun"\namount = 240\nyears = 2\n'
        'activated = "2026-01"\n'
    )
    path = write_plan(PLAN.format(document="", investments=planned), "2024.toml")
    document = plan_document(load_plan(path))
    section = next(s for s in document.sections if s.id == "investeringsbudget")
    table = next(p.table for p in section.parts if p.id == "investeringsplan")
    assert table.title == "Investeringsplan 2025–2026, Dalanämnden (tkr)"
    assert [c.label for c in table.columns] == [
        "Aktiverad",
        "Investeringsutgift",
        "Kapitalkostnad 2025",
        "Kapitalkostnad 2026",
    ]
    rows = {row.label: row.values for row in table.rows}
    # Växel 1 200 over 4 years from July 2025 at 2 %: 150 + 12 = 162 in 2025; 2026 at the plan
    # rate 3 %: 300 + 3 % of 1 050 = 331,5
    assert rows["Växel"] == ("2025-07", 1200, Decimal("162"), Decimal("331.5"))
    # Wifi Falun 240 over 2 years from January 2026 at 3 %: 120 + 7,2
    assert rows["Wifi Falun"] == ("2026-01", 240, 0, Decimal("127.2"))
    assert rows["Summa 2025"][1:] == (1200, Decimal("162"), Decimal("331.5"))
    assert rows["Totalt"][1:] == (1440, Decimal("162"), Decimal("458.7"))
    assert [r.label for r in table.rows if r.style == "group"] == [
        "Investeringar 2025",
        "Investeringar 2026",
    ]
    text = plain_text(to_html(document))
    assert "Investeringsplan 2025–2026" in text
    # the seed plans no investment for its plan years: no such table
    seed = plan_document(load_plan(SEED_PLAN))
    assert not any(p.id == "investeringsplan" for s in seed.sections for p in s.parts)
