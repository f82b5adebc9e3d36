"""Goals and indicators (mål och indikatorer): targets per year, outcomes, met or not, trend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from ..numbers import Number
from .model import Indicator, Plan, folded

Status = Literal["met", "not_met", "no_outcome"]
Trend = Literal["better", "worse", "unchanged", "higher", "lower"]


def status(indicator: Indicator, year: int) -> Status | None:
    """`met`, `not_met` or `no_outcome` for a year with a target; an outcome equal to it is met."""
    target = indicator.targets.get(year)
    if target is None or indicator.direction is None:
        return None
    outcome = indicator.outcomes.get(year)
    if outcome is None:
        return "no_outcome"
    met = outcome >= target if indicator.direction == "at_least" else outcome <= target
    return "met" if met else "not_met"


def trend(indicator: Indicator, year: int) -> Trend | None:
    """The outcome against the year before (or the baseline): better, worse or unchanged.

    Without a direction there is no better or worse, only higher or lower.
    """
    outcome = indicator.outcomes.get(year)
    before = indicator.outcomes.get(year - 1, indicator.baseline)
    if outcome is None or before is None:
        return None
    if outcome == before:
        return "unchanged"
    higher = outcome > before
    if indicator.direction is None:
        return "higher" if higher else "lower"
    return "better" if higher == (indicator.direction == "at_least") else "worse"


class IndicatorRow(NamedTuple):
    """An indicator with its figures by year, and where it stands in each year."""

    name: str
    unit: str | None
    baseline: Number | None
    direction: Literal["at_least", "at_most"] | None
    targets: Mapping[int, Number]  # by year, in order
    outcomes: Mapping[int, Number]
    status: Mapping[int, Status]  # each year with a target (and a direction)
    trend: Mapping[int, Trend]  # each year with an outcome and one before it (or a baseline)
    note: str | None = None  # the plan's note on the indicator (a footnote in the document)


class GoalRow(NamedTuple):
    """A council goal, the board's goal under it, and their indicators."""

    area: str | None
    council_goal: str
    board_goal: str | None
    indicators: tuple[IndicatorRow, ...]


class GoalsStatement(NamedTuple):
    """The goals of one plan with their targets and, where given, follow-up."""

    organisation: str
    year: int  # the plan's budget year
    followed_up: int | None  # the one year followed up; None: every year with outcomes
    target_years: tuple[int, ...]  # the budget and plan years, and every year with a target
    outcome_years: tuple[int, ...]  # the years followed up
    goals: tuple[GoalRow, ...]


def _by_year(values: Mapping[int, Any]) -> Mapping[int, Any]:
    """Figures by year in order, without the years that have none."""
    return MappingProxyType({y: v for y, v in sorted(values.items()) if v is not None})


def indicator_row(indicator: Indicator) -> IndicatorRow:
    return IndicatorRow(
        indicator.name,
        indicator.unit,
        indicator.baseline,
        indicator.direction,
        _by_year(indicator.targets),
        _by_year(indicator.outcomes),
        _by_year({y: status(indicator, y) for y in indicator.targets}),
        _by_year({y: trend(indicator, y) for y in indicator.outcomes}),
        indicator.note,
    )


def goals_statement(plan: Plan, year: int | None = None) -> GoalsStatement:
    """The goals as in the plan, with targets and follow-up (of `year` only, where given)."""
    indicators = [i for goal in plan.goals for i in goal.indicators]
    target_years = sorted(
        {plan.year, *plan.info.plan_years, *(y for i in indicators for y in i.targets)}
    )
    if year is not None:
        outcome_years = [year]
    else:
        outcome_years = sorted({y for i in indicators for y in i.outcomes})
    goals = tuple(
        GoalRow(
            goal.area,
            goal.council_goal,
            goal.board_goal,
            tuple(indicator_row(indicator) for indicator in goal.indicators),
        )
        for goal in plan.goals
    )
    return GoalsStatement(
        plan.info.organisation,
        plan.year,
        year,
        tuple(target_years),
        tuple(outcome_years),
        goals,
    )


def with_outcomes_of(plan: Plan, plans: Iterable[Plan]) -> Plan:
    """`plan` with the outcomes of every plan of its books (SPEC 5.4): an indicator, matched by
    name, takes the outcomes the other plans give for years it has none of its own."""
    outcomes: dict[str, dict[int, Number]] = {}
    for other in sorted(plans, key=lambda p: p.year, reverse=True):  # the latest plan first
        for goal in other.goals:
            for indicator in goal.indicators:
                known = outcomes.setdefault(folded(indicator.name), {})
                for year, value in indicator.outcomes.items():
                    known.setdefault(year, value)

    def merged(indicator: Indicator) -> Indicator:
        given = outcomes.get(folded(indicator.name), {})
        years = {**given, **indicator.outcomes}  # its own outcome wins
        return replace(indicator, outcomes=dict(sorted(years.items())))

    goals = tuple(
        replace(goal, indicators=tuple(merged(i) for i in goal.indicators)) for goal in plan.goals
    )
    return replace(plan, goals=goals)
