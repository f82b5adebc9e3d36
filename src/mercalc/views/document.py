"""The MER-plan document as a value: sections of text, tables and charts, from the same reports
as `budget`, `capital` and `goals` (no second computation), and the seed's standard sentences."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Literal, NamedTuple

from ..books.budget import BudgetStatement, budget_statement
from ..books.capital import (
    CapitalStatement,
    ScheduleLine,
    ScheduleStatement,
    capital_statement,
    schedule_statement,
)
from ..books.followup import FollowUpStatement
from ..books.goals import goals_statement, with_outcomes_of
from ..books.lineyears import LineYears
from ..books.loader import Books
from ..books.memberstatement import members_statement
from ..books.model import Plan, folded
from ..books.planyears import PlanYears, books_plan_years
from ..numbers import Number, as_decimal, exact_sum, round_half_up
from ..swedish import MONTHS, municipality, swedish, swedish_list
from .assumptions import (
    NAMES,
    assumed_years,
    capital_line_sentence,
    plan_year_items,
    year_span,
)
from .budget import budget_report
from .capital import capital_report
from .charts import Chart, grouped, stacked
from .followup import figure, followup_report, month_name
from .goals import goals_report
from .members import TITLE as MEMBERS_TITLE
from .members import members_report
from .table import Column, Report, Row, Value


class Inline(NamedTuple):
    text: str
    strong: bool = False


class Block(NamedTuple):
    """A paragraph, a heading or a bullet list; `lines` holds its line or its items."""

    kind: Literal["p", "h", "ul"]
    lines: tuple[tuple[Inline, ...], ...]


class Part(NamedTuple):
    """Text, a table, a chart or a numbered subsection's heading ("2.1 …") within a section."""

    kind: Literal["text", "table", "chart", "heading"]
    id: str = ""
    blocks: tuple[Block, ...] = ()
    table: Report | None = None
    chart: Chart | None = None
    heading: str = ""  # "2.1 Attraktiv kommun": its number and title, as the contents list it


class Section(NamedTuple):
    id: str
    number: int
    title: str
    parts: tuple[Part, ...]


class Decision(NamedTuple):
    """What the board is asked to decide, or decided (SPEC 18): "Förslag till beslut" and
    "Nämnden föreslås besluta att", or "Beslut" and "… beslutade 2022-11-24, § 45, att"."""

    title: str
    lead: str
    points: tuple[str, ...]


class Document(NamedTuple):
    title: str
    organisation: str
    year: int
    unit: str
    sections: tuple[Section, ...]
    # utkast: None for the document a board adopts; else a draft and the problems it still has
    draft: tuple[str, ...] | None = None
    # the title page's lines under the title: status, the deciding meeting, its reference
    front: tuple[str, ...] = ()
    decision: Decision | None = None
    subject: str = ""  # the PDF's subject: what the document is, and its status
    compact: bool = False  # one page where it fits: no contents, no page break between sections


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
    return f"MER-plan {plan.year} med planår {year_span(years)}"


def _points(points: tuple[str, ...]) -> tuple[str, ...]:
    """The points as infinitives after "att" (a point written "att fastställa …" too)."""
    return tuple(
        point[4:].lstrip() if point[:4].casefold() == "att " else point for point in points
    )


def _paragraph(ref: str | None) -> str | None:
    """The minutes' paragraph of a reference: "§ 45" of "§ 45, dnr SITN 2022/17"."""
    parts = [part.strip() for part in (ref or "").split(",")]
    return next((part for part in parts if part.startswith("§")), None)


def title_page(plan: Plan) -> tuple[str, ...]:
    """The lines of the title page under title and organisation: the status and the meeting
    that decides the plan, or that adopted it ("Fastställd av … 2022-11-24, § 45, dnr …")."""
    decision = plan.decision
    adopted = plan.info.status == "beslutad"
    if decision is None:
        return ("Beslutad",) if adopted else ()
    when = f"{decision.body} {decision.date.isoformat()}"
    if adopted:
        return ("Beslutad", f"Fastställd av {when}" + (f", {decision.ref}" if decision.ref else ""))
    lines = ("Förslag", f"Till {when}")
    return (*lines, decision.ref) if decision.ref else lines


def decision_text(plan: Plan) -> Decision | None:
    """ "Förslag till beslut" with the points of `[decision] proposal`; "Beslut" once adopted."""
    decision = plan.decision
    if decision is None or not decision.proposal:
        return None
    points = _points(decision.proposal)
    if plan.info.status != "beslutad":
        return Decision("Förslag till beslut", "Nämnden föreslås besluta att", points)
    paragraph = _paragraph(decision.ref)
    when = decision.date.isoformat() + (f", {paragraph}," if paragraph else "")
    return Decision("Beslut", f"{decision.body} beslutade {when} att", points)


def subject(plan: Plan) -> str:
    """The PDF's subject: the plan, whose it is and its status."""
    what = f"Mål, ekonomi och resurser {plan.year} för {plan.info.organisation}"
    decision, adopted = plan.decision, plan.info.status == "beslutad"
    if decision is None:
        return f"{what}, beslutad" if adopted else what
    meeting = f"{decision.body} {decision.date.isoformat()}"
    ref = f", {decision.ref}" if decision.ref else ""
    return f"{what}, {'fastställd av' if adopted else 'förslag till'} {meeting}{ref}"


class Context(NamedTuple):
    """What the document reads besides its plan: the plans and register of its books, the plan
    years whose columns it shows (None where it shows none), the plan years whose assumptions
    it lists (None where it lists none), its optional sections and the members' names as its
    sentences write them."""

    books: Books
    years: PlanYears | None
    name_of: Callable[[str], str]
    assumptions: PlanYears | None = None
    sections: frozenset[str] = frozenset()


def member_names(plan: Plan) -> Callable[[str], str]:
    """A member as the document names it: its `official_name` ("Falu kommun"), else the
    genitive rule ("Lekebergs kommun")."""
    official = {folded(c.name): c.official_name for c in plan.contributions if c.official_name}
    return lambda name: official.get(folded(name)) or municipality(name)


def said_in(text: str | None, sentence: str) -> bool:
    """Whether the plan's own prose already says a generated sentence (it is not said twice)."""
    return text is not None and " ".join(sentence.split()) in " ".join(text.split())


def budget_sentences(statement: BudgetStatement, name_of: Callable[[str], str]) -> list[str]:
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
        f"{name_of(m.name)} {swedish(-m.budget)} {unit} ({swedish(-m.previous)} {unit})"
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


def plan_year_part(plan: Plan, context: Context) -> Part:
    """What the plan years' figures rest on, as a sentence and a list under the table."""
    assert context.assumptions is not None
    lead, items = plan_year_items(plan, context.assumptions)
    return Part(
        "text",
        blocks=(Block("p", (_inline(lead),)), Block("ul", tuple(_inline(i) for i in items))),
    )


def budget_section(plan: Plan, context: Context, number: int) -> Section:
    before = next((p for p in context.books.all_plans() if p.year == plan.year - 1), None)
    statement = budget_statement(plan, context.years, before)  # "Budget 2022 (reviderad)"
    prose = plan.text.budget if plan.text else None
    table = budget_report(statement, explain=True, footnotes=True)
    own = [
        text for text in budget_sentences(statement, context.name_of) if not said_in(prose, text)
    ]
    parts = [Part("table", id="driftbudget", table=table), sentences(*own)]
    if prose:
        parts.append(Part("text", blocks=text_blocks(prose)))
    if context.assumptions is not None:
        parts.append(plan_year_part(plan, context))
    if len(statement.contributions) > 1:
        parts.append(Part("chart", id="contribution-chart", chart=contribution_chart(statement)))
    return Section("driftbudget", number, "Driftbudget", tuple(parts))


def investment_sentences(
    statement: CapitalStatement, unit: str, name_of: Callable[[str], str]
) -> list[str]:
    """What the investment budget holds, in common and for each member, in the seed's words."""
    texts = [
        f"Investeringsbudgeten {statement.year} omfattar {swedish(statement.total.amount)} {unit}."
    ]
    # the common investments and each member's, in the order the plan first lists them
    amounts: dict[str | None, list[Number]] = {}
    for line in statement.lines:
        owner = None if line.municipality is None else folded(line.municipality)
        amounts.setdefault(owner, []).append(line.amount)
    names = {folded(m): m for m in (line.municipality for line in statement.lines) if m}
    for owner, figures in amounts.items():
        amount = swedish(exact_sum(figures))
        if owner is None:
            if exact_sum(figures):
                texts.append(f"Budget för de gemensamma investeringarna motsvarar {amount} {unit}.")
        else:
            texts.append(
                f"För {name_of(names[owner])} budgeteras en investeringsnivå om {amount} {unit}."
            )
    return texts


HALF_YEAR = (  # halvårseffekt: the seed's own wording for activation at mid-year
    "Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras vid halvårsskiftet, "
    "vilket innebär att kapitalkostnaderna endast avser halvårseffekt."
)


def _months(month: int) -> str:
    """The months in service in the year of activation: "3 månader", "1 månad"."""
    count = 13 - month
    return f"{count} månad" if count == 1 else f"{count} månader"


def activation_sentence(statement: CapitalStatement) -> str:
    """When the year's investments go into service, as the plan has them: the seed's
    half-year sentence only where every one activates in July."""
    activated: dict[int, list[str]] = {}
    for line in statement.lines:
        year, month = (int(part) for part in line.activated.split("-"))
        if year == statement.year:
            activated.setdefault(month, []).append(line.name)
    if not activated:
        return ""
    if set(activated) == {7}:
        return HALF_YEAR
    if len(activated) == 1:
        month = next(iter(activated))
        return (
            f"Kapitalkostnaderna beräknas utifrån att investeringarna aktiveras i "
            f"{MONTHS[month - 1]}, vilket ger kapitalkostnad för {_months(month)} det "
            f"första året."
        )
    each = [
        f"{NAMES.join(names)} i {MONTHS[month - 1]} ({_months(month)})"
        for month, names in sorted(activated.items())
    ]
    return (
        "Kapitalkostnaderna beräknas utifrån den månad då varje investering aktiveras, "
        f"vilket ger kapitalkostnad det första året för {swedish_list(each)}."
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


def investment_plan(schedule: ScheduleStatement, plan: Plan) -> Report | None:
    """The investments planned for the plan years (SPEC 18), year by year: each with its
    amount, its activation and its capital cost in every plan year; None where there are none."""
    years = plan.info.plan_years
    by_year: dict[int, list[ScheduleLine]] = {}
    for line in schedule.lines:
        if int(line.activated[:4]) in years:
            by_year.setdefault(int(line.activated[:4]), []).append(line)
    if not by_year:
        return None
    columns = (
        Column("activated", "Aktiverad", "text"),
        Column("amount", "Investeringsutgift"),
        *(Column(f"capital_cost:{year}", f"Kapitalkostnad {year}") for year in years),
    )

    def figures(lines: list[ScheduleLine]) -> tuple[Value, ...]:
        """The lines' amount and their capital cost in each plan year, summed exactly."""
        costs = (
            sum((line.capital_cost.get(year, Fraction(0)) for line in lines), Fraction(0))
            for year in years
        )
        return (exact_sum(line.amount for line in lines), *(as_decimal(c) for c in costs))

    rows: list[Row] = []
    subtotals: list[int] = []
    for year in sorted(by_year):
        rows.append(Row(f"Investeringar {year}", (None,) * len(columns), "group"))
        first = len(rows)
        rows += [Row(line.name, (line.activated, *figures([line]))) for line in by_year[year]]
        summed = (None, *figures(by_year[year]))
        rows.append(Row(f"Summa {year}", summed, "subtotal", tuple(range(first, len(rows)))))
        subtotals.append(len(rows) - 1)
    every = [line for lines in by_year.values() for line in lines]
    rows.append(Row("Totalt", (None, *figures(every)), "total", tuple(subtotals)))
    title = f"Investeringsplan {year_span(years)}, {plan.info.organisation} ({plan.info.unit})"
    data = {"rows": [{"name": row.label, "values": list(row.values)} for row in rows]}
    return Report(title, columns, tuple(rows), data, label_header="Investering")


def investment_section(plan: Plan, context: Context, number: int) -> Section:
    unit = plan.info.unit
    statement = capital_statement([plan], plan.year)
    prose = plan.text.investments if plan.text else None
    generated = [
        " ".join(investment_sentences(statement, unit, context.name_of)),
        activation_sentence(statement),
    ]
    parts = [
        Part("table", id="investeringsbudget", table=capital_report(statement, footnotes=True)),
        sentences(*(text for text in generated if not said_in(prose, text))),
    ]
    if prose:
        parts.append(Part("text", blocks=text_blocks(prose)))
    parts.append(sentences(capital_line_sentence(plan, context.books)))
    schedule = schedule_statement([plan])
    planned = investment_plan(schedule, plan)
    if planned is not None:
        parts.append(Part("table", id="investeringsplan", table=planned))
    if schedule.lines:
        years = [plan.year, *plan.info.plan_years]
        chart = capital_chart(schedule, years, unit)
        parts.append(Part("chart", id="capital-chart", chart=chart))
    return Section("investeringsbudget", number, "Investeringsbudget", tuple(parts))


def members_section(plan: Plan, context: Context, number: int) -> Section | None:
    """Who pays what (SPEC 7), where the plan lists the section "fördelning": the table of
    `members`."""
    if "fördelning" not in context.sections:
        return None
    statement = members_statement(context.books, plan.year, years=context.years)
    table = Part("table", id="fordelning", table=members_report(statement))
    return Section("fordelning", number, MEMBERS_TITLE, (table,))


def followup_sentences(statement: FollowUpStatement) -> list[str]:
    """The follow-up in a controller's words: costs to date against the periodised budget, and
    the year's result by the forecast."""
    unit, month = statement.unit, month_name(statement)
    costs, result = statement.cost_total, statement.result
    texts = [
        f"Kostnaderna t.o.m. {month} {statement.year} är {swedish(figure(costs.actual_to_date))} "
        f"{unit} mot en periodiserad budget om {swedish(figure(costs.budget_to_date))} {unit}."
    ]
    outcome = round_half_up(figure(result.forecast))  # costs less revenue: above 0 a deficit
    if outcome > 0:
        texts.append(f"Prognosen för helåret visar ett underskott om {swedish(outcome)} {unit}.")
    elif outcome < 0:
        texts.append(f"Prognosen för helåret visar ett överskott om {swedish(-outcome)} {unit}.")
    else:
        texts.append("Prognosen för helåret visar ett resultat i balans.")
    return texts


def followup_chart(statement: FollowUpStatement) -> Chart:
    """Each line's outcome against its periodised budget, as amounts (revenue too, above 0)."""
    month = month_name(statement)
    lines = [*statement.revenue, *statement.costs]

    def amounts(field: str) -> list[Number]:
        """Revenue turned positive; a net credit is drawn as nothing."""
        signed = (
            (1 if line.kind == "cost" else -1, getattr(line.figures, field)) for line in lines
        )
        return [max(figure(sign * value), 0) for sign, value in signed]

    return grouped(
        f"Utfall mot periodiserad budget t.o.m. {month} ({statement.unit})",
        [line.name for line in lines],
        [
            (f"Budget t.o.m. {month}", amounts("budget_to_date")),
            (f"Utfall t.o.m. {month}", amounts("actual_to_date")),
        ],
        statement.unit,
    )


def followup_section(statement: FollowUpStatement, number: int) -> Section:
    """Uppföljning (SPEC 8): the follow-up table, its sentences and its chart."""
    parts = (
        # the notes name the entered forecasts: no column of methods, to fit the page
        Part("table", id="uppfoljning", table=followup_report(statement, methods=False)),
        sentences(*followup_sentences(statement)),
        Part("chart", id="followup-chart", chart=followup_chart(statement)),
    )
    return Section("uppfoljning", number, "Uppföljning", parts)


def only_years(years: PlanYears, shown: tuple[int, ...]) -> PlanYears:
    """The plan years' figures of the years `shown` only."""

    def each(lines: tuple[LineYears, ...]) -> tuple[LineYears, ...]:
        return tuple({year: line[year] for year in shown} for line in lines)

    return PlanYears(shown, each(years.contributions), each(years.revenue), each(years.costs))


def goals_section(plan: Plan, context: Context, number: int) -> Section:
    """Mål och indikatorer; each focus area (målområde) a numbered subsection with its own
    table, as the seed numbers it ("2.1 Attraktiv kommun - …")."""
    parts = (
        [Part("text", blocks=text_blocks(plan.text.goals))] if plan.text and plan.text.goals else []
    )
    statement = (
        goals_statement(with_outcomes_of(plan, context.books.all_plans())) if plan.goals else None
    )
    groups: dict[str | None, list[int]] = {}
    for index, goal in enumerate(statement.goals if statement else ()):
        groups.setdefault(goal.area, []).append(index)
    for count, (area, indices) in enumerate(groups.items()):
        assert statement is not None
        ids = f"mal-{count + 1}" if count else "mal"
        if area is not None:
            subsection = f"{number}.{sum(1 for a in list(groups)[:count] if a) + 1}"
            parts.append(Part("heading", id=f"{ids}-rubrik", heading=f"{subsection} {area}"))
        only = statement._replace(goals=tuple(statement.goals[i] for i in indices))
        table = goals_report(only, directed=True, footnotes=True)
        parts.append(Part("table", id=ids, table=table))
    return Section("mal", number, "Mål och indikatorer", tuple(parts))


def book_context(plan: Plan, books: Books | None) -> Context:
    """The books the document reads (the plan alone where none are given), and what it shows
    of the plan years (SPEC 18): with "planår" listed, a column for each plan year the plan
    gives assumptions for; with "antaganden", what every plan year rests on."""
    books = books if books is not None else Books.alone(plan)
    sections = frozenset(plan.document.sections) if plan.document else frozenset()
    shown = assumed_years(plan) if "planår" in sections else ()
    years = assumptions = None
    if shown or ("antaganden" in sections and plan.info.plan_years):
        every = books_plan_years(books, plan)
        years = only_years(every, shown) if shown else None
        assumptions = every if "antaganden" in sections else None
    return Context(books, years, member_names(plan), assumptions, sections)


def plan_document(
    plan: Plan,
    books: Books | None = None,
    *,
    draft: tuple[str, ...] | None = None,
    followup: FollowUpStatement | None = None,
) -> Document:
    """The whole MER-plan: introduction, goals, operating budget, investment budget, who pays
    what, and with `followup` the year's follow-up; read within its books where given, else
    alone; `draft` marks it UTKAST with its problems. MissingRate where a figure needs a rate
    the books do not give."""
    context = book_context(plan, books)
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
        sections.append(goals_section(plan, context, len(sections) + 1))
    sections.append(budget_section(plan, context, len(sections) + 1))
    if plan.investments:
        sections.append(investment_section(plan, context, len(sections) + 1))
    members = members_section(plan, context, len(sections) + 1)
    if members is not None:
        sections.append(members)
    if followup is not None:
        sections.append(followup_section(followup, len(sections) + 1))
    return Document(
        plan_title(plan),
        plan.info.organisation,
        plan.year,
        plan.info.unit,
        tuple(sections),
        draft,
        title_page(plan),
        decision_text(plan),
        subject(plan),
    )
