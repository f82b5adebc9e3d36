"""Goals and indicators (mål och indikatorer): targets per year, outcomes, met or not, trend."""

from __future__ import annotations

from ..numbers import Number
from ..views.table import Column, Report, Row, Value
from .model import Indicator, Plan


def status(indicator: Indicator, year: int) -> str | None:
    """`met`, `not_met` or `no_outcome` for a year with a target; an outcome equal to it is met."""
    target = indicator.targets.get(year)
    if target is None or indicator.direction is None:
        return None
    outcome = indicator.outcomes.get(year)
    if outcome is None:
        return "no_outcome"
    met = outcome >= target if indicator.direction == "at_least" else outcome <= target
    return "met" if met else "not_met"


def trend(indicator: Indicator, year: int) -> str | None:
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


DIRECTION_LABELS = {"at_least": "minst", "at_most": "högst"}


def goals_report(plan: Plan, year: int | None = None) -> Report:
    """The goals table grouped as in the seed, with targets and, where given, follow-up."""
    indicators = [i for goal in plan.goals for i in goal.indicators]
    target_years = sorted(
        {plan.year, *plan.info.plan_years, *(y for i in indicators for y in i.targets)}
    )
    if year is not None:
        outcome_years = [year]
    else:
        outcome_years = sorted({y for i in indicators for y in i.outcomes})
    columns = [
        Column("unit", "Enhet", "text"),
        Column("direction", "Riktning", "text"),
        Column("baseline", "Utgångsvärde", "exact"),
        *(Column(f"target_{y}", f"Mål {y}", "exact") for y in target_years),
    ]
    for y in outcome_years:
        columns += [
            Column(f"outcome_{y}", f"Utfall {y}", "exact"),
            Column(f"status_{y}", f"Status {y}", "code"),
            Column(f"trend_{y}", f"Trend {y}", "code"),
        ]
    rows: list[Row] = []
    blank: tuple[Value, ...] = (None,) * len(columns)
    shown: tuple[str | None, str | None] = (None, None)
    goals_data = []
    for goal in plan.goals:
        if (goal.area, goal.council_goal) != shown:
            if goal.area and goal.area != shown[0]:
                rows.append(Row(f"Målområde: {goal.area}", blank, "group"))
            rows.append(Row(f"Kommunfullmäktiges mål: {goal.council_goal}", blank, "group"))
            shown = (goal.area, goal.council_goal)
        if goal.board_goal:
            rows.append(Row(f"Nämndmål: {goal.board_goal}", blank, "group"))
        indicators_data = []
        for indicator in goal.indicators:
            values: list[Value] = [
                indicator.unit,
                DIRECTION_LABELS.get(indicator.direction or ""),
                indicator.baseline,
                *(indicator.targets.get(y) for y in target_years),
            ]
            for y in outcome_years:
                values += [indicator.outcomes.get(y), status(indicator, y), trend(indicator, y)]
            rows.append(Row(indicator.name, tuple(values)))
            indicators_data.append(_indicator_data(indicator))
        goals_data.append(
            {
                "area": goal.area,
                "council_goal": goal.council_goal,
                "board_goal": goal.board_goal,
                "indicators": indicators_data,
            }
        )
    title = f"Mål och indikatorer {plan.year}, {plan.info.organisation}"
    data = {"year": year if year is not None else plan.year, "goals": goals_data}
    notes = () if plan.goals else ("Planen har inga mål och indikatorer.",)
    return Report(
        title, tuple(columns), tuple(rows), label_header="Indikator", notes=notes, data=data
    )


def _indicator_data(indicator: Indicator) -> dict[str, object]:
    def by_year(values: dict[int, Number]) -> dict[str, Number]:
        return {str(y): v for y, v in sorted(values.items())}

    statuses = {str(y): status(indicator, y) for y in sorted(indicator.targets)}
    trends = {str(y): trend(indicator, y) for y in sorted(indicator.outcomes)}
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "direction": indicator.direction,
        "targets": by_year(indicator.targets),
        "outcomes": by_year(indicator.outcomes),
        "status": {y: s for y, s in statuses.items() if s is not None},
        "trend": {y: t for y, t in trends.items() if t is not None},
    }
