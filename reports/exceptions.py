"""Exception reporting: what the Board should look at first."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from actions.models import Action, ActionQuerySet, Rating


def one_reporting_month_before(as_at: datetime.date) -> datetime.date:
    """The same day a month earlier, or that month's last day (31 March -> 29 February)."""
    year, month = (as_at.year, as_at.month - 1) if as_at.month > 1 else (as_at.year - 1, 12)
    next_month_start = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_start - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(as_at.day, last_day))


# Each rule exists twice: as a Q for querysets annotated by ``with_state_as_at`` (lists
# and filters), and as a test on one such action (the dashboard sorts actions it already
# holds). tests/reports/test_dashboard_data.py keeps the two in step.


def overdue_q(as_at: datetime.date) -> Q:
    """Due date (as revised by then) passed and not Blue; actions never rated count too."""
    return Q(due_date_as_at__lt=as_at) & (
        Q(rating_as_at__isnull=True) | ~Q(rating_as_at=Rating.BLUE)
    )


def stale_q(as_at: datetime.date) -> Q:
    """Not Blue, and no update of any kind for more than one reporting month."""
    quiet = Q(updated_on_as_at__isnull=True) | Q(
        updated_on_as_at__lt=one_reporting_month_before(as_at)
    )
    return quiet & (Q(rating_as_at__isnull=True) | ~Q(rating_as_at=Rating.BLUE))


def is_red_or_amber(action: Action) -> bool:
    return action.rating_as_at in (Rating.RED, Rating.AMBER)


def is_overdue(action: Action, as_at: datetime.date) -> bool:
    due = action.due_date_as_at
    return due is not None and due < as_at and action.rating_as_at != Rating.BLUE


def is_stale(action: Action, as_at: datetime.date) -> bool:
    if action.rating_as_at == Rating.BLUE:
        return False
    updated = action.updated_on_as_at
    return updated is None or updated < one_reporting_month_before(as_at)


@dataclass
class Exceptions:
    red_amber: ActionQuerySet
    overdue: ActionQuerySet
    stale: ActionQuerySet


def exceptions_as_at(plan, as_at: datetime.date) -> Exceptions:
    """Red and Amber actions, overdue actions (not Blue, due date passed) and stale
    actions (no update for more than one reporting month), each as at ``as_at``."""
    actions = (
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_state_as_at(as_at)
        .select_related("section", "lead")
        .order_by("section__number", "reference")
    )
    return Exceptions(
        red_amber=actions.filter(rating_as_at__in=[Rating.RED, Rating.AMBER]).order_by(
            # Red first: the Board reads the worst news first.
            "-rating_as_at",
            "section__number",
            "reference",
        ),
        overdue=actions.filter(overdue_q(as_at)),
        stale=actions.filter(stale_q(as_at)),
    )
