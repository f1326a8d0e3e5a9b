"""The cross-council figures (reports.across_plans.plan_standings) are each plan's own
dashboard figures, counted for every plan at once."""

import datetime
import random

import pytest
from django.db.models import Value

from actions.models import ActionUpdate
from actions.rules import counts_as_at_q, counts_on_day_q
from plans.models import Plan
from reports.across_plans import plan_standings, rating_totals
from reports.dashboard import plan_dashboard
from reports.movement import default_comparison, direction
from tests.factories import PLAN_START, ActionUpdateFactory
from tests.reports.oversight_world import AS_AT_DAYS, DAYS, plan_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    """Three plans of one council and two of another, one of them started late."""
    rng = random.Random(11)
    made = [
        plan_with_history(rng, organisation="Medway Council", n_actions=25),
        plan_with_history(rng, organisation="Medway Council", n_actions=10),
        plan_with_history(rng, organisation="Medway Council", n_actions=0),
        plan_with_history(rng, organisation="Kent County Council", n_actions=30),
        plan_with_history(
            rng,
            organisation="Kent County Council",
            n_actions=15,
            start_date=DAYS[3],
            status=Plan.Status.DRAFT,
        ),
    ]
    # Different plans compare with different days, so the test covers the per-plan date.
    days = {default_comparison(plan, AS_AT_DAYS[-1]).date for plan in made}
    assert len(days) >= 3
    return made


def dashboard_figures(plan, as_at, known_now):
    comparison = default_comparison(plan, as_at)
    board = plan_dashboard(plan, as_at, comparison.date, known_now=known_now)
    moved = {"improved": 0, "worsened": 0, "new": 0}
    for action in board.moved.shown:
        moved[direction(action.rating_before, action.rating_as_at)] += 1
    total = board.summary.total
    return {
        "comparison": comparison,
        "now": (total.total, total.counts, total.not_rated, total.percent_complete),
        "then": (board.summary_then.total.total, board.summary_then.total.counts),
        "changes": [(c.rating, c.then, c.now) for c in board.changes[-1].changes],
        "moved": moved,
        "overdue": board.overdue.total,
        "stale": board.stale.total,
    }


def summary_figures(standing):
    now = standing.now
    return {
        "comparison": standing.comparison,
        "now": (now.total, now.counts, now.not_rated, now.percent_complete),
        "then": (standing.then.total, standing.then.counts),
        "changes": [(c.rating, c.then, c.now) for c in standing.changes],
        "moved": standing.moved,
        "overdue": standing.overdue,
        "stale": standing.stale,
    }


@pytest.mark.parametrize("known_now", [False, True])
def test_each_plan_has_its_dashboard_figures(plans, known_now):
    for as_at in AS_AT_DAYS:
        standings = plan_standings(Plan.objects.order_by("pk"), as_at, known_now=known_now)
        assert [s.plan for s in standings] == plans
        for standing in standings:
            expected = dashboard_figures(standing.plan, as_at, known_now)
            assert summary_figures(standing) == expected, (standing.plan, as_at)
        # The home page's totals agree too.
        totals = rating_totals(plans, as_at, known_now=known_now)
        for standing in standings:
            assert totals[standing.plan.pk].counts == standing.now.counts
            assert totals[standing.plan.pk].total == standing.now.total


def test_something_moved_and_something_was_late(plans):
    """The history is not so quiet that the comparison above could pass on zeros."""
    as_at = AS_AT_DAYS[1]
    then = plan_standings(Plan.objects.all(), as_at)
    now = plan_standings(Plan.objects.all(), as_at, known_now=True)
    assert sum(s.moved["improved"] for s in then) and sum(s.moved["worsened"] for s in then)
    assert sum(s.overdue for s in then) and sum(s.stale for s in then)
    assert [s.now.counts for s in then] != [s.now.counts for s in now]
    assert any(s.comparison.basis == "one month earlier" for s in then)
    assert any(s.not_started for s in plan_standings(Plan.objects.all(), DAYS[1]))


def test_the_last_board_is_on_or_before_the_day(plans):
    plan = next(plan for plan in plans if plan.board_meetings.count() >= 2)
    first, second = plan.board_meetings.order_by("date")[:2]
    (standing,) = plan_standings(Plan.objects.filter(pk=plan.pk), second.date)
    assert standing.last_board == second.date
    # The comparison is with the meeting before, as on the dashboard.
    assert standing.comparison.date == first.date


@pytest.mark.parametrize("hour", [0, 12, 23])
@pytest.mark.parametrize("recorded_day_offset", [-1, 0, 1])
@pytest.mark.parametrize("known_now", [False, True])
def test_the_rule_for_a_day_held_in_the_database_is_the_rule_for_a_day_given(
    hour, recorded_day_offset, known_now
):
    """Around midnight in winter and in summer time, an update counts on a day by
    ``counts_on_day_q`` exactly when it does by ``counts_as_at_q``."""
    from django.utils import timezone

    for day in (datetime.date(2020, 1, 15), datetime.date(2020, 7, 15)):
        ActionUpdate.objects.all().delete()
        recorded = timezone.make_aware(
            datetime.datetime.combine(
                day + datetime.timedelta(recorded_day_offset), datetime.time(hour, 30)
            )
        )
        ActionUpdateFactory(
            effective_date=min(day, recorded.date()),
            recorded_at=recorded,
            action__plan__start_date=PLAN_START,
        )
        given = ActionUpdate.objects.filter(counts_as_at_q(day, known_now=known_now)).exists()
        held = ActionUpdate.objects.filter(
            counts_on_day_q(Value(day), known_now=known_now)
        ).exists()
        assert given == held
        assert given == (known_now or recorded_day_offset <= 0)


def test_no_plans_no_queries(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert plan_standings(Plan.objects.all(), DAYS[3]) == []
