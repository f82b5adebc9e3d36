"""What the document says the plan assumes: the basis of the plan years' figures (SPEC 6) and
what the driftbudget's capital line holds (SPEC 5.3), in a controller's words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from ..books.capital import unregistered
from ..books.lineyears import PlanFigure
from ..books.loader import Books
from ..books.model import Plan
from ..books.planyears import PlanYears
from ..swedish import percent, swedish, swedish_list

# Names hold commas ("Resor, kurser, tele och hyra"): a list of them is separated by semicolons.
NAMES = "; "
IMPLICIT_SPLIT = (
    "Gemensamma kostnader fördelas efter kommunernas andelar av {year} års driftbidrag "
    "(härledd fördelning)"
)
NO_PLAN_RATE = "planen anger ingen ränta för planåren"


def assumed_years(plan: Plan) -> tuple[int, ...]:
    """The plan years the plan gives assumptions for (SPEC 18): an index rate that a line
    uses, a line's plan figure, a plan rate, unregistered capital costs by year, or an
    investment activated in it. Only those get a column in the document."""
    lines = plan.contributions + plan.revenue + plan.costs
    used = {plan.index_named(line.index) or "" for line in lines if line.index is not None}
    capital = plan.capital
    by_year = capital.unregistered if capital and isinstance(capital.unregistered, dict) else {}

    def assumed(year: int) -> bool:
        return (
            any(year in plan.indices.get(name, {}) for name in used)
            or any(year in line.plan for line in lines)
            or (capital is not None and year in capital.plan_rates)
            or year in by_year
            or any(inv.activated and inv.activated[0] == year for inv in plan.investments)
        )

    return tuple(year for year in plan.info.plan_years if assumed(year))


def year_span(years: Sequence[int]) -> str:
    """`2024–2025`, or `2024` for one year."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _by_year(values: Mapping[int, str]) -> str:
    """`{2024: "3 %", 2025: "3 %"}` → "3 %"; else "3,5 % 2024 och 3 % 2025"."""
    if len(set(values.values())) == 1:
        return next(iter(values.values()))
    return swedish_list([f"{value} {year}" for year, value in values.items()])


def _line_items(plan: Plan, years: PlanYears) -> list[str]:
    """Cost and other-revenue lines by basis: raised by an index, given in the plan, unchanged."""
    indexed: dict[str, list[str]] = {}
    given: list[str] = []
    unchanged: list[str] = []
    for line, figures in zip(plan.revenue + plan.costs, years.revenue + years.costs, strict=True):
        bases = {figure.basis for figure in figures.values()}
        if "index" in bases and line.index is not None:
            indexed.setdefault(plan.index_named(line.index) or line.index, []).append(line.name)
        if "given" in bases:
            given_years = [str(y) for y, figure in figures.items() if figure.basis == "given"]
            given.append(f"{line.name} ({swedish_list(given_years)})")
        if bases == {"unchanged"}:
            unchanged.append(line.name)
    items = [
        f"Uppräknade med {name} ({_by_year(_rates(plan.indices[name], years.years))}): "
        f"{NAMES.join(names)}."
        for name, names in indexed.items()
    ]
    if given:
        items.append(f"Belopp angivna i planen: {NAMES.join(given)}.")
    if unchanged:
        items.append(f"Oförändrade: {NAMES.join(unchanged)}.")
    return items


def _rates(rates: Mapping[int, Decimal], years: Iterable[int]) -> dict[int, str]:
    return {year: percent(rates[year]) for year in years if year in rates}


def _capital_item(plan: Plan, years: PlanYears) -> str | None:
    """The capital line in the plan years: the investments decided up to the budget year at
    the rates its figures were computed at, and the unregistered capital costs (carried
    unchanged, or by year)."""
    line, capital = plan.capital_line, plan.capital
    if line is None or capital is None:
        return None
    figures = years.costs[plan.costs.index(line)]
    rates = {
        year: (percent(figure.rate), _why(plan, year))
        for year, figure in figures.items()
        if figure.basis == "capital" and figure.rate is not None
    }
    text = f"{line.name}: beräknade från investeringarna som är beslutade t.o.m. {plan.year}"
    if rates:
        said = list(rates.values())
        if len(set(said)) == 1:
            text += f" med internräntan {said[0][0]}{said[0][1]}"
        else:
            each = [f"{rate} {year}{why}" for year, (rate, why) in rates.items()]
            text += f" med internräntan {swedish_list(each)}"
    unit, earlier = plan.info.unit, capital.unregistered
    if isinstance(earlier, dict):
        amounts = {y: f"{swedish(earlier.get(y, 0))} {unit}" for y in plan.info.plan_years}
        text += f", och kapitalkostnaderna för tidigare års investeringar: {_by_year(amounts)}"
    elif earlier:
        text += (
            f", och kapitalkostnaderna för tidigare års investeringar, {swedish(earlier)} {unit}, "
            "oförändrade"
        )
    return text + "."


def _why(plan: Plan, year: int) -> str:
    """Why a plan year's capital line has its rate (SPEC 16): the plan's rate for the year says
    nothing more; the last rate the plan gives before it carries on; else the budget year's."""
    capital = plan.capital
    if capital is None or year in capital.plan_rates:
        return ""
    given = [y for y in capital.plan_rates if y < year]
    if given:
        return f" (den senast angivna räntan, {max(given)})"
    if capital.interest_rate is not None:
        return f" (budgetårets ränta: {NO_PLAN_RATE})"
    return ""


def _contribution_item(plan: Plan, years: PlanYears) -> str | None:
    """How the contributions of the plan years come about: given, by the key or in proportion."""
    if not years.contributions:
        return None
    words = {
        "given": "angivna i planen",
        "key": f"fördelade enligt nyckeln {plan.distribution.key}" if plan.distribution else "",
        "spread": f"fördelade med {IMPLICIT_SPLIT.format(year=plan.year).lower()}",
    }
    bases: dict[str, list[int]] = {}
    for year in years.years:
        figure: PlanFigure = years.contributions[0][year]
        bases.setdefault(figure.basis, []).append(year)
    if set(bases) == {"spread"}:  # SPEC 16: a split by the implicit key says so
        return (
            "Driftbidragen: varje kommun bär sina egna kostnader, så att varje planår är i "
            f"balans. {IMPLICIT_SPLIT.format(year=plan.year)}."
        )
    if len(bases) == 1:
        return f"Driftbidragen: {words[next(iter(bases))]}, så att varje planår är i balans."
    parts = [f"{words[basis]} {swedish_list([str(y) for y in ys])}" for basis, ys in bases.items()]
    return f"Driftbidragen: {NAMES.join(parts)}."


def plan_year_items(plan: Plan, years: PlanYears) -> tuple[str, list[str]]:
    """The lead sentence and the items that say what the plan years' figures rest on."""
    lead = f"Planåren {year_span(years.years)} bygger på dessa antaganden:"
    items = _line_items(plan, years)
    for item in (_capital_item(plan, years), _contribution_item(plan, years)):
        if item is not None:
            items.append(item)
    return lead, items


def capital_line_sentence(plan: Plan, books: Books) -> str:
    """What the driftbudget's capital line holds: the books' capital costs of the year and the
    unregistered capital costs of earlier investments (SPEC 5.3: the document names them)."""
    line = plan.capital_line
    if line is None:
        return ""
    year, unit, plans, register = plan.year, plan.info.unit, books.all_plans(), books.register
    registered = register is not None and bool(register.record.investments)
    earlier_plans = any(p.investments for p in plans if p.year < year)
    if registered and earlier_plans:
        what = f"investeringarna i anläggningsregistret och i planerna t.o.m. {year}"
    elif registered:
        what = f"investeringarna i anläggningsregistret och investeringarna {year}"
    elif earlier_plans:
        what = f"investeringarna i planerna t.o.m. {year}"
    else:
        what = f"investeringarna {year}"
    parts = [f"{swedish(books.capital_costs.cost(year))} {unit} för {what}"]
    earlier = unregistered(plan, year)
    if earlier:
        parts.append(f"{swedish(earlier)} {unit} för tidigare års investeringar")
    return (
        f"Driftbudgetens rad {line.name}, {swedish(line.budget)} {unit}, består av "
        f"{' och '.join(parts)}."
    )
