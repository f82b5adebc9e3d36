"""`mercalc goals`: the seed's goals table, follow-up and the json shape."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from conftest import OUTCOMES, SEED_PLAN, run
from seed import SEED_INDICATORS

NBSP = "\u00a0"


def test_the_seed_goals_table(golden):
    result = run("goals", SEED_PLAN)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("goals-2023.txt", result.stdout)
    for name, *_ in SEED_INDICATORS:
        assert name[:50] in result.stdout


def test_the_seed_figures_in_csv_are_as_published():
    import csv
    import io

    rows = list(csv.reader(io.StringIO(run("goals", SEED_PLAN, "-f", "csv").stdout)))
    assert rows[0] == [
        "kind",
        "Indikator",
        "Enhet",
        "Riktning",
        "Utgångsvärde",
        "Målvärde 2023",
        "Målvärde 2024",
        "Målvärde 2025",
    ]
    assert {r[0] for r in rows[1:]} == {"group", "line"}  # the goals are headings, not figures
    indicators = [(r[1], r[4], r[5], r[6], r[7]) for r in rows[1:] if r[0] == "line"]
    assert indicators == SEED_INDICATORS


def test_the_seed_goals_json_shape():
    data = json.loads(run("goals", SEED_PLAN, "-f", "json").stdout, parse_float=Decimal)
    assert data["year"] == 2023
    assert len(data["goals"]) == 6
    assert sum(len(goal["indicators"]) for goal in data["goals"]) == 13
    sick = data["goals"][4]["indicators"][1]
    assert sick == {
        "name": "Sjukfrånvaro",
        "unit": "%",
        "baseline": Decimal("6.03"),
        "direction": "at_most",
        "targets": {"2023": 7},
        "outcomes": {},
        "status": {"2023": "no_outcome"},
        "trend": {},
    }


def test_follow_up_shows_met_not_met_and_trend(golden):
    result = run("goals", OUTCOMES)
    assert result.exit_code == 0
    golden("goals-outcomes.txt", result.stdout)
    markdown = run("goals", OUTCOMES, "-f", "markdown").stdout
    assert (
        "| Ärendetid | st | högst | 34 | 20 | 15 | 10 "
        "| 20 | uppnått | bättre | 22 | ej uppnått | sämre |" in markdown
    )
    data = json.loads(run("goals", OUTCOMES, "-f", "json").stdout)
    time, calls, _nki = data["goals"][0]["indicators"]
    assert time["status"] == {"2023": "met", "2024": "not_met", "2025": "no_outcome"}
    assert calls["status"] == {"2023": "not_met", "2024": "met"}


def test_year_option_follows_up_one_year():
    result = run("goals", OUTCOMES, "--year", "2024", "-f", "csv")
    header = result.stdout.splitlines()[0]
    assert header.endswith("Utfall 2024,Status 2024,Trend 2024")
    assert "2023,Status 2023" not in header


def test_colour_marks_met_and_not_met_in_a_terminal():
    from mercalc.books.goals import goals_statement
    from mercalc.books.loader import load_plan
    from mercalc.views.goals import goals_report
    from mercalc.views.render import render

    coloured = render(goals_report(goals_statement(load_plan(OUTCOMES))), "table", color=True)
    assert re.search("\x1b\\[32m *uppnått", coloured)
    assert re.search("\x1b\\[31m *ej uppnått", coloured)
    assert "\x1b[" not in run("goals", OUTCOMES).stdout


def test_check_reports_goal_problems_with_lines(tmp_path):
    text = OUTCOMES.read_text(encoding="utf-8").replace(
        "outcomes = { 2023 = 6.03 }", "outcomes = { 2023 = 6.03, 2025 = 6 }"
    )
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    result = run("check", path)
    line = text.splitlines().index("outcomes = { 2023 = 6.03, 2025 = 6 }") + 1
    assert (result.exit_code, result.stderr) == (
        1,
        f"{path}:{line}: goal[1].indicator[0].outcomes.2025: an outcome for 2025, "
        "after the budget year 2024\n",
    )
