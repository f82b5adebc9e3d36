"""Two versions of one year's plan compared (`mercalc diff`, SPEC 17): only what differs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from ..numbers import Number, exact_sum
from .loader import Books
from .members import computed_contributions
from .model import BudgetLine, Investment, Plan, folded

K = TypeVar("K")

# the sections of the driftbudget, each with the sign it is shown with (revenue negative)
SECTIONS = (("contribution", -1), ("revenue", -1), ("cost", 1))


class Version(NamedTuple):
    """One side of a comparison: the plan, the name it is shown by, and its books (for the
    members' figures by the key, which need every plan and the register)."""

    name: str
    plan: Plan
    books: Books | None = None  # None where the books hold bad input


def difference(old: Number | None, new: Number | None) -> Number:
    """A figure's change from the old version to the new; a figure one lacks counts as 0."""
    return exact_sum((new or 0, -(old or 0)))


class Compared:
    """A figure in both versions, or in one (None in the other), and its difference."""

    __slots__ = ()
    old: Number | None
    new: Number | None

    @property
    def difference(self) -> Number:
        """The new figure less the old."""
        return difference(self.old, self.new)


@dataclass(frozen=True, slots=True)
class FigureChange(Compared):
    """A figure in both versions, or in one (None in the other): a line's budget, a reason,
    a member's figure by the key, an investment's amount."""

    name: str
    old: Number | None
    new: Number | None


@dataclass(frozen=True, slots=True)
class LineChange(Compared):
    """A line of the driftbudget whose budget differs, or that only one version has; signed as
    `budget` shows it (revenue negative)."""

    section: str  # contribution, revenue or cost
    name: str
    old: Number | None
    new: Number | None


@dataclass(frozen=True, slots=True)
class ReasonChange(Compared):
    """A reason for a line's change (förändringsanalys) that differs: its amount, or itself."""

    line: str
    reason: str
    old: Number | None
    new: Number | None


class InvestmentFacts(NamedTuple):
    """What an investment is: its amount, the month it goes into service, its parts' periods."""

    amount: Number
    activated: tuple[int, int]
    parts: tuple[tuple[Number, int], ...]  # (amount, years) of each part


class InvestmentChange(NamedTuple):
    """An investment added, removed, or changed in amount, activation or years."""

    name: str
    old: InvestmentFacts | None
    new: InvestmentFacts | None

    @property
    def change(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def amount(self) -> FigureChange:
        """Its amount in each version that has it."""
        return FigureChange(
            self.name,
            self.old.amount if self.old is not None else None,
            self.new.amount if self.new is not None else None,
        )


@dataclass(frozen=True, slots=True)
class TargetChange(Compared):
    """An indicator's target (målvärde) of one year that differs."""

    goal: str
    indicator: str
    year: int
    old: Number | None
    new: Number | None


class TextChange(NamedTuple):
    """A fact of the plan written as text that differs: its status, the deciding meeting."""

    name: str  # "status", "body" (who decides), "decision" (the meeting's day and reference)
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class ValueChange(Compared):
    """An assumption of the plan that differs: an index's rate of a year, the internal interest
    rate (of the budget year, or of a plan year), the unregistered capital costs of a year, a
    member's value in a key."""

    kind: str  # "index", "interest_rate", "plan_rate", "unregistered", "key"
    name: str | None  # the index's or the key's name
    item: str | int | None  # the year, or the key's member
    old: Number | None
    new: Number | None


class PlanDiff(NamedTuple):
    """What differs between two versions of one year's plan, every figure exact."""

    organisation: str
    year: int
    unit: str
    old: str  # the versions' names
    new: str
    facts: tuple[TextChange, ...]
    lines: tuple[LineChange, ...]
    reasons: tuple[ReasonChange, ...]
    revisions: tuple[FigureChange, ...]  # by "line (ref, date)", signed as the line is shown
    key: str | None  # the distribution's key, where the members' figures are computed by it
    members: tuple[FigureChange, ...]
    investments: tuple[InvestmentChange, ...]
    targets: tuple[TargetChange, ...]
    previous: tuple[LineChange, ...] = ()  # a line's previous (last year's budget)
    values: tuple[ValueChange, ...] = ()  # indices, interest rates, unregistered, keys
    proposal: tuple[TextChange, ...] = ()  # a point of the proposal added (old None) or removed
    texts: tuple[TextChange, ...] = ()  # a [text] section added, removed or changed

    @property
    def equal(self) -> bool:
        """Whether nothing that the comparison looks at differs."""
        return not (
            self.facts
            or self.lines
            or self.reasons
            or self.revisions
            or self.members
            or self.investments
            or self.targets
            or self.previous
            or self.values
            or self.proposal
            or self.texts
        )


def version(books: Books, plan: Plan, name: str) -> Version:
    """A plan of the books as one side of a comparison; the members' figures by the key are
    computed only from books without bad input."""
    return Version(name, plan, None if books.problems else books)


def plan_diff(old: Version, new: Version) -> PlanDiff:
    """Compare two versions of one year's plan: only what differs, in the new version's order
    and then what only the old one has."""
    plan = new.plan
    return PlanDiff(
        organisation=plan.info.organisation,
        year=plan.year,
        unit=plan.info.unit,
        old=old.name,
        new=new.name,
        facts=_facts(old.plan, plan),
        lines=_lines(old.plan, plan),
        reasons=_reasons(old.plan, plan),
        revisions=_revisions(old.plan, plan),
        key=plan.distribution.key if plan.distribution is not None else None,
        members=_members(old, new),
        investments=_investments(old.plan, plan),
        targets=_targets(old.plan, plan),
        previous=_lines(old.plan, plan, previous=True, both=True),
        values=_values(old.plan, plan),
        proposal=_proposal(old.plan, plan),
        texts=_texts(old.plan, plan),
    )


def _paired(old: Mapping[K, object], new: Mapping[K, object]) -> list[K]:
    """The keys of both, the new version's order first, then those only the old one has."""
    return [*new, *(key for key in old if key not in new)]


def _facts(old: Plan, new: Plan) -> tuple[TextChange, ...]:
    facts = [
        TextChange("status", old.info.status, new.info.status),
        TextChange("body", _body(old), _body(new)),
        TextChange("decision", _decision(old), _decision(new)),
        TextChange("key", _key(old), _key(new)),
    ]
    return tuple(fact for fact in facts if fact.old != fact.new)


def _key(plan: Plan) -> str | None:
    return plan.distribution.key if plan.distribution is not None else None


def _body(plan: Plan) -> str | None:
    return plan.decision.body if plan.decision is not None else None


def _decision(plan: Plan) -> str | None:
    """`2022-11-24, § 45, dnr SITN 2022/17`: the meeting's day and the minutes' reference."""
    decision = plan.decision
    if decision is None:
        return None
    ref = f", {decision.ref}" if decision.ref else ""
    return f"{decision.date.isoformat()}{ref}"


def _budget_lines(plan: Plan) -> dict[tuple[str, str], tuple[BudgetLine, int]]:
    lines = (plan.contributions, plan.revenue, plan.costs)
    return {
        (section, folded(line.name)): (line, sign)
        for (section, sign), of_section in zip(SECTIONS, lines, strict=True)
        for line in of_section
    }


def _lines(
    old: Plan, new: Plan, *, previous: bool = False, both: bool = False
) -> tuple[LineChange, ...]:
    """Lines whose budget (or `previous`) differs; with `both`, only lines both versions have."""
    before, after = _budget_lines(old), _budget_lines(new)
    figure = "previous" if previous else "budget"
    changes = []
    for section in (section for section, _sign in SECTIONS):
        keys = _paired(
            {k: v for k, v in before.items() if k[0] == section},
            {k: v for k, v in after.items() if k[0] == section},
        )
        for key in keys:
            was, now = before.get(key), after.get(key)
            if both and (was is None or now is None):
                continue
            old_budget = was[1] * getattr(was[0], figure) if was else None
            new_budget = now[1] * getattr(now[0], figure) if now else None
            if old_budget != new_budget:
                name = (now or was)[0].name  # type: ignore[index]
                changes.append(LineChange(section, name, old_budget, new_budget))
    return tuple(changes)


def _reasons(old: Plan, new: Plan) -> tuple[ReasonChange, ...]:
    """The reasons of lines in both versions that differ, signed as their line is shown."""
    before, after = _budget_lines(old), _budget_lines(new)
    changes = []
    for key, (line, sign) in after.items():
        if key not in before:
            continue  # a new line is shown as new, with no reasons to compare
        was = _by_reason(before[key][0], before[key][1])
        now = _by_reason(line, sign)
        for reason in _paired(was, now):
            if was.get(reason) != now.get(reason):
                changes.append(ReasonChange(line.name, reason, was.get(reason), now.get(reason)))
    return tuple(changes)


def _by_reason(line: BudgetLine, sign: int) -> dict[str, Number]:
    amounts: dict[str, list[Number]] = {}
    for change in line.changes:
        amounts.setdefault(change.reason, []).append(sign * change.amount)
    return {reason: exact_sum(values) for reason, values in amounts.items()}


def _revisions(old: Plan, new: Plan) -> tuple[FigureChange, ...]:
    def of(plan: Plan) -> dict[str, Number]:
        signs = {folded(line.name): sign for line, sign in _budget_lines(plan).values()}
        amounts: dict[str, list[Number]] = {}
        for revision in plan.revisions:
            name = f"{revision.line} ({', '.join(revision.refs)}, {revision.date.isoformat()})"
            sign = signs.get(folded(revision.line), 1)
            amounts.setdefault(name, []).append(sign * revision.amount)
        return {name: exact_sum(values) for name, values in amounts.items()}

    was, now = of(old), of(new)
    return tuple(
        FigureChange(name, was.get(name), now.get(name))
        for name in _paired(was, now)
        if was.get(name) != now.get(name)
    )


def _members(old: Version, new: Version) -> tuple[FigureChange, ...]:
    """Each member's contribution computed by the distribution's key, where either version
    has one and its books are whole."""
    was, now = _computed(old), _computed(new)
    if not was and not now:
        return ()
    return tuple(
        FigureChange(name, -was[name] if name in was else None, -now[name] if name in now else None)
        for name in _paired(was, now)
        if was.get(name) != now.get(name)
    )


def _computed(version: Version) -> dict[str, Number]:
    plan, books = version.plan, version.books
    if plan.distribution is None or books is None or not books.plans:
        return {}
    # by the key, as the books' plan of the year gives it
    figures = computed_contributions(books, books.plan(plan.year))
    if figures is None:
        return {}
    return {line.name: figure for line, figure in zip(plan.contributions, figures, strict=True)}


def _facts_of(plan: Plan, investment: Investment) -> InvestmentFacts:
    month = plan.capital.activation_month if plan.capital is not None else 7
    return InvestmentFacts(
        investment.total,
        investment.activated or (plan.year, month),
        tuple((part.amount, part.years) for part in investment.parts),
    )


def _investments(old: Plan, new: Plan) -> tuple[InvestmentChange, ...]:
    was = {folded(i.name): (i.name, _facts_of(old, i)) for i in old.investments}
    now = {folded(i.name): (i.name, _facts_of(new, i)) for i in new.investments}
    changes = []
    for key in _paired(was, now):
        before, after = was.get(key), now.get(key)
        if before is not None and after is not None and before[1] == after[1]:
            continue
        name = (after or before)[0]  # type: ignore[index]
        changes.append(
            InvestmentChange(name, before[1] if before else None, after[1] if after else None)
        )
    return tuple(changes)


def _targets(old: Plan, new: Plan) -> tuple[TargetChange, ...]:
    was, now = _all_targets(old), _all_targets(new)
    changes = []
    for key in _paired(was, now):
        before, after = _value(was, key), _value(now, key)
        if before != after:
            goal, indicator = (now.get(key) or was[key])[0]
            changes.append(TargetChange(goal, indicator, key[2], before, after))
    return tuple(changes)


Targets = dict[tuple[str, str, int], tuple[tuple[str, str], Number]]


def _value(targets: Targets, key: tuple[str, str, int]) -> Number | None:
    found = targets.get(key)
    return found[1] if found is not None else None


def _all_targets(plan: Plan) -> Targets:
    """Every indicator's target by (goal, indicator, year), folded, with its names as written."""
    return {
        (folded(goal.board_goal or goal.council_goal), folded(indicator.name), year): (
            (goal.board_goal or goal.council_goal, indicator.name),
            value,
        )
        for goal in plan.goals
        for indicator in goal.indicators
        for year, value in _sorted(indicator.targets.items())
    }


def _sorted(items: Iterable[tuple[int, Number]]) -> list[tuple[int, Number]]:
    return sorted(items, key=lambda item: item[0])


def _values(old: Plan, new: Plan) -> tuple[ValueChange, ...]:
    """The assumptions that differ: indices, interest rates, unregistered costs, keys."""
    was, now = _all_values(old), _all_values(new)
    changes = []
    for key in _paired(was, now):
        before, after = was.get(key), now.get(key)
        old_value = before[1] if before is not None else None
        new_value = after[1] if after is not None else None
        if old_value != new_value:
            kind, name, item = (after or before)[0]  # type: ignore[index]
            changes.append(ValueChange(kind, name, item, old_value, new_value))
    return tuple(changes)


Values = dict[tuple[str, str, str], tuple[tuple[str, str | None, str | int | None], Number]]


def _all_values(plan: Plan) -> Values:
    """Each assumption by (kind, folded name, folded item), with its names as written."""
    found: Values = {}
    for name, rates in plan.indices.items():
        for year, rate in _sorted(rates.items()):
            found[("index", folded(name), str(year))] = (("index", name, year), rate)
    capital = plan.capital
    if capital is not None:
        if capital.interest_rate is not None:
            found[("interest_rate", "", "")] = (
                ("interest_rate", None, None),
                capital.interest_rate,
            )
        for year, rate in _sorted(capital.plan_rates.items()):
            found[("plan_rate", "", str(year))] = (("plan_rate", None, year), rate)
        unregistered = capital.unregistered
        by_year = unregistered if isinstance(unregistered, dict) else {plan.year: unregistered}
        for year, amount in _sorted((y, a) for y, a in by_year.items() if a is not None):
            found[("unregistered", "", str(year))] = (("unregistered", None, year), amount)
    for key in plan.keys:
        for member, value in key.values.items():
            found[("key", folded(key.name), folded(member))] = (("key", key.name, member), value)
    return found


def _proposal(old: Plan, new: Plan) -> tuple[TextChange, ...]:
    """The decision's points added (in the new version's order), then those removed."""
    was, now = _points(old), _points(new)
    added = [TextChange("proposal", None, point) for point in now if point not in was]
    removed = [TextChange("proposal", point, None) for point in was if point not in now]
    return tuple(added + removed)


def _points(plan: Plan) -> tuple[str, ...]:
    return plan.decision.proposal if plan.decision is not None else ()


TEXT_SECTIONS = ("introduction", "goals", "budget", "investments")


def _texts(old: Plan, new: Plan) -> tuple[TextChange, ...]:
    """The [text] sections that differ, by name: the texts themselves are in the json."""
    changes = []
    for section in TEXT_SECTIONS:
        before = getattr(old.text, section) if old.text is not None else None
        after = getattr(new.text, section) if new.text is not None else None
        if before != after:
            changes.append(TextChange(section, before, after))
    return tuple(changes)
