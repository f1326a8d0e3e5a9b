"""Writes to indicators' monthly values. Each runs in one transaction."""

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from improvement_board.conflicts import EditConflict, check_version
from plans.revisions import revise
from plans.writable import check_plan_writable

from .imports import parse_values_csv
from .models import Indicator, IndicatorValue
from .periods import period_label
from .values import UNCHECKED, ValueEntry

logger = logging.getLogger(__name__)


class StaleValueError(EditConflict):
    """The month's value changed after the form was opened; nothing was written."""

    def __init__(self, indicator: Indicator, period: datetime.date, current: IndicatorValue):
        super().__init__(
            f"{indicator.name} for {period_label(period)} was changed by someone else."
        )
        self.indicator = indicator
        self.period = period
        self.current = current


@dataclass
class RecordResult:
    added: int = 0
    corrected: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.added + self.corrected


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    period: datetime.date,
    value: Decimal,
    commentary: str,
    entered_by,
    expected_current: int | None | object = UNCHECKED,
    source: str = "",
    entered_at: datetime.datetime | None = None,
) -> IndicatorValue | None:
    """Record a month's value, or correct it if the month has one (keeping the earlier).

    Returns the new value, or None when the month already holds exactly this value and
    commentary. With ``expected_current``, raises ``StaleValueError`` if the month's
    value is no longer the one the user saw.
    """
    if (
        not Indicator.objects.in_plan(indicator.plan_id)
        .enterable_by(entered_by)
        .filter(pk=indicator.pk)
        .exists()
    ):
        logger.warning(
            "Denied: user %s tried to enter a value for indicator %s", entered_by.pk, indicator.pk
        )
        raise PermissionDenied(f"You cannot enter values for {indicator.name}.")
    # Locking the indicator serialises writers, so two people correcting the same month
    # cannot both build on the same earlier value.
    locked = Indicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    check_plan_writable(locked.plan)
    revise(locked.plan, because="an indicator's monthly value recorded")
    current = IndicatorValue.objects.current().filter(indicator=locked, period=period).first()
    # The "version" of a month is the value in force the person saw (its id).
    if expected_current is not UNCHECKED:
        check_version(
            current.pk if current else None,
            expected_current,
            StaleValueError(locked, period, current),
        )
    commentary = commentary.strip()
    if current and current.value == value and current.commentary == commentary:
        return None
    new = IndicatorValue(
        indicator=locked,
        period=period,
        value=value,
        commentary=commentary,
        entered_by=entered_by,
        source=source,
        supersedes=current,
    )
    if entered_at is not None:
        new.entered_at = entered_at
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def indicator_values_record(
    *, entries: Sequence[ValueEntry], entered_by, source: str = ""
) -> RecordResult:
    """Record several values all together: if any one fails, none is stored."""
    revise(*{entry.indicator.plan_id for entry in entries}, because="indicator values recorded")
    result = RecordResult()
    for entry in entries:
        new = indicator_value_record(
            indicator=entry.indicator,
            period=entry.period,
            value=entry.value,
            commentary=entry.commentary,
            entered_by=entered_by,
            expected_current=entry.expected_current,
            source=source,
        )
        if new is None:
            result.unchanged += 1
        elif new.supersedes_id:
            result.corrected += 1
        else:
            result.added += 1
    return result


class ImportRejected(Exception):
    """The file had problems; nothing from it was stored."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s) in the file.")
        self.errors = errors


@transaction.atomic
def indicator_values_import(*, plan, user, data: bytes, filename: str) -> RecordResult:
    """Record every value in a CSV file, or none of them.

    Raises ``ImportRejected`` with row-by-row problems; a month that already holds the
    same value and commentary is left as it is, so importing a file twice is harmless.
    """
    indicators = list(Indicator.objects.in_plan(plan).select_related("owner", "plan"))
    enterable = set(Indicator.objects.in_plan(plan).enterable_by(user).values_list("pk", flat=True))
    parsed = parse_values_csv(data, indicators=indicators, enterable=enterable)
    if parsed.errors:
        raise ImportRejected(parsed.errors)
    return indicator_values_record(
        entries=parsed.entries, entered_by=user, source=f"CSV import: {filename}"[:200]
    )
