"""Reading the "as at" date that every page and report can be taken at."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils import timezone

from .forms import date_from_parts, date_parts

# ``?known=now``: the period as known today, later corrections included. Without it a
# page shows what was known at the end of its as-at day (see actions/rules.py).
KNOWN_PARAM = "known"
KNOWN_NOW = "now"


@dataclass(frozen=True)
class AsAt:
    """The day a page shows, and why, if the day asked for could not be used.

    ``known_now`` asks for that day as known today (corrections recorded since
    included, marked as restated) instead of as known at the end of it.
    """

    date: datetime.date
    requested: str = ""
    error: str = ""
    # The day the page was asked for on, read once with ``date``, so a request that
    # runs past midnight stays on one day throughout.
    today: datetime.date | None = None
    known_now: bool = False

    # Read on every row of a list (to keep the date on links): worked out once per page.
    @cached_property
    def is_today(self) -> bool:
        return self.date == (self.today or timezone.localdate())

    @cached_property
    def is_past(self) -> bool:
        return self.date < (self.today or timezone.localdate())

    @property
    def mode(self) -> str:
        """The picture shown, for keys of kept pages: "known-now" or "known-then"."""
        return "known-now" if self.known_now else "known-then"

    def query(self) -> str:
        """The query-string fragment that keeps this date (and "as known now") on links,
        or nothing for today."""
        if self.is_today:
            return ""
        query = f"as_at={self.date.isoformat()}"
        return f"{query}&{KNOWN_PARAM}={KNOWN_NOW}" if self.known_now else query


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
    """The as-at date in the request, falling back to today with a message when unusable.

    The page says which day it shows instead, so a bad date never passes silently.
    """
    today = timezone.localdate()
    raw = request.GET.get(param, "").strip()
    known_now = request.GET.get(KNOWN_PARAM, "").strip() == KNOWN_NOW
    if not raw:
        return AsAt(date=today, today=today, known_now=known_now)
    parsed = parse_date(raw)
    if parsed is None:
        return AsAt(
            date=today,
            requested=raw,
            error=f"{date_problem(raw)} Showing today instead.",
            today=today,
            known_now=known_now,
        )
    if parsed > today:
        return AsAt(
            date=today,
            requested=raw,
            error=f"The date cannot be in the future ({parsed:%-d %B %Y} is after today). "
            "Showing today instead.",
            today=today,
            known_now=known_now,
        )
    return AsAt(date=parsed, requested=raw, today=today, known_now=known_now)
