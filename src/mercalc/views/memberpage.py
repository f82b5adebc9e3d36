"""A member's basis (underlag för kommunen, SPEC 18): its contribution for the budget and plan
years, its direct and common parts and the change from last year, as one document drawn from
the members statement (never a second computation)."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..books.loader import Books
from ..books.memberbasis import MemberBasis, member_basis
from ..books.model import Plan
from ..numbers import as_decimal, round_half_up
from ..swedish import swedish
from .document import Document, Part, Section, member_names, plan_title, sentences, title_page
from .table import Column, Report, Row, Value


class Member(NamedTuple):
    """The member the page is for: its basis, and its name as the document writes it."""

    basis: MemberBasis
    called: str


def _table(title: str, header: str, columns: tuple[Column, ...], rows: list[Row]) -> Report:
    data = {"rows": [{"name": row.label, "values": list(row.values)} for row in rows]}
    return Report(title, columns, tuple(rows), data, label_header=header)


def contribution_section(member: Member, unit: str) -> Section:
    """Its contribution: in the plan for the budget year (and by the keys, where they compute
    it), and computed for each plan year."""
    statement, row = member.basis.statement, member.basis.row
    year = statement.year
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


def direct_section(member: Member, year: int, unit: str) -> Section:
    """Its direct part: what is its own alone, line by line and investment by investment."""
    basis = member.basis
    rows = [
        Row(
            f"Kapitalkostnad {item.name}" if item.investment else item.name,
            (as_decimal(item.amount),),
        )
        for item in basis.direct
    ]
    column = (Column("amount", f"Budget {year}"),)
    total = Row("Direkt del", (as_decimal(basis.row.direct),), "total", tuple(range(len(rows))))
    title = f"Direkt del {member.called} {year} ({unit})"
    table = _table(title, "Kostnad", column, [*rows, total])
    text = (
        f"Den direkta delen är kostnader som enbart avser {member.called}: rader som är "
        "kommunens egna och kapitalkostnaderna för kommunens egna investeringar."
    )
    parts = (Part("table", id="direkt", table=table), sentences(text))
    return Section("direkt", 2, "Direkt del", parts)


def common_section(member: Member, unit: str) -> Section:
    """Its common part by each key: the key's name, its value and total, the share and the part,
    and where the values come from; without keys, the share its contribution implies."""
    statement = member.basis.statement
    year = statement.year
    title = f"Gemensam del {member.called} {year} ({unit})"
    if statement.implicit:
        return _implicit_common(member, title)
    columns = (
        Column("value", "Värde", "exact"),
        Column("total", "Totalt", "exact"),
        Column("share", "Andel", "rate"),
        Column("amount", f"Budget {year}"),
    )
    rows = []
    sources: list[str] = []
    for part in member.basis.common:
        values: tuple[Value, ...] = (
            part.value,
            part.total,
            _rate(part.share),
            as_decimal(part.part),
        )
        rows.append(Row(part.key, values))
        source = part.source or "planen anger ingen källa"
        sources.append(f"Nyckeln {part.key}: {source.rstrip('.')}.")
    common = as_decimal(member.basis.row.common_part)
    rows.append(Row("Gemensam del", (None, None, None, common), "total", tuple(range(len(rows)))))
    table = _table(title, "Fördelningsnyckel", columns, rows)
    parts = (Part("table", id="gemensam", table=table), sentences(*sources))
    return Section("gemensam", 3, "Gemensam del", parts)


def _implicit_common(member: Member, title: str) -> Section:
    """Without keys: the common part, and the share of the common costs it implies."""
    (part,) = member.basis.common
    columns = (
        Column("share", "Andel", "rate"),
        Column("amount", f"Budget {member.basis.statement.year}"),
    )
    rows = [Row("Härledd fördelning", (_rate(part.share), as_decimal(part.part)))]
    text = (
        "Planen har ingen fördelningsnyckel: den gemensamma delen är driftbidraget utöver "
        f"den direkta delen, och andelen är {member.called}s del av de gemensamma "
        "kostnaderna (härledd fördelning)."
    )
    table = _table(title, "Fördelning", columns, rows)
    parts = (Part("table", id="gemensam", table=table), sentences(text))
    return Section("gemensam", 3, "Gemensam del", parts)


def _rate(share: Fraction | None) -> Value:
    """A share as the document shows it: a percentage with two decimals."""
    return None if share is None else round_half_up(as_decimal(share), 4)


def computed_change(member: Member) -> list[Row]:
    """Without reasons in the plan, the change as the members statements of both years split
    it: the change of the direct part, of the common part, and the rest (the entered
    contributions' difference from the computed ones, and their rounding)."""
    change = member.basis.change
    if change is None:
        return []
    rows = [
        Row("Förändring av den direkta delen", (as_decimal(change.direct),), "detail"),
        Row("Förändring av den gemensamma delen", (as_decimal(change.common),), "detail"),
    ]
    if change.rest:
        rows.append(
            Row("Skillnad mot beräknat bidrag och avrundning", (as_decimal(change.rest),), "detail")
        )
    return rows


def change_section(member: Member, year: int, unit: str) -> Section:
    """The change from last year and its reasons: as the plan gives them, else as the members
    statements of last year and this split it, where the books hold last year's plan."""
    row, line = member.basis.row, member.basis.line
    column = (Column("amount", unit),)
    rows = [Row(f"Budget {year - 1}", (row.previous,))]
    rows += [Row(change.reason, (change.amount,), "detail") for change in line.changes]
    if not line.changes and row.change:
        rows += computed_change(member)
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
                if member.basis.last is None
                else f"; här delas den upp efter fördelningen {year - 1} och {year}."
            )
        )
    parts = (
        Part("table", id="forandring", table=_table(title, "", column, rows)),
        sentences(*texts),
    )
    return Section("forandring", 4, f"Förändring från {year - 1}", parts)


def member_document(
    plan: Plan, books: Books | None, name: str, *, draft: tuple[str, ...] | None = None
) -> Document:
    """The member's basis page; LookupError where `name` is no member of the plan."""
    basis = member_basis(books if books is not None else Books.alone(plan), plan.year, name)
    member = Member(basis, member_names(plan)(basis.line.name))
    unit = plan.info.unit
    sections = (
        contribution_section(member, unit),
        direct_section(member, plan.year, unit),
        common_section(member, unit),
        change_section(member, plan.year, unit),
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
