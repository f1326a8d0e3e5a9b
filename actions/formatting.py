"""Dates as the reading pages write them, without Django's general date formatter, which
costs more than the rest of a row: for the rows and history entries written in Python
(``reports/templatetags/action_rows.py``, ``actions/templatetags/action_history.py``)."""

import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# As Django's date filter writes them in English ("j M Y": 3 Sep 2020, "j F Y": 3 September
# 2020).
DAY_FORMATS = {
    "j M Y": lambda day: f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}",
    "j F Y": lambda day: f"{day.day} {MONTHS[day.month - 1]} {day.year}",
}


def day_text(value, date_format: str) -> str:
    """``value|date:date_format``, quicker for a plain date in the formats rows use."""
    fast = DAY_FORMATS.get(date_format)
    if fast and type(value) is datetime.date:
        return fast(value)
    return date_filter(value, date_format)


def moment_text(value: datetime.datetime) -> str:
    """``value|date:"j F Y H:i"`` in a template: the moment in the service's time zone
    ("3 September 2020 14:05")."""
    local = timezone.localtime(value)
    return f"{DAY_FORMATS['j F Y'](local)} {local:%H:%M}"
