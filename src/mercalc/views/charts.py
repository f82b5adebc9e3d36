"""Bar charts as geometry (no drawing): stacked and grouped bars for the plan document's SVG."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ..numbers import Number, round_half_up
from ..swedish import swedish

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48
BASELINE = Decimal(HEIGHT - BOTTOM)

Series = list[tuple[str, list[Number]]]  # a name and a value for each category


class Segment(NamedTuple):
    """One rectangle: x, y, width, height in SVG units, its series and what it shows."""

    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    series: int
    value: Number
    title: str


class Bar(NamedTuple):
    """A bar (or a group of bars) at one category: its label and its segments."""

    category: str
    label_x: Decimal
    segments: tuple[Segment, ...]


class Tick(NamedTuple):
    y: Decimal
    label: str


class Chart(NamedTuple):
    """A chart ready to draw: bars, a legend of series names and the value axis."""

    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    legend: tuple[str, ...]
    ticks: tuple[Tick, ...]
    baseline: Decimal
    label_angle: int = 0  # -90 where the categories' names are too long to stand side by side


def _nice_top(largest: Number) -> int:
    """A round top for the value axis: 1, 2 or 5 times a power of ten, at least `largest`."""
    if largest <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= largest:
                return step * factor
        step *= 10


def _scale(value: Number, top: int) -> Decimal:
    return round_half_up(Decimal(value) * (HEIGHT - TOP - BOTTOM) / top, 1)


def _ticks(top: int) -> tuple[Tick, ...]:
    """Round steps: a top of 5 000 in fifths, of 1 000 or 2 000 in quarters."""
    steps = 5 if str(top)[0] == "5" else 4
    return tuple(
        Tick(
            BASELINE - _scale(Decimal(top) * i / steps, top),
            swedish(Decimal(top) * i / steps),
        )
        for i in range(steps + 1)
    )


# The width of a character of a category's name (11 px DejaVu Sans), to see whether names fit.
CHARACTER = Decimal("6.6")


def _chart(title: str, bars: list[Bar], series: Series, top: int) -> Chart:
    """The chart; where a category's name is wider than its slot, the names stand upright
    below the axis, and the chart is as much taller as the longest name needs."""
    slot = Decimal(WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    longest = max((len(bar.category) for bar in bars), default=0) * CHARACTER
    angle, height = 0, HEIGHT
    if longest > slot - 4:
        angle = -90
        height = max(HEIGHT, int(round_half_up(BASELINE + 14 + longest)))
    legend = tuple(name for name, _ in series)
    return Chart(title, WIDTH, height, tuple(bars), legend, _ticks(top), BASELINE, angle)


def stacked(title: str, categories: list[str], series: Series, unit: str) -> Chart:
    """One bar per category, each series stacked on the one before."""
    totals = [sum((values[i] for _, values in series), 0) for i in range(len(categories))]
    top = _nice_top(max(totals, default=0))
    slot = Decimal(WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    width = round_half_up(slot * Decimal("0.6"), 1)
    bars = []
    for i, category in enumerate(categories):
        x = round_half_up(LEFT + slot * i + (slot - width) / 2, 1)
        base = BASELINE
        segments = []
        for s, (name, values) in enumerate(series):
            height = _scale(values[i], top)
            base -= height
            segments.append(
                Segment(
                    x,
                    base,
                    width,
                    height,
                    s,
                    values[i],
                    f"{name} {category}: {swedish(values[i])} {unit}",
                )
            )
        bars.append(Bar(category, round_half_up(x + width / 2, 1), tuple(segments)))
    return _chart(title, bars, series, top)


def grouped(title: str, categories: list[str], series: Series, unit: str) -> Chart:
    """For each category a group of bars side by side, one per series."""
    top = _nice_top(max((v for _, values in series for v in values), default=0))
    slot = Decimal(WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    width = round_half_up(slot * Decimal("0.7") / max(len(series), 1), 1)
    bars = []
    for i, category in enumerate(categories):
        start = LEFT + slot * i + (slot - width * len(series)) / 2
        segments = []
        for s, (name, values) in enumerate(series):
            height = _scale(values[i], top)
            segments.append(
                Segment(
                    round_half_up(start + width * s, 1),
                    BASELINE - height,
                    width,
                    height,
                    s,
                    values[i],
                    f"{category} {name}: {swedish(values[i])} {unit}",
                )
            )
        bars.append(
            Bar(category, round_half_up(start + width * len(series) / 2, 1), tuple(segments))
        )
    return _chart(title, bars, series, top)
