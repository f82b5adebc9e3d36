"""The MER-plan document: the seed's sentences from the figures, safe text, one file, A4."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomli_w
from conftest import ROOT, SEED_PLAN, run
from seed import FOLLOWUP_PLAN, SEED_DRIFTBUDGET, SEED_INDICATORS, export_csv, with_decision

from mercalc.books.loader import load_plan
from mercalc.swedish import municipality
from mercalc.views.document import plan_document, text_blocks
from mercalc.views.html import to_html, to_markdown_document

NBSP = "\u00a0"

BUDGET_SENTENCE = (
    "Driftbudgeten för Sydnärkes IT-nämnd 2023 är 41 391 tkr och bygger på ersättningar från "
    "medlemskommunerna som uppgår till: Lekebergs kommun 9 755 tkr (9 316 tkr), Laxå kommun "
    "6 356 tkr (6 031 tkr), Askersunds kommun 11 268 tkr (10 602 tkr) och Hallsbergs kommun "
    "14 012 tkr (13 063 tkr). Inom parentes anges den medlemsinsats som kommunerna har under "
    "2022."
)
INVESTMENT_SENTENCE = (
    "Investeringsbudgeten 2023 omfattar 12 095 tkr. Budget för de gemensamma investeringarna "
    "motsvarar 3 000 tkr. För Lekebergs kommun budgeteras en investeringsnivå om 3 004 tkr. "
    "För Laxå kommun budgeteras en investeringsnivå om 1 686 tkr. För Askersunds kommun "
    "budgeteras en investeringsnivå om 2 452 tkr. För Hallsbergs kommun budgeteras en "
    "investeringsnivå om 1 953 tkr."
)
SEED_INVESTMENTS = [
    ("Gemensam IT-invest", "3 000", "519"),
    ("IT-invest Lekeberg", "3 004", "434"),
    ("IT-invest Laxå", "1 686", "233"),
    ("IT-invest Askersund", "2 452", "322"),
    ("IT-invest Hallsberg", "1 953", "256"),
    ("Totalt", "12 095", "1 764"),
]


def plain_text(html: str, between: str = "") -> str:
    """The document's text; `between=" "` keeps table cells apart."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", between, html)).replace(NBSP, " ")


def test_the_standard_sentences_carry_the_seed_figures():
    html = to_html(plan_document(load_plan(SEED_PLAN)))
    text = plain_text(html)
    assert BUDGET_SENTENCE in text
    assert INVESTMENT_SENTENCE in text
    assert (
        "Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras vid "
        "halvårsskiftet, vilket innebär att kapitalkostnaderna endast avser halvårseffekt."
    ) in text
    markdown = to_markdown_document(plan_document(load_plan(SEED_PLAN))).replace(NBSP, " ")
    assert BUDGET_SENTENCE in markdown and INVESTMENT_SENTENCE in markdown


def test_names_and_texts_can_never_become_html(write_plan):
    path = write_plan(
        tomli_w.dumps(
            {
                "plan": {"organisation": "<script>alert('org')</script>", "year": 2023},
                "contribution": [{"name": "<img src=x onerror=alert(1)>", "budget": 5}],
                "cost": [{"name": "</table><script>alert(2)</script>", "budget": 5}],
                "text": {"introduction": "Hej <b>du</b> & **fet** <script>alert(3)</script>"},
            }
        )
    )
    html = to_html(plan_document(load_plan(path)))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "<strong>fet</strong>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_document_is_one_file_without_external_assets():
    html = to_html(plan_document(load_plan(SEED_PLAN)))
    assert not re.search(r"(src|href)=\"(?!#)", html)
    assert "http://" not in html and "https://" not in html
    assert "@page { size: A4" in html


def test_text_blocks_and_municipality_names():
    blocks = text_blocks("Inledning:\n\n- ett\n- **två**\n\n## Rubrik\nText\nfortsätter")
    assert [b.kind for b in blocks] == ["p", "ul", "h", "p"]
    assert blocks[1].lines[1][0].strong and blocks[3].lines[0][0].text == "Text fortsätter"
    assert [municipality(m) for m in ("Lekeberg", "Laxå", "Alingsås", "Umeå", "Region Örebro")] == [
        "Lekebergs kommun",
        "Laxå kommun",
        "Alingsås kommun",
        "Umeå kommun",
        "Region Örebro kommun",
    ]


def test_report_command_writes_html_and_markdown(tmp_path):
    out = tmp_path / "mer-plan-2023.html"
    result = run("report", SEED_PLAN, "-o", out)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    markdown = run("report", SEED_PLAN, "--format", "markdown").stdout
    assert markdown.startswith("# MER-plan 2023 med planår 2024–2025\n")
    assert "## 4 Investeringsbudget" in markdown


class _Dom(HTMLParser):
    """Cells of each table and bars of each chart, from the DOM Chromium serialized."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.bars: dict[str, list[dict[str, str]]] = {}
        self.stack: list[str] = []
        self.table = self.figure = None
        self.in_bar = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = attrs.get("id")
            self.tables[self.table] = []
        elif tag == "figure":
            self.figure = attrs.get("id")
            self.bars[self.figure] = []
        elif tag == "tr" and self.table:
            self.tables[self.table].append([])
        elif tag in ("td", "th") and self.table:
            self.cell = []
        elif tag == "g" and "bar" in (attrs.get("class") or "").split() and self.figure:
            self.bars[self.figure].append({"category": attrs.get("data-category"), "rects": 0})
            self.in_bar = True
        elif tag == "rect" and self.in_bar:
            self.bars[self.figure][-1]["rects"] += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.table][-1].append("".join(self.cell).strip().replace(NBSP, " "))
            self.cell = None
        elif tag == "g":
            self.in_bar = False
        elif tag == "table":
            self.table = None
        elif tag == "figure":
            self.figure = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={cwd / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=cwd, check=True)


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: .ci/run installs Debian's chromium "
    "(apt-get install chromium); without it the browser test cannot run",
)
@pytest.mark.slow
def test_the_report_in_a_real_browser(tmp_path):
    page = tmp_path / "mer-plan-2023.html"
    assert run("report", SEED_PLAN, "-o", page).exit_code == 0
    url = page.as_uri()
    dom = _Dom()
    dom.feed(chromium("--dump-dom", url, cwd=tmp_path).stdout)

    budget = dom.tables["driftbudget"]
    rows = [row for row in budget if row and row[0] in {r[0] for r in SEED_DRIFTBUDGET}]
    assert [tuple(row[:4]) for row in rows] == SEED_DRIFTBUDGET
    assert budget[0] == ["", "Budget 2023", "Budget 2022", "Förändring"]  # as the seed: no plan
    investments = {row[0].rstrip("¹"): row for row in dom.tables["investeringsbudget"][1:]}
    for name, amount, cost in SEED_INVESTMENTS:
        assert (investments[name][2], investments[name][-1]) == (amount, cost), name
    goals = {row[0]: row for row in dom.tables["mal"] if len(row) > 1}
    for name, baseline, *targets in SEED_INDICATORS:
        cells = [re.sub("^(minst|högst) ", "", cell) for cell in goals[name][2:6]]
        expected = [baseline, *targets]
        assert [c.replace(" ", "").replace(",", ".") for c in cells] == expected, name
    incidents = goals["Minska genomsnittlig ärendehanteringstid för incidenter"]
    assert incidents[1:6] == ["st", "34", "högst 20", "högst 15", "högst 10"]
    assert dom.tables["mal"][0][3:6] == ["Målvärde 2023", "Målvärde 2024", "Målvärde 2025"]

    assert [bar["category"] for bar in dom.bars["capital-chart"]] == ["2023", "2024", "2025"]
    assert all(bar["rects"] == 5 for bar in dom.bars["capital-chart"])
    assert [bar["category"] for bar in dom.bars["contribution-chart"]] == [
        "Lekeberg",
        "Laxå",
        "Askersund",
        "Hallsberg",
    ]
    assert all(bar["rects"] == 2 for bar in dom.bars["contribution-chart"])

    pdf = tmp_path / "mer-plan-2023.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", url, cwd=tmp_path)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert len(boxes) >= 4  # a page for the title and one at least for each section
    for width, height in boxes:  # A4 is 595 × 842 points, upright or (a wide table) across
        short, long = sorted((float(width), float(height)))
        assert abs(short - 595.3) < 2 and abs(long - 841.9) < 2
    assert float(boxes[0][0]) < float(boxes[0][1])  # the title page is upright

    shot = tmp_path / "report-first-page.png"  # pytest keeps the last runs' tmp_path to look at
    chromium(f"--screenshot={shot}", "--window-size=794,1123", url, cwd=tmp_path)
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (see the test above)")
def test_the_follow_up_in_a_real_browser_fits_the_a4_page(tmp_path):

    export = export_csv(tmp_path)
    page = tmp_path / "uppfoljning.html"
    result = run("report", FOLLOWUP_PLAN, "--actuals", export, "--through", "2024-07", "-o", page)
    assert result.exit_code == 0
    dom = _Dom()
    dom.feed(chromium("--dump-dom", page.as_uri(), cwd=tmp_path).stdout)
    table = dom.tables["uppfoljning"]
    assert table[0][1:] == [
        "Budget",
        "Budget t.o.m. juli",
        "Utfall t.o.m. juli",
        "Avvikelse",
        "Prognos",
        "Avvikelse helår",
    ]
    # July: Licenser 2 400 000 × 6 / 12 by its profile, 1 790 000, and its trend (SPEC 15):
    # the outcome over its profile's share to date, 1 790 000 / (6 / 12)
    licences = next(row for row in table if row[0] == "Licenser")
    assert licences[1:] == [
        "2 400 000",
        "1 200 000",
        "1 790 000",
        "-590 000",
        "3 580 000",
        "-1 180 000",
    ]
    bars = dom.bars["followup-chart"]
    assert [bar["category"] for bar in bars][:3] == ["Kungsör", "Arboga", "Tjänsteförsäljning"]
    assert all(bar["rects"] == 2 for bar in bars)

    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "uppfoljning.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), cwd=tmp_path)
    pages = [p for p in pypdf.PdfReader(pdf).pages if "Uppföljning t.o.m." in p.extract_text()]
    ends: list[float] = []

    def visit(text, cm, tm, font, size):
        if 0 < len(text.strip()) <= 20:  # a cell: where it starts, and about how wide it is
            ends.append(tm[4] * cm[0] + cm[4] + len(text.strip()) * size * tm[0] * cm[0] * 0.6)

    pages[0].extract_text(visitor_text=visit)
    # within the right margin of 18 mm (in points), to a third of a character
    assert max(ends) <= 595.3 - 18 / 25.4 * 72 + 3


def test_a_department_and_other_revenue_get_sentences_of_their_own(write_plan):
    department = write_plan(
        tomli_w.dumps(
            {
                "plan": {"organisation": "Kulturnämnden", "year": 2024},
                "contribution": [{"name": "Kommunbidrag", "budget": 1000, "previous": 950}],
                "revenue": [{"name": "Avgifter", "budget": 200, "previous": 180}],
                "cost": [{"name": "Personal", "budget": 1200, "previous": 1130}],
            }
        ),
        "department.toml",
    )
    text = plain_text(to_html(plan_document(load_plan(department))))
    assert (
        "Driftbudgeten för Kulturnämnden 2024 är 1 200 tkr och finansieras av Kommunbidrag "
        "1 000 tkr (950 tkr 2023) och Avgifter 200 tkr (180 tkr 2023)."
    ) in text
    assert "medlemskommunerna" not in text and 'id="contribution-chart"' not in text

    joint = write_plan(
        tomli_w.dumps(
            {
                "plan": {"organisation": "Gemensam nämnd", "year": 2025},
                "contribution": [{"name": "Mora", "budget": 600}, {"name": "Orsa", "budget": 300}],
                "revenue": [{"name": "Uppdrag", "budget": 100}],
                "cost": [{"name": "Drift", "budget": 1000}],
            }
        ),
        "joint.toml",
    )
    text = plain_text(to_html(plan_document(load_plan(joint))))
    assert "medlemskommunerna som uppgår till: Mora kommun 600 tkr (0 tkr) och Orsa kommun " in text
    assert "Övriga intäkter uppgår till 100 tkr." in text


def test_a_bad_plan_writes_no_document(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[plan]\norganisation = "N"\nyear = "2023"\n', encoding="utf-8")
    out = tmp_path / "out.html"
    result = run("report", bad, "-o", out)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f'{bad}:3: plan.year: must be a whole number, not text ("2023")\n'
    assert not out.exists()


def unbalanced_copy(folder: Path) -> Path:
    """The seed with Lekeberg's contribution 172 short: costs exceed revenue."""
    folder.mkdir()
    plan = folder / "2023.toml"
    text = SEED_PLAN.read_text(encoding="utf-8")
    plan.write_text(text.replace("budget = 9755", "budget = 9583", 1), encoding="utf-8")
    return plan


UNBALANCED = (
    "{file}:4: plan: does not balance in budget (2023): Summa is 172 (revenue -41219, "
    "costs 41391): costs exceed revenue by 172\n"
)


def test_a_plan_with_problems_is_refused_and_nothing_written(tmp_path):
    plan = unbalanced_copy(tmp_path / "books")
    for name in ("mer-plan.html", "mer-plan.md", "mer-plan.xlsx"):
        out = tmp_path / name
        result = run("report", plan, "-o", out)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == UNBALANCED.format(file=plan)
        assert not out.exists()


def test_a_draft_is_written_marked_utkast_with_its_problems_in_swedish(tmp_path):
    plan = unbalanced_copy(tmp_path / "books")
    out = tmp_path / "utkast.html"
    result = run("report", plan, "-o", out, "--draft")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == UNBALANCED.format(file=plan)  # in the user's language
    html = out.read_text(encoding="utf-8")
    assert '<div class="draft-mark">UTKAST</div>' in html
    assert (
        "UTKAST – planen har problem som ska rättas innan nämnden antar den: 2023.toml:4: plan: "
        "är inte i balans i budget (2023): Summa är 172"
    ) in plain_text(html)
    markdown = run("report", plan, "-f", "markdown", "--draft").stdout
    assert "**UTKAST** – planen har problem som ska rättas innan nämnden antar den:" in markdown
    clean = run("report", SEED_PLAN, "-f", "markdown", "--draft")
    assert (clean.exit_code, clean.stderr) == (0, "")
    assert "**UTKAST** – ännu inte antagen av nämnden." in clean.stdout
    assert "UTKAST" not in run("report", SEED_PLAN, "-f", "markdown").stdout


# The seed's own paragraphs on the budget and the investments, as published.
SEED_PARAGRAPHS = [
    (
        "Driftsbudget är uppräknad för löneökningar om 3% samt ett ökat PO med 5 % för 2023 "
        "vilket ger en förändring om 716 tkr. Lokalhyran är uppräknad med 10% vilket medför en "
        "ökning om 71 tkr. Justeringar gällande kapitalkostnader är gjorda med -16 tkr och avser "
        "individuella satsningar. Resterande del avser de gemensamma investeringarna."
    ),
    (
        "I övrigt ökar budgeten för licenser och serviceavtal med 1 022 tkr, kostnaderna för "
        "datakommunikation med 300 tkr och kostnaderna för tjänsteköp med 162 tkr."
    ),
    (
        "Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras vid halvårsskiftet, "
        "vilket innebär att kapitalkostnaderna endast avser halvårseffekt. I budget finns även "
        "upptaget kapitalkostnader som är investerade 2022 och tidigare och då till helårseffekt."
        " Från och med 2023 gör förvaltningen förändringar i utbytscirkeln gällande datorer. "
        "Utbyten kommer framöver göras av datorer som är fyra år gamla då en bedömning gjorts att"
        " livslängden är längre än 3 år. Således påverkas också kapitalkostnaderna då "
        "avskrivningstiden förlängs till 4 år. Detta för inköp som görs från och med 2023."
    ),
    ("Laxå har till 2023 gått in med medel för elevdatorer och iPads i investeringsbudgeten."),
    (
        "Hallsberg avser att gå in med kapitalkostnader i IT-nämndens budget under 2023 avseende "
        "elevdatorer till Bildningsförvaltningen. I nuläget är inte detta överflyttat vilket "
        "innebär att en budgetjustering kan komma att behöva göras gällande "
        "investeringskostnaderna under året. Detta påverkar enbart Hallsberg."
    ),
]


def test_the_seed_document_carries_all_of_the_seeds_words():
    text = plain_text(to_html(plan_document(load_plan(SEED_PLAN))))
    assert BUDGET_SENTENCE in text  # generated from the figures, the seed's word for word
    for paragraph in SEED_PARAGRAPHS:
        assert paragraph in text, paragraph[:30]
    # the half-year sentence is in the plan's own paragraph: said once
    assert text.count("aktiveras vid halvårsskiftet") == 1
    assert "Målvärde 2023" in text and "högst 20" in text and "minst 50" in text
    assert (
        "Avrundningsdifferenser förekommer: Totalt, Avskrivning: raderna blir 1 688, totalen 1 689."
    ) in text
    # only what the plan holds: no plan-year columns (no assumptions for them), no section
    # that the plan does not list
    assert "Plan 2024" not in text and "Planåren" not in text
    assert "Fördelning mellan kommunerna" not in text
    # the invented split of "3 och 4 ÅR" is an assumption, said in a footnote
    assert "IT-invest Lekeberg¹" in text and "IT-invest Hallsberg¹" in text
    assert "¹ Antagande: MER-planen anger avskrivningstiden 3 och 4 år" in text
    assert text.count("¹ Antagande") == 1
    assert (
        "Driftbudgetens rad Kapitalkostnader, 13 373 tkr, består av 1 764 tkr för "
        "investeringarna 2023 och 11 609 tkr för tidigare års investeringar."
    ) in text
    assert "anläggningsregistret" not in text


NOTED_PLAN = """
[plan]
organisation = "Dalanämnden"
year = 2024
plan_years = [2025, 2026]

[document]
sections = ["planår", "antaganden"]

[indices]
pay = { 2025 = "3.5%", 2026 = "3%" }

[[contribution]]
name = "Falun"
official_name = "Falu kommun"
budget = 700
previous = 650
restated = "Ny fördelning av skolnätet"

[[contribution]]
name = "Borlänge"
budget = 300
previous = 300

[[cost]]
name = "Personal"
budget = 800
previous = 700
index = "pay"
note = "Två tjänster tillsätts under våren."

[[cost]]
name = "Licenser"
budget = 200
previous = 250
plan = { 2026 = 260 }

[[investment]]
name = "Servrar"
amount = 300
years = 5
note = "Ersätter hallen i Borlänge."

[capital]
interest_rate = "2%"

[[goal]]
council_goal = "God service"

[[goal.indicator]]
name = "Ärendetid"
direction = "at_most"
targets = { 2024 = 20 }
note = "Mäts i arbetsdagar."
"""


def test_notes_are_footnotes_and_the_plan_years_say_what_they_rest_on(write_plan):
    path = write_plan(NOTED_PLAN, "2024.toml")
    text = plain_text(to_html(plan_document(load_plan(path))), between=" ")
    assert "Personal¹" in text and "¹ Två tjänster tillsätts under våren." in text
    assert "Servrar¹" in text and "¹ Ersätter hallen i Borlänge." in text
    assert "Ärendetid¹" in text and "¹ Mäts i arbetsdagar." in text
    assert "Omräknad budget: Ny fördelning av skolnätet" in text
    assert "Falu kommun 700 tkr (650 tkr) och Borlänge kommun 300 tkr (300 tkr)" in text
    assert "Plan 2025 Plan 2026" in text  # the plan gives assumptions for its plan years
    assert "Personal¹ 800 700 100 828 853" in text  # 800 × 1,035 = 828; 828 × 1,03 = 852,84
    assert "Uppräknade med pay (3,5 % 2025 och 3 % 2026): Personal." in text
    assert "Belopp angivna i planen: Licenser (2026)." in text
    assert (
        "Gemensamma kostnader fördelas efter kommunernas andelar av 2024 års driftbidrag "
        "(härledd fördelning)."
    ) in text
    assert "Fördelning mellan kommunerna" not in text  # no key and no member investments

    explained = run("budget", path, "--explain")
    assert "  Not: Två tjänster tillsätts under våren." in explained.stdout
    data = run("budget", path, "--explain", "-f", "json").stdout
    assert '"note": "Två tjänster tillsätts under våren."' in data


def test_plan_years_are_shown_only_where_the_plan_assumes_something(write_plan):
    path = write_plan(
        tomli_w.dumps(
            {
                "plan": {"organisation": "N", "year": 2024, "plan_years": [2025]},
                "contribution": [{"name": "Mora", "budget": 100}],
                "cost": [{"name": "Drift", "budget": 100}],
            }
        ),
        "2024.toml",
    )
    text = plain_text(to_html(plan_document(load_plan(path))))
    assert "Plan 2025" not in text and "Planåren" not in text


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, its spaces and line breaks as single spaces."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text().replace(NBSP, " ")) for page in reader.pages]


def with_an_outcome_for_every_indicator(folder: Path) -> Path:
    """The seed with a 2023 outcome on each of its 13 indicators: met and not met, better and
    worse, and outcomes without a target."""
    folder.mkdir()
    outcomes = iter([55, 18, 40, 22, 79, 99, 60, 11, -100, 70, "7.5", 1200, 20])
    text = re.sub(
        r'\[\[goal\.indicator\]\]\nname = "[^"]*"\n',
        lambda match: f"{match.group(0)}outcomes = {{ 2023 = {next(outcomes)} }}\n",
        SEED_PLAN.read_text(encoding="utf-8"),
    )
    plan = folder / "2023.toml"
    plan.write_text(text, encoding="utf-8")
    return plan


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: .ci/run installs Debian's chromium "
    "(apt-get install chromium); without it the browser test cannot run",
)
@pytest.mark.slow
def test_the_goals_with_outcomes_lose_no_word_when_chromium_prints_them(tmp_path):
    from mercalc.books.goals import goals_statement
    from mercalc.views.table import CODES

    plan = with_an_outcome_for_every_indicator(tmp_path / "books")
    page = tmp_path / "mer-plan-2023.html"
    assert run("report", plan, "-o", page).exit_code == 0
    pdf = tmp_path / "mer-plan-2023.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), cwd=tmp_path)
    text = " ".join(pdf_pages(pdf.read_bytes()))
    statement = goals_statement(load_plan(plan))
    indicators = [i for goal in statement.goals for i in goal.indicators]
    words = [CODES[code][0] for i in indicators for code in (*i.status.values(), *i.trend.values())]
    assert {"uppnått", "ej uppnått", "bättre", "sämre"} <= set(words)
    for name in [i.name for i in indicators] + ["Status 2023", "Trend 2023", "Utfall 2023"]:
        assert name in text, name
    row = "Minska genomsnittlig ärendehanteringstid för incidenter st 34 högst 20 högst 15 högst 10"
    assert f"{row} 22 ej uppnått bättre" in text  # every cell of the row, in its order
    assert text.count("ej uppnått") == words.count("ej uppnått")
    assert text.count("sämre") == words.count("sämre")


def weasyprint_missing() -> str | None:
    """Why WeasyPrint cannot write a PDF here, or None where it can."""
    from mercalc.views.pdf import PdfUnavailable, weasyprint

    try:
        weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return None


needs_weasyprint = pytest.mark.skipif(
    weasyprint_missing() is not None,
    reason="no WeasyPrint: pip install 'mercalc[pdf]' (.ci/run installs it with its libraries)",
)


@pytest.mark.slow
@needs_weasyprint
def test_report_writes_the_same_document_as_pdf(tmp_path):
    out = tmp_path / "mer-plan-2023.pdf"
    result = run("report", SEED_PLAN, "-o", out)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data)
    text = " ".join(pages)
    assert "Driftbidrag och övriga intäkter -41 391 -39 012 -2 379" in text
    assert "41 391" in text and BUDGET_SENTENCE in text
    assert pages[0].startswith("MER-plan 2023 med planår 2024–2025 Sydnärkes IT-nämnd")
    assert "UTKAST" not in text
    # only what the plan holds (SPEC 18), and every figure and paragraph of the seed
    assert "Plan 2024" not in text and "Fördelning mellan kommunerna" not in text
    for name, *figures in SEED_DRIFTBUDGET:
        assert f"{name} {' '.join(figures)}" in text, name
    for name, amount, cost in SEED_INVESTMENTS:
        assert re.search(rf"{name}¹?( \d{{4}}-\d\d)? {amount} .* {cost}", text), name
    body = re.sub(r" MER-plan 2023 med planår 2024–2025 Sida \d+ av \d+ ", " ", text)
    for paragraph in SEED_PARAGRAPHS:
        assert paragraph in body, paragraph[:30]
    explicit = tmp_path / "mer-plan"
    assert run("report", SEED_PLAN, "--format", "pdf", "-o", explicit).exit_code == 0
    assert explicit.read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
@needs_weasyprint
def test_a_draft_pdf_is_marked_utkast_on_every_page(tmp_path):
    plan = unbalanced_copy(tmp_path / "books")
    out = tmp_path / "utkast.pdf"
    assert run("report", plan, "-o", out, "--draft").exit_code == 0
    pages = pdf_pages(out.read_bytes())
    assert len(pages) >= 5
    assert all("UTKAST" in page for page in pages)
    assert "UTKAST – planen har problem som ska rättas innan nämnden antar den:" in pages[0]


def test_without_weasyprint_a_pdf_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    out = tmp_path / "mer-plan-2023.pdf"
    result = run("report", SEED_PLAN, "-o", out)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "pip install 'mercalc[pdf]'" in result.stderr
    assert result.stderr.startswith("mercalc: a PDF needs WeasyPrint")
    assert result.stderr.count("\n") == 1 and not out.exists()


def test_weasyprint_is_imported_only_to_write_a_pdf():
    code = (
        "import sys; from mercalc.cli import app; from typer.testing import CliRunner; "
        "CliRunner().invoke(app, ['report', 'data/2023.toml', '-f', 'markdown']); "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout == "False\n"


@pytest.mark.slow
@needs_weasyprint
def test_the_pdf_is_archival_tagged_and_numbered_on_every_page(tmp_path):
    import io

    import pypdf

    out = tmp_path / "mer-plan-2023.pdf"
    assert run("report", with_decision(tmp_path / "books"), "-o", out).exit_code == 0
    pages = pdf_pages(out.read_bytes())
    text = " ".join(pages)
    assert "Förslag till beslut Nämnden föreslås besluta att" in text
    assert "fastställa MER-plan 2023 med driftbudget 41 391 tkr" in text
    assert "överlämna MER-plan 2023 till de samverkande kommunerna" in text
    count = len(pages)
    assert [f"Sida {n} av {count}" in page for n, page in enumerate(pages, 1)] == [True] * count
    # the contents list gives each section's page: Inledning on page 4, after the decision
    assert re.search(r"1 Inledning \.+ \d+", pages[1])
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv-SE" and "/Outlines" in root
    assert reader.metadata.title == "MER-plan 2023 med planår 2024–2025 – Sydnärkes IT-nämnd"
    assert reader.metadata.author == "Sydnärkes IT-nämnd"
    assert reader.metadata.subject.startswith("Mål, ekonomi och resurser 2023")
    xmp = reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "/EmbeddedFiles" not in str(root.get("/Names", {}))  # no PDF/A-3 attachments


@pytest.mark.parametrize(
    "plan",
    [SEED_PLAN, ROOT / "tests" / "books" / "2023.toml", ROOT / "tests" / "books" / "2024.toml"],
)
def test_no_figure_for_people_shows_more_than_two_decimals(plan):
    """SPEC 16: the documents and their notes show at most two decimals; rates as written."""
    result = run("report", plan, "--format", "markdown", "--draft")
    assert result.exit_code == 0, result.stderr
    assert "Avrundningsdifferenser" in result.stdout or plan != SEED_PLAN
    figures = re.findall(r"\d+,\d{3,}(?!\d)(?![\s\u00a0]*%)", result.stdout)
    assert figures == []
