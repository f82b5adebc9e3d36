"""Where a report may be written (SPEC 9): never over an input plan, nor without `--force` over
a plan or the register of any books."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..i18n import N_, _
from ..problems import Problem
from .files import first_table

# SPEC 5.1: the first table makes a file a plan or the register of its books
BOOKS_TABLES = {
    "plan": N_("is a plan: left as it is (--force replaces it)"),
    "register": N_("is the register: left as it is (--force replaces it)"),
}


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one existing file (an output must never replace a plan)."""
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):  # one is missing, or its name cannot be a file's
        return False


def refusal(output: Path, inputs: Iterable[Path], *, force: bool = False) -> Problem | None:
    """Why `output` must not be written, None where it may: over an input plan is bad input
    (exit 2); over a plan or the register of any books without `force`, a refusal (exit 1)."""
    if any(same_file(output, source) for source in inputs):
        return Problem(str(output), _("is an input plan: choose another output file"))
    kind = None if force else BOOKS_TABLES.get(first_table(output) or "")
    if kind is not None:
        return Problem(str(output), _(kind), bad_input=False)
    return None
