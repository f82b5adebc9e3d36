"""The reasons that `balance` and `new` write into a plan (SPEC 16): each names its cause, in the
plan's language (labels of the plan, not messages), and replaces what an earlier run wrote."""

from __future__ import annotations

import re

CAPITAL_THIS_YEAR = "Kapitalkostnad för årets investeringar"
CAPITAL_EARLIER = "Kapitalkostnader för tidigare års investeringar"  # a change of `unregistered`
OWN_COSTS = "Egna investeringar (direkt kostnad)"
BY_KEY = "Fördelning enligt nyckeln {key}"
BY_COMMON_COSTS = "Fördelning i proportion till de gemensamma kostnaderna"
RAISED = "Uppräkning {percent}"
INDEXED = "Uppräkning med index {name} {percent}"
GIVEN = "Planårets belopp"

# Reasons that earlier versions wrote for a computed change, and what they are called now.
_EARLIER_WORDS = (
    (re.compile(r"Kapitalkostnader enligt anläggningsregistret"), CAPITAL_THIS_YEAR),
    (re.compile(r"Fördelning i proportion till driftbidragen( \d{4})?"), BY_COMMON_COSTS),
)


def computed(reason: str) -> bool:
    """Whether `reason` is one that mercalc writes for a change it computed (a later run then
    replaces it): the words above, also as earlier versions wrote them."""
    ours = (CAPITAL_THIS_YEAR, CAPITAL_EARLIER, OWN_COSTS, BY_COMMON_COSTS)
    return reason in ours or reason.startswith(BY_KEY.format(key="")) or renamed(reason) is not None


def is_common_split(reason: str) -> bool:
    """Whether `reason` names how the common costs were split: by a key, or by the implicit
    key (also in an earlier version's words)."""
    return (
        reason == BY_COMMON_COSTS
        or reason.startswith(BY_KEY.format(key=""))
        or renamed(reason) == BY_COMMON_COSTS
    )


def renamed(reason: str) -> str | None:
    """The words of today for a reason an earlier version wrote, if it is one."""
    return next((now for then, now in _EARLIER_WORDS if then.fullmatch(reason)), None)
