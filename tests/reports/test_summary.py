import datetime

import pytest

from actions.models import Rating
from actions.services import action_update_record
from reports.summary import plan_summary
from tests.factories import ActionFactory, PlanFactory, SectionFactory, UserFactory, recorded_on

pytestmark = pytest.mark.django_db

OCT = datetime.date(2019, 10, 20)
NOV = datetime.date(2019, 11, 20)
DEC = datetime.date(2019, 12, 20)


def record(action, when, rating, **kwargs):
    reason = "capacity" if rating in (Rating.AMBER, Rating.RED) else ""
    return action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=f"{rating} on {when}",
        slippage_reason=reason,
        **kwargs,
    )


def counts(row):
    return (row.total, *(row.counts[r] for r in Rating.values))


def test_it_counts_the_rating_in_force_on_each_date():
    plan = PlanFactory()
    first = SectionFactory(plan=plan, number=1)
    second = SectionFactory(plan=plan, number=2)
    a, b = ActionFactory(section=first), ActionFactory(section=first)
    c = ActionFactory(section=second)
    record(a, OCT, Rating.GREEN)
    record(b, OCT, Rating.AMBER)
    record(c, OCT, Rating.RED)
    record(a, NOV, Rating.AMBER)
    record(b, DEC, Rating.BLUE)

    at_oct = plan_summary(plan, OCT)
    assert [counts(row) for row in at_oct.rows] == [(2, 0, 1, 1, 0), (1, 0, 0, 0, 1)]
    at_nov = plan_summary(plan, NOV)
    assert [counts(row) for row in at_nov.rows] == [(2, 0, 0, 2, 0), (1, 0, 0, 0, 1)]
    at_dec = plan_summary(plan, DEC)
    assert [counts(row) for row in at_dec.rows] == [(2, 1, 0, 1, 0), (1, 0, 0, 0, 1)]
    assert counts(at_dec.total) == (3, 1, 0, 1, 1)
    assert at_dec.total.percent_complete == 33


def test_a_backdated_update_recorded_later_wins_on_its_day():
    plan = PlanFactory()
    action = ActionFactory(section=SectionFactory(plan=plan))
    record(action, NOV, Rating.GREEN)
    record(action, NOV, Rating.RED)  # same day, recorded later: the correction stands

    assert plan_summary(plan, NOV).total.counts[Rating.RED] == 1
    assert plan_summary(plan, NOV).total.counts[Rating.GREEN] == 0


def test_actions_not_yet_added_or_rated_are_not_miscounted():
    plan = PlanFactory()
    section = SectionFactory(plan=plan)
    rated = ActionFactory(section=section)
    ActionFactory(section=section)  # in the plan, never rated
    ActionFactory(section=section, added_on=DEC)  # joins the plan in December
    record(rated, OCT, Rating.GREEN)

    at_nov = plan_summary(plan, NOV)
    assert at_nov.total.total == 2
    assert at_nov.total.not_rated == 1
    assert plan_summary(plan, DEC).total.total == 3


def test_it_ignores_other_plans():
    plan, other = PlanFactory(), PlanFactory()
    record(ActionFactory(section=SectionFactory(plan=other)), OCT, Rating.RED)
    record(ActionFactory(section=SectionFactory(plan=plan)), OCT, Rating.GREEN)

    assert counts(plan_summary(plan, OCT).total) == (1, 0, 1, 0, 0)


@pytest.mark.parametrize("n_actions", [5, 500])
def test_query_count_does_not_grow_with_the_plan(n_actions, django_assert_num_queries):
    plan = PlanFactory()
    sections = [SectionFactory(plan=plan, number=n) for n in range(1, 6)]
    lead = UserFactory()
    for i in range(n_actions):
        action = ActionFactory(section=sections[i % 5], lead=lead, reference=f"{i:04d}")
        record(action, OCT, [Rating.GREEN, Rating.AMBER, Rating.RED][i % 3])
        if i % 2:
            record(action, NOV, Rating.BLUE)

    # 1: sections with their action totals; 2: ratings in force, grouped.
    with django_assert_num_queries(2):
        summary = plan_summary(plan, DEC)
    assert summary.total.total == n_actions
    assert sum(summary.total.counts.values()) == n_actions
