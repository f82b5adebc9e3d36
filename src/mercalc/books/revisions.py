"""Revisions during the year (budgetjustering, tilläggsanslag): the revised budget of a plan and
the rules it must meet (SPEC 17)."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping

from ..i18n import _
from ..numbers import Number, exact_sum, plain
from ..problems import Finding, KeyPath
from .model import BudgetLine, Plan, Revision, folded

SECTIONS = ("contribution", "revenue", "cost")


def _lines(plan: Plan) -> Iterable[tuple[str, int, BudgetLine]]:
    for section, lines in zip(
        SECTIONS, (plan.contributions, plan.revenue, plan.costs), strict=True
    ):
        for index, line in enumerate(lines):
            yield section, index, line


def dated(
    plan: Plan, through: datetime.date | None = None, *, one_off: bool = True
) -> tuple[Revision, ...]:
    """The plan's revisions, those dated on or before `through` where it is given; without
    the one-off grants (tillfälligt anslag) where `one_off` is False."""
    return tuple(
        revision
        for revision in plan.revisions
        if (through is None or revision.date <= through) and (one_off or not revision.one_off)
    )


def previous_budget(before: Plan, plan: Plan) -> Plan:
    """Last year's plan as `plan`'s previous column takes it: with its revisions dated on or
    before `plan`'s decision (every one of them where the plan has no decision yet)."""
    return revised(before, plan.decision.date if plan.decision is not None else None)


def previous_revised(before: Plan | None, plan: Plan) -> bool:
    """Whether revisions of last year's plan enter `plan`'s previous column (headed "Budget
    2022 (reviderad)")."""
    if before is None or not before.revisions:
        return False
    through = plan.decision.date if plan.decision is not None else None
    return any(adjustments(dated(before, through)).values())


def revisions_by_line(revisions: Iterable[Revision]) -> dict[str, tuple[Revision, ...]]:
    """The revisions of each revised line, by folded name, in the file's order."""
    by_line: dict[str, list[Revision]] = {}
    for revision in revisions:
        by_line.setdefault(folded(revision.line), []).append(revision)
    return {name: tuple(listed) for name, listed in by_line.items()}


def adjustments(revisions: Iterable[Revision]) -> dict[str, Number]:
    """Each revised line's adjustment (justering): its revisions' amounts summed, by folded
    name, positive as the plan's amounts (+ raises the line, revenue or cost)."""
    by_line: dict[str, list[Number]] = {}
    for revision in revisions:
        by_line.setdefault(folded(revision.line), []).append(revision.amount)
    return {name: exact_sum(amounts) for name, amounts in by_line.items()}


def revised(plan: Plan, through: datetime.date | None = None, *, one_off: bool = True) -> Plan:
    """The plan with each line's budget its revised budget (reviderad budget): the adopted
    budget and the revisions dated up to `through` (without one-off grants where `one_off` is
    False); the plan itself where none are."""
    adjusted = adjustments(dated(plan, through, one_off=one_off))
    if not any(adjusted.values()):
        return plan

    def moved(lines: tuple[BudgetLine, ...]) -> tuple[BudgetLine, ...]:
        return tuple(_with_budget(line, adjusted.get(folded(line.name), 0)) for line in lines)

    result = copy.copy(plan)
    for name, lines in (
        ("contributions", plan.contributions),
        ("revenue", plan.revenue),
        ("costs", plan.costs),
    ):
        object.__setattr__(result, name, moved(lines))
    return result


def _with_budget(line: BudgetLine, adjustment: Number) -> BudgetLine:
    """The line with its budget moved by `adjustment` (already checked: never below 0)."""
    if adjustment == 0:
        return line
    moved = copy.copy(line)
    object.__setattr__(moved, "budget", line.budget + adjustment)
    return moved


def revision_input(plan: Plan) -> list[Finding]:
    """Bad input: a revision naming no line of the plan."""
    import difflib

    names = {folded(line.name): line.name for _section, _index, line in _lines(plan)}
    found: list[Finding] = []
    for index, revision in enumerate(plan.revisions):
        if folded(revision.line) in names:
            continue
        message = _('"{name}" is not a line of the plan').format(name=revision.line)
        close = difflib.get_close_matches(revision.line, list(names.values()), n=1)
        if close:
            message += _(': did you mean "{name}"?').format(name=close[0])
        found.append((("revision", index, "line"), message))
    return found


def revision_dates(plan: Plan) -> list[Finding]:
    """Bad input: a revision dated outside the budget year it revises."""
    return [
        (
            ("revision", index, "date"),
            _(
                "{date} is outside the budget year {year}: a revision is decided during the year"
            ).format(date=revision.date.isoformat(), year=plan.year),
        )
        for index, revision in enumerate(plan.revisions)
        if revision.date.year != plan.year
    ]


def revision_findings(plan: Plan, budgets: Mapping[KeyPath, Number] | None = None) -> list[Finding]:
    """A revised budget below 0 on a line, and a revised budget that does not balance, naming
    the revisions and their references; with `budgets`, the adopted budget as these figures
    (by section and index) change it, such as `balance` writes it."""
    if not plan.revisions:
        return []
    adjusted = adjustments(plan.revisions)
    found: list[Finding] = []
    for section, index, line in _lines(plan):
        adjustment = adjusted.get(folded(line.name), 0)
        budget = (budgets or {}).get((section, index), line.budget)
        if budget + adjustment < 0:
            first = next(
                i for i, r in enumerate(plan.revisions) if folded(r.line) == folded(line.name)
            )
            message = _(
                'the revisions of "{name}" take its budget below 0: {budget} {adjustment}'
            ).format(name=line.name, budget=plain(budget), adjustment=_signed(adjustment))
            found.append((("revision", first, "amount"), message))
    revenue = exact_sum(adjusted.get(folded(line.name), 0) for line in _revenue(plan))
    costs = exact_sum(adjusted.get(folded(line.name), 0) for line in plan.costs)
    if revenue != costs:
        found.append((("revision",), _imbalance(plan, revenue, costs)))
    return found


def _revenue(plan: Plan) -> tuple[BudgetLine, ...]:
    return plan.contributions + plan.revenue


def _imbalance(plan: Plan, revenue: Number, costs: Number) -> str:
    """The revisions raise costs and revenue by different amounts: which, and by what."""
    listed = "; ".join(
        _("{line} {amount} ({refs}, {date})").format(
            refs=", ".join(revision.refs),
            date=revision.date.isoformat(),
            line=revision.line,
            amount=_signed(revision.amount),
        )
        for revision in plan.revisions
    )
    message = _(
        "the revised budget does not balance: the revisions change costs by {costs} and "
        "revenue by {revenue}, so Summa moves by {summa}: {listed}"
    )
    return message.format(
        costs=_signed(costs),
        revenue=_signed(revenue),
        summa=_signed(costs - revenue),
        listed=listed,
    )


def _signed(amount: Number) -> str:
    return f"+{plain(amount)}" if amount > 0 else plain(amount)
