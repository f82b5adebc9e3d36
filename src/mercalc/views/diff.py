"""Two versions of a plan compared, drawn from their statement: the table and its json."""

from __future__ import annotations

from typing import Any

from ..books.diff import (
    Compared,
    InvestmentChange,
    InvestmentFacts,
    PlanDiff,
    TextChange,
    ValueChange,
)
from ..numbers import Number
from ..swedish import swedish
from .table import Column, Report, Row

SECTION_LABELS = {
    "contribution": "Driftbidrag",
    "revenue": "Övriga intäkter",
    "cost": "Kostnader",
}
FACT_LABELS = {
    "status": "Status",
    "body": "Beslutande organ",
    "decision": "Sammanträde",
    "key": "Fördelningsnyckel",
}
TEXT_LABELS = {
    "introduction": "Inledning",
    "goals": "Mål",
    "budget": "Driftbudget",
    "investments": "Investeringar",
}
CHANGED = "ändrad"
NEW, GONE = "ny", "borttagen"


def diff_report(statement: PlanDiff) -> Report:
    """What differs, in groups: the plan's status and decision, the driftbudget's lines and
    their reasons, the revisions, the members' figures by the key, investments and targets."""
    columns = (
        Column("old", "Före", "exact"),
        Column("new", "Efter", "exact"),
        Column("difference", "Skillnad", "exact"),
    )
    rows: list[Row] = []
    _facts(rows, statement)
    for section, label in SECTION_LABELS.items():
        lines = [line for line in statement.lines if line.section == section]
        _group(rows, label, [_figure_row(_named(c.name, c.old, c.new), c) for c in lines])
    _group(
        rows,
        "Förändringsorsaker",
        [_figure_row(f"{r.line}: {r.reason}", r) for r in statement.reasons],
    )
    _group(
        rows,
        f"Budget {statement.year - 1} (föregående år)",
        [_figure_row(c.name, c) for c in statement.previous],
    )
    _group(
        rows,
        "Budgetjusteringar",
        [_figure_row(_named(r.name, r.old, r.new), r) for r in statement.revisions],
    )
    _group(
        rows,
        f"Driftbidrag enligt nyckeln {statement.key}" if statement.key else "Driftbidrag",
        [_figure_row(m.name, m) for m in statement.members],
    )
    _group(rows, "Investeringar", [r for i in statement.investments for r in _investment(i)])
    _group(
        rows,
        "Målvärden",
        [_figure_row(f"{t.indicator}: målvärde {t.year}", t) for t in statement.targets],
    )
    _assumptions_and_texts(rows, statement)
    title = (
        f"Skillnader i MER-plan {statement.year}, {statement.organisation} ({statement.unit}): "
        f"{statement.old} och {statement.new}"
    )
    return Report(
        title,
        columns,
        tuple(rows),
        data=diff_data(statement),
        empty=f"Inga skillnader: {statement.old} och {statement.new} är lika."
        if statement.equal
        else None,
    )


def _assumptions_and_texts(rows: list[Row], statement: PlanDiff) -> None:
    """The assumptions, the proposal's points and the texts that differ."""
    _group(rows, "Antaganden", [_value_row(v) for v in statement.values])
    _group(
        rows,
        "Förslag till beslut",
        [_text_row(p.old or p.new or "", p) for p in statement.proposal],
    )
    _group(rows, "Text", [_text_row(TEXT_LABELS[t.name], t) for t in statement.texts])


def _group(rows: list[Row], label: str, members: list[Row]) -> None:
    if members:
        rows.append(Row(label, (None, None, None), "group"))
        rows.extend(members)


def _named(name: str, old: object, new: object) -> str:
    """A name, marked where only one version has it."""
    if old is None:
        return f"{name} ({NEW})"
    if new is None:
        return f"{name} ({GONE})"
    return name


def _figure_row(label: str, change: Compared) -> Row:
    """Both figures, exactly as the plans give them, and the difference."""
    return Row(label, (change.old, change.new, change.difference))


def _value_row(change: ValueChange) -> Row:
    """An assumption's figures: a rate in percent, an amount or a key's value as given."""
    if change.kind == "key":
        return _figure_row(f"Nyckel {change.name}: {change.item}", change)
    if change.kind == "unregistered":
        return _figure_row(f"Ej registrerade kapitalkostnader {change.item}", change)
    label = {
        "index": f"Uppräkning {change.name} {change.item} (%)",
        "interest_rate": "Internränta (%)",
        "plan_rate": f"Internränta {change.item} (%)",
    }[change.kind]
    shown = (_percent(change.old), _percent(change.new), _percent(change.difference))
    return Row(label, shown)


def _percent(rate: Number | None) -> Number | None:
    return None if rate is None else rate * 100


def _text_row(label: str, change: TextChange) -> Row:
    """A text added, removed or changed: named and marked, not written out."""
    if change.old is not None and change.new is not None:
        return Row(f"{label} ({CHANGED})", (None, None, None))
    return Row(_named(label, change.old, change.new), (None, None, None))


def _text_change(change: TextChange) -> str:
    return "added" if change.old is None else "removed" if change.new is None else "changed"


def _facts(rows: list[Row], statement: PlanDiff) -> None:
    _group(
        rows,
        "Planen",
        [Row(FACT_LABELS[f.name], (f.old or "–", f.new or "–", None)) for f in statement.facts],
    )


def _investment(change: InvestmentChange) -> list[Row]:
    """An investment added or removed (its amount), or what changed of it."""
    old, new = change.old, change.new
    if old is None or new is None:
        return [_figure_row(_named(change.name, old, new), change.amount)]
    rows = []
    if old.amount != new.amount:
        rows.append(_figure_row(f"{change.name}: belopp", change.amount))
    if old.activated != new.activated:
        rows.append(Row(f"{change.name}: aktivering", (_month(old), _month(new), None), "line"))
    if _periods(old) != _periods(new):
        rows.append(Row(f"{change.name}: avskrivningstid", (_periods(old), _periods(new), None)))
    return rows


def _month(facts: InvestmentFacts) -> str:
    year, month = facts.activated
    return f"{year}-{month:02d}"


def _periods(facts: InvestmentFacts) -> str:
    """`5 år`, or each part's amount and years: `900 på 3 år + 600 på 10 år`."""
    if len(facts.parts) == 1:
        return f"{facts.parts[0][1]} år"
    return " + ".join(f"{swedish(amount, None)} på {years} år" for amount, years in facts.parts)


def _investment_data(facts: InvestmentFacts | None) -> dict[str, Any] | None:
    if facts is None:
        return None
    return {
        "amount": facts.amount,
        "activated": _month(facts),
        "parts": [{"amount": amount, "years": years} for amount, years in facts.parts],
    }


def _figure_data(name_key: str, name: str, change: Compared) -> dict[str, Any]:
    return {name_key: name, "old": change.old, "new": change.new, "difference": change.difference}


def diff_data(statement: PlanDiff) -> dict[str, Any]:
    """The json: the two versions and each kind of difference as a list (empty where none)."""
    return {
        "organisation": statement.organisation,
        "year": statement.year,
        "unit": statement.unit,
        "old": statement.old,
        "new": statement.new,
        "equal": statement.equal,
        "facts": [{"name": f.name, "old": f.old, "new": f.new} for f in statement.facts],
        "lines": [
            {"section": line.section, **_figure_data("name", line.name, line)}
            for line in statement.lines
        ],
        "reasons": [
            {"line": r.line, **_figure_data("reason", r.reason, r)} for r in statement.reasons
        ],
        "revisions": [_figure_data("name", r.name, r) for r in statement.revisions],
        "key": statement.key,
        "members": [_figure_data("name", m.name, m) for m in statement.members],
        "investments": [
            {
                "name": i.name,
                "change": i.change,
                "old": _investment_data(i.old),
                "new": _investment_data(i.new),
            }
            for i in statement.investments
        ],
        "previous": [
            {"section": line.section, **_figure_data("name", line.name, line)}
            for line in statement.previous
        ],
        "values": [
            {"name": v.name, "item": v.item, **_figure_data("kind", v.kind, v)}
            for v in statement.values
        ],
        "proposal": {
            "added": [p.new for p in statement.proposal if p.old is None],
            "removed": [p.old for p in statement.proposal if p.new is None],
        },
        "texts": [{"section": t.name, "change": _text_change(t)} for t in statement.texts],
        "targets": [
            {
                "goal": t.goal,
                "indicator": t.indicator,
                "year": t.year,
                "old": t.old,
                "new": t.new,
            }
            for t in statement.targets
        ],
    }
