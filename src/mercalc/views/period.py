"""The period's report drawn (SPEC 15): "Tertialrapport 1 2023", "Delårsrapport 2023" or
"Uppföljning t.o.m. <månad> 2023" as a document of its own, with the plan document's parts
(sections, tables, charts) and its renderers."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..books.followup import FollowUpLine, FollowUpStatement
from ..books.period import IndicatorOutcome, InvestmentFollowUp, Period, PeriodStatement
from ..numbers import round_half_up
from ..swedish import MONTHS, swedish
from .document import Block, Document, Inline, Part, Section, sentences
from .followup import figure, followup_report
from .table import Column, Report, Row

LARGEST = 5  # the largest deviations the summary names


def period_title(period: Period) -> str:
    """`Tertialrapport 1 2023`, `Delårsrapport 2023` or `Uppföljning t.o.m. augusti 2023`."""
    if period.kind == "tertial":
        return f"Tertialrapport 1 {period.year}"
    if period.kind == "interim":
        return f"Delårsrapport {period.year}"
    return f"Uppföljning t.o.m. {MONTHS[period.through - 1]} {period.year}"


def period_span(period: Period) -> str:
    """The months the report covers, as under its title: `januari–augusti 2023`."""
    if period.through == 1:
        return f"januari {period.year}"
    return f"januari–{MONTHS[period.through - 1]} {period.year}"


def _amount(value: Fraction | Any, unit: str) -> str:
    return f"{swedish(round_half_up(Fraction(value)))} {unit}"


def _items(texts: list[str] | tuple[str, ...]) -> Block:
    return Block("ul", tuple((Inline(text),) for text in texts))


def _heading(text: str) -> Block:
    return Block("h", ((Inline(text),),))


def largest_deviations(statement: FollowUpStatement) -> list[FollowUpLine]:
    """The lines with the largest full-year deviations, largest first."""
    lines = [  # a deviation that rounds to 0 is none worth naming
        line
        for line in (*statement.revenue, *statement.costs)
        if round_half_up(abs(Fraction(line.figures.deviation_year)))
    ]
    lines.sort(key=lambda line: -abs(Fraction(line.figures.deviation_year)))
    return lines[:LARGEST]


def result_sentence(statement: FollowUpStatement) -> str:
    """The forecast result for the year, as the summary opens."""
    unit = statement.unit
    result = -Fraction(statement.result.forecast)  # revenue is negative: a surplus is below 0
    month = MONTHS[statement.months - 1]
    if round_half_up(result) == 0:  # in whole units, as the table's Summa shows it
        return f"Prognosen för helåret efter {month} visar ett resultat i balans med budget."
    words = "ett överskott" if result > 0 else "ett underskott"
    return (
        f"Prognosen för helåret efter {month} visar {words} om {_amount(abs(result), unit)} "
        f"mot budget."
    )


def summary_section(statement: PeriodStatement, number: int) -> Section:
    """Sammanfattning: the result forecast, the largest deviations with their comments, the
    period's significant events, and the measures where the forecast is negative."""
    followup = statement.followup
    unit = followup.unit
    blocks = [Block("p", ((Inline(result_sentence(followup)),),))]
    largest = largest_deviations(followup)
    if largest:
        blocks.append(_heading("Största avvikelser"))
        blocks.append(_items([_deviation_text(line, unit) for line in largest]))
    if statement.events:
        blocks += [_heading("Väsentliga händelser"), _items(statement.events)]
    if statement.negative:
        blocks.append(_heading("Åtgärder"))
        if statement.measures:
            blocks.append(_items(statement.measures))
        else:
            blocks.append(Block("p", ((Inline("Inga åtgärder är angivna."),),)))
    parts = (Part("text", blocks=tuple(blocks)),)
    return Section("sammanfattning", number, "Sammanfattning", parts)


def _deviation_text(line: FollowUpLine, unit: str) -> str:
    deviation = Fraction(line.figures.deviation_year)
    sign = "+" if deviation > 0 else "−"
    text = f"{line.name}: {sign}{_amount(abs(deviation), unit)}"
    return f"{text}. {line.comment}" if line.comment else f"{text}."


def operating_section(statement: PeriodStatement, number: int) -> Section:
    """Driftredovisning: section 8's table with the comment column, its sentences and chart."""
    from .document import followup_chart, followup_sentences

    followup = statement.followup._replace(settlement=None)
    table = followup_report(followup, comments=True)
    parts = (
        Part("table", id="driftredovisning", table=table),
        sentences(*followup_sentences(followup)),
        Part("chart", id="driftredovisning-chart", chart=followup_chart(followup)),
    )
    return Section("driftredovisning", number, "Driftredovisning", parts)


def _month_text(month: tuple[int, int]) -> str:
    return f"{MONTHS[month[1] - 1]} {month[0]}"


def investments_report(statement: PeriodStatement) -> Report:
    """Each investment of the year: its amount, planned and actual or forecast activation, the
    capital-cost effect in the year of a changed activation, and the amount carried over."""
    unit = statement.followup.unit
    month = MONTHS[statement.period.through - 1]
    columns = (
        Column("amount", "Belopp"),
        Column("actual_to_date", f"Utfall t.o.m. {month}"),
        Column("planned", "Planerad aktivering", "text"),
        Column("activated", "Aktivering, utfall/prognos", "text"),
        Column("effect", "Effekt kapitalkostnad"),
        Column("carry_over", "Ombudgetering"),
    )
    rows = [_investment_row(item) for item in statement.investments]
    totals = statement.investment_totals
    total = Row(
        "Summa",
        (
            figure(totals.amount),
            figure(totals.actual_to_date),
            None,
            None,
            figure(totals.effect),
            figure(totals.carry_over),
        ),
        "total",
        tuple(range(len(rows))),
    )
    notes = (
        "Effekt kapitalkostnad = årets kapitalkostnad enligt budget − enligt den faktiska eller "
        "prognostiserade aktiveringen; ett positivt belopp är gynnsamt.",
        "Ombudgetering: det belopp som föreslås flyttas till nästa år.",
        "Utfall: det som bokförts på investeringens objekt (objects), där den anger dem.",
    )
    return Report(
        f"Investeringar {statement.period.year} ({unit})",
        columns,
        (*rows, total) if rows else (),
        {"investments": [_investment_data(item) for item in statement.investments]},
        label_header="Investering",
        notes=notes,
        empty=None if rows else "Planen har inga investeringar detta år.",
    )


def _investment_row(item: InvestmentFollowUp) -> Row:
    return Row(
        item.name,
        (
            figure(item.amount),
            None if item.actual_to_date is None else figure(item.actual_to_date),
            _month_text(item.planned),
            _month_text(item.activated) + (" (ändrad)" if item.moved else ""),
            figure(item.effect),
            figure(item.carry_over) if item.carry_over is not None else None,
        ),
    )


def _investment_data(item: InvestmentFollowUp) -> dict[str, Any]:
    return {
        "name": item.name,
        "amount": figure(item.amount),
        "actual_to_date": None if item.actual_to_date is None else figure(item.actual_to_date),
        "planned": f"{item.planned[0]}-{item.planned[1]:02d}",
        "activated": f"{item.activated[0]}-{item.activated[1]:02d}",
        "effect": figure(item.effect),
        "carry_over": figure(item.carry_over) if item.carry_over is not None else None,
    }


def investments_section(statement: PeriodStatement, number: int) -> Section:
    table = investments_report(statement)
    texts = [
        f"{item.name} aktiveras i {_month_text(item.activated)} i stället för "
        f"{_month_text(item.planned)}, vilket påverkar årets kapitalkostnad med "
        f"{_signed(item.effect, statement.followup.unit)}."
        for item in statement.investments
        if item.moved
    ]
    parts = (
        Part("table", id="investeringar", table=table),
        *([sentences(*texts)] if texts else []),
    )
    return Section("investeringar", number, "Investeringar", parts)


def _signed(value: Fraction, unit: str) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + _amount(abs(value), unit)


ASSESSMENTS = {"uppfylls": "Uppfylls", "delvis": "Delvis", "uppfylls inte": "Uppfylls inte"}


def goals_report(statement: PeriodStatement) -> Report:
    """The indicators with the year's target, the period's outcome and the full-year assessment."""
    year = statement.period.year
    columns = (
        Column("target", f"Målvärde {year}", "text"),
        Column("value", f"Utfall t.o.m. {MONTHS[statement.period.through - 1]}", "text"),
        Column("assessment", "Bedömning helår", "text"),
        Column("comment", "Kommentar", "text"),
    )
    rows = tuple(_indicator_row(item) for item in statement.indicators)
    return Report(
        f"Mål och indikatorer {year}",
        columns,
        rows,
        {"indicators": [item._asdict() for item in statement.indicators]},
        label_header="Indikator",
        empty=None if rows else "Planen har inga indikatorer.",
    )


def _with_unit(value: Any, unit: str | None) -> str:
    text = swedish(value, None)
    return f"{text} %" if unit == "%" else f"{text} {unit}" if unit else text


def _indicator_row(item: IndicatorOutcome) -> Row:
    direction = {"at_least": "minst ", "at_most": "högst "}.get(item.direction or "", "")
    target = None if item.target is None else direction + _with_unit(item.target, item.unit)
    value = None if item.value is None else _with_unit(item.value, item.unit)
    assessment = ASSESSMENTS[item.assessment] if item.assessment else "Ej bedömd"
    return Row(item.name, (target, value, assessment, item.comment))


def goals_section(statement: PeriodStatement, number: int) -> Section:
    table = Part("table", id="mal", table=goals_report(statement))
    return Section("mal", number, "Mål och indikatorer", (table,))


def settlement_report(statement: PeriodStatement) -> Report:
    """Each member's settlement of the year's forecast deviation, in whole units."""
    followup = statement.followup
    shares = followup.settlement or ()
    rows = tuple(Row(share.name, (share.units,)) for share in shares)
    total = Row("Summa avräkning", (sum(share.units for share in shares),), "total")
    notes = (
        "Ett positivt belopp betalas tillbaka till kommunen, ett negativt betalar kommunen in. "
        "Avvikelsen på en kommuns egna investeringars kapitalkostnader är kommunens egen; "
        "resten delas som budgeten.",
        f"Beloppen är avrundade till hela {followup.unit} med största rest, så att de blir summan.",
    )
    return Report(
        f"Avräkning per medlemskommun, prognos helår ({followup.unit})",
        (Column("settlement", "Avräkning"),),
        (*rows, total),
        {"settlement": [{"name": s.name, "amount": s.units} for s in shares]},
        label_header="Kommun",
        notes=notes,
    )


def settlement_section(statement: PeriodStatement, number: int) -> Section:
    table = Part("table", id="avrakning", table=settlement_report(statement))
    return Section("avrakning", number, "Avräkning per medlemskommun", (table,))


def period_document(statement: PeriodStatement, draft: tuple[str, ...] | None = None) -> Document:
    """The period's report as a document: summary, operating follow-up, investments, goals
    and the settlement per member."""
    makers = [summary_section, operating_section, investments_section, goals_section]
    if statement.followup.settlement:
        makers.append(settlement_section)
    sections = tuple(make(statement, number) for number, make in enumerate(makers, 1))
    followup = statement.followup
    title = period_title(statement.period)
    return Document(
        title,
        f"{followup.organisation}, {period_span(statement.period)}",
        followup.year,
        followup.unit,
        sections,
        draft,
    )
