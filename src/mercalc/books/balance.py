"""What makes a plan hold (`mercalc balance`, SPEC 5.6): its capital line from the books, then
contributions that balance its budget column, each change of a line's figure explained."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import _, number
from ..numbers import Number, exact_sum, round_half_up
from .budget import result
from .loader import Books, Source
from .members import computed_contributions
from .model import BudgetLine, Plan, folded
from .ownshare import budget_direct_costs, implicit_key, own_and_common
from .planyears import capital_line_figure
from .reasons import BY_COMMON_COSTS as BY_COMMON
from .reasons import (
    BY_KEY,
    CAPITAL_EARLIER,
    CAPITAL_THIS_YEAR,
    OWN_COSTS,
    is_common_split,
    renamed,
)

if TYPE_CHECKING:
    from ..io.gitrev import Revision
    from ..problems import KeyPath


class CannotBalance(Exception):
    """The plan cannot be made to balance: no contributions, or one would be negative."""


class Edit(NamedTuple):
    """One figure of the plan file to change: at `path`, from `old` to `new`; where `old` is
    None, `new` is an entry (a reason and its amount) added to the list at `path`; with
    `reason` beside an `old`, the entry at `path` is renamed to it (an earlier run's words)."""

    path: KeyPath
    label: str  # the line (and reason) it belongs to, as the plan names it
    old: Number | None
    new: Number
    reason: str | None = None  # of an added or renamed entry


class Against(NamedTuple):
    """What `balance` measures the plan against (SPEC 16): its committed version's plan and
    books, or (None) the plan as written."""

    plan: Plan | None
    books: Books | None = None


def committed_plan(committed: Books | None, year: int) -> Against:
    """The plan of `year` in the books of the committed version, where they hold one."""
    if committed is None or year not in {plan.year for plan in committed.all_plans()}:
        return Against(None)
    return Against(committed.plan(year), committed)


def balancing(books: Books, source: Source[Plan], against: Against | None = None) -> list[Edit]:
    """The edits that make the plan of `source` hold within its books: the capital line
    (`cost_line`) from the books, then the contributions, each member's own costs its own
    (measured `against` the committed version); with the change reasons of every changed line
    that has them kept adding up and naming their cause. CannotBalance, MissingRate where it
    cannot."""
    against = against or Against(None)
    plan = source.record
    costs = tuple(_with_capital_line(books, plan, line) for line in plan.costs)
    balanced = replace(plan, costs=costs)
    figures, own = contributions_for(books, balanced, against)
    contributions = tuple(
        replace(line, budget=figure)
        for line, figure in zip(plan.contributions, figures, strict=True)
    )
    common = (
        BY_KEY.format(key=plan.distribution.key) if plan.distribution is not None else BY_COMMON
    )
    edits: list[Edit] = []
    for index, (old, new) in enumerate(zip(plan.costs, costs, strict=True)):
        if new.budget != old.budget:
            edits.append(Edit(("cost", index, "budget"), old.name, old.budget, new.budget))
            causes = _capital_causes(plan, new.budget - old.budget, against)
            edits += _reasons(("cost", index), old, causes)
    for index, (old, new) in enumerate(zip(plan.contributions, contributions, strict=True)):
        if new.budget != old.budget:
            path: KeyPath = ("contribution", index)
            edits.append(Edit((*path, "budget"), old.name, old.budget, new.budget))
            change = new.budget - old.budget
            own_part = min(max(int(round_half_up(own[index])), min(change, 0)), max(change, 0))
            edits += _reasons(path, old, {OWN_COSTS: own_part, common: change - own_part})
    return edits


def _capital_causes(plan: Plan, change: Number, against: Against) -> dict[str, Number]:
    """Why the capital line changed: the part of a changed `unregistered` since the committed
    version (earlier years' investments), the rest the investments' capital costs."""
    from .capital import unregistered

    earlier: Number = 0
    if against.plan is not None:
        then = unregistered(against.plan, plan.year)
        earlier = int(round_half_up(exact_sum((unregistered(plan, plan.year), -then))))
    elif not plan.investments:
        earlier = change
    earlier = min(max(earlier, min(change, 0)), max(change, 0))
    return {CAPITAL_EARLIER: earlier, CAPITAL_THIS_YEAR: change - earlier}


def _with_capital_line(books: Books, plan: Plan, line: BudgetLine) -> BudgetLine:
    """The capital line at the books' figure (SPEC 5.3); every other line as it is."""
    if line is not plan.capital_line:
        return line
    figure = int(round_half_up(capital_line_figure(books, plan)))
    return replace(line, budget=figure)


def contributions_for(
    books: Books, plan: Plan, against: Against | None = None
) -> tuple[list[Number], list[Fraction]]:
    """The contributions that balance the budget column of `plan`, and each member's exact own
    part of their change: by its distribution (SPEC 7) where it has one; else the shortfall
    shared as SPEC 16 says, each member taking the change of its own direct costs since the
    committed version (`against`) and the rest by that version's implicit key, or without one
    the whole shortfall by the implicit key of the plan as written."""
    against = against or Against(None)
    now = budget_direct_costs(books, plan)
    then = (
        budget_direct_costs(against.books, against.plan)
        if against.plan is not None and against.books is not None
        else None
    )
    names = [line.name for line in plan.contributions]
    # the change of each member's own direct costs since the committed version (a member new
    # since then: all of them)
    own = {
        key: cost - (then.get(key, Fraction(0)) if then is not None else Fraction(0))
        for key, cost in (now.items() if then is not None else ())
    }
    figures = computed_contributions(books, plan)
    budgets = [line.budget for line in plan.contributions]
    if figures is None:
        shortfall = result(plan).budget  # costs less all revenue: what the members must add
        if shortfall != 0 and not budgets:
            raise CannotBalance(
                _("cannot balance: Summa is {summa} and the plan has no contributions").format(
                    summa=number(shortfall)
                )
            )
        if shortfall == 0:
            return budgets, [Fraction(0)] * len(budgets)
        if against.plan is not None:
            entered = [(line.name, line.budget) for line in against.plan.contributions]
            weights = implicit_key(entered, then or {})
        else:
            weights = implicit_key(list(zip(names, budgets, strict=True)), now)
        changes, own_parts = own_and_common(names, shortfall, own, weights, budgets)
        figures = [exact_sum((b, c)) for b, c in zip(budgets, changes, strict=True)]
    else:
        own_parts = [own.get(folded(name), Fraction(0)) for name in names]
    pairs = zip(plan.contributions, figures, strict=True)
    negative = [line.name for line, figure in pairs if figure < 0]
    if negative:
        raise CannotBalance(
            _("cannot balance: {names} would pay less than 0").format(names=", ".join(negative))
        )
    return figures, own_parts


def shared_own_costs(books: Books, source: Source[Plan]) -> list[tuple[str, Fraction]]:
    """Each member's own direct costs of the plan as written, where they are shared by the
    implicit key (no committed version and no [distribution]): name and amount."""
    plan = source.record
    if plan.distribution is not None:
        return []
    direct = budget_direct_costs(books, plan)
    return [
        (line.name, direct[folded(line.name)])
        for line in plan.contributions
        if direct.get(folded(line.name), 0) != 0
    ]


def _reasons(path: KeyPath, line: BudgetLine, causes: dict[str, Number]) -> list[Edit]:
    """A changed line that explains its change keeps the reasons adding up, each cause of the
    change named (SPEC 16): an entry of that cause takes its part (an earlier run's, also in
    earlier words, renamed), else one is added. What the plan's own reasons say is kept."""
    if not line.changes:
        return []
    edits: list[Edit] = []
    current = [(c.reason, c.amount) for c in line.changes]
    common = next((cause for cause in causes if is_common_split(cause)), None)
    for index, (reason, amount) in enumerate(current):
        now = renamed(reason)
        if common is not None and is_common_split(now or reason) and (now or reason) != common:
            now = common  # the split is by another key now (or by none): no longer true
        if now is not None:
            label = f"{line.name}, {reason}"
            edits.append(Edit((*path, "changes", index, "reason"), label, amount, amount, now))
            current[index] = (now, amount)
    for cause, part in causes.items():
        if part == 0:
            continue
        found = next((i for i, (reason, _a) in enumerate(current) if reason == cause), None)
        label = f"{line.name}, {cause}"
        if found is None:
            edits.append(Edit((*path, "changes"), label, None, part, cause))
            current.append((cause, part))
        else:
            old = current[found][1]
            new = exact_sum((old, part))
            edits.append(Edit((*path, "changes", found, "amount"), label, old, new))
            current[found] = (cause, new)
    return edits


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
            else FileEdit("set", e.path, e.reason if e.path[-1] == "reason" else e.new)
            for e in edits
        ],
    )
    plan = validate_plan(parse_toml(text, source.name))
    for e in edits:
        value = _at(plan, e.path)
        expected = e.new if e.old is not None and e.path[-1] != "reason" else e.reason
        if expected not in value:
            raise RuntimeError(f"{source.name}: {e.path} reads back as {value!r}, not {e.new}")
    return text


def _at(plan: Plan, path: KeyPath) -> list[object]:
    """The value at a file's key path in the plan read back (a list: the reasons of the list
    an entry was added to)."""
    section, index, *rest = path
    line = {"contribution": plan.contributions, "cost": plan.costs}[str(section)][int(index)]
    if rest == ["budget"]:
        return [line.budget]
    if rest == ["changes"]:
        return [change.reason for change in line.changes]
    change = line.changes[int(rest[1])]
    return [change.reason if rest[2] == "reason" else change.amount]


def committed_version(path: Path, name: str | None = None) -> tuple[Revision, Books] | None:
    """The plan's committed version (SPEC 16): the books of its folder as git revision `name`
    holds them (HEAD by default), read as books of their own. Without `name`, None where the
    plan is not in a repository or not in its HEAD; RevisionError where git cannot give the
    revision asked for, or its books cannot be read."""
    from ..io.gitrev import RevisionError, checked_out, file_at, in_repository, revision
    from .loader import load

    if name is None and not in_repository(path):
        return None
    try:
        at = revision(path, name or "HEAD")
        committed = file_at(path, at)
    except RevisionError:
        if name is None:
            return None  # a repository without commits
        raise
    if committed is None:
        if name is None:
            return None
        message = _("{file} is not in revision {revision}")
        raise RevisionError(message.format(file=path.name, revision=name))
    with checked_out(path, at) as copy:
        books = load(copy)
    if books.problems:
        message = _("{file} at {revision} cannot be read: {problem}")
        first = books.problems[0]
        raise RevisionError(message.format(file=path.name, revision=at.name, problem=first.message))
    return at, books
