"""Next year's plan from this year's (`mercalc new`): budget becomes previous, and it balances."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from ..numbers import Number, exact_sum, largest_remainder, plain, round_half_up
from ..problems import safe_text
from ..swedish import swedish
from .budget import result, total
from .model import BudgetLine, Plan, plan_dict, validate_plan


class RollForwardError(Exception):
    """The new plan cannot be made as asked (an unknown line, a year that does not follow)."""


class UnbalancedSource(RollForwardError):
    """The plan to start from does not balance: it must be put right first."""


@dataclass(frozen=True)
class Indexation:
    """Raises in percent: `lines` by name, `all_costs` for every cost line (a line's own wins)."""

    lines: dict[str, Decimal] = field(default_factory=dict)
    all_costs: Decimal | None = None

    def rate_for(self, line: BudgetLine, is_cost: bool) -> Decimal | None:
        if line.name in self.lines:
            return self.lines[line.name]
        return self.all_costs if is_cost else None


def parse_percent(text: str) -> Decimal:
    """`3`, `3.5`, `3,5` or `-2%` → Decimal; a raise between -100 % and +1000 %."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise RollForwardError(f'"{text}" is not a percentage such as 3 or 2.5') from None
    if not value.is_finite() or not -100 <= value <= 1000:
        raise RollForwardError(f'"{text}" is not a raise between -100 and 1000 %')
    return value


def parse_index(text: str) -> tuple[str, Decimal]:
    """`NAME=PCT` → (name, percent)."""
    name, sign, percent = text.rpartition("=")
    if not sign or not name.strip():
        raise RollForwardError(f'"{text}" is not NAME=PCT, e.g. "Personalkostnader=3"')
    return name.strip(), parse_percent(percent)


def indexed(amount: Number, percent: Decimal | None) -> Number:
    """An amount raised by a percentage, rounded half up to whole units."""
    if percent is None:
        return amount
    return int(round_half_up(Fraction(amount) * (100 + Fraction(percent)) / 100))


def spread(amounts: list[Number], delta: Number) -> list[Number]:
    """Share `delta` in proportion to `amounts` (equally where they are all 0), in whole units by
    the largest-remainder method, so that the shares add up to `delta` exactly."""
    if not amounts:
        return []
    base = sum(amounts, 0)
    if base == 0:
        shares = [Fraction(delta) / len(amounts)] * len(amounts)
    else:
        shares = [Fraction(delta) * Fraction(amount) / Fraction(base) for amount in amounts]
    return largest_remainder(shares, delta)


def next_plan(plan: Plan, year: int, indexation: Indexation | None = None) -> Plan:
    """Year `year`'s plan from `plan`: see SPEC section 3 (`new`)."""
    indexation = indexation or Indexation()
    if year != plan.year + 1:
        raise RollForwardError(
            f"the plan after {plan.year} is for {plan.year + 1}, not {year}: "
            "its previous column is this plan's budget"
        )
    summa = result(plan)
    if summa.budget != 0:
        raise UnbalancedSource(
            f"the {plan.year} plan does not balance (Summa {plain(summa.budget)}): "
            "check it first, as the new plan starts from its budget"
        )
    names = {line.name for line in (*plan.contributions, *plan.revenue, *plan.costs)}
    members = {line.name for line in plan.contributions}
    for name in indexation.lines:
        if name in members:
            raise RollForwardError(
                f'"{name}" is a member contribution: contributions follow from the costs; '
                "index a cost or revenue line"
            )
        if name not in names:
            raise RollForwardError(f'no line is named "{name}" (names: {", ".join(sorted(names))})')

    def carried(line: BudgetLine, is_cost: bool) -> BudgetLine:
        budget = indexed(line.budget, indexation.rate_for(line, is_cost))
        return BudgetLine(name=line.name, budget=budget, previous=line.budget)

    revenue = tuple(carried(line, False) for line in plan.revenue)
    costs = tuple(carried(line, True) for line in plan.costs)
    # the members' contributions cover what other revenue does not
    needed = exact_sum((total(costs, 1).budget, total(revenue, -1).budget))
    if needed < 0:
        raise RollForwardError("other revenue would exceed costs: contributions cannot balance it")
    if not plan.contributions and needed != 0:
        raise RollForwardError("the new plan has no contributions to balance it with")
    current = [line.budget for line in plan.contributions]
    shares = spread(current, exact_sum((needed, *(-amount for amount in current))))
    contributions = tuple(
        BudgetLine(name=line.name, budget=line.budget + share, previous=line.budget)
        for line, share in zip(plan.contributions, shares, strict=True)
    )
    shift = year - plan.year
    info = replace(plan.info, year=year, plan_years=tuple(y + shift for y in plan.info.plan_years))
    draft = replace(
        plan,
        info=info,
        contributions=contributions,
        revenue=revenue,
        costs=costs,
        investments=(),  # investments stay in the plan of the year they were decided
    )
    # the new plan is validated as its file will be read, so what is written reads back
    try:
        return validate_plan(plan_document(draft))
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RollForwardError(
            f"the new plan would not be valid: {where}: {first['msg']}"
        ) from None


def summary(plan: Plan, indexation: Indexation) -> str:
    """What the new plan holds, in a few lines for the person who made it."""
    unit = plan.info.unit
    revenue = total(plan.contributions + plan.revenue, -1).budget
    costs = total(plan.costs, 1).budget
    lines = [
        f"{plan.info.organisation}, budget {plan.year} "
        f"(plan years {', '.join(map(str, plan.info.plan_years)) or 'none'}).",
        f"  Revenue {swedish(revenue)} {unit}, costs {swedish(costs)} {unit}, "
        f"Summa {swedish(revenue + costs)}.",
        *(f"  Indexed {name} by {value} %." for name, value in indexation.lines.items()),
    ]
    if indexation.all_costs is not None:
        other = "other " if indexation.lines else ""
        lines.append(f"  Indexed every {other}cost line by {indexation.all_costs} %.")
    return "\n".join(safe_text(line) for line in lines)


def _pruned(value: Any) -> Any:
    """Without None and empty lists or tables: a file shows only what was given."""
    if isinstance(value, dict):
        items = ((k, _pruned(v)) for k, v in value.items())
        return {k: v for k, v in items if v is not None and v != [] and v != {}}
    if isinstance(value, (list, tuple)):
        return [_pruned(item) for item in value]
    return value


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as the TOML document of SPEC section 1, keys in the file's order."""
    document = _pruned(plan_dict(plan))
    if plan.capital is not None and plan.capital.interest_rate is not None:
        document["capital"]["interest_rate"] = f"{plain(plan.capital.interest_rate * 100)}%"
    for goal in document.get("goal", []):
        for indicator in goal.get("indicator", []):
            for key in ("targets", "outcomes"):
                if key in indicator:
                    indicator[key] = {str(y): v for y, v in sorted(indicator[key].items())}
    return document


def plan_toml(plan: Plan, header: str = "") -> str:
    """The plan as TOML laid out like a hand-written plan file; the same bytes for the same plan."""
    import tomli_w

    def inline(value: Any) -> str:
        # tomli-w formats the value; as the only item of a list it comes out inline
        text = tomli_w.dumps({"v": [value]})
        return text[text.index("[") + 1 : text.rindex("]")].strip().rstrip(",")

    def table(header_line: str, values: dict[str, Any]) -> str:
        out = [header_line]
        for key, value in values.items():  # keys are the model's own: bare TOML keys
            if isinstance(value, dict):
                out.append(f"{key} = {inline(value)}")
            elif isinstance(value, list) and not any(isinstance(v, dict) for v in value):
                out.append(f"{key} = [{', '.join(inline(v) for v in value)}]")
            else:
                out.append(tomli_w.dumps({key: value}, multiline_strings=True).rstrip("\n"))
        return "\n".join(out) + "\n"

    blocks = ["".join(f"# {line}\n" for line in header.splitlines())] if header else []
    for key, value in plan_document(plan).items():
        if isinstance(value, list):
            for item in value:
                nested = {k: v for k, v in item.items() if k == "indicator"}
                own = {k: v for k, v in item.items() if k != "indicator"}
                blocks.append(table(f"[[{key}]]", own))
                blocks += [table(f"[[{key}.indicator]]", i) for i in nested.get("indicator", [])]
        else:
            blocks.append(table(f"[{key}]", value))
    return "\n".join(blocks)
