import datetime
from decimal import Decimal

import pytest

from indicators.charts import nice_ticks, series_chart, sparkline
from indicators.formatting import format_measure


def month(m: int, year: int = 2020) -> datetime.date:
    return datetime.date(year, m, 1)


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (20, 46, [20, 30, 40, 50]),
        (70, 95, [70, 80, 90, 100]),
        (19.1, 24.9, [18, 20, 22, 24, 26]),
        (38, 412, [0, 100, 200, 300, 400, 500]),
        (0.2, 0.9, [0.2, 0.4, 0.6, 0.8, 1]),
        (74, 74, [65, 70, 75, 80, 85]),
        (0, 0, [0, 0.2, 0.4, 0.6]),
    ],
)
def test_axis_ticks_are_round_numbers_covering_the_values(low, high, ticks):
    assert nice_ticks(low, high) == ticks


def test_a_missing_month_breaks_the_line():
    values = [(month(1), Decimal(30)), (month(2), Decimal(28)), (month(4), Decimal(25))]
    chart = series_chart(values, unit="number", target=Decimal(22))
    assert len(chart.paths) == 2
    assert chart.paths[0].count("L") == 1 and "L" not in chart.paths[1]
    assert [label for _, label in chart.x_ticks][-1] == "Apr 2020"
    assert chart.description == (
        "From 30 in January 2020 to 25 in April 2020; highest 30, lowest 25. "
        "No value for 1 of the 4 months."
    )
    # Lower values sit lower on the page (a larger y), the target lowest of all.
    assert chart.points[0].y < chart.points[-1].y < chart.target_y


def test_the_sparkline_covers_the_thirteen_months_to_the_latest():
    values = [(month(m, 2019), Decimal(m)) for m in range(1, 13)] + [(month(1), Decimal(13))]
    chart = sparkline(values, unit="percent", target=None)
    assert [p.period for p in chart.points][0] == month(1, 2019)
    assert chart.points[0].x == chart.left and chart.points[-1].x == chart.right
    assert chart.description.startswith("From 1% in January 2019 to 13% in January 2020")
    assert chart.target_y is None


def test_one_value_and_none():
    one = sparkline([(month(3), Decimal("19.3"))], unit="number", target=Decimal(18))
    assert one.description == "One value recorded: 19.3 in March 2020."
    assert sparkline([], unit="number", target=None).points == []


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("34.00", "number", "34"),
        ("19.30", "number", "19.3"),
        ("1408", "number", "1,408"),
        ("90.00", "percent", "90%"),
        ("45", "days", "45 days"),
        ("1", "days", "1 day"),
        ("0", "number", "0"),
    ],
)
def test_values_are_written_as_people_write_them(value, unit, text):
    assert format_measure(Decimal(value), unit) == text
