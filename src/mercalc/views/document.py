"""The MER-plan document as a value: sections of text, tables and charts, from the same reports
as `budget`, `capital` and `goals` (no second computation), and the seed's standard sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from ..books.budget import BudgetStatement, budget_statement
from ..books.capital import (
    CapitalStatement,
    ScheduleStatement,
    capital_statement,
    schedule_statement,
)
from ..books.goals import goals_statement, with_outcomes_of
from ..books.model import Plan
from ..numbers import as_decimal, exact_sum
from ..swedish import MONTHS, municipality, swedish, swedish_list
from .budget import budget_report
from .capital import capital_report
from .charts import Chart, grouped, stacked
from .goals import goals_report
from .table import Report

if TYPE_CHECKING:
    from ..books.loader import Books


class Inline(NamedTuple):
    text: str
    strong: bool = False


class Block(NamedTuple):
    """A paragraph, a heading or a bullet list; `lines` holds its line or its items."""

    kind: Literal["p", "h", "ul"]
    lines: tuple[tuple[Inline, ...], ...]


class Part(NamedTuple):
    """Text, a table or a chart within a section."""

    kind: Literal["text", "table", "chart"]
    id: str = ""
    blocks: tuple[Block, ...] = ()
    table: Report | None = None
    chart: Chart | None = None


class Section(NamedTuple):
    id: str
    number: int
    title: str
    parts: tuple[Part, ...]


class Document(NamedTuple):
    title: str
    organisation: str
    year: int
    unit: str
    sections: tuple[Section, ...]
    # utkast: None for the document a board adopts; else a draft and the problems it still has
    draft: tuple[str, ...] | None = None


def _inline(line: str) -> tuple[Inline, ...]:
    """`**bold**` is the only markup within a line; everything else is text."""
    pieces = line.split("**")
    if len(pieces) % 2 == 0:  # an unpaired ** is text
        pieces = [line]
    return tuple(Inline(piece, i % 2 == 1) for i, piece in enumerate(pieces) if piece)


def text_blocks(text: str) -> tuple[Block, ...]:
    """A small, safe subset of Markdown: paragraphs, `## headings`, `- bullet` lists, **bold**."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", (_inline(" ".join(paragraph)),)))
            paragraph.clear()
        if items:
            blocks.append(Block("ul", tuple(_inline(item) for item in items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            blocks.append(Block("h", (_inline(line.lstrip("#").strip()),)))
        elif line[:2] in ("- ", "* "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return tuple(blocks)


def sentences(*texts: str) -> Part:
    return Part("text", blocks=tuple(Block("p", (_inline(text),)) for text in texts if text))


def draft_words(problems: tuple[str, ...]) -> str:
    """What the draft's banner says after "UTKAST", before the list of its problems."""
    if problems:
        return "planen har problem som ska rättas innan nämnden antar den:"
    return "ännu inte antagen av nämnden."


def plan_title(plan: Plan) -> str:
    """`MER-plan 2023 med planår 2024–2025`."""
    years = plan.info.plan_years
    if not years:
        return f"MER-plan {plan.year}"
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"MER-plan {plan.year} med planår {span}"


def budget_sentences(statement: BudgetStatement) -> list[str]:
    """The seed's sentences about the driftbudget and who funds it."""
    unit, year = statement.unit, statement.year
    opening = (
        f"Driftbudgeten för {statement.organisation} {year} är "
        f"{swedish(statement.cost_total.budget)} {unit}"
    )
    members, others = statement.contributions, statement.other_revenue
    if len(members) <= 1:  # one funder or none: a department of a single municipality
        funded = [
            f"{line.name} {swedish(-line.budget)} {unit} "
            f"({swedish(-line.previous)} {unit} {statement.previous_year})"
            for line in members + others
        ]
        return [opening + (f" och finansieras av {swedish_list(funded)}." if funded else ".")]
    amounts = [
        f"{municipality(m.name)} {swedish(-m.budget)} {unit} ({swedish(-m.previous)} {unit})"
        for m in members
    ]
    texts = [  # a joint board: the seed's own sentence about its members
        f"{opening} och bygger på ersättningar från medlemskommunerna som uppgår till: "
        f"{swedish_list(amounts)}. Inom parentes anges den medlemsinsats som kommunerna har "
        f"under {statement.previous_year}."
    ]
    if others:
        total_others = exact_sum(-line.budget for line in others)
        texts.append(f"Övriga intäkter uppgår till {swedish(total_others)} {unit}.")
    return texts


def contribution_chart(statement: BudgetStatement) -> Chart:
    """The members' contributions this year and last, side by side."""
    members = statement.contributions
    return grouped(
        f"Driftbidrag per medlemskommun ({statement.unit})",
        [m.name for m in members],
        [
            (f"Budget {statement.year}", [-m.budget for m in members]),
            (f"Budget {statement.previous_year}", [-m.previous for m in members]),
        ],
        statement.unit,
    )


def budget_section(plan: Plan, number: int) -> Section:
    statement = budget_statement(plan)
    parts = [
        Part("table", id="driftbudget", table=budget_report(statement, explain=True)),
        sentences(*budget_sentences(statement)),
    ]
    if plan.text and plan.text.budget:
        parts.append(Part("text", blocks=text_blocks(plan.text.budget)))
    if len(statement.contributions) > 1:
        parts.append(Part("chart", id="contribution-chart", chart=contribution_chart(statement)))
    return Section("driftbudget", number, "Driftbudget", tuple(parts))


def investment_sentences(statement: CapitalStatement, unit: str) -> list[str]:
    """What the investment budget holds, in common and for each member, in the seed's words."""
    texts = [
        f"Investeringsbudgeten {statement.year} omfattar {swedish(statement.total.amount)} {unit}."
    ]
    common = exact_sum(line.amount for line in statement.lines if line.municipality is None)
    if common:
        texts.append(
            f"Budget för de gemensamma investeringarna motsvarar {swedish(common)} {unit}."
        )
    texts += [
        f"För {municipality(line.municipality)} budgeteras en investeringsnivå om "
        f"{swedish(line.amount)} {unit}."
        for line in statement.lines
        if line.municipality is not None
    ]
    return texts


def activation_sentence(month: int) -> str:
    if month == 7:
        # halvårseffekt: the seed's own wording for activation at mid-year
        return (
            "Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras vid "
            "halvårsskiftet, vilket innebär att kapitalkostnaderna endast avser "
            "halvårseffekt."
        )
    return (
        f"Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras i "
        f"{MONTHS[month - 1]}, vilket ger kapitalkostnad för {13 - month} "
        f"månader det första året."
    )


def capital_chart(schedule: ScheduleStatement, years: list[int], unit: str) -> Chart:
    """The capital costs of the budget and plan years, stacked by investment."""
    return stacked(
        f"Kapitalkostnader per år ({unit})",
        [str(year) for year in years],
        [
            (line.name, [as_decimal(line.capital_cost.get(year, 0)) for year in years])
            for line in schedule.lines
        ],
        unit,
    )


def investment_section(plan: Plan, number: int) -> Section:
    unit = plan.info.unit
    statement = capital_statement([plan], plan.year)
    month = plan.capital.activation_month if plan.capital else 7
    parts = [
        Part("table", id="investeringsbudget", table=capital_report(statement)),
        sentences(" ".join(investment_sentences(statement, unit)), activation_sentence(month)),
    ]
    if plan.text and plan.text.investments:
        parts.append(Part("text", blocks=text_blocks(plan.text.investments)))
    if statement.lines:
        years = [plan.year, *plan.info.plan_years]
        chart = capital_chart(schedule_statement([plan]), years, unit)
        parts.append(Part("chart", id="capital-chart", chart=chart))
    return Section("investeringsbudget", number, "Investeringsbudget", tuple(parts))


def plan_document(
    plan: Plan, books: Books | None = None, *, draft: tuple[str, ...] | None = None
) -> Document:
    """The whole MER-plan: introduction, goals, operating budget, investment budget; read
    within its books where given, else alone; `draft` marks it UTKAST with its problems."""
    sections: list[Section] = []
    text = plan.text
    if text and text.introduction:
        sections.append(
            Section(
                "inledning",
                len(sections) + 1,
                "Inledning",
                (Part("text", blocks=text_blocks(text.introduction)),),
            )
        )
    if plan.goals or (text and text.goals):
        parts = []
        if text and text.goals:
            parts.append(Part("text", blocks=text_blocks(text.goals)))
        if plan.goals:
            followed = with_outcomes_of(plan, books.all_plans()) if books is not None else plan
            table = goals_report(goals_statement(followed), directed=True)
            parts.append(Part("table", id="mal", table=table))
        sections.append(Section("mal", len(sections) + 1, "Mål och indikatorer", tuple(parts)))
    sections.append(budget_section(plan, len(sections) + 1))
    if plan.investments:
        sections.append(investment_section(plan, len(sections) + 1))
    return Document(
        plan_title(plan),
        plan.info.organisation,
        plan.year,
        plan.info.unit,
        tuple(sections),
        draft,
    )
