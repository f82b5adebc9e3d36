"""What `mercalc new` says about the plan it wrote: its year, its figures, what was indexed and
what to review, in a few lines for the person who made it."""

from __future__ import annotations

from ..books.budget import budget_statement
from ..books.model import Plan, Texts, fields_of
from ..books.rollforward import Indexation, carried_unchanged
from ..i18n import _, number
from ..problems import safe_text


def summary(
    plan: Plan,
    indexation: Indexation,
    review: list[str] | tuple[str, ...] = (),
    source: Plan | None = None,
) -> str:
    """The new plan in a few lines: heading, figures, indexation, the capital line, review:
    what was carried to the new last plan year, and what was carried unchanged (SPEC 16)."""
    lines = [*_figures(plan), *_indexed(indexation), *_capital_line(plan)]
    lines += [
        _("  Carried to the new last plan year, to review: {entry}.").format(entry=entry)
        for entry in review
    ]
    unchanged = carried_unchanged(source, plan) if source is not None else []
    if unchanged:
        lines.append(_("  Carried unchanged, to review:"))
        lines += [f"    {entry}" for entry in unchanged]
    if plan.text is not None and any(getattr(plan.text, key) for key in fields_of(Texts)):
        lines.append(
            _("  [text] is carried unchanged: bring its prose up to {year}.").format(year=plan.year)
        )
    return "\n".join(safe_text(line) for line in lines)


def _figures(plan: Plan) -> list[str]:
    statement = budget_statement(plan)
    heading = (
        _("{organisation}, budget {year} (plan years {years}).")
        if plan.info.plan_years
        else _("{organisation}, budget {year} (no plan years).")
    )
    figures = _("  Revenue {revenue} {unit}, costs {costs} {unit}, Summa {summa}.")
    return [
        heading.format(
            organisation=statement.organisation,
            year=statement.year,
            years=", ".join(map(str, plan.info.plan_years)),
        ),
        figures.format(
            revenue=number(statement.revenue_total.budget),
            costs=number(statement.cost_total.budget),
            unit=statement.unit,
            summa=number(statement.result.budget),
        ),
    ]


def _indexed(indexation: Indexation) -> list[str]:
    lines = [
        _("  Indexed {name} by {percent} %.").format(name=name, percent=number(value, 10))
        for name, value in indexation.lines.items()
    ]
    if indexation.all_costs is not None:
        every = (
            _("  Indexed every other cost line by {percent} %.")
            if indexation.lines
            else _("  Indexed every cost line by {percent} %.")
        )
        lines.append(every.format(percent=number(indexation.all_costs, 10)))
    return lines


def _capital_line(plan: Plan) -> list[str]:
    line = plan.capital_line
    if line is None:
        return []
    message = _("  {name}: {amount} {unit}, computed from the books (never indexed).")
    return [message.format(name=line.name, amount=number(line.budget), unit=plan.info.unit)]
