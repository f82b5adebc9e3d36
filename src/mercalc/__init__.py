"""mercalc: the MER-plan budget calculator, also as a small library (SPEC 12).

    import mercalc
    books = mercalc.load("data")              # a folder, or a plan file (read within its folder)
    plan = books.plan(2023)                   # the validated plan of 2023
    statement = mercalc.budget(books, 2023)   # its lines, totals, result and `balanced`
    costs = mercalc.capital(books, 2023)      # its lines and `total.capital_cost` (exact)
    problems = mercalc.check(books)           # every problem of the books; empty when all is well

Nothing here imports Typer, Click, Rich, Jinja2 or openpyxl.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .books.budget import BudgetStatement
    from .books.capital import CapitalStatement
    from .books.loader import Books
    from .problems import Problem

__version__ = "0.1.0"
__all__ = ["__version__", "budget", "capital", "check", "load"]


def load(path: str | Path) -> Books:
    """The books of a folder, or of a plan file read within its folder; never raises on bad
    input: `books.problems` holds it (and `check` reports it)."""
    from .books.loader import load as load_books

    return load_books(Path(path))


def check(books: Books) -> list[Problem]:
    """Every problem of the books, bad input first; empty when all is well."""
    from .books.rules import book_problems

    return book_problems(books)


def budget(books: Books, year: int) -> BudgetStatement:
    """The operating budget of the plan of `year`: its lines, totals, Summa and `balanced`."""
    from .books.budget import budget_statement

    return budget_statement(books.plan(year))


def capital(books: Books, year: int) -> CapitalStatement:
    """The capital costs of `year` of every investment of the books (the register's and every
    plan's) in force in it, exact; MissingRate where the books give no rate for the year."""
    from .books.capital import capital_statement

    register = books.register.record if books.register is not None else None
    return capital_statement(books.all_plans(), year, register)
