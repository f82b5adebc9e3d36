"""What makes a plan hold (`mercalc balance`, SPEC 5.6): its capital line from the books, then
contributions that balance its budget column, each change of a line's figure explained."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import _
from ..numbers import Number, exact_sum, proportional, round_half_up
from ..swedish import swedish
from .budget import result
from .loader import Books, Source
from .members import computed_contributions
from .model import BudgetLine, Plan, folded
from .planyears import capital_line_figure

if TYPE_CHECKING:
    from ..problems import KeyPath

# The reason that carries what the other reasons do not explain (SPEC 1): a label of the plan.
OTHER_REASON = "Övrigt, ej specificerat"


class CannotBalance(Exception):
    """The plan cannot be made to balance: no contributions, or one would be negative."""


class Edit(NamedTuple):
    """One figure of the plan file to change: at `path`, from `old` to `new`; where `old` is
    None, `new` is an entry (a reason and its amount) added to the list at `path`."""

    path: KeyPath
    label: str  # the line (and reason) it belongs to, as the plan names it
    old: Number | None
    new: Number
    reason: str | None = None  # of an added entry


def balancing(books: Books, source: Source[Plan]) -> list[Edit]:
    """The edits that make the plan of `source` hold within its books: the capital line
    (`cost_line`) from the books, then the contributions; with the change reasons of every
    changed line that has them kept adding up. CannotBalance, MissingRate where it cannot."""
    plan = source.record
    costs = tuple(_with_capital_line(books, plan, line) for line in plan.costs)
    balanced = replace(plan, costs=costs)
    figures = contributions_for(books, balanced)
    contributions = tuple(
        replace(line, budget=figure)
        for line, figure in zip(plan.contributions, figures, strict=True)
    )
    edits: list[Edit] = []
    for section, before, after in (
        ("cost", plan.costs, costs),
        ("contribution", plan.contributions, contributions),
    ):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if new.budget != old.budget:
                edits.append(Edit((section, index, "budget"), old.name, old.budget, new.budget))
                edits += _reasons((section, index), old, new.budget)
    return edits


def _with_capital_line(books: Books, plan: Plan, line: BudgetLine) -> BudgetLine:
    """The capital line at the books' figure (SPEC 5.3); every other line as it is."""
    if line is not plan.capital_line:
        return line
    figure = int(round_half_up(capital_line_figure(books, plan)))
    return replace(line, budget=figure)


def contributions_for(books: Books, plan: Plan) -> list[Number]:
    """The contributions that balance the budget column of `plan` (of the books, its costs
    perhaps edited): by its distribution (SPEC 7) where it has one, else its shortfall spread
    over the contributions in proportion to their budgets, in whole units by the largest
    remainder."""
    figures = computed_contributions(books, plan)
    if figures is None:
        budgets = [line.budget for line in plan.contributions]
        shortfall = result(plan).budget  # costs less all revenue: what the members must add
        if shortfall != 0 and not budgets:
            raise CannotBalance(
                _("cannot balance: Summa is {summa} and the plan has no contributions").format(
                    summa=swedish(shortfall, None)
                )
            )
        figures = [
            exact_sum((budget, share))
            for budget, share in zip(budgets, proportional(shortfall, budgets), strict=True)
        ]
    pairs = zip(plan.contributions, figures, strict=True)
    negative = [line.name for line, figure in pairs if figure < 0]
    if negative:
        raise CannotBalance(
            _("cannot balance: {names} would pay less than 0").format(names=", ".join(negative))
        )
    return figures


def _reasons(path: KeyPath, line: BudgetLine, budget: Number) -> list[Edit]:
    """A changed line that explains its change keeps the reasons adding up: "Övrigt, ej
    specificerat" takes the difference, added where the line has none."""
    if not line.changes:
        return []
    other = next(
        (i for i, c in enumerate(line.changes) if folded(c.reason) == folded(OTHER_REASON)), None
    )
    explained = exact_sum(c.amount for i, c in enumerate(line.changes) if i != other)
    rest = exact_sum((budget, -line.previous, -explained))
    label = f"{line.name}, {OTHER_REASON}"
    if other is None:
        return [] if rest == 0 else [Edit((*path, "changes"), label, None, rest, OTHER_REASON)]
    old = line.changes[other].amount
    return [] if rest == old else [Edit((*path, "changes", other, "amount"), label, old, rest)]


def balanced_text(source: Source[Plan], edits: list[Edit]) -> str:
    """The plan file with the edits made, every other byte as it was; read back and checked,
    so that what is written is the plan intended (never a file that reads otherwise)."""
    from ..io.files import parse_toml
    from ..io.tomledit import Edit as FileEdit
    from ..io.tomledit import edit
    from .model import validate_plan

    text = edit(
        source.text,
        [
            FileEdit("append", e.path, {"reason": e.reason, "amount": e.new})
            if e.old is None
            else FileEdit("set", e.path, e.new)
            for e in edits
        ],
    )
    plan = validate_plan(parse_toml(text, source.name))
    for e in edits:
        value = _at(plan, e.path)
        if (e.new if e.old is not None else e.reason) != value:
            raise RuntimeError(f"{source.name}: {e.path} reads back as {value!r}, not {e.new}")
    return text


def _at(plan: Plan, path: KeyPath) -> object:
    """The value at a file's key path in the plan read back (an added reason: the last one's)."""
    section, index, *rest = path
    line = {"contribution": plan.contributions, "cost": plan.costs}[str(section)][int(index)]
    if rest == ["budget"]:
        return line.budget
    if rest == ["changes"]:
        return line.changes[-1].reason
    return line.changes[int(rest[1])].amount
