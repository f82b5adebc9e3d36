"""What `mercalc check` asks of a valid plan: balance, reasons that add up, sound goals."""

from __future__ import annotations

from .budget import change_findings, imbalance_findings
from .goals import goal_findings
from .model import Plan
from .problems import Finding


def plan_findings(plan: Plan) -> list[Finding]:
    """Every problem of a valid plan, as (key path, message)."""
    return imbalance_findings(plan) + change_findings(plan) + goal_findings(plan)
