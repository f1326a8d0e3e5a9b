"""What a browser sends for the action forms, for tests to post."""

import datetime

from django.utils import timezone


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    """The three boxes of a GOV.UK date input, filled in with ``day``."""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
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
