"""Follow-up: held-out books and a held-out ledger export (Windows-1252, `;`, decimal comma, two
period forms, an account that matches no line), as CSV and as xlsx; every figure worked out by
hand below."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from conftest import run
from seed import EXPORT_HEADER as HEADER
from seed import EXPORT_ROWS as ROWS
from seed import FOLLOWUP_BOOKS as BOOKS
from seed import FOLLOWUP_PLAN as PLAN
from seed import export_csv, held_out_followup

from mercalc.books.followup import follow_up, to_date
from mercalc.books.loader import load_plan
from mercalc.cli.followup import ProgressBar

UNMAPPED_ROW = 18  # 8410: the header is row 1

AUGUST = [  # the columns of SPEC 8 through August
    "Budget",
    "Budget t.o.m. augusti",
    "Utfall t.o.m. augusti",
    "Avvikelse",
    "Prognos",
    "Avvikelse helår",
]


def export_xlsx(folder: Path) -> Path:
    """The same rows as a workbook: accounts and amounts as numbers where they are plain."""
    path = folder / "utfall.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for account, unit, period, amount, text in ROWS:
        plain = amount.replace(" ", "").replace(",", ".")
        sheet.append([int(account), int(unit), period, float(plain), text])
    workbook.save(path)
    return path


# Each line's six figures through August, by hand: budget; budget to date (budget × 8 / 12, or by
# the profile); outcome; budget to date − outcome; forecast (SPEC 15: a contribution at its
# budget, every other line by its trend, outcome ÷ its profile share to date, 8 / 12 without a
# profile); budget − forecast.
EXPECTED = {
    "Kungsör": (-4200000, -2800000, -3150000, 350000, -4200000, 0),
    "Arboga": (
        -5800000,
        Fraction(-11600000, 3),  # -3 866 666,67
        -2900000,
        Fraction(-2900000, 3),  # -11 600 000 / 3 + 2 900 000
        -5800000,
        0,
    ),
    "Tjänsteförsäljning": (
        -600000,
        -400000,
        Decimal("-305400.50"),  # -125 400,50 - 180 000
        Decimal("-94599.50"),
        Decimal("-458100.75"),
        Decimal("-141899.25"),
    ),
    "Personalkostnader": (
        6000000,
        4000000,
        Decimal("4012345.67"),  # 1 950 000 + 2 050 000 + 12 345,67
        Decimal("-12345.67"),
        Decimal("6018518.505"),
        Decimal("-18518.505"),
    ),
    # profile 6, 0 … 0, 2, 2, 2: January to August carry 6 of 12 weights; trend 1 805 000 ÷ 6/12
    "Licenser": (2400000, 1200000, 1805000, -605000, 3610000, -1210000),
    "Skolnät Arboga": (600000, 400000, 350000, 50000, 525000, 75000),
    "Lokaler och övrigt": (
        1600000,
        Fraction(3200000, 3),
        Decimal("253000.25"),  # 45 000 + 210 500,25 - 2 500
        Fraction(3200000, 3) - Fraction("253000.25"),
        Decimal("379500.375"),
        Decimal("1220499.625"),
    ),
    "Ej kopplade konton": (
        0,
        0,
        Decimal("1250.50"),
        Decimal("-1250.50"),
        Decimal("1875.75"),
        Decimal("-1875.75"),
    ),
}


def figures(line) -> tuple[Fraction, ...]:
    f = line.figures
    values = (
        f.budget,
        f.budget_to_date,
        f.actual_to_date,
        f.deviation_to_date,
        f.forecast,
        f.deviation_year,
    )
    return tuple(Fraction(v) for v in values)


def cells(line: str) -> list[str]:
    """A table row's cells: split at spaces, never at the no-break space inside a figure."""
    return [cell for cell in line.split(" ") if cell]


def expected(name: str) -> tuple[Fraction, ...]:
    return tuple(Fraction(v) for v in EXPECTED[name])


@pytest.fixture
def csv_export(tmp_path) -> Path:
    return export_csv(tmp_path)


def statement_of(path: Path, **options):
    from mercalc.io.actuals import read_outcomes

    plan = load_plan(PLAN)
    outcomes = read_outcomes(path)
    return follow_up(plan, outcomes.sums, outcomes.latest(), **options)


def test_every_line_has_its_six_figures_exactly(csv_export):
    statement = statement_of(csv_export)
    lines = [*statement.revenue, *statement.costs, statement.unmapped_line]
    assert [line.name for line in lines] == list(EXPECTED)
    for line in lines:
        assert figures(line) == expected(line.name), line.name
        assert line.method == ("budget" if line.kind == "contribution" else "trend")
    assert statement.through == (2024, 8)


def test_summa_holds_every_krona_of_the_export(csv_export):
    statement = statement_of(csv_export)
    file_sum = sum(Fraction(row[3].replace(" ", "").replace(",", ".")) for row in ROWS)
    assert Fraction(statement.result.actual_to_date) == file_sum
    assert statement.result.budget == 0
    assert [(u.account, u.amount) for u in statement.unmapped] == [("8410", Decimal("1250.50"))]


def test_the_json_carries_the_figures_of_spec_8(csv_export):
    result = run("follow-up", PLAN, "--actuals", csv_export, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout, parse_float=Decimal)
    assert list(data) == [
        "organisation",
        "year",
        "through",
        "months",
        "lines",
        "revenue_total",
        "cost_total",
        "result",
        "unmapped",
    ]
    assert (data["through"], data["months"]) == ("2024-08", 8)
    keys = [
        "budget",
        "budget_to_date",
        "actual_to_date",
        "deviation_to_date",
        "forecast",
        "deviation_year",
    ]
    for line in data["lines"]:
        assert list(line) == [
            "name",
            "kind",
            *keys[:5],
            "forecast_method",
            "deviation_year",
            "comment",
        ]
        shown = tuple(Fraction(line[key]) for key in keys)
        assert shown == tuple(
            Fraction(round(value * 10**10), 10**10) for value in expected(line["name"])
        ), line["name"]
    kinds = [line["kind"] for line in data["lines"]]
    assert kinds == ["contribution"] * 2 + ["revenue"] + ["cost"] * 4 + ["unmapped"]
    assert data["unmapped"] == [{"account": "8410", "amount": Decimal("1250.5")}]


def test_the_unmapped_account_is_a_row_and_a_problem(csv_export):
    result = run("follow-up", PLAN, "--actuals", csv_export)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{csv_export}:{UNMAPPED_ROW}: Konto: 8410 matches the accounts of no line "
        "(outcome 1250.5 through 2024-08): add it to a line's accounts\n"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "Uppföljning t.o.m. augusti 2024, Västra Mälardalens IT-nämnd (kr)"
    header = lines[2].split("   ")
    assert [cell.strip() for cell in header if cell.strip()] == [*AUGUST, "Prognosmetod"]
    unmapped = next(line for line in lines if line.lstrip().startswith("Ej kopplade konton "))
    assert cells(unmapped)[-7:] == [
        "0",
        "0",
        "1\u00a0251",
        "-1\u00a0251",
        "1\u00a0876",
        "-1\u00a0876",
        "trend",
    ]
    assert "Ej kopplade konton: 8410 (1\u00a0250,5)." in lines


def test_the_same_rows_as_xlsx_give_the_same_follow_up(tmp_path, csv_export):
    workbook = export_xlsx(tmp_path)
    from_csv = run("follow-up", PLAN, "--actuals", csv_export, "--format", "json")
    from_xlsx = run("follow-up", PLAN, "--actuals", workbook, "--format", "json")
    assert from_xlsx.stdout == from_csv.stdout
    assert from_xlsx.exit_code == 1
    assert from_xlsx.stderr.startswith(f"{workbook}:{UNMAPPED_ROW}: Konto: 8410 ")


def test_through_defaults_to_the_latest_period_and_can_be_earlier(csv_export):
    default = json.loads(run("follow-up", PLAN, "--actuals", csv_export, "-f", "json").stdout)
    assert default["through"] == "2024-08"
    from mercalc.io.actuals import read_outcomes

    statement = follow_up(load_plan(PLAN), read_outcomes(csv_export).sums, (2024, 6))
    personnel = next(line for line in statement.costs if line.name == "Personalkostnader")
    # June: 1 950 000 + 2 050 000, not August's 12 345,67; forecast 4 000 000 × 12 / 6
    assert figures(personnel)[1:5] == (3000000, 4000000, -1000000, 8000000)
    assert statement.unmapped == ()  # 8410 is booked in August
    result = run("follow-up", PLAN, "--actuals", csv_export, "--through", "2024-06", "-f", "json")
    assert (result.exit_code, json.loads(result.stdout)["months"]) == (0, 6)


def test_a_bad_row_is_located_as_file_and_row(tmp_path):
    rows = [*ROWS[:4], ("3612", "1100", "2024-13", "1 000,00", "x"), *ROWS[4:]]
    path = export_csv(tmp_path, rows)
    result = run("follow-up", PLAN, "--actuals", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f'{path}:6: Period: "2024-13" is not a period '
        "(write 2023-08, 202308 or a date such as 2023-08-31)\n"
    )


def test_an_entered_forecast_wins_and_says_why(tmp_path, csv_export):
    forecasts = tmp_path / "prognos.toml"
    forecasts.write_text(
        '[[forecast]]\nline = "Licenser"\namount = 2380000\n'
        'reason = "Årslicenserna blev billigare"\n',
        encoding="utf-8",
    )
    statement = statement_of(csv_export)
    from mercalc.books.loader import load_forecasts

    entered, problems = load_forecasts(forecasts, load_plan(PLAN))
    assert problems == []
    from mercalc.io.actuals import read_outcomes

    with_forecast = follow_up(
        load_plan(PLAN), read_outcomes(csv_export).sums, statement.through, entered
    )
    licences = next(line for line in with_forecast.costs if line.name == "Licenser")
    assert (licences.method, licences.reason) == ("entered", "Årslicenserna blev billigare")
    assert figures(licences)[4:] == (2380000, 20000)
    result = run("follow-up", PLAN, "--actuals", csv_export, "--forecast", forecasts)
    assert "Inmatad prognos för Licenser: Årslicenserna blev billigare" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith(" Licenser "))
    assert cells(row)[-3:] == ["2\u00a0380\u00a0000", "20\u00a0000", "inmatad"]


def test_the_settlement_per_member(csv_export):
    statement = statement_of(csv_export, members=True)
    # without keys, the shared lines go by the contributions (42 % and 58 %); the school
    # network is Arboga's own; each contribution's own deviation is its member's
    shared = sum(
        expected(name)[5]
        for name in ("Tjänsteförsäljning", "Personalkostnader", "Licenser", "Lokaler och övrigt")
    )
    assert shared == Fraction("-149918.13")
    kungsor = expected("Kungsör")[5] + shared * Fraction(42, 100)
    arboga = expected("Arboga")[5] + shared * Fraction(58, 100) + expected("Skolnät Arboga")[5]
    assert [(s.name, Fraction(s.amount)) for s in statement.settlement] == [
        ("Kungsör", kungsor),
        ("Arboga", arboga),
    ]
    assert (kungsor, arboga) == (Fraction("-62965.6146"), Fraction("-11952.5154"))
    # whole units by the largest remainder: they add up to the rounded total -74 918
    assert [s.units for s in statement.settlement] == [-62966, -11952]
    result = run("follow-up", PLAN, "--actuals", csv_export, "--members", "-f", "json")
    assert json.loads(result.stdout, parse_float=Decimal)["settlement"] == [
        {"name": "Kungsör", "amount": -62966, "exact": Decimal("-62965.6146")},
        {"name": "Arboga", "amount": -11952, "exact": Decimal("-11952.5154")},
    ]
    table = run("follow-up", PLAN, "--actuals", csv_export, "--members").stdout.splitlines()
    start = table.index(next(line for line in table if "Avräkning per medlemskommun" in line))
    assert [cells(line)[-1] for line in table[start + 1 : start + 3]] == [
        "-62 966",
        "-11 952",
    ]


def test_settlement_rows_are_a_kind_of_their_own_in_csv(csv_export):
    """Summing the lines must not count the deviation twice: the settlement is not a line."""
    for fmt, separator, kinds in (
        ("csv", ",", ["group", "settlement", "settlement", "total"]),
        ("csv-sv", ";", ["grupp", "avräkning", "avräkning", "summa"]),
    ):
        result = run("follow-up", PLAN, "--actuals", csv_export, "--members", "-f", fmt)
        rows = [line.split(separator) for line in result.stdout.lstrip("\ufeff").splitlines()]
        start = next(i for i, row in enumerate(rows) if row[1] == "Avräkning per medlemskommun")
        assert [row[0] for row in rows[start:]] == kinds
        assert [row[1] for row in rows[start + 1 : start + 3]] == ["Kungsör", "Arboga"]
        line = {"csv": "line", "csv-sv": "rad"}[fmt]
        assert [row[1] for row in rows if row[0] == line].count("Kungsör") == 1  # its budget


def test_a_settlement_by_keys(tmp_path, csv_export):
    text = PLAN.read_text(encoding="utf-8") + (
        '\n[[key]]\nname = "Invånare"\nvalues = { "Kungsör" = 1, Arboga = 3 }\n'
        '\n[distribution]\nkey = "Invånare"\n'
    )
    (tmp_path / "books").mkdir()
    plan_path = tmp_path / "books" / "2024.toml"
    plan_path.write_text(text, encoding="utf-8")
    plan = load_plan(plan_path)
    from mercalc.io.actuals import read_outcomes

    statement = follow_up(plan, read_outcomes(csv_export).sums, (2024, 8), members=True)
    shared = Fraction("-149918.13")
    assert [Fraction(s.amount) for s in statement.settlement] == [
        shared / 4,
        shared * 3 / 4 + 75000,
    ]


def test_profile_periodisation_by_weights():
    plan = load_plan(PLAN)
    licences = next(line for line in plan.costs if line.name == "Licenser")
    assert [to_date(licences, m) for m in (1, 9, 10, 12)] == [1200000, 1200000, 1600000, 2400000]


def test_no_progress_bar_in_a_pipe(csv_export):
    result = run("follow-up", PLAN, "--actuals", csv_export)
    assert "Läser" not in result.stderr and "Reading" not in result.stderr


def test_a_progress_bar_on_a_terminal_only_after_a_second(monkeypatch):
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=60)
    bar = ProgressBar("utfall.csv", console)
    bar(10, 100)  # at once: nothing yet
    assert bar.bar is None
    monkeypatch.setattr(bar, "started", bar.started - 2)
    bar(50, 100)
    bar.close()
    assert "utfall.csv" in out.getvalue()


def test_the_readme_example_export_is_these_rows(tmp_path):
    assert (BOOKS / "utfall-2024-08.csv").read_bytes() == export_csv(tmp_path).read_bytes()


def test_an_export_without_outcomes_needs_a_month(tmp_path):
    path = export_csv(tmp_path, [])
    result = run("follow-up", PLAN, "--actuals", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}: holds no outcomes: give --through YYYY-MM to follow up a month without any\n"
    )
    result = run("follow-up", PLAN, "--actuals", path, "--through", "2024-01", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["result"]["actual_to_date"], data["unmapped"]) == (0, [])


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        # SPEC 13.2: the more specific pattern wins; only equally specific ones are bad input
        ("5*", "5410", False),
        ("5410", "5*", False),
        ("54*", "5*", False),
        ("4010", "4010", True),
        ("5*", "5*", True),
        ("541*", "5410", False),
        ("54*", "55*", False),
        ("4010", "40100", False),
        ("5410", "541*", False),
        ("4010", "401", False),
    ],
)
def test_patterns_of_two_lines_that_can_match_one_account(first, second, overlap):
    from mercalc.books.model import validate_plan
    from mercalc.books.validation import account_findings

    plan = validate_plan(
        {
            "plan": {"organisation": "N", "year": 2024},
            "cost": [
                {"name": "A", "budget": 1, "accounts": [first, "9*"]},
                {"name": "B", "budget": 1, "accounts": ["1*", second]},
            ],
        }
    )
    found = account_findings(plan)
    assert [path for path, _ in found] == ([("cost", 1, "accounts", 1)] if overlap else [])


def test_the_document_gains_the_section_uppfoljning(tmp_path, csv_export):
    from mercalc.views.document import plan_document

    statement = statement_of(csv_export)
    document = plan_document(load_plan(PLAN), followup=statement)
    section = document.sections[-1]
    assert (section.title, [part.kind for part in section.parts]) == (
        "Uppföljning",
        ["table", "text", "chart"],
    )
    table, text, chart = section.parts
    assert [column.label for column in table.table.columns] == AUGUST  # no column of methods
    licences = next(row for row in table.table.rows if row.label == "Licenser")
    assert licences.values == (2400000, 1200000, 1805000, -605000, 3610000, -1210000)
    assert [piece.text for block in text.blocks for piece in block.lines[0]] == [
        "Kostnaderna t.o.m. augusti 2024 är 6\u00a0420\u00a0346 kr mot en periodiserad budget om "
        "6\u00a0666\u00a0667 kr.",
        "Prognosen för helåret visar ett underskott om 76\u00a0794 kr.",
    ]
    bars = chart.chart.bars
    assert [bar.category for bar in bars] == list(EXPECTED)[:-1]
    # revenue drawn as amounts: Kungsör's budget to date 2 800 000 and outcome 3 150 000
    assert [segment.value for segment in bars[0].segments] == [2800000, 3150000]
    assert chart.chart.label_angle == -90  # "Tjänsteförsäljning" is wider than its slot


def test_report_refuses_an_export_with_unmapped_accounts_unless_a_draft(tmp_path, csv_export):
    page = tmp_path / "uppfoljning.html"
    refused = run("report", PLAN, "--actuals", csv_export, "-o", page)
    assert (refused.exit_code, page.exists()) == (1, False)
    assert refused.stderr.startswith(f"{csv_export}:{UNMAPPED_ROW}: Konto: 8410 ")
    draft = run("report", PLAN, "--actuals", csv_export, "--draft", "-o", page)
    assert draft.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "UTKAST" in html and "8410 hör inte till någon rads konton" in html
    assert 'id="uppfoljning"' in html and 'id="followup-chart"' in html


def test_report_through_a_month_without_problems(tmp_path, csv_export):
    page = tmp_path / "uppfoljning.md"
    result = run("report", PLAN, "--actuals", csv_export, "--through", "2024-07", "-o", page)
    assert (result.exit_code, result.stderr) == (0, "")
    text = page.read_text(encoding="utf-8")
    assert "## 2 Uppföljning" in text
    assert "**Uppföljning t.o.m. juli 2024, Västra Mälardalens IT-nämnd (kr)**" in text


def test_report_options_of_the_follow_up_need_the_export():
    result = run("report", PLAN, "--through", "2024-07")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mercalc report: --through follows up an export: give it with --actuals FILE\n"
    )


# --- SPEC 15 on the held-out books (tests/books), their ledger through August 2023 ---------------


def held_out(folder: Path, forecast: str | None = None, replace: dict[str, str] | None = None):
    """The follow-up of the held-out books through August, with a forecast file's text."""
    from mercalc.books.loader import load
    from mercalc.books.loader import load_forecasts as forecasts_of
    from mercalc.io.actuals import read_outcomes

    plan_path, export = held_out_followup(folder, replace)
    books = load(plan_path)
    plan = books.plan(2023)
    entered = None
    if forecast is not None:
        (folder / "prognos.toml").write_text(forecast, encoding="utf-8")
        entered, problems = forecasts_of(folder / "prognos.toml", plan)
        assert problems == []
    outcomes = read_outcomes(export)
    return follow_up(
        plan,
        outcomes.sums,
        (2023, 8),
        entered,
        members=True,
        plans=books.all_plans(),
        register=books.register.record,
    )


def line(statement, name: str):
    return next(row for row in (*statement.revenue, *statement.costs) if row.name == name)


def capital_months(folder: Path) -> tuple[Fraction, ...]:
    from mercalc.books.capital import monthly_capital_cost
    from mercalc.books.loader import load

    books = load(folder / "books")
    return monthly_capital_cost(books.all_plans(), 2023, books.register.record)


def test_contributions_are_forecast_at_budget_however_they_are_invoiced(tmp_path):
    statement = held_out(tmp_path)
    # invoiced quarterly: through August three quarters (6 834) of Lindesberg's 9 112 are booked
    lindesberg = line(statement, "Lindesberg")
    assert figures(lindesberg)[2] == -6834
    assert (lindesberg.method, lindesberg.figures.forecast, lindesberg.figures.deviation_year) == (
        "budget",
        -9112,
        0,
    )
    assert {row.method for row in statement.contributions} == {"budget"}


def test_a_profiled_line_is_forecast_by_its_own_profile(tmp_path):
    statement = held_out(tmp_path)
    licences = line(statement, "Licenser")
    # 2 100 in January, 50 in August; the profile puts 6 of its 12 weights through August
    assert licences.method == "trend"
    assert Fraction(licences.figures.forecast) == Fraction(2150) / Fraction(6, 12) == 4300
    # a line without a profile: its share of the year is 8 / 12
    equipment = line(statement, "Utrustning")
    assert Fraction(equipment.figures.forecast) == Fraction(1500) * 12 / 8


def test_forecast_budget_and_a_line_without_outcome_yet_keep_their_budget(tmp_path):
    statement = held_out(
        tmp_path,
        replace={'accounts = ["64*"]': 'accounts = ["64*"]\nforecast = "budget"'},
    )
    assert (
        line(statement, "Utrustning").method,
        line(statement, "Utrustning").figures.forecast,
    ) == (
        "budget",
        3000,
    )
    (tmp_path / "again").mkdir()
    statement = held_out(tmp_path / "again", replace={'["34*"]': '["39*"]'})  # nothing booked
    revenue = line(statement, "Uppdrag åt andra kommuner")
    assert (revenue.method, revenue.figures.forecast) == ("budget", -300)


def test_the_capital_line_follows_the_books_schedule(tmp_path):
    statement = held_out(tmp_path)
    months = capital_months(tmp_path)
    capital = line(statement, "Kapitalkostnader")
    # U × m/12 + (budget − U) × C(1…8) ÷ C(year), with U = 400 and the budget 2 262
    expected = Fraction(400) * 8 / 12 + (2262 - 400) * sum(months[:8]) / sum(months)
    assert capital.figures.budget_to_date == expected
    assert capital.figures.budget_to_date != Fraction(2262 * 8, 12)  # not even
    assert (capital.method, capital.figures.forecast) == ("schedule", 400 + sum(months))
    assert round(capital.figures.forecast) == 2262


def test_a_late_activation_moves_the_capital_line_s_budget_to_date_and_forecast(tmp_path):
    (tmp_path / "a").mkdir()
    planned = line(held_out(tmp_path / "a"), "Kapitalkostnader")
    (tmp_path / "b").mkdir()
    late = held_out(
        tmp_path / "b",
        replace={
            'name = "Gemensam IT-invest"\n': 'name = "Gemensam IT-invest"\nactivated = "2023-10"\n'
        },
    )
    moved = line(late, "Kapitalkostnader")
    # 1 200 over 3 years: 100/3 of depreciation and 1.5 % × 1 200 / 12 = 1.5 of interest a
    # month; in service from October, not July: three months less
    month = Fraction(1200, 36) + Fraction("0.015") * 1200 / 12
    assert moved.figures.forecast == planned.figures.forecast - 3 * month
    assert moved.figures.budget_to_date < planned.figures.budget_to_date  # July and August
    months = capital_months(tmp_path / "b")
    assert moved.figures.budget_to_date == Fraction(400) * 8 / 12 + 1862 * sum(months[:8]) / sum(
        months
    )
    # the same move entered in the forecast file moves the forecast, not the budget
    (tmp_path / "c").mkdir()
    entered = line(
        held_out(
            tmp_path / "c",
            '[[activation]]\ninvestment = "Gemensam IT-invest"\nactivated = "2023-10"\n',
        ),
        "Kapitalkostnader",
    )
    assert entered.figures.forecast == moved.figures.forecast
    assert entered.figures.budget_to_date == planned.figures.budget_to_date


def test_a_member_s_own_investment_s_deviation_stays_its_own(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = held_out(tmp_path / "a")
    # Lindesberg's Skolplattor (600 over 2 years) goes into service in May, not February
    after = held_out(
        tmp_path / "b", '[[activation]]\ninvestment = "Skolplattor"\nactivated = "2023-05"\n'
    )
    saved = 3 * (Fraction(600, 24) + Fraction("0.015") * 600 / 12)
    assert saved == Fraction("77.25")
    change = {
        a.name: Fraction(b.amount) - Fraction(a.amount)
        for a, b in zip(before.settlement, after.settlement, strict=True)
    }
    assert change == {"Lindesberg": saved, "Nora": 0, "Hällefors": 0, "Ljusnarsberg": 0}
    # whole units, adding up to the rounded total
    units = [share.units for share in after.settlement]
    assert sum(units) == round(sum(Fraction(share.amount) for share in after.settlement))
