"""The "Impact and performance" section of the Board's reports.

A report view calls ``impact_rows(plan, as_at)`` and includes
``indicators/includes/impact_section.html`` with ``impact_rows`` in the context.
"""

import datetime

from plans.models import Plan

from .scorecard import IndicatorRow, scorecard_rows

# Indicators with no value yet come after every judged one.
_NO_VALUE = 99


def impact_rows(plan: Plan, as_at: datetime.date) -> list[IndicatorRow]:
    """Every indicator as known at the end of the date (a paper's figures are as known
    on its date), off target first, then within tolerance, on target, not judged
    against a target, and with no value yet; the scorecard order within each. Two
    queries."""
    rows = scorecard_rows(plan, as_at)
    return sorted(rows, key=lambda row: row.status.severity if row.status else _NO_VALUE)
