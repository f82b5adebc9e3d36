"""Next year's plan from this year's (`mercalc new`): budget becomes previous, and it balances."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..i18n import _, number
from ..numbers import Number, exact_sum, plain, round_half_up
from .budget import result, total
from .lineyears import line_years
from .loader import Books
from .members import own_capital_for, split
from .model import (
    MAX_AMOUNT,
    PROPOSAL,
    BudgetLine,
    Capital,
    Change,
    Plan,
    Texts,
    fields_of,
    folded,
    plan_dict,
    validate_plan,
)
from .planyears import capital_line_figure
from .reasons import (
    BY_COMMON_COSTS,
    BY_KEY,
    CAPITAL_EARLIER,
    GIVEN,
    INDEXED,
    OWN_COSTS,
    RAISED,
)
from .revisions import adjustments, dated, revised

if TYPE_CHECKING:
    from ..io.tomledit import Edit as FileEdit
    from ..problems import KeyPath


class RollForwardError(Exception):
    """The new plan cannot be made as asked (an unknown line, a year that does not follow);
    `names` are the choices the message points to, shown one a line (names hold commas)."""

    def __init__(self, message: str, names: tuple[str, ...] = ()):
        super().__init__(message)
        self.names = names


class UnbalancedSource(RollForwardError):
    """The plan to start from does not balance: it must be put right first."""


@dataclass(frozen=True)
class Indexation:
    """Raises in percent: `lines` by name, `all_costs` for every cost line (a line's own wins)."""

    lines: dict[str, Decimal] = field(default_factory=dict)
    all_costs: Decimal | None = None

    def rate_for(self, line: BudgetLine, is_cost: bool) -> Decimal | None:
        rate = self.line_rate(line.name)
        if rate is not None:
            return rate
        return self.all_costs if is_cost else None

    def named_as_in(self, plan: Plan) -> Indexation:
        """The same raises, each line named as the plan names it (`personalkostnader=3` is
        Personalkostnader's)."""
        names = {folded(line.name): line.name for line in (*plan.revenue, *plan.costs)}
        lines = {names.get(folded(name), name): rate for name, rate in self.lines.items()}
        return replace(self, lines=lines)

    def line_rate(self, name: str) -> Decimal | None:
        """The raise given for the line `name`, its name compared as names are (NFC, any case)."""
        wanted = folded(name)
        return next((rate for given, rate in self.lines.items() if folded(given) == wanted), None)


def indexed(amount: Number, percent: Decimal | None) -> Number:
    """An amount raised by a percentage, rounded half up to whole units."""
    if percent is None:
        return amount
    return int(round_half_up(Fraction(amount) * (100 + Fraction(percent)) / 100))


def roll_forward(
    books: Books, plan: Plan, year: int, indexation: Indexation | None = None
) -> tuple[Plan, list[str]]:
    """Year `year`'s plan from `plan` of the books, with its capital line computed from them,
    and the carried entries to review; MissingRate where a rate it needs is not given."""
    figure, own = None, None
    # the books as this plan decided them: the register and the plans up to its year, at its
    # own rate for the new year (which becomes the new plan's interest_rate)
    if plan.capital_line is not None and year == plan.year + 1:
        figure = capital_line_figure(books, plan, year)
    own_before = None
    if year == plan.year + 1:
        own = own_capital_for(books, plan)(year)
        own_before = books.capital_costs.member_costs(plan.year)
    return next_plan(plan, year, indexation, figure, own, own_before)


def next_plan(
    plan: Plan,
    year: int,
    indexation: Indexation | None = None,
    capital_figure: Fraction | None = None,
    own_capital: Mapping[str, Fraction] | None = None,
    own_before: Mapping[str, Fraction] | None = None,
) -> tuple[Plan, list[str]]:
    """Year `year`'s plan from `plan` (SPEC sections 3 and 6, `new`), with `capital_figure` the
    exact figure of its capital line and `own_capital` the members' own investments' capital
    costs in `year` (for the distribution); and the carried entries to review."""
    indexation = indexation or Indexation()
    _check_request(plan, year, indexation)
    # the year's permanent revisions carry on in the lines; its one-off grants leave again
    draft, review = _carried_forward(
        revised(plan, one_off=False), year, indexation, capital_figure, own_capital, own_before
    )
    return _as_read(_one_offs_end(draft, plan)), review


def _carried_forward(
    plan: Plan,
    year: int,
    indexation: Indexation,
    capital_figure: Fraction | None,
    own_capital: Mapping[str, Fraction] | None,
    own_before: Mapping[str, Fraction] | None = None,
) -> tuple[Plan, list[str]]:
    """The new plan's draft from `plan` (its permanent revisions in its budget)."""
    capital_line = plan.capital_line
    shift = year - plan.year
    # next year's plan starts as a proposal, to be decided at a meeting of its own
    info = replace(
        plan.info,
        year=year,
        plan_years=tuple(y + shift for y in plan.info.plan_years),
        status=PROPOSAL,
    )
    last = info.plan_years[-1] if info.plan_years else None
    review: list[str] = []

    def carried(line: BudgetLine, is_cost: bool) -> BudgetLine:
        if line is capital_line and capital_figure is not None:
            moved = _capital_line(line, capital_figure, year)
        elif line is capital_line:
            moved = _moved(line, line.budget, None, year)  # never indexed
        else:
            moved = _next_figure(plan, line, year, indexation.rate_for(line, is_cost))
        return _plan_moved(moved, year, last, review)

    revenue = tuple(carried(line, False) for line in plan.revenue)
    costs = tuple(carried(line, True) for line in plan.costs)
    contributions = tuple(
        _plan_moved(line, year, last, review)
        for line in _contributions(plan, revenue, costs, own_capital, own_before)
    )
    capital = plan.capital
    if capital is not None:
        capital, carried_on = next_capital(capital, year, info.plan_years)
        review[:0] = carried_on
    indices, carried_on = next_indices(plan.indices, year, last)
    review[:0] = carried_on
    draft = replace(
        plan,
        info=info,
        contributions=contributions,  # type: ignore[arg-type]  # contributions moved on
        revenue=revenue,
        costs=costs,
        capital=capital,
        # rates as the file writes them ("3.5%"), read again as the new plan is validated
        indices={name: _as_written(rates) for name, rates in indices.items()},  # type: ignore[misc]
        investments=(),  # investments stay in the plan of the year they were decided
        decision=None,
        revisions=(),  # and so do the revisions
    )
    return draft, review


def _one_offs_end(draft: Plan, plan: Plan) -> Plan:
    """The lines with a one-off grant (tillfälligt anslag) in `plan`: their previous is the
    revised budget with it, and it leaves again as a reason of the change."""
    ending = adjustments(revision for revision in dated(plan) if revision.one_off)
    if not any(ending.values()):
        return draft
    reason = ONE_OFF_ENDS.format(year=plan.year)

    def ended(lines: tuple[BudgetLine, ...]) -> tuple[BudgetLine, ...]:
        return tuple(
            replace(
                line,
                previous=line.previous + ending[folded(line.name)],
                changes=(Change(reason, -ending[folded(line.name)]), *line.changes),
            )
            if ending.get(folded(line.name))
            else line
            for line in lines
        )

    return replace(
        draft,
        contributions=ended(draft.contributions),  # type: ignore[arg-type]  # each kept as it is
        revenue=ended(draft.revenue),
        costs=ended(draft.costs),
    )


def _check_request(plan: Plan, year: int, indexation: Indexation) -> None:
    """The new plan can be made: the year after, from a plan that balances, indexing lines that
    exist (never the capital line, which is computed)."""
    capital_line = plan.capital_line
    if capital_line is not None and indexation.line_rate(capital_line.name) is not None:
        raise RollForwardError(
            _('"{name}" is the capital line: it is computed from the books, never indexed').format(
                name=capital_line.name
            )
        )
    if year != plan.year + 1:
        message = _(
            "the plan after {year} is for {next}, not {asked}: "
            "its previous column is this plan's budget"
        )
        raise RollForwardError(message.format(year=plan.year, next=plan.year + 1, asked=year))
    summa = result(plan)
    if summa.budget != 0:
        message = _(
            "the {year} plan does not balance (Summa {summa}): "
            "check it first, as the new plan starts from its budget"
        )
        raise UnbalancedSource(message.format(year=plan.year, summa=number(summa.budget)))
    _check_indexed_lines(plan, indexation)


def _as_read(draft: Plan) -> Plan:
    """The new plan validated as its file will be read, so that what is written reads back."""
    try:
        return validate_plan(plan_file_data(draft))
    except ValidationError as error:
        from ..problems import dotted
        from .messages import message

        first = error.errors(include_url=False)[0]
        where = tuple(part for part in first["loc"] if part != "[key]")
        text = _("the new plan would not be valid: {where}: {reason}")
        reason = message(first, where)
        raise RollForwardError(text.format(where=dotted(where), reason=reason)) from None


# Why a line's figure changed in the new plan (labels of the plan, in Swedish, not messages).
ONE_OFF_ENDS = "Tillfälligt anslag {year} upphör"


def _shown_percent(value: Decimal) -> str:
    """3.5 → "3,5 %", as a reason writes it."""
    return f"{plain(value).replace('.', ',')} %"


def _moved(
    line: BudgetLine, budget: Number, reason: str | list[tuple[str, Number]] | None, year: int
) -> BudgetLine:
    """A line of the new year: `budget`, the old budget as previous, and why it changed (one
    reason, or the change's causes with their parts); its key, municipality, index, plan,
    accounts, profile and note carried, its reasons and restatement not. A figure below 0 or
    above 10^12 cannot be."""
    if not 0 <= budget <= MAX_AMOUNT:
        raise RollForwardError(
            _('"{name}" would be {amount} in {year}: an amount is from 0 to 10^12').format(
                name=line.name, amount=number(budget), year=year
            )
        )
    change = exact_sum((budget, -line.budget))
    if change == 0 or reason is None:
        changes: tuple[Change, ...] = ()
    elif isinstance(reason, str):
        changes = (Change(reason, change),)
    else:
        changes = tuple(Change(cause, part) for cause, part in reason if part != 0)
    return replace(line, budget=budget, previous=line.budget, changes=changes, restated=None)


def _next_figure(plan: Plan, line: BudgetLine, year: int, percent: Decimal | None) -> BudgetLine:
    """A cost or other-revenue line of the new year (SPEC 6): raised by `--index` or
    `--index-all` where given; else the source's figure for the year (given, or raised by its
    index); else the old budget."""
    if percent is not None:
        raised = RAISED.format(percent=_shown_percent(percent))
        return _moved(line, indexed(line.budget, percent), raised, year)
    figure = line_years(plan, line).get(year)
    if figure is None or figure.basis == "unchanged":
        return _moved(line, line.budget, None, year)
    if figure.basis == "given":
        return _moved(line, figure.amount, GIVEN, year)
    rate = figure.rate * 100 if figure.rate is not None else Decimal(0)
    reason = INDEXED.format(name=line.index, percent=_shown_percent(rate))
    return _moved(line, figure.amount, reason, year)


def _contributions(
    plan: Plan,
    revenue: tuple[BudgetLine, ...],
    costs: tuple[BudgetLine, ...],
    own_capital: Mapping[str, Fraction] | None,
    own_before: Mapping[str, Fraction] | None = None,
) -> tuple[BudgetLine, ...]:
    """The contributions that balance the new plan (SPEC 6, 16): by the distribution (SPEC 7);
    else each member's old contribution changed by the change of its own direct costs and its
    share of the common rest by the implicit key of the old year; each change's causes named."""
    from .model import folded
    from .ownshare import direct_costs, implicit_key, own_and_common

    # the members' contributions cover what other revenue does not
    needed = exact_sum((total(costs, 1).budget, total(revenue, -1).budget))
    if needed < 0:
        message = _("other revenue would exceed costs: contributions cannot balance it")
        raise RollForwardError(message)
    if not plan.contributions and needed != 0:
        raise RollForwardError(_("the new plan has no contributions to balance it with"))
    # the new year's figures of the lines, split without making (and validating) a plan of them
    new_figures = {
        id(old): new.budget
        for old, new in zip(plan.costs + plan.revenue, costs + revenue, strict=True)
    }

    def figure(line: BudgetLine) -> Number:
        return new_figures[id(line)]

    now = direct_costs(plan, own_capital or {}, figure)
    before = direct_costs(plan, own_before or {})
    names = [line.name for line in plan.contributions]
    current = [line.budget for line in plan.contributions]
    own = {key: cost - before.get(key, Fraction(0)) for key, cost in now.items()}
    if plan.distribution is not None:
        amounts = split(plan, own_capital or {}, figure).contributions
        common = BY_KEY.format(key=plan.distribution.key)
        own_parts = [own.get(folded(name), Fraction(0)) for name in names]
    else:
        change = exact_sum((needed, *(-amount for amount in current)))
        weights = implicit_key(list(zip(names, current, strict=True)), before)
        changes, own_parts = own_and_common(names, change, own, weights, current)
        amounts = [exact_sum((old, share)) for old, share in zip(current, changes, strict=True)]
        common = BY_COMMON_COSTS
    return tuple(
        _moved(line, amount, _causes(amount - line.budget, own_part, common), plan.year + 1)
        for line, amount, own_part in zip(plan.contributions, amounts, own_parts, strict=True)
    )


def _causes(change: Number, own: Fraction, common: str) -> list[tuple[str, Number]]:
    """A contribution's change by its causes: its own direct costs' change (whole units, within
    the change), and the common rest."""
    own_part = min(max(int(round_half_up(own)), min(change, 0)), max(change, 0))
    return [(OWN_COSTS, own_part), (common, exact_sum((change, -own_part)))]


def _plan_moved(line: BudgetLine, year: int, last: int | None, review: list[str]) -> BudgetLine:
    """A line's plan figures moved on: the new budget year's leaves (it became the budget), the
    new last plan year gets the year before it's (named, to review)."""
    if not line.plan:
        return line
    figures = {y: amount for y, amount in line.plan.items() if y > year}
    if last is not None and last not in figures and last - 1 in line.plan:
        figures[last] = line.plan[last - 1]
        review.append(f"{line.name}: plan {last} = {number(figures[last])}")
    return replace(line, plan=figures)


def next_indices(
    indices: Mapping[str, Mapping[int, Decimal]], year: int, last: int | None
) -> tuple[dict[str, dict[int, Decimal]], list[str]]:
    """`[indices]` moved on to `year` (SPEC 6): each rate for `year` leaves (the new budget was
    raised by it); the new last plan year gets the rate of the year before it (to review)."""
    moved: dict[str, dict[int, Decimal]] = {}
    review: list[str] = []
    for name, rates in indices.items():
        moved[name] = {y: rate for y, rate in rates.items() if y > year}
        if last is not None and last not in moved[name] and last - 1 in rates:
            moved[name][last] = rates[last - 1]
            review.append(f"indices {name} {last} = {number(rates[last - 1] * 100, 10)} %")
    return moved, review


def _check_indexed_lines(plan: Plan, indexation: Indexation) -> None:
    """`--index NAME=PCT` names a cost or revenue line exactly; else say which it may mean."""
    import difflib

    capital_line = plan.capital_line
    names = tuple(line.name for line in (*plan.revenue, *plan.costs) if line is not capital_line)
    members = {folded(line.name) for line in plan.contributions}
    lines = {folded(line): line for line in names}
    for name in indexation.lines:
        if folded(name) in members:
            message = _(
                '"{name}" is a member contribution: contributions follow from the costs; '
                "index a cost or revenue line"
            )
            raise RollForwardError(message.format(name=name))
        if folded(name) in lines:
            continue
        close = difflib.get_close_matches(name, names, n=1)
        if close:
            message = _(
                'no line is named "{name}": did you mean "{close}"? The lines that can be indexed:'
            )
        else:
            message = _('no line is named "{name}"; the lines that can be indexed:')
        raise RollForwardError(message.format(name=name, close=close[0] if close else ""), names)


def _capital_line(line: BudgetLine, figure: Fraction, year: int) -> BudgetLine:
    """The capital line of the new year: the books' figure, its change said (SPEC 5.3)."""
    return _moved(line, int(round_half_up(figure)), CAPITAL_EARLIER, year)


def next_capital(
    capital: Capital, year: int, plan_years: tuple[int, ...]
) -> tuple[Capital, list[str]]:
    """`[capital]` moved on to `year` (SPEC 6): its plan_rates entry becomes the interest rate,
    a by-year `unregistered` keeps `year` on; the new last plan year gets the entry of the year
    before it (each such entry named, to review)."""
    rates = {y: rate for y, rate in capital.plan_rates.items() if y > year}
    interest_rate = capital.plan_rates.get(year, capital.interest_rate)
    review: list[str] = []
    last = plan_years[-1] if plan_years else None
    if last is not None and last not in rates and last - 1 in capital.plan_rates:
        rates[last] = capital.plan_rates[last - 1]
        review.append(f"plan_rates {last} = {number(rates[last] * 100, 10)} %")
    unregistered = capital.unregistered
    if isinstance(unregistered, dict):
        unregistered = {y: amount for y, amount in unregistered.items() if y >= year}
        if last is not None and last not in unregistered and last - 1 in unregistered:
            unregistered[last] = unregistered[last - 1]
            review.append(f"unregistered {last} = {number(unregistered[last])}")
    moved = replace(
        capital,
        interest_rate=None if interest_rate is None else _rate_text(interest_rate),  # type: ignore[arg-type]
        plan_rates=_as_written(rates),  # type: ignore[arg-type]
        unregistered=unregistered,
    )
    return moved, review


def _rate_text(rate: Decimal) -> str:
    """A rate as a plan writes it ("100%"): read again, a rate of exactly 100 % written as the
    number 1 would be refused as one that most likely means 1 %."""
    return f"{plain(rate * 100)}%"


def _as_written(rates: Mapping[int, Decimal]) -> dict[int, str]:
    return {year: _rate_text(rate) for year, rate in rates.items()}


def _pruned(value: Any) -> Any:
    """Without None and empty lists or tables: a file shows only what was given."""
    if isinstance(value, dict):
        items = ((k, _pruned(v)) for k, v in value.items())
        return {k: v for k, v in items if v is not None and v != [] and v != {}}
    if isinstance(value, (list, tuple)):
        return [_pruned(item) for item in value]
    return value


def plan_file_data(plan: Plan) -> dict[str, Any]:
    """The plan as the TOML document of SPEC section 1, keys in the file's order."""
    document = _pruned(plan_dict(plan))
    capital = document.get("capital", {})
    if "interest_rate" in capital:
        capital["interest_rate"] = f"{plain(capital['interest_rate'] * 100)}%"
    if "plan_rates" in capital:
        capital["plan_rates"] = {
            str(y): f"{plain(r * 100)}%" for y, r in capital["plan_rates"].items()
        }
    for name, rates in document.get("indices", {}).items():
        document["indices"][name] = {str(y): f"{plain(r * 100)}%" for y, r in rates.items()}
    for section in ("contribution", "revenue", "cost"):
        for line in document.get(section, []):
            if "plan" in line:
                line["plan"] = {str(y): amount for y, amount in line["plan"].items()}
    if isinstance(capital.get("unregistered"), dict):
        capital["unregistered"] = {str(y): v for y, v in capital["unregistered"].items()}
    for goal in document.get("goal", []):
        for indicator in goal.get("indicator", []):
            for key in ("targets", "outcomes"):
                if key in indicator:
                    indicator[key] = {str(y): v for y, v in sorted(indicator[key].items())}
    return document


def plan_file(text: str, source: Plan, plan: Plan, header: str) -> str:
    """The new plan as a file made from its source's `text` (SPEC 5.6, 6): what is carried
    keeps its comments and layout, what changed is written in its place, what is not carried
    (investments, change reasons) goes with its comments; `header` opens the file. Read back,
    it is exactly `plan`."""
    from ..io.files import parse_toml
    from ..io.tomledit import edit

    before, after = _pruned(plan_dict(source)), _pruned(plan_dict(plan))
    written = edit(text, _differences(before, after, plan_file_data(plan), ()), header)
    if validate_plan(parse_toml(written, "the new plan")) != plan:
        raise RuntimeError("the new plan does not read back as the plan it was made from")
    return written


def _differences(before: Any, after: Any, written: Any, path: KeyPath) -> Iterator[FileEdit]:
    """The edits that turn a file of `before` into one of `after` (`written` as TOML holds it):
    tables and lists of tables of the same length entry by entry, anything else as a whole."""
    from ..io.tomledit import Edit as FileEdit

    if _is_table(before) and _is_table(after):
        yield from (FileEdit("delete", (*path, key)) for key in before if key not in after)
        for key, value in after.items():
            if key in before:
                yield from _differences(before[key], value, written[key], (*path, key))
            else:
                yield FileEdit("set", (*path, key), written[key])
    elif _tables(before) and _tables(after) and len(before) == len(after):
        for index, value in enumerate(after):
            yield from _differences(before[index], value, written[index], (*path, index))
    elif before != after:
        yield FileEdit("set", path, written)


def _is_table(value: Any) -> bool:
    """A table of the file (keys are names), not amounts by year (keys are years)."""
    return isinstance(value, dict) and all(isinstance(key, str) for key in value)


def _tables(value: Any) -> bool:
    return isinstance(value, list) and all(_is_table(item) for item in value)


def carried_unchanged(source: Plan, plan: Plan) -> list[str]:
    """What `new` carried unchanged that a controller must review (SPEC 16): the interest rate
    where no plan_rates entry gave the new year's, `unregistered` given as one number, the new
    last plan year's indicator targets, and `[text]` paragraphs that name an earlier year."""
    import re

    items: list[str] = []
    old, new = source.capital, plan.capital
    if old is not None and new is not None:
        if plan.year not in old.plan_rates and new.interest_rate is not None:
            message = _("[capital] interest_rate = {rate} % (no plan_rates entry for {year})")
            rate = number(new.interest_rate * 100, 10)
            items.append(message.format(rate=rate, year=plan.year))
        if new.unregistered is not None and not isinstance(new.unregistered, dict):
            message = _("[capital] unregistered = {amount} (as in {year})")
            items.append(message.format(amount=number(new.unregistered), year=source.year))
    last = plan.info.plan_years[-1] if plan.info.plan_years else plan.year
    for goal in plan.goals:
        for indicator in goal.indicators:
            if indicator.targets and last in indicator.targets:
                message = _("{indicator}: target {year} = {value}")
                value = number(indicator.targets[last])
                items.append(message.format(indicator=indicator.name, year=last, value=value))
            elif indicator.targets:
                message = _("{indicator}: no target for {year}")
                items.append(message.format(indicator=indicator.name, year=last))
    if plan.text is not None:
        for key in fields_of(Texts):
            text = getattr(plan.text, key) or ""
            years = sorted({int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)})
            earlier = [str(y) for y in years if y < plan.year]
            if earlier:
                message = _("[text] {key} names {years}")
                items.append(message.format(key=key, years=", ".join(earlier)))
    return items
