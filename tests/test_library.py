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


def test_the_follow_up_as_a_library_call(tmp_path):
    from fractions import Fraction

    from seed import held_out_followup

    plan, export = held_out_followup(tmp_path)
    script = f"""
import sys
import mercalc
books = mercalc.load({str(plan)!r})
august = mercalc.follow_up(books, 2023, actuals={str(export)!r}, through="2023-08", members=True)
licences = next(line for line in august.costs if line.name == "Licenser")
units = sum(share.units for share in august.settlement)
print(august.through, licences.method, licences.figures.forecast, units)
april = mercalc.follow_up(books, 2023, actuals={str(export)!r}, through=(2023, 4))
print(april.through, april.months)
heavy = ("typer", "click", "rich", "jinja2", "openpyxl")
print(sorted(name for name in heavy if name in sys.modules))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'tests'}"},
    )
    # Licenser: 2 150 through August, half its profile's year; the settlement adds up to the
    # rounded full-year deviation
    assert Fraction(4300) == 2150 / Fraction(6, 12)
    assert result.stdout == "(2023, 8) trend 4300 375\n(2023, 4) 4\n[]\n"
