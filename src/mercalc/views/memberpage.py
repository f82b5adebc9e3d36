"""A member's basis (underlag för kommunen, SPEC 18): its contribution for the budget and plan
years, its direct and common parts and the change from last year, as one document drawn from
the members statement (never a second computation)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple

from ..books.capital import capital_cost_of, capital_statement
from ..books.loader import Books
from ..books.memberstatement import MemberRow, MembersStatement, members_statement
from ..books.model import Contribution, Plan, folded
from ..books.planyears import books_plan_years
from ..numbers import as_decimal, exact_sum, round_half_up
from ..swedish import swedish
from .document import Document, Part, Section, member_names, plan_title, sentences, title_page
from .table import Column, Report, Row, Value


class Member(NamedTuple):
    """The member the page is for: its contribution line, its row of the statement and how the
    document names it ("Lekebergs kommun")."""

    line: Contribution
    row: MemberRow
    called: str


def _table(title: str, header: str, columns: tuple[Column, ...], rows: list[Row]) -> Report:
    data = {"rows": [{"name": row.label, "values": list(row.values)} for row in rows]}
    return Report(title, columns, tuple(rows), data, label_header=header)


def contribution_section(statement: MembersStatement, member: Member, unit: str) -> Section:
    """Its contribution: in the plan for the budget year (and by the keys, where they compute
    it), and computed for each plan year."""
    row, year = member.row, statement.year
    column = (Column("amount", f"Driftbidrag ({unit})"),)
    rows = [Row(f"Budget {year - 1}", (row.previous,)), Row(f"Budget {year}", (row.entered,))]
    if row.computed is not None and not statement.implicit:
        rows.append(Row(f"Beräknat {year} enligt nyckeln {statement.key}", (row.computed,)))
    rows += [
        Row(f"Plan {plan_year}", (figure,))
        for plan_year, figure in zip(statement.plan_years, row.plan, strict=True)
    ]
    title = f"Driftbidrag {member.called} ({unit})"
    text = (
        f"{member.called} bidrar {year} med {swedish(row.entered)} {unit} till "
        f"{statement.organisation} ({swedish(row.previous)} {unit} {year - 1})."
    )
    parts = (Part("table", id="bidrag", table=_table(title, "År", column, rows)), sentences(text))
    return Section("bidrag", 1, "Driftbidrag", parts)


def direct_rows(books: Books, plan: Plan, name: str) -> list[Row]:
    """The member's own lines, and its own investments' capital costs where the plan's capital
    line holds them (SPEC 7), by name."""
    own = folded(name)
    rows = [Row(line.name, (line.budget,)) for line in plan.costs if _owns(line.municipality, own)]
    rows += [
        Row(line.name, (-line.budget,)) for line in plan.revenue if _owns(line.municipality, own)
    ]
    if plan.capital_line is not None:
        statement = capital_statement(books.all_plans(), plan.year, books.register_record)
        rows += [
            Row(f"Kapitalkostnad {line.name}", (as_decimal(capital_cost_of(line)),))
            for line in statement.lines
            if _owns(line.municipality, own)
        ]
    return rows


def _owns(municipality: str | None, member: str) -> bool:
    return municipality is not None and folded(municipality) == member


def direct_section(rows: list[Row], member: Member, year: int, unit: str) -> Section:
    """Its direct part: what is its own alone, line by line and investment by investment."""
    column = (Column("amount", f"Budget {year}"),)
    total = Row("Direkt del", (as_decimal(member.row.direct),), "total", tuple(range(len(rows))))
    title = f"Direkt del {member.called} {year} ({unit})"
    table = _table(title, "Kostnad", column, [*rows, total])
    text = (
        f"Den direkta delen är kostnader som enbart avser {member.called}: rader som är "
        "kommunens egna och kapitalkostnaderna för kommunens egna investeringar."
    )
    parts = (Part("table", id="direkt", table=table), sentences(text))
    return Section("direkt", 2, "Direkt del", parts)


def common_section(plan: Plan, statement: MembersStatement, member: Member) -> Section:
    """Its common part by each key: the key's name, its value and total, the share and the part,
    and where the values come from; without keys, the share its contribution implies."""
    year, unit, row = statement.year, plan.info.unit, member.row
    title = f"Gemensam del {member.called} {year} ({unit})"
    if statement.implicit:
        share = row.implied_share
        columns: tuple[Column, ...] = (
            Column("share", "Andel", "rate"),
            Column("amount", f"Budget {year}"),
        )
        shown = None if share is None else round_half_up(share, 4)
        rows = [Row("Härledd fördelning", (shown, as_decimal(row.common[0])))]
        text = (
            "Planen har ingen fördelningsnyckel: den gemensamma delen är driftbidraget utöver "
            f"den direkta delen, och andelen är {member.called}s del av de gemensamma "
            "kostnaderna (härledd fördelning)."
        )
        table = _table(title, "Fördelning", columns, rows)
        parts = (Part("table", id="gemensam", table=table), sentences(text))
        return Section("gemensam", 3, "Gemensam del", parts)
    keys = {key.name: key for key in plan.keys}
    columns = (
        Column("value", "Värde", "exact"),
        Column("total", "Totalt", "exact"),
        Column("share", "Andel", "rate"),
        Column("amount", f"Budget {year}"),
    )
    rows = []
    sources: list[str] = []
    for name, part in zip(statement.parts, row.common, strict=True):
        key = keys[name]
        own = folded(member.line.name)
        value = next((v for m, v in key.values.items() if folded(m) == own), 0)
        whole = exact_sum(key.values.values())
        rounded = round_half_up(as_decimal(Fraction(value) / Fraction(whole)), 4)
        values: tuple[Value, ...] = (value, whole, rounded, as_decimal(part))
        rows.append(Row(name, values))
        source = key.source or "planen anger ingen källa"
        sources.append(f"Nyckeln {name}: {source.rstrip('.')}.")
    common = as_decimal(sum(row.common, Fraction(0)))
    rows.append(Row("Gemensam del", (None, None, None, common), "total", tuple(range(len(rows)))))
    table = _table(title, "Fördelningsnyckel", columns, rows)
    parts = (Part("table", id="gemensam", table=table), sentences(*sources))
    return Section("gemensam", 3, "Gemensam del", parts)


def computed_change(member: Member, last: MemberRow | None) -> list[Row]:
    """Without reasons in the plan, the change as the members statements of both years split
    it: the change of the direct part, of the common part, and the rest (the entered
    contributions' difference from the computed ones, and their rounding)."""
    if last is None:
        return []
    row = member.row
    direct = row.direct - last.direct
    common = sum(row.common, Fraction(0)) - sum(last.common, Fraction(0))
    rest = Fraction(row.change) - direct - common
    rows = [
        Row("Förändring av den direkta delen", (as_decimal(direct),), "detail"),
        Row("Förändring av den gemensamma delen", (as_decimal(common),), "detail"),
    ]
    if rest:
        rows.append(
            Row("Skillnad mot beräknat bidrag och avrundning", (as_decimal(rest),), "detail")
        )
    return rows


def change_section(member: Member, last: MemberRow | None, year: int, unit: str) -> Section:
    """The change from last year and its reasons: as the plan gives them, else as the members
    statements of last year and this split it, where the books hold last year's plan."""
    row, line = member.row, member.line
    column = (Column("amount", unit),)
    rows = [Row(f"Budget {year - 1}", (row.previous,))]
    rows += [Row(change.reason, (change.amount,), "detail") for change in line.changes]
    if not line.changes and row.change:
        rows += computed_change(member, last)
    reasons = tuple(range(1, len(rows)))
    rows.append(Row("Förändring", (row.change,), "subtotal", reasons))
    rows.append(Row(f"Budget {year}", (row.entered,), "total"))
    title = f"Förändring av driftbidraget {member.called} {year - 1}–{year} ({unit})"
    texts = []
    if line.restated:
        texts.append(f"Omräknad budget {year - 1}: {line.restated}.")
    if not line.changes and row.change:
        texts.append(
            "Planen anger inga orsaker till förändringen"
            + (
                "."
                if last is None
                else f"; här delas den upp efter fördelningen {year - 1} och {year}."
            )
        )
    parts = (
        Part("table", id="forandring", table=_table(title, "", column, rows)),
        sentences(*texts),
    )
    return Section("forandring", 4, f"Förändring från {year - 1}", parts)


def last_year(books: Books, plan: Plan, name: str) -> MemberRow | None:
    """The member's row of last year's members statement, where the books hold that plan and
    the member was in it."""
    if not any(other.year == plan.year - 1 for other in books.all_plans()):
        return None
    statement = members_statement(books, plan.year - 1)
    return next((r for r in statement.members if folded(r.name) == folded(name)), None)


def find_member(plan: Plan, name: str) -> Contribution | None:
    """The contribution called `name`, compared as names are."""
    return next((c for c in plan.contributions if folded(c.name) == folded(name)), None)


def member_document(
    plan: Plan, books: Books | None, name: str, *, draft: tuple[str, ...] | None = None
) -> Document:
    """The member's basis page; LookupError where `name` is no member of the plan."""
    line = find_member(plan, name)
    if line is None:
        raise LookupError(name)
    books = books if books is not None else Books.alone(plan)
    years = books_plan_years(books, plan) if plan.info.plan_years else None
    statement = members_statement(books, plan.year, years=years)
    row = next(r for r in statement.members if folded(r.name) == folded(line.name))
    last = last_year(books, plan, line.name)
    called: Callable[[str], str] = member_names(plan)
    member = Member(line, row, called(line.name))
    unit = plan.info.unit
    direct = direct_rows(books, plan, line.name)
    sections = (
        contribution_section(statement, member, unit),
        direct_section(direct, member, plan.year, unit),
        common_section(plan, statement, member),
        change_section(member, last, plan.year, unit),
    )
    subject = f"Underlag för {member.called}: driftbidrag {plan.year} till {plan.info.organisation}"
    return Document(
        f"Underlag för {member.called}",
        plan.info.organisation,
        plan.year,
        unit,
        sections,
        draft,
        (plan_title(plan), *title_page(plan)),
        None,
        subject,
        compact=True,
    )
