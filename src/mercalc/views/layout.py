"""Where a terminal table's columns fall: names and texts wrap, figures are never cut.

One layout for both renderers (Rich for a terminal, the plain renderer otherwise), so that they
draw the same table. Without a width a table takes what it needs (names wrap beyond
LABEL_WIDTH). With the terminal's width, the widest columns give way first: headings fold down
to their column's widest cell, then names and texts wrap at spaces down to their longest word;
a figure is never wrapped or cut.
"""

from __future__ import annotations

import textwrap
from typing import NamedTuple

# The label column wraps beyond this width, so that long goal texts do not widen the table.
LABEL_WIDTH = 64

# What gives way, in turn, where a table is wider than the terminal: the spaces between columns
# (three as Rich draws them), then headings (folded to their column's cells), then names.
STEPS = ((3, "cells"), (2, "cells"), (2, "words"), (1, "words"))


class Layout(NamedTuple):
    """The width of each column (the label first) and the spaces between them."""

    widths: tuple[int, ...]
    gap: int

    @property
    def width(self) -> int:
        """The table's width: a space at the edge, the columns and the gaps between them."""
        return 1 + sum(self.widths) + self.gap * (len(self.widths) - 1)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split(" ")), default=0)


def fit(
    headers: list[str], columns: list[list[str]], figures: list[bool], width: int | None
) -> Layout:
    """The layout of a table: `columns[i]` holds column i's cells, `figures[i]` whether they are
    figures (never wrapped, never cut) rather than names and texts (wrapped at spaces)."""
    natural = [
        max([1, len(header), *(len(cell) for cell in cells)])
        for header, cells in zip(headers, columns, strict=True)
    ]
    natural[0] = min(natural[0], max(LABEL_WIDTH, len(headers[0])))
    if width is None:
        return Layout(tuple(natural), STEPS[0][0])
    floors = {
        "cells": [max([1, *map(len, cells)]) for cells in columns],
        "words": [
            max([1, *(len(cell) if figure else _longest_word(cell) for cell in cells)])
            for cells, figure in zip(columns, figures, strict=True)
        ],
    }
    for gap, floor in STEPS:
        least = [min(low, high) for low, high in zip(floors[floor], natural, strict=True)]
        widths = _narrowed(natural, least, width - 1 - gap * (len(natural) - 1))
        if widths is not None:
            return Layout(tuple(widths), gap)
    return Layout(tuple(least), gap)  # wider than the terminal, but nothing is cut


def _narrowed(natural: list[int], least: list[int], room: int) -> list[int] | None:
    """The widest column gives way, a character at a time, until the columns fit in `room`."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        give = [i for i, w in enumerate(widths) if w > least[i]]
        if not give:
            return None
        widest = max(give, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def wrap(text: str, width: int) -> list[str]:
    """A cell's lines at `width`: at spaces, a word longer than the column folded."""
    if len(text) <= width:
        return [text]
    return [line.rstrip() for line in textwrap.wrap(text, width, break_on_hyphens=False)] or [""]
