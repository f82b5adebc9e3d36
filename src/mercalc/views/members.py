"""Who pays what, drawn from its statement: the members' contributions as a table and json."""

from __future__ import annotations

from typing import Any

from ..books.memberstatement import MemberRow, MembersStatement
from ..numbers import as_decimal, round_half_up
from ..swedish import swedish
from .table import Column, Report, Row, Value

TITLE = "Fördelning mellan kommunerna"


def members_report(statement: MembersStatement) -> Report:
    """Per member and in total: the common part by each key, the direct part, the computed
    contribution, the one in the plan and last year's; without keys, the implied key."""
    columns = _columns(statement)
    rows = [Row(member.name, _values(member, statement)) for member in statement.members]
    rows.append(
        Row("Totalt", _values(statement.total, statement), "total", tuple(range(len(rows))))
    )
    title = f"{TITLE} {statement.year}, {statement.organisation} ({statement.unit})"
    return Report(
        title,
        columns,
        tuple(rows),
        label_header="Kommun",
        notes=_notes(statement),
        data=members_data(statement),
    )


def _columns(statement: MembersStatement) -> tuple[Column, ...]:
    year = statement.year
    entered = Column("entered", f"Budget {year}")
    last_year = (Column("previous", f"Budget {year - 1}"), Column("change", "Förändring"))
    later = tuple(Column(f"plan:{year}", f"Plan {year}") for year in statement.plan_years)
    if statement.implicit:
        return (
            entered,
            Column("direct", "Direkta kostnader"),
            Column("common", "Gemensam del"),
            Column("implied_share", "Implicit nyckel", "rate"),
            *last_year,
            *later,
        )
    # beside a what-if key, the parts of the computed contribution and last year's may give way
    # on a narrow terminal: the contributions and the alternative are what is asked for
    what_if = statement.alternative is not None
    columns = [
        Column(f"common:{key}", f"Gemensamt, {key}", optional=what_if) for key in statement.parts
    ]
    columns += [
        Column("direct", "Direkta kostnader", optional=what_if),
        Column("computed", "Beräknat bidrag"),
        entered,
        Column("difference", "Differens"),
        *(column._replace(optional=what_if) for column in last_year),
    ]
    if statement.alternative is not None:
        columns += [
            Column("alternative", f"Enligt {statement.alternative}"),
            Column("alternative_difference", "Skillnad"),
        ]
        later += tuple(
            Column(f"alternative:{year}", f"Plan {year} enligt {statement.alternative}")
            for year in statement.plan_years
        )
    return (*columns, *later)


def _values(member: MemberRow, statement: MembersStatement) -> tuple[Value, ...]:
    direct = as_decimal(member.direct)
    last_year = (member.previous, member.change)
    if statement.implicit:
        share = member.implied_share
        shown = None if share is None else round_half_up(share, 4)  # a percentage, 2 decimals
        common = as_decimal(member.common[0])
        return (member.entered, direct, common, shown, *last_year, *member.plan)
    values: list[Value] = [as_decimal(part) for part in member.common]
    values += [direct, member.computed, member.entered, member.difference, *last_year]
    if statement.alternative is not None:
        values += [member.alternative, member.alternative_difference]
        return (*values, *member.plan, *member.alternative_plan)
    return (*values, *member.plan)


def _notes(statement: MembersStatement) -> tuple[str, ...]:
    notes = []
    if statement.implicit:
        notes.append(
            "Planen har ingen fördelningsnyckel: den gemensamma delen är bidraget utöver de "
            "direkta kostnaderna (kommunens egna investeringars kapitalkostnader och rader som "
            "är kommunens egna), och den implicita nyckeln är kommunens andel av den."
        )
    elif statement.key is not None:
        notes.append(f"Gemensamma kostnader fördelas enligt nyckeln {statement.key}.")
    if statement.alternative is not None and statement.key is None:
        notes.append(
            "Planen har ingen fördelningsnyckel: Beräknat bidrag är bidraget i planen. "
            f"Enligt {statement.alternative}: bidragen om de gemensamma kostnaderna fördelas "
            f"enligt {statement.alternative}; Skillnad = det bidraget − bidraget i planen."
        )
    elif statement.alternative is not None:
        notes.append(
            f"Enligt {statement.alternative}: bidragen om det som nu fördelas enligt "
            f"{statement.key} i stället fördelas enligt {statement.alternative}; "
            "Skillnad = det bidraget − det beräknade."
        )
    if statement.unplaced:
        notes.append(
            f"Kommunernas egna investeringar har kapitalkostnader på "
            f"{swedish(statement.unplaced)} {statement.unit} som ingen kostnadsrad anges hålla: "
            "ange raden med [capital] cost_line, så blir de direkta kostnader."
        )
    return tuple(notes)


def _member_data(member: MemberRow, statement: MembersStatement) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": member.name,
        "common": {
            key: as_decimal(part) for key, part in zip(statement.parts, member.common, strict=True)
        },
        "direct": as_decimal(member.direct),
        "computed": member.computed,
        "entered": member.entered,
        "difference": member.difference,
        "previous": member.previous,
        "change": member.change,
        "implied_share": None if member.implied_share is None else as_decimal(member.implied_share),
    }
    if statement.alternative is not None:
        item["alternative"] = {
            "key": statement.alternative,
            "computed": member.alternative,
            "difference": member.alternative_difference,
        }
        if statement.plan_years:
            item["alternative"]["plan"] = {
                str(year): figure
                for year, figure in zip(statement.plan_years, member.alternative_plan, strict=True)
            }
    if statement.plan_years:
        item["plan"] = {
            str(year): figure
            for year, figure in zip(statement.plan_years, member.plan, strict=True)
        }
    return item


def members_data(statement: MembersStatement) -> dict[str, Any]:
    """The json of SPEC section 7; `common` is `{"implicit": …}` for a plan without keys."""
    return {
        "year": statement.year,
        "unit": statement.unit,
        "key": statement.key,
        "members": [_member_data(member, statement) for member in statement.members],
        "total": _member_data(statement.total, statement),
    }
