"""Goals and indicators: status for both directions and the boundary, trend, check findings."""

from __future__ import annotations

from decimal import Decimal

from conftest import OUTCOMES

from mercalc.books.goals import goals_statement, status, trend
from mercalc.books.loader import load_plan
from mercalc.books.model import Indicator
from mercalc.books.rules import goal_findings


def indicator(direction, targets, outcomes, baseline=None):
    return Indicator(
        name="i", direction=direction, targets=targets, outcomes=outcomes, baseline=baseline
    )


def test_an_outcome_equal_to_the_target_is_met_in_both_directions():
    assert status(indicator("at_least", {2023: 80}, {2023: 80}), 2023) == "met"
    assert status(indicator("at_most", {2023: 20}, {2023: 20}), 2023) == "met"


def test_met_and_not_met_follow_the_direction():
    assert status(indicator("at_least", {2023: 80}, {2023: Decimal("79.5")}), 2023) == "not_met"
    assert status(indicator("at_least", {2023: 80}, {2023: 81}), 2023) == "met"
    assert status(indicator("at_most", {2023: 20}, {2023: 22}), 2023) == "not_met"
    assert status(indicator("at_most", {2023: 20}, {2023: 19}), 2023) == "met"


def test_no_outcome_yet_and_no_target():
    assert status(indicator("at_least", {2024: 80}, {}), 2024) == "no_outcome"
    assert status(indicator("at_least", {2024: 80}, {2023: 70}), 2023) is None


def test_trend_against_the_year_before_or_the_baseline():
    at_most = indicator("at_most", {}, {2023: 20, 2024: 22}, baseline=34)
    assert (trend(at_most, 2023), trend(at_most, 2024)) == ("better", "worse")
    at_least = indicator("at_least", {}, {2023: 80, 2024: 80}, baseline=77)
    assert (trend(at_least, 2023), trend(at_least, 2024)) == ("better", "unchanged")
    assert trend(indicator(None, {}, {2023: 5}, baseline=3), 2023) == "higher"
    assert trend(indicator("at_least", {}, {2023: 5}), 2023) is None


def test_check_finds_late_targets_late_outcomes_and_missing_directions(tmp_path):
    text = OUTCOMES.read_text(encoding="utf-8")
    text = text.replace("targets = { 2024 = 7 }", "targets = { 2024 = 7, 2026 = 6 }")
    text = text.replace("outcomes = { 2023 = 6.03 }", "outcomes = { 2023 = 6.03, 2025 = 6 }")
    text = text.replace('name = "NKI"\ntargets = {}', 'name = "NKI"\ntargets = { 2024 = 70 }')
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    assert goal_findings(load_plan(path)) == [
        (
            ("goal", 0, "indicator", 2, "targets"),
            'targets need a direction: add direction = "at_least" or "at_most"',
        ),
        (
            ("goal", 1, "indicator", 0, "targets", "2026"),
            "a target for 2026, after the last plan year 2025",
        ),
        (
            ("goal", 1, "indicator", 0, "outcomes", "2025"),
            "an outcome for 2025, after the budget year 2024",
        ),
    ]
    assert goal_findings(load_plan(OUTCOMES)) == []


def test_the_statement_holds_status_and_trend_by_year():
    statement = goals_statement(load_plan(OUTCOMES))
    assert (statement.year, statement.followed_up) == (2024, None)
    indicator = statement.goals[0].indicators[0]
    assert (indicator.name, indicator.direction, indicator.baseline) == ("Ärendetid", "at_most", 34)
    assert dict(indicator.status) == {2023: "met", 2024: "not_met", 2025: "no_outcome"}
    assert dict(indicator.trend) == {2023: "better", 2024: "worse"}
    assert (statement.target_years, statement.outcome_years) == ((2023, 2024, 2025), (2023, 2024))
    assert goals_statement(load_plan(OUTCOMES), 2023).outcome_years == (2023,)
