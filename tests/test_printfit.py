"""Print layout: each table of the document at the size it fits A4, upright or across."""

from __future__ import annotations

from decimal import Decimal

from conftest import SEED_PLAN

from mercalc.books.loader import load
from mercalc.views.document import plan_document
from mercalc.views.printfit import LANDSCAPE_MM, PORTRAIT_MM, Fit, needed_mm, table_fit, text_mm
from mercalc.views.table import Column, Report, Row


def seed_fits() -> dict[str, Fit]:
    books = load(SEED_PLAN)
    document = plan_document(books.plan(2023), books)
    return {p.id: table_fit(p.table) for s in document.sections for p in s.parts if p.table}


def test_the_seed_tables_are_set_upright_but_the_investments_across():
    assert seed_fits() == {
        "mal": Fit(9),
        "driftbudget": Fit(9),
        "investeringsbudget": Fit(9, landscape=True),
    }  # the seed lists no optional section: no "Fördelning mellan kommunerna" (SPEC 18)


def wide(columns: int, label: str = "Rad") -> Report:
    cols = tuple(Column(f"c{i}", f"Kolumnrubrik {i}") for i in range(columns))
    return Report("T", cols, (Row(label, (Decimal("-12345678"),) * columns),), data={})


def test_a_table_takes_the_largest_size_and_page_it_fits():
    assert table_fit(wide(4)) == Fit(9)
    assert needed_mm(wide(12), 8, Decimal(1)) > PORTRAIT_MM
    assert table_fit(wide(12)).landscape
    assert table_fit(wide(60)) == Fit(7, landscape=True, tight=True)
    assert Fit(7, landscape=True, tight=True).css == "size-7 tight"


def test_figures_never_wrap_and_names_wrap_at_spaces():
    figure = Report("T", (Column("x", "X"),), (Row("a", (Decimal("-1234567"),)),), data={})
    # a figure is as wide as all of it; a name only needs its longest word
    assert needed_mm(figure, 9, Decimal(0)) > text_mm("-1 234 567", 9)
    long_name = wide(1, "ord " * 40)
    assert needed_mm(long_name, 9, Decimal("1.5")) < LANDSCAPE_MM
    assert text_mm("Investeringsutgift", 9, bold=True) > text_mm("Investeringsutgift", 9)
