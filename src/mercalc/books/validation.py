"""The checks of one file's records at load time: bad input that shows only across entries of
a plan, the register or a forecast file (exit 2). They need no other file of the books, so the
loader runs them; the rules over the books (`rules.py`) sit above the loader."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from ..i18n import _
from ..numbers import Number
from ..problems import Finding, KeyPath, dotted
from .ledger import equally_specific
from .lineyears import beyond_bound, growth_bounds
from .model import BudgetLine, Capital, ForecastFile, Indicator, Plan, Register, folded
from .revisions import revision_dates, revision_input


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
    found += revision_dates(plan)
    return found + plan_year_input(plan, complete) + account_findings(plan)


def account_findings(plan: Plan) -> list[Finding]:
    """Two lines whose patterns can claim the same outcome just as specifically (SPEC 13.2: the
    more specific wins, so only the same account pattern with objects as specific is bad), and
    objects of a dimension that [ledger] dimensions does not name."""
    found: list[Finding] = []
    for index, investment in enumerate(plan.investments):
        for name in investment.objects:
            if name not in plan.ledger.dimensions:
                message = _("{name} is not a dimension of [ledger] dimensions").format(name=name)
                found.append((("investment", index, "objects", name), message))
    seen: dict[str, list[tuple[BudgetLine, KeyPath]]] = {}  # a pattern → the lines giving it
    for section, index, line in budget_lines(plan):
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
    """A forecast names a line of the plan, and each line has one forecast at most; so with an
    investment's activation and an indicator's outcome."""
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
    found += _duplicates(
        ((("activation", i), a.investment) for i, a in enumerate(forecasts.activations)),
        _('"{name}" already has an activation ({first})'),
        "investment",
    )
    indicators = [i.name for goal in plan.goals for i in goal.indicators]
    found += _duplicates(
        ((("outcome", i), o.indicator) for i, o in enumerate(forecasts.outcomes)),
        _('"{name}" already has an outcome ({first})'),
        "indicator",
    )
    percent = {folded(i.name) for goal in plan.goals for i in goal.indicators if i.unit == "%"}
    found += [
        (("outcome", index, "value"), _("{value} % is outside 0–100 %").format(value=o.value))
        for index, o in enumerate(forecasts.outcomes)
        if folded(o.indicator) in percent and o.value is not None and not 0 <= o.value <= 100
    ]
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
    capital_line = plan.capital_line
    limits = growth_bounds(plan)
    for section, lines in (
        ("contribution", plan.contributions),
        ("revenue", plan.revenue),
        ("cost", plan.costs),
    ):
        for position, line in enumerate(lines):
            path = (section, position)
            found += _outside_plan_years((*path, "plan"), line.plan, years)
            is_capital = line is capital_line
            if is_capital and line.plan:
                message = _(
                    "the capital line is computed from the books for every plan year: remove plan"
                )
                found.append(((*path, "plan"), message))
            if line.index is not None:
                found += _index_input(plan, line, path, is_capital, complete)
                found += _within_bound(plan, line, path, limits) if not found else []
    if complete("contribution"):
        found += _contribution_plans(plan)
    return found


def _within_bound(
    plan: Plan, line: BudgetLine, path: KeyPath, limits: dict[str, int]
) -> list[Finding]:
    """An indexed line whose plan-year figure outgrows 10^12 (SPEC 4: an amount is at most
    10^12), named at its index with the year and the figure."""
    beyond = beyond_bound(plan, line, limits)
    if beyond is None:
        return []
    name, amount, year = beyond.args
    message = _('"{name}" would be {amount} in {year}: an amount is from 0 to 10^12')
    return [((*path, "index"), message.format(name=name, amount=amount, year=year))]


def _outside_plan_years(
    path: KeyPath, by_year: Mapping[int, object], years: tuple[int, ...]
) -> list[Finding]:
    if not by_year:
        return []
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
    if line.index is None:
        return []
    named = plan.index_named(line.index)
    if named is None:
        known = sorted(plan.indices)
        close = difflib.get_close_matches(line.index, known, n=1)
        message = _('"{name}" names no [indices] entry').format(name=line.index)
        if close:
            message += _(': did you mean "{name}"?').format(name=close[0])
        elif known:
            message += _(" (indices: {names})").format(names=", ".join(known))
        return [(where, message)]
    rates = plan.indices[named]
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
    for index, contribution in enumerate(plan.contributions):
        for field in ("key", "municipality"):
            if getattr(contribution, field) is not None:
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
        elif line.municipality is not None and line is plan.capital_line:
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


def budget_lines(plan: Plan) -> Iterable[tuple[str, int, BudgetLine]]:
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
    # keys that no line names stand for what-ifs only (`members --key`, SPEC 16)
    keyed = any(line.key is not None for _s, _i, line in _shared_lines(plan))
    if plan.keys and distribution is None and keyed and complete("distribution"):
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
    if capital.cost_line is not None and plan.capital_line is None and complete("cost"):
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
