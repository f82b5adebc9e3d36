"""What `mercalc new` says about the plan it wrote: its year, its figures, what was indexed and
what to review, in a few lines for the person who made it."""

from __future__ import annotations

from ..books.budget import budget_statement
from ..books.model import Plan, Texts, fields_of
from ..books.rollforward import Indexation
from ..i18n import _
from ..problems import safe_text
from ..swedish import swedish


def summary(plan: Plan, indexation: Indexation, review: list[str] | tuple[str, ...] = ()) -> str:
    """The new plan in a few lines: heading, figures, indexation, the capital line, review."""
    lines = [*_figures(plan), *_indexed(indexation), *_capital_line(plan)]
    lines += [
        _("  Carried to the new last plan year, to review: {entry}.").format(entry=entry)
        for entry in review
    ]
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
            revenue=swedish(statement.revenue_total.budget),
            costs=swedish(statement.cost_total.budget),
            unit=statement.unit,
            summa=swedish(statement.result.budget),
        ),
    ]


def _indexed(indexation: Indexation) -> list[str]:
    lines = [
        _("  Indexed {name} by {percent} %.").format(name=name, percent=value)
        for name, value in indexation.lines.items()
    ]
    if indexation.all_costs is not None:
        every = (
            _("  Indexed every other cost line by {percent} %.")
            if indexation.lines
            else _("  Indexed every cost line by {percent} %.")
        )
        lines.append(every.format(percent=indexation.all_costs))
    return lines


def _capital_line(plan: Plan) -> list[str]:
    line = plan.capital_line
    if line is None:
        return []
    message = _("  {name}: {amount} {unit}, computed from the books (never indexed).")
    return [message.format(name=line.name, amount=swedish(line.budget), unit=plan.info.unit)]
