"""The document holds only what the plan holds (SPEC 18): plan-year columns for the years with
assumptions, the optional sections the plan lists, sentences from the data."""

from __future__ import annotations

import re

from conftest import SEED_PLAN, run

from mercalc.books.loader import load_plan
from mercalc.views.document import plan_document
from mercalc.views.html import to_html

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
