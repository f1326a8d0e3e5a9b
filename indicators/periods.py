"""Monthly periods: a month is held as the date of its first day."""

import datetime
import re

from django.utils import timezone

_PERIOD = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(period: datetime.date, months: int) -> datetime.date:
    index = period.year * 12 + (period.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def current_period() -> datetime.date:
    return month_start(timezone.localdate())


def parse_period(text: str) -> datetime.date | None:
    """``2020-03`` as 1 March 2020; None for anything else."""
    match = _PERIOD.match(text or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1900:
        return None
    return datetime.date(year, month, 1)


def period_key(period: datetime.date) -> str:
    return f"{period:%Y-%m}"


def period_label(period: datetime.date) -> str:
    return f"{period:%B %Y}"
