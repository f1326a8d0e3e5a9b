"""Councils with plans and history, for the cross-council summary's tests.

Each plan has its own seeded history: back-dated and late-recorded updates, proposals
waiting for sign-off, revised due dates, actions added late or never updated, and Board
meetings on days of its own (one plan has none), so every plan compares with a different
day.
"""

import datetime
import random

from django.utils import timezone

from actions.models import ActionUpdate, Rating
from plans.models import Plan
from reports.models import BoardMeeting
from tests.factories import (
    PLAN_START,
    ActionFactory,
    ActionUpdateFactory,
    PlanFactory,
    SectionFactory,
    UserFactory,
    recorded_on,
)

DAYS = [PLAN_START + datetime.timedelta(days=19 + 30 * n) for n in range(8)]
# The days the tests look at: after every update of DAYS[0..n] and between meetings.
AS_AT_DAYS = [DAYS[2] + datetime.timedelta(days=5), DAYS[5] + datetime.timedelta(days=2), DAYS[7]]


def plan_with_history(
    rng: random.Random, *, organisation: str, n_actions: int, members=(), **plan_fields
) -> Plan:
    plan = PlanFactory(organisation=organisation, members=list(members), **plan_fields)
    sections = [SectionFactory(plan=plan, number=n) for n in range(1, 4)]
    lead = UserFactory()
    start = plan.start_date
    for i in range(n_actions):
        added = rng.choice([start, start, DAYS[3], DAYS[5]])
        action = ActionFactory(
            section=rng.choice(sections[:2]),
            reference=f"{i + 1:02d}",
            lead=lead,
            added_on=added,
            start_date=added,
            original_due_date=due
            if (due := rng.choice([None, *DAYS[2::2]])) and due >= added
            else None,
        )
        for day in sorted(rng.sample(DAYS, rng.randint(0, 5))):
            day = max(day, added)
            rating = rng.choice(Rating.values)
            # Most recorded on the day; some a fortnight late, so "as known then" differs.
            late = rng.random() < 0.2
            recorded = recorded_on(day + datetime.timedelta(days=14 if late else 0))
            kind = ActionUpdate.Kind.PROGRESS
            if rating == Rating.BLUE and rng.random() < 0.5:
                kind = ActionUpdate.Kind.COMPLETION_PROPOSED  # not counted until signed off
            ActionUpdateFactory(
                action=action,
                author=lead,
                kind=kind,
                effective_date=day,
                recorded_at=min(recorded, timezone.now()),
                rating=rating,
                slippage_reason="other" if rating in ("amber", "red") else "",
                revised_due_date=rng.choice([None, None, max(DAYS[6], day)]),
            )
    for day in rng.sample(DAYS[1:], rng.randint(0, 3)):
        BoardMeeting.objects.create(plan=plan, date=day + datetime.timedelta(rng.randint(0, 9)))
    return plan


def councils(n_councils: int, *, plans_each: int = 1, n_actions: int = 12, seed: int = 7):
    """``n_councils`` councils ("Council 1"...), each with ``plans_each`` plans."""
    rng = random.Random(seed)
    return [
        plan_with_history(rng, organisation=f"Council {c + 1}", n_actions=n_actions)
        for c in range(n_councils)
        for _ in range(plans_each)
    ]
