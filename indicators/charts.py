"""Line charts of a monthly series as plain numbers for an inline SVG.

The templates draw the SVG from these numbers with attributes and classes only (no
inline styles), and always say in words what the chart shows: ``description`` is the
chart's text alternative, and the detail page also lists every value in a table.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from .formatting import format_measure
from .models import Unit
from .periods import add_months, period_label


@dataclass(frozen=True)
class ChartPoint:
    period: datetime.date
    value: Decimal
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    paths: list[str]
    points: list[ChartPoint]
    target_y: float | None
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    description: str

    @property
    def last(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None

    # Where the axis labels and tick marks go, beside the plotting area.
    @property
    def y_label_x(self) -> float:
        return self.left - 8

    @property
    def x_label_y(self) -> float:
        return self.bottom + 24

    @property
    def x_tick_end(self) -> float:
        return self.bottom + 6


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-numbered ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering
    ``low``..``high``."""
    span = high - low
    if span <= 0:
        # A flat series: show it mid-chart on a scale a tenth either side of its value,
        # but never below zero when nothing is (counts and rates are not negative).
        span = max(abs(high) / 5, 1.0)
        low, high = (low - span / 2 if low < 0 else max(low - span / 2, 0)), high + span / 2
        span = high - low
    raw = span / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    n = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(n + 1)]


def _describe(values: list[tuple[datetime.date, Decimal]], unit: str, n_months: int) -> str:
    if not values:
        return "No values recorded."
    first_period, first = values[0]
    last_period, last = values[-1]
    if len(values) == 1:
        return f"One value recorded: {format_measure(last, unit)} in {period_label(last_period)}."
    numbers = [value for _, value in values]
    text = (
        f"From {format_measure(first, unit)} in {period_label(first_period)} "
        f"to {format_measure(last, unit)} in {period_label(last_period)}; "
        f"highest {format_measure(max(numbers), unit)}, "
        f"lowest {format_measure(min(numbers), unit)}."
    )
    missing = n_months - len(values)
    if missing:
        text += f" No value for {missing} of the {n_months} months."
    return text


def line_chart(
    values: list[tuple[datetime.date, Decimal]],
    *,
    unit: str,
    target: Decimal | None,
    months: list[datetime.date],
    width: int,
    height: int,
    margins: tuple[int, int, int, int] = (4, 4, 4, 4),
    axes: bool = False,
) -> Chart:
    """A line through ``values`` (period, value; in period order) across ``months``.

    Months with no value break the line rather than joining across the gap. ``margins``
    are top, right, bottom, left; with ``axes`` the chart carries y-axis ticks at round
    numbers and x-axis month labels.
    """
    top, right_margin, bottom_margin, left = margins
    right, bottom = width - right_margin, height - bottom_margin
    numbers = [float(v) for _, v in values]
    if target is not None:
        numbers.append(float(target))
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    if axes:
        ticks = nice_ticks(low, high)
        low, high = ticks[0], ticks[-1]
    elif high == low:
        low, high = low - 1, high + 1

    def y_of(number: float) -> float:
        return round(bottom - (number - low) / (high - low) * (bottom - top), 2)

    index = {month: i for i, month in enumerate(months)}

    def x_of(month: datetime.date) -> float:
        if len(months) == 1:
            return round((left + right) / 2, 2)
        return round(left + index[month] * (right - left) / (len(months) - 1), 2)

    points = [
        ChartPoint(period=p, value=v, x=x_of(p), y=y_of(float(v))) for p, v in values if p in index
    ]
    paths: list[str] = []
    run: list[ChartPoint] = []
    for point in points:
        if run and index[point.period] != index[run[-1].period] + 1:
            paths.append(_path(run))
            run = []
        run.append(point)
    if run:
        paths.append(_path(run))

    tick_unit = unit if unit == Unit.PERCENT else Unit.NUMBER
    y_ticks = [(y_of(t), format_measure(Decimal(str(t)), tick_unit)) for t in ticks] if axes else []
    x_ticks = []
    if axes and months:
        every = max(1, math.ceil(len(months) / 8))
        for i, month in enumerate(months):
            if (len(months) - 1 - i) % every == 0:
                x_ticks.append((x_of(month), f"{month:%b %Y}"))

    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        paths=paths,
        points=points,
        target_y=y_of(float(target)) if target is not None else None,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        description=_describe(values, unit, len(months)),
    )


def _path(run: list[ChartPoint]) -> str:
    return "M" + " L".join(f"{p.x} {p.y}" for p in run)


SPARKLINE_MONTHS = 13


def sparkline(
    values: list[tuple[datetime.date, Decimal]], *, unit: str, target: Decimal | None
) -> Chart:
    """The thirteen months up to the latest value: this month and the same month a
    year before at either end."""
    if not values:
        return line_chart([], unit=unit, target=None, months=[], width=120, height=36)
    last = values[-1][0]
    months = months_between(add_months(last, 1 - SPARKLINE_MONTHS), last)
    window = [(p, v) for p, v in values if p >= months[0]]
    return line_chart(window, unit=unit, target=target, months=months, width=120, height=36)


def series_chart(
    values: list[tuple[datetime.date, Decimal]], *, unit: str, target: Decimal | None
) -> Chart:
    """The whole series with axes, for the indicator's own page."""
    months = months_between(values[0][0], values[-1][0]) if values else []
    return line_chart(
        values,
        unit=unit,
        target=target,
        months=months,
        width=720,
        height=300,
        margins=(16, 24, 40, 64),
        axes=True,
    )
