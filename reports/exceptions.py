"""Exception reporting: what the Board should look at first."""

import datetime
from dataclasses import dataclass

from actions.models import Action, ActionQuerySet, Rating
from actions.rules import overdue_q, stale_q


def is_red_or_amber(action: Action) -> bool:
    return action.rating_as_at in (Rating.RED, Rating.AMBER)


@dataclass
class Exceptions:
    red_amber: ActionQuerySet
    overdue: ActionQuerySet
    stale: ActionQuerySet


def exceptions_as_at(plan, as_at: datetime.date, *, known_now: bool = False) -> Exceptions:
    """Red and Amber actions, overdue actions (not Blue, due date passed) and stale
    actions (no update for more than one reporting month), each as at ``as_at``."""
    actions = Action.objects.in_plan(plan).listed_as_at(as_at, known_now=known_now)
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
