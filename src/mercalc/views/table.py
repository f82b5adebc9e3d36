"""A report value: columns, rows and totals with exact numbers, and its json form; no rendering.

Plain named tuples: immutable, and cheap to define at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, NamedTuple


class Target(NamedTuple):
    """A target (målvärde) with the word of its direction, as a controller writes it: shown
    "högst 20", a plain number in csv and a number in a workbook."""

    amount: Decimal | int
    direction: str | None = None  # "minst" or "högst"


Value = Decimal | int | str | Target | None
ColumnKind = Literal["money", "text", "rate", "exact", "code"]
# A settlement row is drawn as a line, but is a kind of its own in csv: a member's share of
# the deviation already counted in the lines, so that summing the lines counts it once.
RowStyle = Literal["line", "subtotal", "total", "group", "detail", "settlement"]


# Coded values (json carries the code): their Swedish label and the colour that marks them.
CODES: dict[str, tuple[str, str]] = {
    "met": ("uppnått", "green"),
    "not_met": ("ej uppnått", "red"),
    "no_outcome": ("inget utfall", "yellow"),
    "better": ("bättre", "green"),
    "worse": ("sämre", "red"),
    "unchanged": ("oförändrat", ""),
    "higher": ("högre", ""),
    "lower": ("lägre", ""),
    "entered": ("inmatad", ""),
    "budget": ("budget", ""),
    "schedule": ("kapitalplan", ""),
    "trend": ("trend", ""),
}


class Column(NamedTuple):
    """A column: `key` for csv and json, `label` for people, `kind` for how it is shown."""

    key: str
    label: str
    kind: ColumnKind = "money"
    optional: bool = False  # left out of a terminal too narrow for the table (said in a note)


class Row(NamedTuple):
    """A row; a subtotal or total names the rows it adds up in `sums` (for the rounding note)."""

    label: str
    values: tuple[Value, ...]
    style: RowStyle = "line"
    sums: tuple[int, ...] = ()


class Report(NamedTuple):
    """One report, many renderings: the table, markdown and csv come from rows, json from data."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    data: Mapping[str, Any]  # the json value, exact numbers
    label_header: str = ""
    notes: tuple[str, ...] = ()
    # where there is nothing to show: one line that says so, instead of an empty table
    empty: str | None = None


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class Footnotes:
    """Notes on rows as footnotes, as a document has them: a mark after the row's name (¹, ²),
    the note under the table, once however many rows it is on."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def mark(self, label: str, note: str | None) -> str:
        """The row's label, marked where it has a note."""
        if not note:
            return label
        if note not in self.notes:  # one note on several rows is one footnote
            self.notes.append(note)
        return f"{label}{str(self.notes.index(note) + 1).translate(_SUPERSCRIPT)}"

    def lines(self) -> tuple[str, ...]:
        """The notes under the table, each after its mark."""
        return tuple(
            f"{str(number).translate(_SUPERSCRIPT)} {note}"
            for number, note in enumerate(self.notes, 1)
        )
