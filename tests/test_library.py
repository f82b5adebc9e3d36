"""mercalc as a library (SPEC 12): the snippet of the spec, without the presentation libraries."""

from __future__ import annotations

import subprocess
import sys

from conftest import DATA, ROOT

SNIPPET = f"""
import sys
import mercalc
books = mercalc.load({str(DATA)!r})
plan = books.plan(2023)
statement = mercalc.budget(books, 2023)
costs = mercalc.capital(books, 2023)
problems = mercalc.check(books)
print(plan.info.organisation, statement.balanced, round(costs.total.capital_cost), problems)
heavy = ("typer", "click", "rich", "jinja2", "openpyxl")
print(sorted(name for name in heavy if name in sys.modules))
"""


def test_the_snippet_of_the_spec_runs_without_the_presentation_libraries():
    result = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert result.stdout == "Sydnärkes IT-nämnd True 1764 []\n[]\n"
