"""The adopted budget as the ledger books it (SPEC 14): each line's year in whole kronor, on its
budget account and objects, spread over the months by its profile (the capital line by its
schedule) by the largest remainder, signed as the ledger signs (costs positive)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import NamedTuple

from ..i18n import _
from ..numbers import exact_sum, largest_remainder, round_half_up
from ..problems import Finding
from .followup import capital_schedule
from .ledger import UNIT_KRONOR, budget_lines
from .model import BudgetLine, Plan, Register, folded

# the charts of accounts that SIE's #KPTYP names (SIE 4B)
CHARTS = ("BAS95", "BAS96", "EUBAS97", "NE2007")
Objects = tuple[tuple[int, str], ...]  # (#DIM number, object), in the order of the dimensions


class Booking(NamedTuple):
    """A line's budget booked on one account and objects, month by month in whole kronor."""

    line: str
    account: str
    objects: Objects
    kind: str  # "K" (a cost) or "I" (revenue and contributions), as #KTYP types it
    months: tuple[int, ...]


class LedgerBudget(NamedTuple):
    """The year's budget as the ledger imports it, with what the file must say of itself."""

    year: int
    company: str
    orgnr: str | None
    chart: str | None  # a chart #KPTYP names, else None (then #KTYP per account)
    dimensions: dict[int, str]  # the #DIM numbers written, and their names
    bookings: tuple[Booking, ...]
    notes: tuple[str, ...]

    def by_account(self) -> dict[tuple[str, Objects], list[int]]:
        """The months of each account and objects, the lines booked there added."""
        sums: dict[tuple[str, Objects], list[int]] = {}
        for booking in self.bookings:
            months = sums.setdefault((booking.account, booking.objects), [0] * 12)
            for index, amount in enumerate(booking.months):
                months[index] += amount
        return sums


def ledger_budget(
    plan: Plan, plans: Iterable[Plan] = (), register: Register | None = None
) -> tuple[LedgerBudget, list[Finding]]:
    """The plan's budget as the ledger books it, and each line that names no account to book
    it on (bad input for this format)."""
    capital = plan.capital_line
    schedule = capital_schedule(plan, plans, register) if capital is not None else None
    bookings: list[Booking] = []
    findings: list[Finding] = []
    rounded: list[str] = []
    sections = ((plan.contributions, "contribution"), (plan.revenue, "revenue"))
    for lines, section in (*sections, (plan.costs, "cost")):
        for index, line in enumerate(lines):
            kind = "K" if section == "cost" else "I"
            year = _kronor(plan, line, rounded) * (1 if kind == "K" else -1)
            if line is capital and schedule is not None:
                weights = [schedule.to_date(line.budget, m) for m in range(1, 13)]
                weights = [weights[0], *(b - a for a, b in itertools.pairwise(weights))]
            else:
                weights = [Fraction(w) for w in (line.profile or (1,) * 12)]
            objects = _objects(plan, line)
            if line is capital and line.budget_accounts is not None and schedule is not None:
                bookings += _capital_apart(plan, line, year, weights, objects, plans, register)
                continue
            account = _account(line)
            if account is None:
                message = _("name the account the budget is booked on: budget_account")
                findings.append(((section, index), message))
                continue
            bookings.append(Booking(line.name, account, objects, kind, _spread(year, weights)))
    return _budget(plan, bookings, rounded), findings


def _budget(plan: Plan, bookings: list[Booking], rounded: list[str]) -> LedgerBudget:
    notes = []
    if rounded:
        notes.append(
            _("Rounded to whole kronor (the plan's figure has öre): {lines}.").format(
                lines=", ".join(rounded)
            )
        )
    company = plan.ledger.company
    if company is None:
        company = plan.info.organisation
        notes.append(
            _(
                "#FNAMN is the organisation {name}: give [ledger] company and orgnr, the ledger's "
                "company (for a joint board, the host municipality)"
            ).format(name=company)
        )
    chart = plan.ledger.chart if plan.ledger.chart in CHARTS else None
    used = {number for booking in bookings for number, _object in booking.objects}
    names = {number: name for name, number in plan.ledger.dimensions.items() if number in used}
    return LedgerBudget(
        plan.year, company, plan.ledger.orgnr, chart, names, tuple(bookings), tuple(notes)
    )


def _kronor(plan: Plan, line: BudgetLine, rounded: list[str]) -> int:
    """The line's year in whole kronor: rounded half up where the plan's figure has öre."""
    exact = Fraction(line.budget) * UNIT_KRONOR[plan.info.unit]
    whole = int(round_half_up(exact))
    if whole != exact:
        rounded.append(line.name)
    return whole


def _spread(total: int, weights: Sequence[Fraction]) -> tuple[int, ...]:
    """The year over the months in proportion to the weights, whole kronor adding up to it."""
    whole = sum(weights, Fraction(0))
    if whole == 0:
        weights, whole = [Fraction(1)] * 12, Fraction(12)
    shares = [total * weight / whole for weight in weights]
    return tuple(int(amount) for amount in largest_remainder(shares, total))


def _account(line: BudgetLine) -> str | None:
    """`budget_account`, else the line's one account where it holds exactly one, not a prefix."""
    if line.budget_account is not None:
        return line.budget_account
    if len(line.accounts) == 1 and not line.accounts[0].endswith("*"):
        return line.accounts[0]
    return None


def _objects(plan: Plan, line: BudgetLine) -> Objects:
    """The line's objects where each names one object that is not a prefix, else the literal
    objects of [ledger] objects, else none."""
    dimensions = plan.ledger.dimensions
    for given in (line.objects, plan.ledger.objects):
        literal = {
            name: patterns[0]
            for name, patterns in given.items()
            if len(patterns) == 1 and not patterns[0].endswith("*") and name in dimensions
        }
        if given and len(literal) == len(given):
            return tuple(
                (dimensions[name], literal[name]) for name in dimensions if name in literal
            )
    return ()


def _capital_apart(
    plan: Plan,
    line: BudgetLine,
    year: int,
    weights: list[Fraction],
    objects: Objects,
    plans: Iterable[Plan],
    register: Register | None,
) -> list[Booking]:
    """The capital line's depreciation (with the unregistered costs) and interest booked apart,
    the year split in proportion to the books' figures, each spread by the schedule."""
    from .capital import capital_statement, unregistered

    accounts = line.budget_accounts
    assert accounts is not None
    total = capital_statement(list(plans) or [plan], plan.year, register).total
    depreciation = total.depreciation + Fraction(unregistered(plan, plan.year))
    parts = [depreciation, total.interest]
    if sum(parts) == 0:
        parts = [Fraction(1), Fraction(0)]
    whole = sum(parts, Fraction(0))
    split = largest_remainder([year * part / whole for part in parts], year)
    return [
        Booking(line.name, account, objects, "K", _spread(int(amount), weights))
        for account, amount in zip((accounts.depreciation, accounts.interest), split, strict=True)
    ]


def line_total(budget: LedgerBudget, name: str) -> int:
    """What the file books of a line in the year, in kronor."""
    return int(exact_sum(sum(b.months) for b in budget.bookings if folded(b.line) == folded(name)))


def line_objects(plan: Plan) -> dict[str, Objects]:
    """Each line's objects as booked."""
    return {line.name: _objects(plan, line) for line in budget_lines(plan)}
