"""Reading the "as at" date that every page and report can be taken at."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils import timezone

from .forms import date_from_parts, date_parts


@dataclass(frozen=True)
class AsAt:
    """The day a page shows, and why, if the day asked for could not be used."""

    date: datetime.date
    requested: str = ""
    error: str = ""
    # The day the page was asked for on, read once with ``date``, so a request that
    # runs past midnight stays on one day throughout.
    today: datetime.date | None = None

    # Read on every row of a list (to keep the date on links): worked out once per page.
    @cached_property
    def is_today(self) -> bool:
        return self.date == (self.today or timezone.localdate())

    @cached_property
    def is_past(self) -> bool:
        return self.date < (self.today or timezone.localdate())

    def query(self) -> str:
        """The query-string fragment that keeps this date on links, or nothing for today."""
        return "" if self.is_today else f"as_at={self.date.isoformat()}"


def parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def date_problem(raw: str, noun: str = "The date") -> str:
    """What is wrong with a date typed in a GET form's boxes (or given in an address),
    in the words of the GOV.UK date input."""
    try:
        date_from_parts(date_parts(raw), noun)
    except ValidationError as error:
        return error.messages[0]
    return f"{noun} must be a real date, for example 23 4 2020."


def as_at_from_request(request, param: str = "as_at") -> AsAt:
    """The as-at date in the request, falling back to today with a message when unusable."""
    today = timezone.localdate()
    raw = request.GET.get(param, "").strip()
    if not raw:
        return AsAt(date=today, today=today)
    parsed = parse_date(raw)
    if parsed is None:
        return AsAt(
            date=today,
            requested=raw,
            error=f"{date_problem(raw)} Showing today instead.",
            today=today,
        )
    if parsed > today:
        return AsAt(
            date=today,
            requested=raw,
            error="The date cannot be in the future. Showing today instead.",
            today=today,
        )
    return AsAt(date=parsed, requested=raw, today=today)
