"""What the report pages know of the demo plan: its slug and the day its story ends.

The demo itself (its content and its loading) is the ``demo`` app's, above every other
app; the pages need only this, to offer the demo as at its last Board.
"""

import datetime

from plans.models import Plan

# The demo plan's slug (the demo app loads the plan with it).
DEMO_PLAN_SLUG = "medway-improvement-plan"
# The Improvement Board of 23 April 2020, where the demo's history ends.
BOARD_DATE = datetime.date(2020, 4, 23)


def demo_best_seen_as_at(plan: Plan, day: datetime.date) -> datetime.date | None:
    """The day the demo plan is best seen as at, when the page shows it at a later day.

    Its history ends with the Board of 23 April 2020, so as at any later day every
    unfinished action looks overdue and in need of an update.
    """
    return BOARD_DATE if plan.slug == DEMO_PLAN_SLUG and day > BOARD_DATE else None
