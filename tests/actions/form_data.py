"""What a browser sends for the action forms, for tests to post."""

import datetime

from django.utils import timezone


def date_fields(name: str, day: datetime.date | str) -> dict[str, str]:
    """The three boxes of a GOV.UK date input, filled in with ``day``: a date, or what a
    person typed as "day/month/year" (a wrong date, a part left out)."""
    if isinstance(day, datetime.date):
        typed = [str(day.day), str(day.month), str(day.year)]
    else:
        typed = (day.split("/") + ["", ""])[:3]
    return {
        f"{name}-{part}": text for part, text in zip(("day", "month", "year"), typed, strict=True)
    }


def update_data(action, **overrides) -> dict:
    """A valid 'post an update' form for the action's current version, dated today."""
    data = {
        "version": str(action.version),
        "rating": "green",
        "commentary": "Audit tool agreed with team managers.",
        **date_fields("effective_date", timezone.localdate()),
    }
    data.update(overrides)
    return data
