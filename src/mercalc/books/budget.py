"""The operating budget (driftbudget): revenue negative, costs positive, Summa that must be 0."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from ..numbers import Number, exact_sum, exactly
from .model import BudgetLine, Plan, Revision, folded
from .revisions import previous_revised, revisions_by_line

if TYPE_CHECKING:
    from .lineyears import LineYears
    from .planyears import PlanYears

NO_PLAN: Mapping[int, Number] = MappingProxyType({})


class Amounts(NamedTuple):
    """A row's budget, previous and change, and its plan years where they are shown; revenue
    already carries its minus sign."""

    budget: Number
    previous: Number
    plan: Mapping[int, Number] = NO_PLAN  # planår: the figure of each plan year
    adjustment: Number = 0  # justering: the revisions during the year

    @property
    def change(self) -> Number:
        with exactly():
            return self.budget - self.previous

    @property
    def revised(self) -> Number:
        """Reviderad budget: the adopted budget and the revisions during the year."""
        with exactly():
            return self.budget + self.adjustment

    def __add__(self, other: Amounts) -> Amounts:  # type: ignore[override]  # money, not tuples
        with exactly():
            plan = {year: amount + other.plan[year] for year, amount in self.plan.items()}
            return Amounts(
                self.budget + other.budget,
                self.previous + other.previous,
                plan or NO_PLAN,
                self.adjustment + other.adjustment,
            )


class BudgetChange(NamedTuple):
    """A reason for a row's change, signed as the row is."""

    reason: str
    amount: Number


class BudgetRevision(NamedTuple):
    """A revision of a row during the year, signed as the row is."""

    date: datetime.date
    refs: tuple[str, ...]
    amount: Number
    reason: str
    one_off: bool


class BudgetRow(NamedTuple):
    """One line of the driftbudget, signed as shown: revenue negative, costs positive."""

    name: str
    budget: Number
    previous: Number
    changes: tuple[BudgetChange, ...] = ()
    plan: Mapping[int, Number] = NO_PLAN  # planår: the figure of each plan year
    restated: str | None = None  # omräknad budget: why `previous` differs from last year's
    note: str | None = None  # the plan's note on the line (a footnote in the document)
    adjustment: Number = 0  # justering: the revisions during the year, signed as the row
    revisions: tuple[BudgetRevision, ...] = ()

    @property
    def change(self) -> Number:
        with exactly():
            return self.budget - self.previous

    @property
    def revised(self) -> Number:
        """Reviderad budget: the adopted budget and the revisions during the year."""
        with exactly():
            return self.budget + self.adjustment


class BudgetStatement(NamedTuple):
    """The operating budget of one plan, every figure exact."""

    organisation: str
    year: int
    unit: str
    contributions: tuple[BudgetRow, ...]  # the members' (driftbidrag)
    other_revenue: tuple[BudgetRow, ...]  # övriga intäkter
    revenue_total: Amounts
    costs: tuple[BudgetRow, ...]
    cost_total: Amounts
    result: Amounts  # Summa
    plan_years: tuple[int, ...] = ()  # the plan years shown (planår), none unless asked for
    # budgetjustering: the plan has revisions, so Justering and Reviderad budget are shown
    revised: bool = False
    # last year's revisions enter the previous column: "Budget 2022 (reviderad)"
    previous_revised: bool = False

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def revenue(self) -> tuple[BudgetRow, ...]:
        """Revenue in the seed's order: the members' contributions, then other revenue."""
        return self.contributions + self.other_revenue

    @property
    def balanced(self) -> bool:
        """Summa is exactly 0 in the budget and the previous column, and in each plan year
        shown."""
        summa = self.result
        return (
            summa.budget == 0
            and summa.previous == 0
            and summa.adjustment == 0
            and not any(summa.plan.values())
        )


def signed(
    line: BudgetLine,
    sign: int,
    years: LineYears | None = None,
    revisions: tuple[Revision, ...] = (),
) -> BudgetRow:
    """A plan's line as a row of the statement: revenue (sign -1) gets its minus sign."""
    adjustment = exact_sum(revision.amount for revision in revisions) if revisions else 0
    return BudgetRow(
        line.name,
        sign * line.budget,
        sign * line.previous,
        tuple(BudgetChange(change.reason, sign * change.amount) for change in line.changes),
        {year: sign * figure.amount for year, figure in years.items()} if years else NO_PLAN,
        line.restated,
        line.note,
        sign * adjustment,
        tuple(
            BudgetRevision(r.date, r.refs, sign * r.amount, r.reason, r.one_off) for r in revisions
        ),
    )


def rows_total(rows: tuple[BudgetRow, ...], years: tuple[int, ...]) -> Amounts:
    """The subtotal of rows as shown (signed), plan years included."""
    plan = {year: exact_sum(row.plan[year] for row in rows) for year in years}
    return Amounts(
        exact_sum(row.budget for row in rows),
        exact_sum(row.previous for row in rows),
        plan or NO_PLAN,
        exact_sum(row.adjustment for row in rows),
    )


def total(lines: tuple[BudgetLine, ...], sign: int) -> Amounts:
    return Amounts(
        exact_sum(sign * line.budget for line in lines),
        exact_sum(sign * line.previous for line in lines),
    )


def revenue_lines(plan: Plan) -> tuple[BudgetLine, ...]:
    """Revenue in the seed's order: the members' contributions, then other revenue."""
    return plan.contributions + plan.revenue


def result(plan: Plan) -> Amounts:
    """Summa: revenue (negative) plus costs; a balanced plan gives 0 in both columns."""
    return total(revenue_lines(plan), -1) + total(plan.costs, 1)


def budget_statement(
    plan: Plan, years: PlanYears | None = None, before: Plan | None = None
) -> BudgetStatement:
    """The driftbudget of a plan: its lines signed, their totals and Summa; with `years`, the
    plan years' figures of every row too; with `before`, last year's plan, whether its
    revisions enter the previous column."""
    shown = years.years if years is not None else ()
    by_line = revisions_by_line(plan.revisions) if plan.revisions else {}

    def rows(lines: tuple[BudgetLine, ...], sign: int, figures: tuple[LineYears, ...] | None):
        own_years = figures if figures is not None else (None,) * len(lines)
        return tuple(
            signed(line, sign, own, by_line.get(folded(line.name), ()) if by_line else ())
            for line, own in zip(lines, own_years, strict=True)
        )

    contributions = rows(plan.contributions, -1, years and years.contributions)
    other_revenue = rows(plan.revenue, -1, years and years.revenue)
    costs = rows(plan.costs, 1, years and years.costs)
    revenue = rows_total(contributions + other_revenue, shown)
    cost_total = rows_total(costs, shown)
    return BudgetStatement(
        organisation=plan.info.organisation,
        year=plan.year,
        unit=plan.info.unit,
        contributions=contributions,
        other_revenue=other_revenue,
        revenue_total=revenue,
        costs=costs,
        cost_total=cost_total,
        result=revenue + cost_total,
        plan_years=shown,
        revised=bool(plan.revisions),
        previous_revised=previous_revised(before, plan),
    )
