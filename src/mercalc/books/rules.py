"""The rules of a plan: each a function of a valid plan returning findings (key path, message).

Bad input beyond the file's shape (`cross_check`, exit 2) and the problems of a plan that is
wrong (`plan_findings`, exit 1) are all here, listed in one place.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from ..i18n import _
from ..numbers import Number, as_decimal, exact_sum, round_half_up
from ..problems import Finding, KeyPath, Problem, dotted
from ..swedish import swedish

if TYPE_CHECKING:
    from .loader import Books, Source
    from .planyears import PlanYears
from .budget import result, revenue_lines, total
from .members import computed_contributions
from .model import BudgetLine, Capital, ForecastFile, Indicator, Plan, Register, folded
from .revisions import previous_budget, revision_findings, revision_input


def _duplicates(
    entries: Iterable[tuple[KeyPath, str]], message: str, field: str = "name"
) -> list[Finding]:
    """Names given twice; `message` says what the name already is, with `{name}` and `{first}`."""
    first: dict[str, KeyPath] = {}
    found: list[Finding] = []
    for path, name in entries:
        key = folded(name)
        if key in first:
            text = message.format(name=name, first=dotted(first[key]))
            found.append(((*path, field), text))
        else:
            first[key] = path
    return found


def cross_check(plan: Plan, complete: Callable[..., bool] = lambda *_: True) -> list[Finding]:
    """Every problem that shows only across entries, as (key path, message)."""
    # line names must be unique across the table: `new --index NAME=PCT` and json rely on it
    found = _duplicates(
        (
            ((section, index), line.name)
            for section, lines in (
                ("contribution", plan.contributions),
                ("revenue", plan.revenue),
                ("cost", plan.costs),
            )
            for index, line in enumerate(lines)
        ),
        _('"{name}" is already the name of a line ({first})'),
    )
    found += _duplicates(
        ((("investment", i), inv.name) for i, inv in enumerate(plan.investments)),
        _('"{name}" is already the name of an investment ({first})'),
    )
    members = {folded(line.name) for line in plan.contributions}
    for index, investment in enumerate(plan.investments):
        if not complete("contribution"):
            break  # a member left out is not a stranger
        if investment.municipality is not None and folded(investment.municipality) not in members:
            found.append(
                (
                    ("investment", index, "municipality"),
                    _not_a_member(investment.municipality, plan),
                )
            )
    if plan.capital is not None:
        found += _capital_check(plan, plan.capital, complete)
    found += key_findings(plan, complete)
    for g, goal in enumerate(plan.goals):
        for i, indicator in enumerate(goal.indicators):
            if indicator.unit == "%":
                found += [
                    (
                        ("goal", g, "indicator", i, *key),
                        _("{value} % is outside 0–100 %").format(value=value),
                    )
                    for key, value in _values(indicator)
                    if not 0 <= value <= 100
                ]
    if complete("contribution", "revenue", "cost"):
        found += revision_input(plan)  # a line left out may be the one a revision names
    return found + plan_year_input(plan, complete) + account_findings(plan)


def account_findings(plan: Plan) -> list[Finding]:
    """Two lines whose patterns can claim the same outcome just as specifically (SPEC 13.2: the
    more specific wins, so only the same account pattern with objects as specific is bad), and
    objects of a dimension that [ledger] dimensions does not name."""
    from .ledger import equally_specific

    found: list[Finding] = []
    for index, investment in enumerate(plan.investments):
        for name in investment.objects:
            if name not in plan.ledger.dimensions:
                message = _("{name} is not a dimension of [ledger] dimensions").format(name=name)
                found.append((("investment", index, "objects", name), message))
    seen: dict[str, list[tuple[BudgetLine, KeyPath]]] = {}  # a pattern → the lines giving it
    for section, index, line in _budget_lines(plan):
        for name in line.objects:
            if name not in plan.ledger.dimensions:
                message = _("{name} is not a dimension of [ledger] dimensions").format(name=name)
                found.append(((section, index, "objects", name), message))
        for k, pattern in enumerate(line.accounts):
            path = (section, index, "accounts", k)
            others = seen.setdefault(pattern, [])
            other = next(
                (
                    (o, p)
                    for o, p in others
                    if o is not line and equally_specific(o.objects, line.objects)
                ),
                None,
            )
            if other is not None:
                found.append((path, _overlap(pattern, other[0], other[1])))
            others.append((line, path))
    return found


def _overlap(pattern: str, line: BudgetLine, path: KeyPath) -> str:
    return _(
        '"{pattern}" claims the same outcomes as {line} ({path}) just as specifically: '
        "make one of them more specific (an account, a longer prefix or objects)"
    ).format(pattern=pattern, line=line.name, path=dotted(path))


def forecast_findings(forecasts: ForecastFile, plan: Plan) -> list[Finding]:
    """A forecast names a line of the plan, and each line has one forecast at most."""
    lines = {
        folded(line.name): line.name for line in (*plan.contributions, *plan.revenue, *plan.costs)
    }
    found = _duplicates(
        ((("forecast", i), f.line) for i, f in enumerate(forecasts.forecasts)),
        _('"{name}" already has a forecast ({first})'),
        "line",
    )
    for index, forecast in enumerate(forecasts.forecasts):
        if folded(forecast.line) not in lines:
            import difflib

            message = _('"{name}" is not a line of the plan').format(name=forecast.line)
            close = difflib.get_close_matches(forecast.line, list(lines.values()), n=1)
            if close:
                message += _(': did you mean "{name}"?').format(name=close[0])
            found.append((("forecast", index, "line"), message))
    for index, forecast in enumerate(forecasts.forecasts):
        if forecast.amount is None and forecast.comment is None:
            message = _("give the forecast's amount, or a comment on the line's deviation")
            found.append((("forecast", index), message))
    found += _named(
        [a.investment for a in forecasts.activations],
        [investment.name for investment in plan.investments],
        "activation",
        "investment",
        _('"{name}" is not an investment of the plan'),
    )
    indicators = [i.name for goal in plan.goals for i in goal.indicators]
    found += _named(
        [o.indicator for o in forecasts.outcomes],
        indicators,
        "outcome",
        "indicator",
        _('"{name}" is not an indicator of the plan'),
    )
    return found


def _named(given: list[str], known: list[str], table: str, key: str, unknown: str) -> list[Finding]:
    """Each name of `given` that is not one of `known` (by folded name), with "did you mean"."""
    import difflib

    names = {folded(name) for name in known}
    found: list[Finding] = []
    for index, name in enumerate(given):
        if folded(name) not in names:
            message = unknown.format(name=name)
            close = difflib.get_close_matches(name, known, n=1)
            if close:
                message += _(': did you mean "{name}"?').format(name=close[0])
            found.append(((table, index, key), message))
    return found


def plan_year_input(plan: Plan, complete: Callable[..., bool]) -> list[Finding]:
    """Bad input of the plan years (SPEC 6): consecutive plan years, figures and rates only for
    them, an index that exists and has a rate wherever a figure needs one, no figures for the
    capital line, and plan figures on every contribution or on none."""
    years = plan.info.plan_years
    found: list[Finding] = []
    expected = tuple(range(plan.year + 1, plan.year + 1 + len(years)))
    if years != expected:
        found.append(
            (
                ("plan", "plan_years"),
                _(
                    "must be consecutive years from {first}, the year after the budget year: "
                    "such as {expected}"
                ).format(first=plan.year + 1, expected=f"[{', '.join(map(str, expected))}]"),
            )
        )
    rates = plan.capital.plan_rates if plan.capital is not None else {}
    found += _outside_plan_years(("capital", "plan_rates"), rates, years)
    for name, index_rates in plan.indices.items():
        found += _outside_plan_years(("indices", name), index_rates, years)
    capital_line = plan.capital.cost_line if plan.capital is not None else None
    for section, lines in (
        ("contribution", plan.contributions),
        ("revenue", plan.revenue),
        ("cost", plan.costs),
    ):
        for position, line in enumerate(lines):
            path = (section, position)
            found += _outside_plan_years((*path, "plan"), line.plan, years)
            if section == "cost" and line.name == capital_line and line.plan:
                message = _(
                    "the capital line is computed from the books for every plan year: remove plan"
                )
                found.append(((*path, "plan"), message))
            if line.index is not None:
                is_capital = section == "cost" and line.name == capital_line
                found += _index_input(plan, line, path, is_capital, complete)
                found += _within_bound(plan, line, path) if not found else []
    if complete("contribution"):
        found += _contribution_plans(plan)
    return found


def _within_bound(plan: Plan, line: BudgetLine, path: KeyPath) -> list[Finding]:
    """An indexed line whose plan-year figure outgrows 10^12 (SPEC 4: an amount is at most
    10^12), named at its index with the year and the figure."""
    from .planyears import beyond_bound

    beyond = beyond_bound(plan, line)
    if beyond is None:
        return []
    name, amount, year = beyond.args
    message = _('"{name}" would be {amount} in {year}: an amount is from 0 to 10^12')
    return [((*path, "index"), message.format(name=name, amount=amount, year=year))]


def _outside_plan_years(
    path: KeyPath, by_year: dict[int, object], years: tuple[int, ...]
) -> list[Finding]:
    if years:
        text = _("{year} is not a plan year (plan_years: {years})")
    else:
        text = _("{year} is not a plan year: the plan has no plan_years")
    shown = ", ".join(map(str, years))
    return [
        ((*path, str(year)), text.format(year=year, years=shown))
        for year in by_year
        if year not in years
    ]


def _index_input(
    plan: Plan, line: BudgetLine, path: KeyPath, is_capital: bool, complete: Callable[..., bool]
) -> list[Finding]:
    """An index names an [indices] entry with a rate for every plan year the line does not give."""
    where = (*path, "index")
    if path[0] == "contribution":
        return [(where, _("a contribution is not indexed: it follows from the costs"))]
    if is_capital:
        return [(where, _("the capital line is computed from the books, never indexed"))]
    if not complete("indices"):
        return []  # an entry left out is not missing
    if line.index not in plan.indices:
        import difflib

        known = sorted(plan.indices)
        close = difflib.get_close_matches(line.index, known, n=1)
        message = _('"{name}" names no [indices] entry').format(name=line.index)
        if close:
            message += _(': did you mean "{name}"?').format(name=close[0])
        elif known:
            message += _(" (indices: {names})").format(names=", ".join(known))
        return [(where, message)]
    rates = plan.indices[line.index]
    return [
        (
            where,
            _(
                '"{name}" has no rate for {year}: add it to [indices], or give the line '
                "plan = {{ {year} = ... }}"
            ).format(name=line.index, year=year),
        )
        for year in plan.info.plan_years
        if year not in rates and year not in line.plan
    ]


def _contribution_plans(plan: Plan) -> list[Finding]:
    """A plan year's contributions are all given or all computed: some but not all is bad input."""
    found: list[Finding] = []
    for year in plan.info.plan_years:
        given = [line.name for line in plan.contributions if year in line.plan]
        if not given or len(given) == len(plan.contributions):
            continue
        found += [
            (
                ("contribution", position, "plan"),
                _(
                    "has no figure for {year} while {name} has one: give every contribution "
                    "a plan figure for {year}, or none"
                ).format(year=year, name=given[0]),
            )
            for position, line in enumerate(plan.contributions)
            if year not in line.plan
        ]
    return found


def _not_a_member(name: str, plan: Plan) -> str:
    members = ", ".join(line.name for line in plan.contributions) or _("none")
    return _('"{name}" is not a member municipality (the contributions are: {members})').format(
        name=name, members=members
    )


def not_a_key(name: str, plan: Plan) -> str:
    keys = ", ".join(key.name for key in plan.keys) or _("none")
    return _('"{name}" is not a [[key]] of the plan (the keys are: {keys})').format(
        name=name, keys=keys
    )


def _key_values_findings(plan: Plan) -> list[Finding]:
    """Each key names every member once, and only members (SPEC 7)."""
    members = {folded(line.name): line.name for line in plan.contributions}
    found: list[Finding] = []
    for index, key in enumerate(plan.keys):
        named: dict[str, str] = {}
        for name in key.values:
            path = ("key", index, "values", name)
            if folded(name) not in members:
                found.append((path, _not_a_member(name, plan)))
            elif folded(name) in named:
                message = _('names {member} a second time (as "{first}")')
                found.append(
                    (path, message.format(member=members[folded(name)], first=named[folded(name)]))
                )
            named.setdefault(folded(name), name)
        missing = [name for fold, name in members.items() if fold not in named]
        if missing:
            message = _("has no value for {members}: a key gives every member municipality a value")
            found.append((("key", index, "values"), message.format(members=", ".join(missing))))
    return found


def _line_findings(plan: Plan, complete: Callable[..., bool]) -> list[Finding]:
    """Who pays a line: a key of the plan, or a member, never both; contributions are their own."""
    keys = {folded(key.name) for key in plan.keys}
    members = {folded(line.name) for line in plan.contributions}
    found: list[Finding] = []
    for index, line in enumerate(plan.contributions):
        for field in ("key", "municipality"):
            if getattr(line, field) is not None:
                message = _("belongs on cost and revenue lines: a contribution is its member's own")
                found.append((("contribution", index, field), message))
    for section, index, line in _shared_lines(plan):
        path = (section, index)
        if line.key is not None and line.municipality is not None:
            message = _(
                "give either key or municipality: a line is split by a key or paid by one member"
            )
            found.append(((*path, "municipality"), message))
        elif line.key is not None and folded(line.key) not in keys and complete("key"):
            found.append(((*path, "key"), not_a_key(line.key, plan)))
        elif line.municipality is not None and _is_capital_line(plan, line):
            message = _(
                "the capital line is split by the investments: each member's own are its own, "
                "the rest is shared by a key"
            )
            found.append(((*path, "municipality"), message))
        elif (
            line.municipality is not None
            and folded(line.municipality) not in members
            and complete("contribution")  # a member left out is not a stranger
        ):
            found.append(((*path, "municipality"), _not_a_member(line.municipality, plan)))
    return found


def _is_capital_line(plan: Plan, line: BudgetLine) -> bool:
    """Whether `line` is the [capital] cost_line, which holds the capital costs (SPEC 5.3)."""
    cost_line = plan.capital.cost_line if plan.capital is not None else None
    return cost_line is not None and folded(cost_line) == folded(line.name)


def _budget_lines(plan: Plan) -> Iterable[tuple[str, int, BudgetLine]]:
    """Every line of the driftbudget with its section and index: contributions, revenue, costs."""
    for section, lines in (
        ("contribution", plan.contributions),
        ("revenue", plan.revenue),
        ("cost", plan.costs),
    ):
        for index, line in enumerate(lines):
            yield section, index, line


def _shared_lines(plan: Plan) -> Iterable[tuple[str, int, BudgetLine]]:
    """The lines that the members pay for: other revenue and costs."""
    for section, lines in (("revenue", plan.revenue), ("cost", plan.costs)):
        for index, line in enumerate(lines):
            yield section, index, line


def key_findings(plan: Plan, complete: Callable[..., bool] = lambda *_: True) -> list[Finding]:
    """Bad input in the keys and in who pays each line (SPEC 7)."""
    found = _duplicates(
        ((("key", i), key.name) for i, key in enumerate(plan.keys)),
        _('"{name}" is already the name of a key ({first})'),
    )
    if complete("contribution"):  # a member left out is not a stranger
        found += _key_values_findings(plan)
    found += _line_findings(plan, complete)
    keys = {folded(key.name) for key in plan.keys}
    distribution = plan.distribution
    if distribution is not None and folded(distribution.key) not in keys and complete("key"):
        found.append((("distribution", "key"), not_a_key(distribution.key, plan)))
    if plan.keys and distribution is None and complete("distribution"):
        needing = [
            line.name
            for _s, _i, line in _shared_lines(plan)
            if line.key is None and line.municipality is None
        ]
        if needing:
            message = _(
                "the lines that give neither key nor municipality ({lines}) are shared by the "
                '[distribution] key, and the plan has none: add [distribution] key = "{key}"'
            )
            found.append(
                (("key", 0), message.format(lines=", ".join(needing), key=plan.keys[0].name))
            )
    return found


def _capital_check(plan: Plan, capital: Capital, complete: Callable[..., bool]) -> list[Finding]:
    """`[capital]`: the capital line names a cost; unregistered capital costs by year are of
    the plan's own years (SPEC 5.2, 5.3)."""
    found: list[Finding] = []
    costs = [line.name for line in plan.costs]
    if capital.cost_line is not None and capital.cost_line not in costs and complete("cost"):
        close = difflib.get_close_matches(capital.cost_line, costs, n=1)
        hint = _(' (did you mean "{name}"?)').format(name=close[0]) if close else ""
        found.append(
            (
                ("capital", "cost_line"),
                _('"{name}" is not the name of a [[cost]] line{hint}').format(
                    name=capital.cost_line, hint=hint
                ),
            )
        )
    if isinstance(capital.unregistered, dict):
        found += _by_year_check(plan, capital.unregistered)
    return found


def _by_year_check(plan: Plan, by_year: dict[int, Number]) -> list[Finding]:
    """Unregistered capital costs by year cover the budget year and every plan year, no more."""
    wanted = (plan.year, *plan.info.plan_years)
    missing = [year for year in wanted if year not in by_year]
    found: list[Finding] = [
        (
            ("capital", "unregistered", str(year)),
            _("{year} is neither the budget year nor a plan year of this plan").format(year=year),
        )
        for year in by_year
        if year not in wanted
    ]
    if missing:
        found.append(
            (
                ("capital", "unregistered"),
                _(
                    "gives no amount for {missing}: by year, it covers the budget year and "
                    "every plan year ({years})"
                ).format(missing=", ".join(map(str, missing)), years=", ".join(map(str, wanted))),
            )
        )
    return found


def register_check(
    register: Register, complete: Callable[..., bool] = lambda *_: True
) -> list[Finding]:
    """Every problem of the register that shows only across entries."""
    return _duplicates(
        ((("investment", i), inv.name) for i, inv in enumerate(register.investments)),
        _('"{name}" is already the name of an investment ({first})'),
    )


def _values(indicator: Indicator) -> list[tuple[KeyPath, Decimal | int]]:
    values: list[tuple[KeyPath, Decimal | int]] = []
    if indicator.baseline is not None:
        values.append((("baseline",), indicator.baseline))
    values += [(("targets", str(year)), v) for year, v in indicator.targets.items()]
    values += [(("outcomes", str(year)), v) for year, v in indicator.outcomes.items()]
    return values


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
        column=column, year=year, summa=value, revenue=revenue, costs=costs, difference=abs(value)
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
    register = books.register.record if books.register is not None else None
    computed = computed_contributions(books.all_plans(), plan.year, register)
    message = _("{name}: {entered} in the plan, {computed} by the key {key}")
    return [
        (
            ("contribution", index, "budget"),
            message.format(
                name=line.name,
                entered=swedish(line.budget, None),
                computed=swedish(figure, None),
                key=plan.distribution.key,
            ),
        )
        for index, (line, figure) in enumerate(zip(plan.contributions, computed, strict=True))
        if line.budget != figure
    ]


def _ledger_complete(books: Books) -> bool:
    """Whether every investment and rate of the books was read: no file of the books failed
    as a whole, and no investment or [capital] of a plan or the register was left out."""
    sources: list[Source] = [*books.plans, *([books.register] if books.register else [])]
    read = {source.name for source in sources}
    if any(problem.file not in read for problem in books.problems):
        return False
    return all(source.complete("investment", "capital") for source in sources)


def _shown(value: Fraction | Number) -> str:
    """A figure in a message: Swedish format, exact where it ends within 10 decimals."""
    exact = as_decimal(value)
    if isinstance(exact, Decimal) and exact.as_tuple().exponent < -10:  # type: ignore[operator]
        exact = round_half_up(value, 10)
    return swedish(exact, places=None)


def capital_line_findings(books: Books, source: Source[Plan]) -> list[Finding]:
    """The capital line holds the unregistered capital costs plus the books' C(Y) (SPEC 5.3);
    skipped where an investment or a rate of the books was not read."""
    from .capital import unregistered

    plan = source.record
    name = plan.capital.cost_line if plan.capital is not None else None
    found = [(i, line) for i, line in enumerate(plan.costs) if line.name == name]
    if not found or not _ledger_complete(books):
        return []
    index, line = found[0]
    books_cost = books.ledger.cost(plan.year)
    earlier = unregistered(plan, plan.year)
    computed = round_half_up(earlier + books_cost)
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
        (section, folded(line.name)): line for section, _index, line in _budget_lines(last)
    }
    found: list[Finding] = []
    for section, index, line in _budget_lines(plan):
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
            previous=swedish(line.previous, None),
            year=year,
            section=section,
            budget=swedish(budget, None),
        )
        found.append(((section, index, "previous"), text))
    return found + _vanished(plan, last)


def _vanished(plan: Plan, before: Plan) -> list[Finding]:
    """Last year's lines with a budget that are missing now: the change column would hide them."""
    now = {(section, folded(line.name)) for section, _index, line in _budget_lines(plan)}
    sections = {section for section, _index, _line in _budget_lines(plan)}
    return [
        (
            (section,) if section in sections else ("plan",),
            _(
                '"{name}" has a budget of {budget} in {year} but is missing here: keep the '
                "[[{section}]] with budget = 0 and previous = {budget}"
            ).format(
                name=line.name,
                budget=swedish(line.budget, None),
                year=before.year,
                section=section,
            ),
        )
        for section, _index, line in _budget_lines(before)
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
    for other in books.plans:
        if other.record.year >= source.record.year or not other.complete("goal"):
            continue
        for goal in other.record.goals:
            for indicator in goal.indicators:
                for year, value in indicator.outcomes.items():
                    earlier[(folded(indicator.name), year)] = (value, other.name)
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
    if not given or not _ledger_complete(books):
        return []
    from .planyears import books_plan_years

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
    from .capital import MissingRate

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


def missing_rate(books: Books, year: int, needed_by: Source[Plan] | None = None) -> Problem:
    """Bad input where a figure needs the internal rate of a year that the books do not give:
    at the plan of that year, else the register's rates, else the plan whose figure needs it."""
    message = _(
        "no internal rate (internränta) for {year}: give interest_rate in the plan of {year}, "
        "plan_rates in an earlier plan, or rates in the register"
    ).format(year=year)
    source: Source | None = next((s for s in books.plans if s.record.year == year), None)
    path: KeyPath = ("capital",)
    if source is None and books.register is not None:
        source, path = books.register, ("register",)
        if books.register.record.info.rates:
            path = ("register", "rates")
    source = source or needed_by
    if source is None:
        return Problem(str(books.folder), message)
    return source.locate([(path, message)], bad_input=True)[0]
