"""The goals and indicators drawn from their statement: grouped as in the seed, and the json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..books.goals import GoalsStatement, IndicatorRow
from .table import Column, Footnotes, Report, Row, Target, Value

DIRECTION_LABELS = {"at_least": "minst", "at_most": "högst"}


def goals_columns(statement: GoalsStatement, directed: bool = False) -> tuple[Column, ...]:
    """Unit, direction (unless `directed`: in the targets), baseline, a target a year, then
    outcome, status and trend a year."""
    columns = [
        Column("unit", "Enhet", "text"),
        *(() if directed else (Column("direction", "Riktning", "text"),)),
        Column("baseline", "Utgångsvärde", "exact"),
        *(Column(f"target_{y}", f"Målvärde {y}", "exact") for y in statement.target_years),
    ]
    for y in statement.outcome_years:
        columns += [
            Column(f"outcome_{y}", f"Utfall {y}", "exact"),
            Column(f"status_{y}", f"Status {y}", "code"),
            Column(f"trend_{y}", f"Trend {y}", "code"),
        ]
    return tuple(columns)


def _indicator_values(
    indicator: IndicatorRow, statement: GoalsStatement, directed: bool
) -> tuple[Value, ...]:
    direction = DIRECTION_LABELS.get(indicator.direction or "")
    targets = [indicator.targets.get(y) for y in statement.target_years]
    values: list[Value] = [indicator.unit]
    if directed:  # "högst 20", as the seed and a controller write a target
        values += [
            indicator.baseline,
            *(None if t is None else Target(t, direction) for t in targets),
        ]
    else:
        values += [direction, indicator.baseline, *targets]
    for y in statement.outcome_years:
        values += [indicator.outcomes.get(y), indicator.status.get(y), indicator.trend.get(y)]
    return tuple(values)


def goals_report(
    statement: GoalsStatement, *, directed: bool = False, footnotes: bool = False
) -> Report:
    """The goals table grouped as in the seed, with targets and, where given, follow-up;
    `directed` writes each target with its direction ("högst 20") instead of a column, and
    `footnotes` an indicator's note under the table (the document)."""
    columns = goals_columns(statement, directed)
    marks = Footnotes()
    rows: list[Row] = []
    blank: tuple[Value, ...] = (None,) * len(columns)
    shown: tuple[str | None, str | None] = (None, None)
    for goal in statement.goals:
        if (goal.area, goal.council_goal) != shown:
            if goal.area and goal.area != shown[0]:
                rows.append(Row(f"Målområde: {goal.area}", blank, "group"))
            rows.append(Row(f"Kommunfullmäktiges mål: {goal.council_goal}", blank, "group"))
            shown = (goal.area, goal.council_goal)
        if goal.board_goal:
            rows.append(Row(f"Nämndmål: {goal.board_goal}", blank, "group"))
        rows += [
            Row(
                marks.mark(i.name, i.note if footnotes else None),
                _indicator_values(i, statement, directed),
            )
            for i in goal.indicators
        ]
    title = f"Mål och indikatorer {statement.year}, {statement.organisation}"
    return Report(
        title,
        columns,
        tuple(rows),
        label_header="Indikator",
        notes=marks.lines(),
        empty=_nothing_to_show(statement),
        data=goals_data(statement),
    )


def _nothing_to_show(statement: GoalsStatement) -> str | None:
    """One line where the plan has no goals, or the year followed up neither target nor outcome."""
    if not statement.goals:
        return "Planen har inga mål och indikatorer."
    year = statement.followed_up
    indicators = [i for goal in statement.goals for i in goal.indicators]
    if year is not None and not any(year in i.targets or year in i.outcomes for i in indicators):
        return f"Inga mål eller utfall {year}."
    return None


def goals_data(statement: GoalsStatement) -> dict[str, Any]:
    """The json of SPEC section 3, with each indicator's trend."""

    def by_year(values: Mapping[int, Any]) -> dict[str, Any]:
        return {str(year): value for year, value in values.items()}

    year = statement.followed_up if statement.followed_up is not None else statement.year
    goals = [
        {
            "area": goal.area,
            "council_goal": goal.council_goal,
            "board_goal": goal.board_goal,
            "indicators": [
                {
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "baseline": indicator.baseline,
                    "direction": indicator.direction,
                    "targets": by_year(indicator.targets),
                    "outcomes": by_year(indicator.outcomes),
                    "status": by_year(indicator.status),
                    "trend": by_year(indicator.trend),
                }
                for indicator in goal.indicators
            ],
        }
        for goal in statement.goals
    ]
    return {"year": year, "goals": goals}
