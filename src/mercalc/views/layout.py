"""Where a terminal table's columns fall: names and texts wrap, figures are never cut.

One layout for both renderers (Rich for a terminal, the plain renderer otherwise), so that they
draw the same table. Without a width a table takes what it needs (names wrap beyond
LABEL_WIDTH). With the terminal's width, the widest columns give way first: headings fold down
to their column's widest cell, then names and texts wrap at spaces down to their longest word;
a figure is never wrapped or cut.
"""

from __future__ import annotations

import re
import textwrap
from itertools import pairwise
from typing import NamedTuple

# A closing mark such as "(ny)" or "(borttagen)" stays with the word before it (held by a
# character textwrap does not break at, a space again once wrapped).
_MARK = re.compile(r" (\([^\s()]{1,16}\))$")
_HOLD = "\ue000"

# The label column wraps beyond this width, so that long goal texts do not widen the table.
LABEL_WIDTH = 64

# What gives way, in turn, where a table is wider than the terminal: the spaces between columns
# (three as Rich draws them), then headings (wrapped at spaces down to their longest word), then
# names (wrapped at spaces), then a heading's word longer than its column (abbreviated), and
# last the second space between columns.
STEPS = (
    (3, "cells"),
    (2, "cells"),
    (2, "words"),
    (2, "abbreviated cells"),
    (2, "abbreviated"),
    (1, "abbreviated"),
    (1, "folded"),
)

# A name's word is folded onto the next line only where nothing else makes the table fit, and
# then at no fewer characters than this (`medarbetarundersökningen` in a column of 20).
FOLDED = 12


class Layout(NamedTuple):
    """The width of each column (the label first) and the spaces between them."""

    widths: tuple[int, ...]
    gap: int

    @property
    def width(self) -> int:
        """The table's width: a space at the edge, the columns and the gaps between them."""
        return 1 + sum(self.widths) + self.gap * (len(self.widths) - 1)


def _longest_word(text: str) -> int:
    """The longest word, and a reason's indent with it (every line of a reason is indented)."""
    indent = len(text) - len(text.lstrip(" "))
    return indent + max((len(word) for word in text.split(" ")), default=0)


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
    words = [
        max([1, *(len(cell) if figure else _longest_word(cell) for cell in cells)])
        for cells, figure in zip(columns, figures, strict=True)
    ]
    cells = [max([1, *map(len, column)]) for column in columns]
    headings = [_longest_word(header) for header in headers]  # a heading wraps between words
    short = [min(heading, ABBREVIATED) for heading in headings]
    floors = {
        "cells": [max(pair) for pair in zip(headings, cells, strict=True)],
        "words": [max(pair) for pair in zip(headings, words, strict=True)],
        "abbreviated cells": [max(pair) for pair in zip(short, cells, strict=True)],
        "abbreviated": [max(pair) for pair in zip(short, words, strict=True)],
        # last of all, a name's word longer than FOLDED is folded onto the next line
        "folded": [
            max(low, word if figure else min(word, FOLDED))
            for low, word, figure in zip(short, words, figures, strict=True)
        ],
    }
    # one space between columns is enough where no two texts stand side by side (a figure is
    # right-aligned): then it comes before any heading is abbreviated
    texts_side_by_side = any(not a and not b for a, b in pairwise(figures))
    steps = STEPS if texts_side_by_side else (*STEPS[:3], (1, "words"), *STEPS[3:])
    for gap, floor in steps:
        least = [min(low, high) for low, high in zip(floors[floor], natural, strict=True)]
        # a word is folded only once every heading is as short as it gets
        start = [min(a, b) for a, b in zip(floors["abbreviated"], natural, strict=True)]
        widths = _narrowed(
            start if floor == "folded" else natural, least, width - 1 - gap * (len(natural) - 1)
        )
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


# A heading's word is never shortened below this many characters (`Kapit.`), nor cut.
ABBREVIATED = 5


def heading(text: str, width: int) -> list[str]:
    """A column heading's lines at `width`: wrapped between words, never inside one; a word
    longer than the column is abbreviated with a full stop (`Kapitalkostnad` → `Kapital.`)."""
    if len(text) <= width:
        return [text]
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return [line if len(line) <= width else abbreviated(line, width) for line in lines] or [""]


def abbreviated(word: str, width: int) -> str:
    """A word shortened to `width` characters with a full stop, as a heading abbreviates."""
    return word[: max(width - 1, 1)].rstrip(" -/") + "."


def indented(text: str, width: int, indent: str) -> list[str]:
    """A label's lines at `width`, every line under the first as indented as the first (a
    change reason's wrapped lines stay under the reason)."""
    return [indent + line for line in wrap(text, max(width - len(indent), 1))]


def wrap(text: str, width: int) -> list[str]:
    """A cell's lines at `width`: at spaces, a word longer than the column folded, a closing
    mark never on a line of its own."""
    if len(text) <= width:
        return [text]
    held = _MARK.sub(_HOLD + r"\1", text)
    lines = textwrap.wrap(held, width, break_on_hyphens=False)
    return [line.rstrip().replace(_HOLD, " ") for line in lines] or [""]
