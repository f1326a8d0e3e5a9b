"""The scorecard: every indicator of a plan with its latest value as at a date.

Two queries whatever the number of indicators: the indicators with their owners, and
the values in force for months up to the date.
"""

import datetime
from collections import defaultdict
from functools import cached_property

from plans.models import Plan

from .charts import Chart, sparkline
from .models import Indicator, IndicatorValue
from .periods import add_months
from .status import Direction, Status, direction_of


class IndicatorRow:
    """An indicator and its series of values in force (oldest first) as at a date."""

    def __init__(self, indicator: Indicator, series: list[IndicatorValue], as_at: datetime.date):
        self.indicator = indicator
        self.series = series
        self.as_at = as_at

    @cached_property
    def by_period(self) -> dict[datetime.date, IndicatorValue]:
        return {value.period: value for value in self.series}

    @property
    def latest(self) -> IndicatorValue | None:
        return self.series[-1] if self.series else None

    def _months_before_latest(self, months: int) -> IndicatorValue | None:
        if self.latest is None:
            return None
        return self.by_period.get(add_months(self.latest.period, -months))

    @property
    def previous_period(self) -> datetime.date | None:
        return add_months(self.latest.period, -1) if self.latest else None

    @property
    def year_ago_period(self) -> datetime.date | None:
        return add_months(self.latest.period, -12) if self.latest else None

    @property
    def previous(self) -> IndicatorValue | None:
        """The value for the month before the latest (not merely the one before it)."""
        return self._months_before_latest(1)

    @property
    def year_ago(self) -> IndicatorValue | None:
        """The value for the same month a year before the latest."""
        return self._months_before_latest(12)

    @property
    def status(self) -> Status | None:
        return self.indicator.status_for(self.latest.value) if self.latest else None

    def _direction(self, earlier: IndicatorValue | None) -> Direction | None:
        return direction_of(
            self.latest.value if self.latest else None,
            earlier.value if earlier else None,
            polarity=self.indicator.polarity,
        )

    @property
    def vs_previous(self) -> Direction | None:
        return self._direction(self.previous)

    @property
    def vs_year_ago(self) -> Direction | None:
        return self._direction(self.year_ago)

    @cached_property
    def trend(self) -> Chart:
        return sparkline(
            [(value.period, value.value) for value in self.series],
            unit=self.indicator.unit,
            target=self.indicator.target,
        )


def in_force(versions: list[IndicatorValue], as_at: datetime.date) -> list[IndicatorValue]:
    """Of the versions known (``IndicatorValueQuerySet.known_as_at``), the one in force
    for each month: the one no known version corrects. Each is marked ``restated`` when
    it was entered after ``as_at`` (a late value or a correction recorded since)."""
    corrected = {value.supersedes_id for value in versions if value.supersedes_id}
    current = [value for value in versions if value.pk not in corrected]
    for value in current:
        value.restated = value.entered_after(as_at)
    return current


def scorecard_rows(
    plan: Plan, as_at: datetime.date, *, known_now: bool = False
) -> list[IndicatorRow]:
    """One row per indicator, in the plan's scorecard order: as known at the end of
    ``as_at``, or with ``known_now`` as known today."""
    indicators = list(Indicator.objects.in_plan(plan).select_related("owner"))
    by_pk = {indicator.pk: indicator for indicator in indicators}
    series: dict[int, list[IndicatorValue]] = defaultdict(list)
    versions = list(
        IndicatorValue.objects.known_as_at(as_at, known_now=known_now)
        .filter(indicator__plan=plan)
        .select_related("entered_by")
        .order_by("indicator_id", "period", "pk")
    )
    for value in in_force(versions, as_at):
        # Each value already knows its indicator, so reading .indicator costs no query.
        value.indicator = by_pk[value.indicator_id]
        series[value.indicator_id].append(value)
    return [IndicatorRow(indicator, series[indicator.pk], as_at) for indicator in indicators]


class SeriesEntry:
    """One month on the indicator's page: the value in force and the ones it corrected."""

    def __init__(self, row: IndicatorRow, value: IndicatorValue, earlier: list[IndicatorValue]):
        self.value = value
        self.earlier = earlier  # newest first
        indicator = row.indicator
        self.status = indicator.status_for(value.value)
        before = row.by_period
        self.vs_previous = direction_of(
            value.value,
            getattr(before.get(add_months(value.period, -1)), "value", None),
            polarity=indicator.polarity,
        )
        self.vs_year_ago = direction_of(
            value.value,
            getattr(before.get(add_months(value.period, -12)), "value", None),
            polarity=indicator.polarity,
        )


def indicator_series(
    indicator: Indicator, as_at: datetime.date, *, known_now: bool = False
) -> tuple[IndicatorRow, list[SeriesEntry]]:
    """The indicator's row as at the date, and every month up to it, newest first, each
    with its corrections (as known at the end of ``as_at`` unless ``known_now``). One
    query."""
    versions = list(
        indicator.monthly_values.known_as_at(as_at, known_now=known_now)
        .select_related("entered_by")
        .order_by("period", "pk")
    )
    by_pk = {value.pk: value for value in versions}
    for value in versions:
        value.indicator = indicator
    current = in_force(versions, as_at)
    row = IndicatorRow(indicator, current, as_at)
    entries = []
    for value in reversed(current):
        earlier = []
        link = value.supersedes_id
        while link is not None:
            earlier.append(by_pk[link])
            link = by_pk[link].supersedes_id
        entries.append(SeriesEntry(row, value, earlier))
    return row, entries
