"""The rules of a plan within its books: each a function of a valid plan (or of the plan and
its books) returning findings (key path, message), and the problems they make, in one place.

Bad input that a file shows alone is found while loading (`validation.py`); here are the
problems of a plan that is wrong (`plan_findings`, exit 1) and of a plan within its books
(`book_rule_problems`), assembled by `book_problems`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, number
from ..io.output import same_file
from ..numbers import Number, exact_sum, round_half_up
from ..problems import Finding, Problem
from .budget import result, revenue_lines, total
from .capital import MissingRate, unregistered
from .loader import Books, Source, is_folder, missing_rate
from .members import computed_contributions
from .model import BudgetLine, Plan, folded
from .revisions import previous_budget, revision_findings
from .validation import budget_lines

if TYPE_CHECKING:
    from .planyears import PlanYears


def imbalance_findings(plan: Plan) -> list[Finding]:
    """Summa ≠ 0 in the budget or the previous column, with the difference."""
    summa = result(plan)
    revenue, costs = total(revenue_lines(plan), -1), total(plan.costs, 1)
    return [
        *_imbalance("budget", plan.year, summa.budget, revenue.budget, costs.budget),
        *_imbalance("previous", plan.year - 1, summa.previous, revenue.previous, costs.previous),
    ]


def plan_year_findings(years: PlanYears) -> list[Finding]:
    """Plan years whose Summa is not 0: contributions given that do not cover the year's costs
    and other revenue, or no contributions to cover them."""
    return [
        finding
        for year in years.years
        for finding in _imbalance(
            "plan", year, years.result(year), years.revenue_total(year), years.cost_total(year)
        )
    ]


def _imbalance(
    column: str, year: int, value: Number, revenue: Number, costs: Number
) -> list[Finding]:
    if value == 0:
        return []
    message = (
        _(
            "does not balance in {column} ({year}): Summa is {summa} "
            "(revenue {revenue}, costs {costs}): costs exceed revenue by {difference}"
        )
        if value > 0
        else _(
            "does not balance in {column} ({year}): Summa is {summa} "
            "(revenue {revenue}, costs {costs}): revenue exceeds costs by {difference}"
        )
    )
    text = message.format(
        column=column,
        year=year,
        summa=number(value),
        revenue=number(revenue),
        costs=number(costs),
        difference=number(abs(value)),
    )
    return [(("plan",), text)]


def change_findings(plan: Plan) -> list[Finding]:
    """Lines whose change reasons do not add up to their change."""
    findings: list[Finding] = []
    for section, lines in (
        ("contribution", plan.contributions),
        ("revenue", plan.revenue),
        ("cost", plan.costs),
    ):
        for index, line in enumerate(lines):
            if not line.changes:
                continue
            explained = exact_sum(change.amount for change in line.changes)
            if explained != line.change:
                findings.append(
                    (
                        (section, index, "changes"),
                        _(
                            "add up to {explained} but {name} changes by {change} "
                            "({budget} - {previous}); the difference is {difference}: name it, "
                            'e.g. {{ reason = "Övrigt, ej specificerat", amount = ... }}'
                        ).format(
                            explained=explained,
                            name=line.name,
                            change=line.change,
                            budget=line.budget,
                            previous=line.previous,
                            difference=line.change - explained,
                        ),
                    )
                )
    return findings


def goal_findings(plan: Plan) -> list[Finding]:
    """Targets past the last plan year, outcomes past the budget year, targets without direction."""
    last_plan_year = max((plan.year, *plan.info.plan_years))
    found: list[Finding] = []
    for g, goal in enumerate(plan.goals):
        for i, indicator in enumerate(goal.indicators):
            path = ("goal", g, "indicator", i)
            for year in indicator.targets:
                if year > last_plan_year:
                    found.append(
                        (
                            (*path, "targets", str(year)),
                            _("a target for {year}, after the last plan year {last}").format(
                                year=year, last=last_plan_year
                            ),
                        )
                    )
            for year in indicator.outcomes:
                if year > plan.year:
                    found.append(
                        (
                            (*path, "outcomes", str(year)),
                            _("an outcome for {year}, after the budget year {budget_year}").format(
                                year=year, budget_year=plan.year
                            ),
                        )
                    )
            if indicator.targets and indicator.direction is None:
                found.append(
                    (
                        (*path, "targets"),
                        _('targets need a direction: add direction = "at_least" or "at_most"'),
                    )
                )
    return found


# The rules that make a valid plan wrong (exit 1), in the order they are reported, each with the
# sections it needs whole: a rule that needs a left-out entry is skipped, never reported as met.
PLAN_RULES: tuple[tuple[Callable[[Plan], list[Finding]], tuple[str, ...]], ...] = (
    (imbalance_findings, ("contribution", "revenue", "cost")),
    (revision_findings, ("contribution", "revenue", "cost", "revision")),
    (change_findings, ()),
    (goal_findings, ()),
)


def plan_findings(plan: Plan, complete: Callable[..., bool] = lambda *_: True) -> list[Finding]:
    """Every problem of a valid plan, as (key path, message); `complete(*sections)` says
    whether the sections a rule needs were read whole."""
    return [finding for rule, needs in PLAN_RULES if complete(*needs) for finding in rule(plan)]


def plan_problems(source: Source[Plan]) -> list[Problem]:
    """The problems of one plan of the books, at their lines."""
    return source.locate(plan_findings(source.record, source.complete))


def contribution_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """With a [distribution], each contribution that differs from its figure by the key (SPEC 7);
    skipped where the books hold bad input (an investment left out would change the figures)."""
    plan = source.record
    if plan.distribution is None or books.problems:
        return []
    computed = computed_contributions(books, plan)
    if computed is None:
        return []
    message = _("{name}: {entered} in the plan, {computed} by the key {key}")
    return [
        (
            ("contribution", index, "budget"),
            message.format(
                name=line.name,
                entered=number(line.budget),
                computed=number(figure),
                key=plan.distribution.key,
            ),
        )
        for index, (line, figure) in enumerate(zip(plan.contributions, computed, strict=True))
        if line.budget != figure
    ]


def _investments_complete(books: Books) -> bool:
    """Whether every investment and rate of the books was read: no file of the books failed
    as a whole, and no investment or [capital] of a plan or the register was left out."""
    sources: list[Source] = [*books.plans, *([books.register] if books.register else [])]
    read = {source.name for source in sources}
    if any(problem.file not in read for problem in books.problems):
        return False
    return all(source.complete("investment", "capital") for source in sources)


def _shown(value: Fraction | Number) -> str:
    """A figure in a message: Swedish format, exact where it ends within 10 decimals."""
    return number(value)


def capital_line_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """The capital line holds the unregistered capital costs plus the books' C(Y) (SPEC 5.3);
    skipped where an investment or a rate of the books was not read."""
    plan = source.record
    line = plan.capital_line
    if line is None or not _investments_complete(books):
        return []
    index = next(i for i, cost in enumerate(plan.costs) if cost is line)
    books_cost = books.capital_costs.cost(plan.year)
    earlier = unregistered(plan, plan.year)
    computed = round_half_up(Fraction(earlier) + books_cost)
    if computed == line.budget:
        return []
    message = _(
        "{name}: {entered} in the plan, {computed} by the books ({earlier} unregistered + "
        "{books_cost} capital costs of {year}): the difference is {difference}"
    ).format(
        name=line.name,
        entered=_shown(line.budget),
        computed=_shown(computed),
        earlier=_shown(earlier),
        books_cost=_shown(books_cost),
        year=plan.year,
        difference=_shown(line.budget - computed),
    )
    return [(("cost", index, "budget"), message)]


def _last_year(books: Books, source: Source[Plan], *sections: str) -> Source[Plan] | None:
    """The plan of the year before, where the books hold it with these sections whole."""
    try:
        before = books.source(source.record.year - 1)
    except KeyError:
        return None
    return before if before.complete(*sections) else None


def previous_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """SPEC 5.4: a line's `previous` is its budget in last year's plan (unless `restated`); a
    line with a previous but none last year, or last year's line with a budget missing now."""
    before = _last_year(books, source, "contribution", "revenue", "cost")
    if before is None:
        return []
    plan, year = source.record, before.record.year
    # with last year's revisions dated up to this plan's decision (SPEC 17)
    last = previous_budget(before.record, plan)
    earlier: dict[tuple[str, str], BudgetLine] = {
        (section, folded(line.name)): line for section, _index, line in budget_lines(last)
    }
    found: list[Finding] = []
    for section, index, line in budget_lines(plan):
        match = earlier.get((section, folded(line.name)))
        if line.restated is not None or (match is None and line.previous == 0):
            continue
        if match is None:
            message = _(
                "{name}: previous is {previous}, but the plan of {year} has no [[{section}]] "
                '"{name}": enter previous = 0, or give restated = "why"'
            )
        elif line.previous != match.budget:
            message = _(
                "{name}: previous is {previous}, but its budget in {year} is {budget}: enter "
                'previous = {budget}, or give restated = "why"'
            )
        else:
            continue
        budget = match.budget if match is not None else 0
        text = message.format(
            name=line.name,
            previous=number(line.previous),
            year=year,
            section=section,
            budget=number(budget),
        )
        found.append(((section, index, "previous"), text))
    return found + _vanished(plan, last)


def _vanished(plan: Plan, before: Plan) -> list[Finding]:
    """Last year's lines with a budget that are missing now: the change column would hide them."""
    now = {(section, folded(line.name)) for section, _index, line in budget_lines(plan)}
    sections = {section for section, _index, _line in budget_lines(plan)}
    return [
        (
            (section,) if section in sections else ("plan",),
            _(
                '"{name}" has a budget of {budget} in {year} but is missing here: keep the '
                "[[{section}]] with budget = 0 and previous = {budget}"
            ).format(
                name=line.name,
                budget=number(line.budget),
                year=before.year,
                section=section,
            ),
        )
        for section, _index, line in budget_lines(before)
        if line.budget != 0 and (section, folded(line.name)) not in now
    ]


def organisation_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """The plans and the register of the books name one organisation (SPEC 5.4): each plan
    that differs from the earliest plan, or from the register, says so."""
    name = source.record.info.organisation
    others = [(s.record.info.organisation, s.name) for s in books.plans[:1] if s is not source]
    if books.register is not None:
        others.append((books.register.record.info.organisation, books.register.name))
    return [
        (
            ("plan", "organisation"),
            _('"{name}" is not "{other}" of {file}: the books are of one organisation').format(
                name=name, other=other, file=file
            ),
        )
        for other, file in others[:1]
        if other != name
    ]


def outcome_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """An indicator (by name) that has outcomes in several plans: one figure a year (SPEC 5.4),
    said in the later plan."""
    earlier: dict[tuple[str, int], tuple[Number, str]] = {}
    for plan in books.plans:
        if plan.record.year >= source.record.year or not plan.complete("goal"):
            continue
        for goal in plan.record.goals:
            for indicator in goal.indicators:
                for year, value in indicator.outcomes.items():
                    earlier[(folded(indicator.name), year)] = (value, plan.name)
    found: list[Finding] = []
    for g, goal in enumerate(source.record.goals):
        for i, indicator in enumerate(goal.indicators):
            for year, value in indicator.outcomes.items():
                other, file = earlier.get((folded(indicator.name), year), (value, ""))
                if other != value:
                    found.append(
                        (
                            ("goal", g, "indicator", i, "outcomes", str(year)),
                            _(
                                "{name}: the outcome of {year} is {value} here but {other} in "
                                "{file}"
                            ).format(
                                name=indicator.name, year=year, value=value, other=other, file=file
                            ),
                        )
                    )
    return found


def plan_year_balance_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """SPEC 6: a plan year whose contributions are all given (or that has none) balances;
    computed contributions always do. Skipped where an investment or a rate was not read."""
    plan = source.record
    members = plan.contributions
    given = [year for year in plan.info.plan_years if all(year in c.plan for c in members)]
    if not given or not _investments_complete(books):
        return []
    from .planyears import books_plan_years  # only for given plan years: not at start-up

    return plan_year_findings(books_plan_years(books, plan))


# The rules of a plan within its books (SPEC 5.3, 5.4, 6, 7), each with the sections of the plan
# it needs whole. A figure that needs a rate the books do not give is bad input (MissingRate).
BOOK_RULES: tuple[tuple[Callable[[Books, Source[Plan]], list[Finding]], tuple[str, ...]], ...] = (
    (capital_line_findings, ("cost", "capital")),
    (previous_findings, ("contribution", "revenue", "cost")),
    (organisation_findings, ()),
    (outcome_findings, ("goal",)),
    (
        contribution_findings,
        ("contribution", "revenue", "cost", "key", "distribution", "capital", "investment"),
    ),
    (
        plan_year_balance_findings,
        ("contribution", "revenue", "cost", "indices", "key", "distribution", "capital"),
    ),
)


def book_rule_problems(books: Books, source: Source[Plan]) -> list[Problem]:
    """The problems of a plan within its books, at its lines; a rule that needs a rate the
    books do not give stops at bad input naming the year."""
    findings: list[Finding] = []
    problems: list[Problem] = []
    for rule, needs in BOOK_RULES:
        if not source.complete(*needs):
            continue  # a rule that needs a left-out entry is skipped, never reported as met
        try:
            findings += rule(books, source)
        except MissingRate as missing:
            problems.append(missing_rate(books, missing.year, source))
    return source.locate(findings) + problems


def book_problems(books: Books, files: Iterable[str] | None = None) -> list[Problem]:
    """Every problem of the books, bad input first; with `files`, only the rule problems of
    the plans read from those files."""
    wanted = None if files is None else set(files)
    problems = list(books.problems) if wanted is None else []
    for source in books.plans:
        if wanted is None or source.name in wanted:
            # each plan's problems in the order of its lines
            found = plan_problems(source) + book_rule_problems(books, source)
            problems += sorted(found, key=lambda problem: problem.line or 0)
    return problems


def file_problems(books: Books, path: Path | str) -> list[Problem]:
    """The problems of one file or folder of the books: its own bad input and the rules that
    involve it. A folder is checked as a whole; a plan, with its own rules; the register, with
    every plan's (each plan's capital line and organisation read it)."""
    path = Path(path)
    source = books.source_of(path)
    named = None if is_folder(path) else [] if source is None else [source.name]
    if books.register is not None and same_file(path, Path(books.register.name)):
        named = [plan.name for plan in books.plans]
    own = [p for p in books.problems if p.file == str(path)]
    return own + book_problems(books, named)
